import { z } from 'zod';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import {
  checkGuild,
  filmOf,
  findParty,
  managed,
  MessageRef,
  moderates,
  parseActor,
  parseInput,
  parsePartyId,
  remember,
  verbFor,
  viewOf,
  type ParsedActor,
  type PartyActor,
  type PartyContext,
} from './partyContext.js';
import { planReminders, replanLead } from './reminders.js';
import { PARTY_DESCRIPTION_MAX, PARTY_LOCATION_MAX, REMINDER_LEAD_MAX_MINUTES, UPCOMING_PARTIES_MAX, type Party } from './schema.js';
import { dayIn, formatPartyClock, formatPartyTime, parsePartyTime } from './time.js';
import type { PartyView } from './views.js';

/** Scheduling a party, changing it, cancelling it, and what the Discord layer records about it (event, announcement). */

export interface ScheduleInput {
  /** Optional: without it the film is chosen by nominations and a vote. */
  filmId?: string;
  /** Natural language, read in the server's time zone ("friday 9pm", "tomorrow 20:30", "in 2 hours"). */
  when: string;
  /** Where the announcement and reminders go. */
  channelId: string;
  /** The voice channel the party happens in (a voice Scheduled Event). */
  voiceChannelId?: string;
  /** Without a voice channel: where it happens (an external Scheduled Event), e.g. "Alice's place" or a stream link. */
  location?: string;
  description?: string;
}

/** `null` clears an optional field; an absent key leaves it as it is. */
export interface EditInput {
  filmId?: string;
  when?: string;
  channelId?: string;
  voiceChannelId?: string | null;
  location?: string | null;
  description?: string | null;
}

export type EditedField = 'film' | 'time' | 'channel' | 'voice channel' | 'location' | 'description';

const OptionalText = (max: number, what: string) =>
  z
    .string()
    .transform((text) => text.trim())
    .pipe(z.string().max(max, `Keep the ${what} under ${max} characters.`))
    .transform((text) => (text === '' ? undefined : text));

const ScheduleSchema = z.object({
  filmId: z.string().optional(),
  when: z.string(),
  channelId: Snowflake,
  voiceChannelId: Snowflake.optional(),
  location: OptionalText(PARTY_LOCATION_MAX, 'location').optional(),
  description: OptionalText(PARTY_DESCRIPTION_MAX, 'description').optional(),
});

const EditSchema = z.object({
  filmId: z.string().optional(),
  when: z.string().optional(),
  channelId: Snowflake.optional(),
  voiceChannelId: Snowflake.nullable().optional(),
  location: OptionalText(PARTY_LOCATION_MAX, 'location').nullable().optional(),
  description: OptionalText(PARTY_DESCRIPTION_MAX, 'description').nullable().optional(),
});

/** Reads a time as `schedule` would, without storing anything (to echo it back while the member types). */
export async function previewTime(ctx: PartyContext, guildId: string, when: string): Promise<TimePreview> {
  const { config } = await ctx.store.read(checkGuild(guildId));
  const zone = config.timezone ?? 'UTC';
  const time = parsePartyTime(when, { zone, dateOrder: config.dateOrder, now: ctx.now() });
  return {
    startsAt: time.start.toISOString(),
    startsAtUnix: Math.floor(time.start.getTime() / 1000),
    startsAtText: formatPartyTime(time.start, zone),
    ...(time.end ? { endsAtText: endClock(time.start, time.end, zone) } : {}),
    zone,
    zoneFree: time.zoneFree,
  };
}

/** "23:00", or "01:00 (next day)" for an end past midnight, so a range can be checked while it is typed. */
function endClock(start: Date, end: Date, zone: string): string {
  const clock = formatPartyClock(end, zone);
  return dayIn(end, zone) === dayIn(start, zone) ? clock : `${clock} (next day)`;
}

export interface TimePreview {
  startsAt: string;
  startsAtUnix: number;
  startsAtText: string;
  /** The end's clock time when a range was given: "23:00", "01:00 (next day)". */
  endsAtText?: string;
  zone: string;
  /** The same whatever the server's zone ("in 2 hours", "9pm UTC"): no need to warn that it was read in UTC. */
  zoneFree: boolean;
}

export async function schedule(ctx: PartyContext, actor: PartyActor, input: ScheduleInput): Promise<PartyView> {
  const who = parseActor(actor);
  const fields = parseInput(ScheduleSchema, input);
  const film = fields.filmId === undefined ? undefined : filmOf(ctx, actor.guildId, fields.filmId);
  if (fields.voiceChannelId && fields.location) throw new UserError('Give a voice channel or a location, not both.');
  const now = ctx.now();
  const { config } = await ctx.store.read(who.guildId);
  const zone = config.timezone ?? 'UTC';
  const time = parsePartyTime(fields.when, { zone, dateOrder: config.dateOrder, now });
  const at = now.toISOString();
  const view = await ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const upcoming = data.parties.list.filter((party) => party.status === 'scheduled' || party.status === 'started').length;
    if (upcoming >= UPCOMING_PARTIES_MAX) {
      throw new UserError(`This server already has ${UPCOMING_PARTIES_MAX} upcoming parties; end or cancel some first.`);
    }
    const startsAt = time.start.toISOString();
    const party: Party = {
      id: data.parties.nextId++,
      ...(film ? { filmId: film.id } : {}),
      startsAt,
      ...(time.end ? { endsAt: time.end.toISOString() } : {}),
      channelId: fields.channelId,
      ...(fields.voiceChannelId ? { voiceChannelId: fields.voiceChannelId } : {}),
      ...(fields.location ? { location: fields.location } : {}),
      ...(fields.description ? { description: fields.description } : {}),
      hostId: who.userId,
      status: 'scheduled',
      createdAt: at,
      // The host is going to their own party.
      rsvps: { [who.userId]: { answer: 'going', at } },
      // The film they picked is the first nomination, should the club want to vote.
      nominations: film ? [{ filmId: film.id, by: [who.userId], at }] : [],
      reminders: planReminders(startsAt, data.parties.reminderLeadMinutes, now),
      attendees: [],
    };
    data.parties.list.push(party);
    return viewOf(ctx, data, who.guildId, party);
  });
  await ctx.changed(who.guildId);
  return view;
}

/** Changes a scheduled party. Moving it re-plans its reminders (reminders for the old time no longer apply). */
export async function edit(ctx: PartyContext, actor: PartyActor, partyId: number, changes: EditInput): Promise<{ party: PartyView; changed: EditedField[] }> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const fields = parseInput(EditSchema, changes);
  const film = fields.filmId === undefined ? undefined : filmOf(ctx, actor.guildId, fields.filmId);
  const now = ctx.now();
  const { config } = await ctx.store.read(who.guildId);
  const zone = config.timezone ?? 'UTC';
  const time = fields.when === undefined ? undefined : parsePartyTime(fields.when, { zone, dateOrder: config.dateOrder, now });
  const result = await ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = editable(data, id, who);
    const changed: EditedField[] = [];
    if (film && film.id !== party.filmId) {
      if (party.ballot && !party.ballot.closedAt) throw new UserError('The vote is still open; close it (or let it pick the film) before changing the film.');
      party.filmId = film.id;
      changed.push('film');
    }
    if (time) {
      const startsAt = time.start.toISOString();
      const endsAt = time.end?.toISOString();
      if (startsAt !== party.startsAt || endsAt !== party.endsAt) {
        party.startsAt = startsAt;
        if (endsAt) party.endsAt = endsAt;
        else delete party.endsAt;
        party.reminders = planReminders(startsAt, data.parties.reminderLeadMinutes, now);
        changed.push('time');
      }
    }
    if (fields.channelId && fields.channelId !== party.channelId) {
      party.channelId = fields.channelId;
      changed.push('channel');
    }
    const nextVoice = fields.voiceChannelId === undefined ? party.voiceChannelId : (fields.voiceChannelId ?? undefined);
    const nextLocation = fields.location === undefined ? party.location : (fields.location ?? undefined);
    if (nextVoice && nextLocation) throw new UserError('Give a voice channel or a location, not both (clear one of them).');
    if (nextVoice !== party.voiceChannelId) {
      setOptional(party, 'voiceChannelId', nextVoice);
      changed.push('voice channel');
    }
    if (nextLocation !== party.location) {
      setOptional(party, 'location', nextLocation);
      changed.push('location');
    }
    if (fields.description !== undefined && (fields.description ?? undefined) !== party.description) {
      setOptional(party, 'description', fields.description ?? undefined);
      changed.push('description');
    }
    if (changed.length === 0) throw new UserError(`That changes nothing in party #${id}.`);
    return { party: viewOf(ctx, data, who.guildId, party), changed };
  });
  await ctx.changed(who.guildId);
  return result;
}

/** Whether the actor may edit the party now, without changing anything: asked before a "Did you mean…?" film menu. */
export async function checkEdit(ctx: PartyContext, actor: PartyActor, partyId: number): Promise<void> {
  const who = parseActor(actor);
  editable(await ctx.store.read(who.guildId), parsePartyId(partyId), who);
}

/** Whether the actor may cancel the party now, without changing anything: asked before the confirmation. */
export async function checkCancel(ctx: PartyContext, actor: PartyActor, partyId: number): Promise<PartyView> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const data = await ctx.store.read(who.guildId);
  return viewOf(ctx, data, who.guildId, cancellable(data, id, who));
}

/** Cancels a party; its pending reminders are dropped. The Discord layer cancels the Scheduled Event (`eventId`). */
export async function cancel(ctx: PartyContext, actor: PartyActor, partyId: number): Promise<PartyView> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const now = ctx.now().toISOString();
  const view = await ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = cancellable(data, id, who);
    party.status = 'cancelled';
    party.cancelledAt = now;
    party.cancelledBy = who.userId;
    for (const reminder of party.reminders) {
      if (reminder.state !== 'pending') continue;
      reminder.state = 'skipped';
      reminder.note = 'the party was cancelled';
    }
    return viewOf(ctx, data, who.guildId, party);
  });
  await ctx.changed(who.guildId);
  return view;
}

/** The Discord layer records the Scheduled Event it created (or `null` when it was deleted). */
export async function recordEvent(ctx: PartyContext, guildId: string, partyId: number, eventId: string | null): Promise<void> {
  const id = parsePartyId(partyId);
  const event = eventId === null ? null : parseInput(Snowflake, eventId);
  await ctx.store.update(checkGuild(guildId), (data) => {
    const party = findParty(data, id);
    if (event === null) delete party.eventId;
    else party.eventId = event;
  });
}

/** The Discord layer records the announcement message, so RSVP counts can be refreshed on it. */
export async function recordAnnouncement(ctx: PartyContext, guildId: string, partyId: number, message: { channelId: string; messageId: string }): Promise<void> {
  const id = parsePartyId(partyId);
  const ref = parseInput(MessageRef, message);
  await ctx.store.update(checkGuild(guildId), (data) => {
    findParty(data, id).announcement = ref;
  });
}

export async function reminderLead(ctx: PartyContext, guildId: string): Promise<number> {
  return (await ctx.store.read(checkGuild(guildId))).parties.reminderLeadMinutes;
}

/** Moderators set how long before a party the first reminder goes (0 turns it off); upcoming parties follow. */
export async function setReminderLead(ctx: PartyContext, actor: PartyActor, minutes: number): Promise<number> {
  const who = parseActor(actor);
  const lead = z.number().int().min(0).max(REMINDER_LEAD_MAX_MINUTES).safeParse(minutes);
  if (!lead.success) throw new UserError(`Give the reminder lead time in whole minutes, from 0 (off) to ${REMINDER_LEAD_MAX_MINUTES} (a week).`);
  const now = ctx.now();
  await ctx.store.update(who.guildId, (data) => {
    if (!moderates(who, data)) throw new UserError('Only moderators can change when party reminders go out.');
    data.parties.reminderLeadMinutes = lead.data;
    for (const party of data.parties.list) if (party.status === 'scheduled') replanLead(party, lead.data, now);
  });
  await ctx.changed(who.guildId);
  return lead.data;
}

/** The party, if the actor may edit it: they manage it and it is still scheduled. */
function editable(data: GuildData, id: number, who: ParsedActor): Party;
function editable(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party>;
function editable(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party> {
  const party = managed(data, id, who);
  if (party.status !== 'scheduled') throw new UserError(`Party #${id} has ${verbFor(party.status)}; it can no longer be edited.`);
  return party;
}

/** The party, if the actor may cancel it: they manage it and it has not started, ended or been cancelled. */
function cancellable(data: GuildData, id: number, who: ParsedActor): Party;
function cancellable(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party>;
function cancellable(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party> {
  const party = managed(data, id, who);
  if (party.status !== 'scheduled') {
    throw new UserError(
      party.status === 'started' ? `Party #${id} has already started; end it instead.` : `Party #${id} has already ${verbFor(party.status)}.`,
    );
  }
  return party;
}

function setOptional<K extends 'voiceChannelId' | 'location' | 'description'>(party: Party, key: K, value: Party[K] | undefined): void {
  if (value === undefined) delete party[key];
  else party[key] = value;
}
