import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { type Actor, ActorSchema } from '../club/types.js';
import { Snowflake } from '../config.js';
import { literal, quote, UserError } from '../errors.js';
import { isModerator, type MemberAccess } from '../permissions.js';
import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import type { Party } from './schema.js';
import type { FilmCatalog, GroupRanker } from './suggest.js';
import { partyView, person, type PartyView } from './views.js';

/**
 * What every part of the party service works with (scheduling, RSVPs, the vote, ending, views: one module each),
 * and the checks they share: who acts, which party, whether they may change it.
 */
export interface PartyContext {
  store: GuildStore;
  films(guildId: string): FilmCatalog;
  now(): Date;
  ranker: GroupRanker;
  /** After every change that can move a reminder (the reminder scheduler's `refresh`). */
  changed(guildId: string): Promise<void>;
}

/**
 * Who acts, with what Discord says about their permissions (`access`, as for lists). Moderator status is decided
 * here, per change, from `access` and the server's moderator role (src/permissions.ts): moderators may change
 * parties they do not host. Without `access` the member is treated as a non-moderator.
 */
export interface PartyActor extends Actor {
  access?: MemberAccess;
}

export type ParsedActor = { guildId: string; userId: string; name: string; access?: MemberAccess };

const AccessSchema = z.object({ permissions: z.string().max(30), roleIds: z.array(z.string().max(25)).max(500) });
const PartyId = z.coerce.number<unknown>().int().positive().max(1_000_000);
export const MessageRef = z.object({ channelId: Snowflake, messageId: Snowflake });

export function parseActor(actor: PartyActor): ParsedActor {
  const access = actor.access === undefined ? undefined : AccessSchema.parse(actor.access);
  return { ...ActorSchema.parse(actor), ...(access ? { access } : {}) };
}

/** Decided inside the update, under the server's settings of that moment (the moderator role may just have changed). */
export function moderates(who: ParsedActor, data: DeepReadonly<GuildData>): boolean {
  return who.access !== undefined && isModerator(who.access, data.config);
}

export function checkGuild(guildId: string): string {
  return Snowflake.parse(guildId);
}

export function parsePartyId(partyId: unknown): number {
  const parsed = PartyId.safeParse(partyId);
  if (!parsed.success) throw new UserError('That is not a party number.');
  return parsed.data;
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // Messages written for members (lengths) pass through; anything else is a malformed call from our own layer.
  if (issue.code === 'too_big' || issue.code === 'custom') throw new UserError(issue.message);
  throw new Error(`Invalid party input at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

export function findParty(data: GuildData, id: number): Party;
export function findParty(data: DeepReadonly<GuildData>, id: number): DeepReadonly<Party>;
export function findParty(data: DeepReadonly<GuildData>, id: number): DeepReadonly<Party> {
  const party = data.parties.list.find((candidate) => candidate.id === id);
  if (!party) throw new UserError(`There is no party #${id} on this server.`);
  return party;
}

/** The party, if the actor may change it: its host, or a moderator. */
export function managed(data: GuildData, id: number, who: ParsedActor): Party;
export function managed(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party>;
export function managed(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party> {
  const party = findParty(data, id);
  if (party.hostId !== who.userId && !moderates(who, data)) {
    throw new UserError(`Only ${literal(person(data, party.hostId).name)} (the host) or a moderator can change party #${id}.`);
  }
  return party;
}

export function filmOf(ctx: PartyContext, guildId: string, filmId: string): Film {
  const film = ctx.films(guildId).get(filmId);
  if (!film) throw new UserError(`I don't know a film with the id ${quote(filmId, 90)}; pick one from the suggestions.`);
  return film;
}

export function viewOf(ctx: PartyContext, data: DeepReadonly<GuildData>, guildId: string, party: DeepReadonly<Party>): PartyView {
  return partyView(data, ctx.films(guildId), guildId, party);
}

export function remember(data: GuildData, who: ParsedActor): void {
  if (who.name) data.members[who.userId] = who.name;
}

export function zoneOf(data: DeepReadonly<GuildData>): string {
  return data.config.timezone ?? 'UTC';
}

export function verbFor(status: Party['status']): string {
  return status === 'started' ? 'started' : status === 'ended' ? 'ended' : status === 'cancelled' ? 'been cancelled' : 'been scheduled';
}
