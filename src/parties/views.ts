import { filmRef, type FilmLookup, type FilmRef } from '../club/types.js';
import { UNKNOWN_MEMBER } from '../club/views.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { TIE_BREAK_RULE, tally } from './ballot.js';
import type { AttendanceSource, Party, PartyStatus, ReminderKind, ReminderState, RsvpAnswer } from './schema.js';
import { formatPartyClock, formatPartyTime } from './time.js';

type Data = DeepReadonly<GuildData>;
type ReadonlyParty = DeepReadonly<Party>;

/** Without a runtime in the catalog, a film is assumed to last this long. */
export const DEFAULT_RUNTIME_MINUTES = 120;
/** Time for settling in and talking afterwards, added to the runtime for the expected end. */
export const END_BUFFER_MINUTES = 15;

export interface Person {
  userId: string;
  /** Display name as last seen; printing it never pings. */
  name: string;
}

export interface RsvpCounts {
  going: number;
  maybe: number;
  notGoing: number;
}

export interface RsvpView {
  going: Person[];
  maybe: Person[];
  notGoing: Person[];
  counts: RsvpCounts;
}

export interface BallotOption {
  film: FilmRef;
  votes: number;
  nominatedBy: Person[];
}

export interface BallotView {
  open: boolean;
  openedAt: string;
  closedAt?: string;
  /** Shown on the ballot. */
  tieBreakRule: string;
  totalVotes: number;
  /** In nomination order (stable, so buttons do not move as counts change). */
  options: BallotOption[];
  /** Films with the most votes so far (several when tied); empty before the first vote. */
  leaders: string[];
  winner?: FilmRef;
  message?: { channelId: string; messageId: string };
}

export interface NominationView {
  film: FilmRef;
  nominatedBy: Person[];
  at: string;
}

export interface AttendeeView extends Person {
  via: AttendanceSource;
  /** The diary entry the party added (absent if the member had already logged the film that day). */
  entryId?: string;
  /** The member's current rating of the film. */
  stars?: number;
  reviewed: boolean;
}

export interface PartyView {
  guildId: string;
  id: number;
  status: PartyStatus;
  film?: FilmRef;
  host: Person;
  startsAt: string;
  /** For Discord timestamps (`<t:…:F>`). */
  startsAtUnix: number;
  /** The start in the server's zone, e.g. "Friday 21 June 2024, 21:00 CEST". */
  startsAtText: string;
  zone: string;
  endsAt?: string;
  /** The end's clock time in the server's zone ("23:30"), when the host gave an end. */
  endsAtText?: string;
  /** `endsAt`, else start + runtime + a buffer: what an external Scheduled Event (which needs an end) uses. */
  expectedEndAt: string;
  channelId: string;
  voiceChannelId?: string;
  location?: string;
  description?: string;
  eventId?: string;
  announcement?: { channelId: string; messageId: string };
  rsvp: RsvpView;
  nominations: NominationView[];
  ballot?: BallotView;
  reminders: { kind: ReminderKind; dueAt: string; state: ReminderState; late: boolean; note?: string }[];
  attendees: AttendeeView[];
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  cancelledAt?: string;
}

export interface PartySummary {
  id: number;
  status: PartyStatus;
  film?: FilmRef;
  host: Person;
  startsAt: string;
  startsAtUnix: number;
  startsAtText: string;
  counts: RsvpCounts;
  voting: boolean;
}

export function person(data: Data, userId: string): Person {
  return { userId, name: data.members[userId] ?? UNKNOWN_MEMBER };
}

/** Members who answered Going, in the order they answered. */
export function goingUserIds(party: ReadonlyParty): string[] {
  return answered(party, 'going');
}

function answered(party: ReadonlyParty, answer: RsvpAnswer): string[] {
  return Object.entries(party.rsvps)
    .filter(([, rsvp]) => rsvp.answer === answer)
    .sort(([, a], [, b]) => a.at.localeCompare(b.at))
    .map(([userId]) => userId);
}

export function rsvpView(data: Data, party: ReadonlyParty): RsvpView {
  const going = answered(party, 'going').map((userId) => person(data, userId));
  const maybe = answered(party, 'maybe').map((userId) => person(data, userId));
  const notGoing = answered(party, 'not-going').map((userId) => person(data, userId));
  return { going, maybe, notGoing, counts: { going: going.length, maybe: maybe.length, notGoing: notGoing.length } };
}

export function ballotView(data: Data, films: FilmLookup, party: ReadonlyParty): BallotView | undefined {
  const ballot = party.ballot;
  if (!ballot) return undefined;
  const counts = tally(party);
  const votesOf = new Map(counts.map((entry) => [entry.filmId, entry.votes]));
  const top = counts[0]?.votes ?? 0;
  return {
    // Only a scheduled party takes votes: once it started or was cancelled, a ballot never closed is over all the same.
    open: ballot.closedAt === undefined && party.status === 'scheduled',
    openedAt: ballot.openedAt,
    ...(ballot.closedAt ? { closedAt: ballot.closedAt } : {}),
    tieBreakRule: TIE_BREAK_RULE,
    totalVotes: counts.reduce((sum, entry) => sum + entry.votes, 0),
    options: party.nominations.map((nomination) => ({
      film: filmRef(films, nomination.filmId),
      votes: votesOf.get(nomination.filmId) ?? 0,
      nominatedBy: nomination.by.map((userId) => person(data, userId)),
    })),
    leaders: top === 0 ? [] : counts.filter((entry) => entry.votes === top).map((entry) => entry.filmId),
    ...(ballot.winnerFilmId ? { winner: filmRef(films, ballot.winnerFilmId) } : {}),
    ...(ballot.message ? { message: { ...ballot.message } } : {}),
  };
}

export function expectedEnd(party: ReadonlyParty, films: FilmLookup): string {
  if (party.endsAt) return party.endsAt;
  const runtime = (party.filmId ? films.get(party.filmId)?.runtime : undefined) ?? DEFAULT_RUNTIME_MINUTES;
  const minutes = Math.ceil((runtime + END_BUFFER_MINUTES) / 5) * 5;
  return new Date(Date.parse(party.startsAt) + minutes * 60_000).toISOString();
}

export function partyView(data: Data, films: FilmLookup, guildId: string, party: ReadonlyParty): PartyView {
  const zone = data.config.timezone ?? 'UTC';
  const start = new Date(party.startsAt);
  const film = party.filmId ? filmRef(films, party.filmId) : undefined;
  const ballot = ballotView(data, films, party);
  return {
    guildId,
    id: party.id,
    status: party.status,
    ...(film ? { film } : {}),
    host: person(data, party.hostId),
    startsAt: party.startsAt,
    startsAtUnix: Math.floor(start.getTime() / 1000),
    startsAtText: formatPartyTime(start, zone),
    zone,
    ...(party.endsAt ? { endsAt: party.endsAt, endsAtText: formatPartyClock(new Date(party.endsAt), zone) } : {}),
    expectedEndAt: expectedEnd(party, films),
    channelId: party.channelId,
    ...(party.voiceChannelId ? { voiceChannelId: party.voiceChannelId } : {}),
    ...(party.location ? { location: party.location } : {}),
    ...(party.description ? { description: party.description } : {}),
    ...(party.eventId ? { eventId: party.eventId } : {}),
    ...(party.announcement ? { announcement: { ...party.announcement } } : {}),
    rsvp: rsvpView(data, party),
    nominations: party.nominations.map((nomination) => ({
      film: filmRef(films, nomination.filmId),
      nominatedBy: nomination.by.map((userId) => person(data, userId)),
      at: nomination.at,
    })),
    ...(ballot ? { ballot } : {}),
    reminders: party.reminders.map((reminder) => ({
      kind: reminder.kind,
      dueAt: reminder.dueAt,
      state: reminder.state,
      late: reminder.late ?? false,
      ...(reminder.note ? { note: reminder.note } : {}),
    })),
    attendees: party.attendees.map((attendee) => {
      const record = party.filmId ? data.memberFilms[attendee.userId]?.[party.filmId] : undefined;
      // The party's viewing: the entry it added, or the member's own entry of that day.
      const viewing = record?.diary.filter((entry) => (attendee.entryId ? entry.id === attendee.entryId : entry.watchedOn === party.attendedOn)) ?? [];
      const stars = record?.rating?.stars;
      return {
        ...person(data, attendee.userId),
        via: attendee.via,
        ...(attendee.entryId ? { entryId: attendee.entryId } : {}),
        ...(stars !== undefined ? { stars } : {}),
        reviewed: viewing.some((entry) => entry.review !== undefined),
      };
    }),
    createdAt: party.createdAt,
    ...(party.startedAt ? { startedAt: party.startedAt } : {}),
    ...(party.endedAt ? { endedAt: party.endedAt } : {}),
    ...(party.cancelledAt ? { cancelledAt: party.cancelledAt } : {}),
  };
}

export function partySummary(data: Data, films: FilmLookup, party: ReadonlyParty): PartySummary {
  const zone = data.config.timezone ?? 'UTC';
  const start = new Date(party.startsAt);
  return {
    id: party.id,
    status: party.status,
    ...(party.filmId ? { film: filmRef(films, party.filmId) } : {}),
    host: person(data, party.hostId),
    startsAt: party.startsAt,
    startsAtUnix: Math.floor(start.getTime() / 1000),
    startsAtText: formatPartyTime(start, zone),
    counts: rsvpView(data, party).counts,
    voting: party.ballot !== undefined && party.ballot.closedAt === undefined && party.status === 'scheduled',
  };
}
