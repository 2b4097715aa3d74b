import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { Snowflake } from '../config.js';
import { declareShelf } from '../store/shelves.js';

// This file is imported by src/store/schema.ts, so it must not import that module back (an ESM cycle would
// leave its exports uninitialized while this one evaluates): the few shared primitives are restated here.
const IsoDateTime = z.iso.datetime({ offset: true });

/** Discord's limits for a Guild Scheduled Event, which mirrors the party. */
export const PARTY_DESCRIPTION_MAX = 1000;
export const PARTY_LOCATION_MAX = 100;
/** A ballot is shown as a select menu, which holds at most 25 options. */
export const NOMINATIONS_MAX = 25;
/** Autocomplete lists at most 25 choices; more upcoming parties could not all be picked. */
export const UPCOMING_PARTIES_MAX = 25;
export const DEFAULT_REMINDER_LEAD_MINUTES = 60;
/** One week. */
export const REMINDER_LEAD_MAX_MINUTES = 7 * 24 * 60;

export const PartyStatus = z.enum(['scheduled', 'started', 'ended', 'cancelled']);
export const RsvpAnswer = z.enum(['going', 'maybe', 'not-going']);

export const Rsvp = z.object({ answer: RsvpAnswer, at: IsoDateTime });

/** One film proposed for a party; nominating a film again adds the member to `by` (duplicates merge). */
export const Nomination = z.object({
  filmId: FilmId,
  /** Members who nominated it, first nominator first. */
  by: z.array(Snowflake).min(1),
  /** When it was first nominated: the tie-break order. */
  at: IsoDateTime,
});

export const Ballot = z.object({
  openedAt: IsoDateTime,
  openedBy: Snowflake,
  /** userId → the film they vote for: one vote per member by construction. */
  votes: z.record(Snowflake, FilmId).default({}),
  closedAt: IsoDateTime.optional(),
  closedBy: Snowflake.optional(),
  winnerFilmId: FilmId.optional(),
  /** The posted ballot, so the Discord layer can refresh its live counts. */
  message: z.object({ channelId: Snowflake, messageId: Snowflake }).optional(),
});

/**
 * A reminder's life: pending → sending → sent | failed, or pending → missed | skipped. `sending` is written
 * durably before the message goes out; one still `sending` when the bot restarts may or may not have been
 * delivered and becomes `unconfirmed` (never resent: see src/parties/scheduler.ts).
 */
export const ReminderState = z.enum(['pending', 'sending', 'sent', 'failed', 'unconfirmed', 'missed', 'skipped']);
export const ReminderKind = z.enum(['lead', 'start']);

export const Reminder = z.object({
  kind: ReminderKind,
  dueAt: IsoDateTime,
  state: ReminderState,
  claimedAt: IsoDateTime.optional(),
  sentAt: IsoDateTime.optional(),
  /** Sent after its due time because the bot was offline then. */
  late: z.boolean().optional(),
  /** Why it was skipped, missed or failed. */
  note: z.string().max(300).optional(),
});

export const AttendanceSource = z.enum(['going', 'voice', 'going+voice']);

export const Attendee = z.object({
  userId: Snowflake,
  via: AttendanceSource,
  /** The diary entry the party added; absent when the member had already logged the film that day. */
  entryId: z.string().min(1).max(24).optional(),
});

export const Party = z.object({
  /** Per-server number, shown to members ("party #3"). */
  id: z.number().int().positive(),
  /** Unset while the film is still to be chosen by vote. */
  filmId: FilmId.optional(),
  startsAt: IsoDateTime,
  /** Only when the member gave one ("friday 9pm to 11:30pm"). */
  endsAt: IsoDateTime.optional(),
  /** Where the announcement and reminders are posted. */
  channelId: Snowflake,
  /** The voice channel of the Scheduled Event; without one the event is external, at `location`. */
  voiceChannelId: Snowflake.optional(),
  location: z.string().trim().min(1).max(PARTY_LOCATION_MAX).optional(),
  description: z.string().trim().min(1).max(PARTY_DESCRIPTION_MAX).optional(),
  hostId: Snowflake,
  status: PartyStatus,
  createdAt: IsoDateTime,
  startedAt: IsoDateTime.optional(),
  endedAt: IsoDateTime.optional(),
  cancelledAt: IsoDateTime.optional(),
  cancelledBy: Snowflake.optional(),
  /** The Discord Guild Scheduled Event, once created. */
  eventId: Snowflake.optional(),
  announcement: z.object({ channelId: Snowflake, messageId: Snowflake }).optional(),
  rsvps: z.record(Snowflake, Rsvp).default({}),
  nominations: z.array(Nomination).max(NOMINATIONS_MAX).default([]),
  ballot: Ballot.optional(),
  reminders: z.array(Reminder).default([]),
  /** Filled when the party ends. */
  attendees: z.array(Attendee).default([]),
  /** The day the attendees' diary entries are dated (the party's day in the server's zone). */
  attendedOn: z.iso.date().optional(),
});

export const PartiesSection = z.object({
  nextId: z.number().int().positive().default(1),
  /** Minutes before the start for the first reminder; 0 turns it off (the one at the start always goes). */
  reminderLeadMinutes: z.number().int().min(0).max(REMINDER_LEAD_MAX_MINUTES).default(DEFAULT_REMINDER_LEAD_MINUTES),
  /** Oldest first. */
  list: z.array(Party).default([]),
});

/** Parties are one small per-server record (see src/store/layout.ts); servers from before parties load it empty. */
export const PARTIES_SHELF = declareShelf({ kind: 'value', field: 'parties', schema: PartiesSection.prefault({}) });
declare module '../store/schema.js' {
  interface GuildSections {
    parties: z.infer<typeof PartiesSection>;
  }
}

export type PartyStatus = z.infer<typeof PartyStatus>;
export type RsvpAnswer = z.infer<typeof RsvpAnswer>;
export type Rsvp = z.infer<typeof Rsvp>;
export type Nomination = z.infer<typeof Nomination>;
export type Ballot = z.infer<typeof Ballot>;
export type ReminderState = z.infer<typeof ReminderState>;
export type ReminderKind = z.infer<typeof ReminderKind>;
export type Reminder = z.infer<typeof Reminder>;
export type AttendanceSource = z.infer<typeof AttendanceSource>;
export type Attendee = z.infer<typeof Attendee>;
export type Party = z.infer<typeof Party>;
export type PartiesSection = z.infer<typeof PartiesSection>;
