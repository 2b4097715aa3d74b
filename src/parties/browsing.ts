import { z } from 'zod';
import { paginate, type Page, type PageRequest } from '../club/types.js';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';
import { checkGuild, findParty, parseInput, parsePartyId, viewOf, type PartyContext } from './partyContext.js';
import { GROUP_MAX, type GroupPick } from './suggest.js';
import { goingUserIds, partySummary, person, type PartySummary, type PartyView, type Person } from './views.js';

/** Reading parties (one, or the upcoming and past ones) and suggesting a film for a group. */

export interface SuggestRequest {
  /** The attendees; or */
  memberIds?: string[];
  /** a party, whose Going members are the attendees. */
  partyId?: number;
  /** 1–25, default 10. */
  limit?: number;
}

export interface SuggestResult {
  /** The attendees the ranking considered. */
  members: Person[];
  picks: GroupPick[];
  /** Going members beyond the ranking's limit, not considered. */
  leftOut: number;
}

export async function show(ctx: PartyContext, guildId: string, partyId: number): Promise<PartyView> {
  const id = parsePartyId(partyId);
  const data = await ctx.store.read(checkGuild(guildId));
  return viewOf(ctx, data, guildId, findParty(data, id));
}

/**
 * Upcoming parties (scheduled or running) soonest first, or past ones (ended or cancelled) most recent first.
 */
export async function list(ctx: PartyContext, guildId: string, options: { scope?: 'upcoming' | 'past'; page?: PageRequest } = {}): Promise<Page<PartySummary>> {
  const data = await ctx.store.read(checkGuild(guildId));
  const scope = options.scope ?? 'upcoming';
  const live = (party: { status: string }) => party.status === 'scheduled' || party.status === 'started';
  const parties = data.parties.list
    .filter((party) => (scope === 'upcoming' ? live(party) : !live(party)))
    .sort((a, b) => (scope === 'upcoming' ? a.startsAt.localeCompare(b.startsAt) : b.startsAt.localeCompare(a.startsAt)) || a.id - b.id);
  return paginate(
    parties.map((party) => partySummary(data, ctx.films(guildId), party)),
    options.page,
  );
}

/** Films none of the attendees has seen, ranked for the group (watchlists, neighbours of their favorites). */
export async function suggest(ctx: PartyContext, guildId: string, request: SuggestRequest): Promise<SuggestResult> {
  const data = await ctx.store.read(checkGuild(guildId));
  let memberIds: string[];
  if (request.partyId !== undefined) {
    const party = findParty(data, parsePartyId(request.partyId));
    memberIds = goingUserIds(party);
    if (memberIds.length === 0) throw new UserError(`Nobody has answered Going to party #${party.id} yet.`);
  } else {
    memberIds = parseInput(z.array(Snowflake).max(100), request.memberIds ?? []);
    memberIds = [...new Set(memberIds)];
    if (memberIds.length === 0) throw new UserError('Name the members to suggest a film for, or a party.');
  }
  const limit = Math.min(25, Math.max(1, Math.floor(request.limit ?? 10)));
  // A big party is ranked for the first members who answered (the engine compares at most GROUP_MAX tastes).
  const considered = memberIds.slice(0, GROUP_MAX);
  const picks = await ctx.ranker.rankForGroup({ guildId, data, memberIds: considered, limit });
  return { members: considered.map((userId) => person(data, userId)), picks, leftOut: memberIds.length - considered.length };
}
