import { z } from 'zod';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';
import { recordAttendance, type AttendanceResult, type PresentMember } from './attendance.js';
import { managed, parseActor, parseInput, parsePartyId, remember, verbFor, viewOf, zoneOf, type PartyActor, type PartyContext } from './partyContext.js';
import { dayIn, formatPartyTime } from './time.js';
import { person, type PartyView } from './views.js';

/** Starting a party and ending it: attendance goes into every attendee's diary. */

export interface EndResult {
  party: PartyView;
  /** The day every attendee's diary entry is dated. */
  watchedOn: string;
  attendees: (AttendanceResult & { name: string })[];
  /** False when the party was ended without being started (the Scheduled Event is then still SCHEDULED). */
  wasStarted: boolean;
}

export async function start(ctx: PartyContext, actor: PartyActor, partyId: number): Promise<PartyView> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const now = ctx.now().toISOString();
  const view = await ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = managed(data, id, who);
    if (party.status !== 'scheduled') throw new UserError(`Party #${id} has already ${verbFor(party.status)}.`);
    if (!party.filmId) throw new UserError(`Party #${id} has no film yet; close the vote or set one with edit first.`);
    // A started party takes no votes, and ending needs a settled film: an open vote would leave it unendable.
    if (party.ballot && !party.ballot.closedAt) throw new UserError(`The vote for party #${id} is still open; close it first so the film is settled.`);
    party.status = 'started';
    party.startedAt = now;
    return viewOf(ctx, data, who.guildId, party);
  });
  await ctx.changed(who.guildId);
  return view;
}

/**
 * Ends a party and logs it in the diary of every attendee: the members who answered Going plus `present` (the
 * members in the voice channel at the end, as the Discord layer sees them). Entries are dated the party's day in
 * the server's zone. Ending a party that was never started is allowed once its start time has passed.
 */
export async function end(ctx: PartyContext, actor: PartyActor, partyId: number, options: { present?: PresentMember[] } = {}): Promise<EndResult> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const present = parseInput(z.array(z.object({ userId: Snowflake, name: z.string().optional() })).max(10_000), options.present ?? []).map(
    (member) => ({ userId: member.userId, ...(member.name?.trim() ? { name: member.name.trim().slice(0, 100) } : {}) }),
  );
  const now = ctx.now();
  const result = await ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = managed(data, id, who);
    if (party.status !== 'scheduled' && party.status !== 'started') throw new UserError(`Party #${id} has already ${verbFor(party.status)}.`);
    const wasStarted = party.status === 'started';
    if (!wasStarted && now.getTime() < Date.parse(party.startsAt)) {
      throw new UserError(`Party #${id} has not started yet (it starts ${formatPartyTime(new Date(party.startsAt), zoneOf(data))}); start it first, or cancel it.`);
    }
    if (party.ballot && !party.ballot.closedAt) throw new UserError(`The vote for party #${id} is still open; close it first so the film is settled.`);
    if (!party.filmId) throw new UserError(`Party #${id} has no film; set one with edit before ending it.`);
    const watchedOn = dayIn(new Date(party.startedAt ?? party.startsAt), zoneOf(data));
    const attendees = recordAttendance(data, party, party.filmId, watchedOn, present, now);
    party.status = 'ended';
    party.endedAt = now.toISOString();
    for (const reminder of party.reminders) {
      if (reminder.state !== 'pending') continue;
      reminder.state = 'skipped';
      reminder.note = 'the party had ended';
    }
    return {
      party: viewOf(ctx, data, who.guildId, party),
      watchedOn,
      attendees: attendees.map((attendee) => ({ ...attendee, name: person(data, attendee.userId).name })),
      wasStarted,
    };
  });
  await ctx.changed(who.guildId);
  return result;
}
