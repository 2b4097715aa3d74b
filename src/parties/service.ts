import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { FilmId } from '../catalog/schema.js';
import { filmRef, paginate, type Actor, ActorSchema, type FilmRef, type Page, type PageRequest } from '../club/types.js';
import { Snowflake } from '../config.js';
import { quote, UserError } from '../errors.js';
import { isModerator, type MemberAccess } from '../permissions.js';
import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { recordAttendance, type AttendanceResult, type PresentMember } from './attendance.js';
import { addNomination, decide } from './ballot.js';
import { planReminders, replanLead } from './reminders.js';
import {
  PARTY_DESCRIPTION_MAX,
  PARTY_LOCATION_MAX,
  REMINDER_LEAD_MAX_MINUTES,
  UPCOMING_PARTIES_MAX,
  type Party,
  RsvpAnswer,
} from './schema.js';
import { GROUP_MAX, recommendGroupRanker, type FilmCatalog, type GroupPick, type GroupRanker } from './suggest.js';
import { dayIn, formatPartyTime, parsePartyTime } from './time.js';
import { ballotView, goingUserIds, partySummary, partyView, person, type BallotView, type PartySummary, type PartyView, type Person } from './views.js';
import { perServer, type PerServer } from '../catalog/serverCatalog.js';

/**
 * Who acts, with what Discord says about their permissions (`access`, as for lists). Moderator status is decided
 * here, per change, from `access` and the server's moderator role (src/permissions.ts): moderators may change
 * parties they do not host. Without `access` the member is treated as a non-moderator.
 */
export interface PartyActor extends Actor {
  access?: MemberAccess;
}

export interface PartyServiceOptions {
  store: GuildStore;
  /** The catalog, or each server's (see src/catalog/serverCatalog.ts). */
  films: PerServer<FilmCatalog>;
  now?: () => Date;
  /** Group ranking for `suggest`; defaults to the recommend engine's (`recommendGroupRanker`). */
  ranker?: GroupRanker;
  /** Called after every change that can move a reminder (the reminder scheduler's `refresh`). */
  onChange?: (guildId: string) => void | Promise<void>;
}

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

export interface RsvpResult {
  answer: RsvpAnswer;
  previous?: RsvpAnswer;
  /** False when the member pressed the answer they had already given. */
  changed: boolean;
  party: PartyView;
}

export interface NominateResult {
  film: FilmRef;
  /** The film was already nominated: the member joined that nomination. */
  merged: boolean;
  nominatedBy: Person[];
  party: PartyView;
}

export interface VoteResult {
  film: FilmRef;
  previous?: FilmRef;
  changed: boolean;
  ballot: BallotView;
}

export interface CloseVoteResult {
  winner: FilmRef;
  /** The party's film before the vote (if it had one). */
  previousFilm?: FilmRef;
  /** Films tied with the winner when the tie-break rule decided (winner included); empty otherwise. */
  tiedWith: FilmRef[];
  totalVotes: number;
  ballot: BallotView;
  party: PartyView;
}

export interface EndResult {
  party: PartyView;
  /** The day every attendee's diary entry is dated. */
  watchedOn: string;
  attendees: (AttendanceResult & { name: string })[];
  /** False when the party was ended without being started (the Scheduled Event is then still SCHEDULED). */
  wasStarted: boolean;
}

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

const PartyId = z.coerce.number<unknown>().int().positive().max(1_000_000);
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

const MessageRef = z.object({ channelId: Snowflake, messageId: Snowflake });

/**
 * Watch parties: scheduling (natural-language times in the server's zone), RSVPs, nominations and a ballot,
 * reminders (planned here, sent by ReminderScheduler), start/end with attendance written to members' diaries,
 * and group suggestions. Plain inputs in, plain views out; a UserError for anything the member did wrong.
 * Changing a party is for its host and moderators; anyone may RSVP, nominate and vote.
 */
export class PartyService {
  readonly #store: GuildStore;
  readonly #films: (guildId: string) => FilmCatalog;
  readonly #now: () => Date;
  readonly #ranker: GroupRanker;
  readonly #onChange: PartyServiceOptions['onChange'];

  constructor(options: PartyServiceOptions) {
    this.#store = options.store;
    this.#films = perServer(options.films);
    this.#now = options.now ?? (() => new Date());
    // Suggestions rank the shared catalog (the recommender's model); a per-server catalog brings its own ranker.
    if (!options.ranker && typeof options.films === 'function') throw new TypeError('PartyService: pass a ranker with per-server films');
    this.#ranker = options.ranker ?? recommendGroupRanker(options.films as FilmCatalog);
    this.#onChange = options.onChange;
  }

  // ── Scheduling ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Reads a time as `schedule` would, without storing anything (to echo it back while the member types). */
  async previewTime(guildId: string, when: string): Promise<{ startsAt: string; startsAtUnix: number; startsAtText: string; zone: string }> {
    const { config } = await this.#store.read(checkGuild(guildId));
    const zone = config.timezone ?? 'UTC';
    const time = parsePartyTime(when, { zone, dateOrder: config.dateOrder, now: this.#now() });
    return { startsAt: time.start.toISOString(), startsAtUnix: Math.floor(time.start.getTime() / 1000), startsAtText: formatPartyTime(time.start, zone), zone };
  }

  async schedule(actor: PartyActor, input: ScheduleInput): Promise<PartyView> {
    const who = parseActor(actor);
    const fields = parseInput(ScheduleSchema, input);
    const film = fields.filmId === undefined ? undefined : this.#film(actor.guildId, fields.filmId);
    if (fields.voiceChannelId && fields.location) throw new UserError('Give a voice channel or a location, not both.');
    const now = this.#now();
    const { config } = await this.#store.read(who.guildId);
    const zone = config.timezone ?? 'UTC';
    const time = parsePartyTime(fields.when, { zone, dateOrder: config.dateOrder, now });
    const at = now.toISOString();
    const view = await this.#update(who.guildId, (data) => {
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
      return this.#view(data, who.guildId, party);
    });
    await this.#changed(who.guildId);
    return view;
  }

  /** Changes a scheduled party. Moving it re-plans its reminders (reminders for the old time no longer apply). */
  async edit(actor: PartyActor, partyId: number, changes: EditInput): Promise<{ party: PartyView; changed: EditedField[] }> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const fields = parseInput(EditSchema, changes);
    const film = fields.filmId === undefined ? undefined : this.#film(actor.guildId, fields.filmId);
    const now = this.#now();
    const { config } = await this.#store.read(who.guildId);
    const zone = config.timezone ?? 'UTC';
    const time = fields.when === undefined ? undefined : parsePartyTime(fields.when, { zone, dateOrder: config.dateOrder, now });
    const result = await this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = this.#managed(data, id, who);
      if (party.status !== 'scheduled') throw new UserError(`Party #${id} has ${verbFor(party.status)}; it can no longer be edited.`);
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
      return { party: this.#view(data, who.guildId, party), changed };
    });
    await this.#changed(who.guildId);
    return result;
  }

  /** Whether the actor may cancel the party now, without changing anything: asked before the confirmation. */
  async checkCancel(actor: PartyActor, partyId: number): Promise<PartyView> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const data = await this.#store.read(who.guildId);
    return this.#view(data, who.guildId, this.#cancellable(data, id, who));
  }

  /** Cancels a party; its pending reminders are dropped. The Discord layer cancels the Scheduled Event (`eventId`). */
  async cancel(actor: PartyActor, partyId: number): Promise<PartyView> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const now = this.#now().toISOString();
    const view = await this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = this.#cancellable(data, id, who);
      party.status = 'cancelled';
      party.cancelledAt = now;
      party.cancelledBy = who.userId;
      for (const reminder of party.reminders) {
        if (reminder.state !== 'pending') continue;
        reminder.state = 'skipped';
        reminder.note = 'the party was cancelled';
      }
      return this.#view(data, who.guildId, party);
    });
    await this.#changed(who.guildId);
    return view;
  }

  /** The Discord layer records the Scheduled Event it created (or `null` when it was deleted). */
  async recordEvent(guildId: string, partyId: number, eventId: string | null): Promise<void> {
    const id = parsePartyId(partyId);
    const event = eventId === null ? null : parseInput(Snowflake, eventId);
    await this.#store.update(checkGuild(guildId), (data) => {
      const party = findParty(data, id);
      if (event === null) delete party.eventId;
      else party.eventId = event;
    });
  }

  /** The Discord layer records the announcement message, so RSVP counts can be refreshed on it. */
  async recordAnnouncement(guildId: string, partyId: number, message: { channelId: string; messageId: string }): Promise<void> {
    const id = parsePartyId(partyId);
    const ref = parseInput(MessageRef, message);
    await this.#store.update(checkGuild(guildId), (data) => {
      findParty(data, id).announcement = ref;
    });
  }

  // ── RSVP ─────────────────────────────────────────────────────────────────────────────────────────────────────

  async rsvp(actor: Actor, partyId: number, answer: RsvpAnswer): Promise<RsvpResult> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const parsedAnswer = parseInput(RsvpAnswer, answer);
    const at = this.#now().toISOString();
    return this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = findParty(data, id);
      if (party.status !== 'scheduled' && party.status !== 'started') throw new UserError(`Party #${id} has ${verbFor(party.status)}; RSVPs are closed.`);
      const previous = party.rsvps[who.userId]?.answer;
      const changed = previous !== parsedAnswer;
      // Re-pressing the same answer keeps its original time: the Going list stays in order of answering.
      if (changed) party.rsvps[who.userId] = { answer: parsedAnswer, at };
      return { answer: parsedAnswer, ...(previous ? { previous } : {}), changed, party: this.#view(data, who.guildId, party) };
    });
  }

  // ── Nominations and the vote ─────────────────────────────────────────────────────────────────────────────────

  async nominate(actor: Actor, partyId: number, filmId: string): Promise<NominateResult> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const film = this.#film(actor.guildId, filmId);
    const at = this.#now().toISOString();
    return this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = findParty(data, id);
      if (party.status !== 'scheduled') throw new UserError(`Party #${id} has ${verbFor(party.status)}; nominations are closed.`);
      if (party.ballot) {
        throw new UserError(
          party.ballot.closedAt ? `The vote for party #${id} is over; nominations are closed.` : `The vote for party #${id} is open; nominations closed when it opened.`,
        );
      }
      const { merged, nomination } = addNomination(party, film.id, who.userId, at);
      return {
        film: filmRef(this.#films(actor.guildId), film.id),
        merged,
        nominatedBy: nomination.by.map((userId) => person(data, userId)),
        party: this.#view(data, who.guildId, party),
      };
    });
  }

  /** Opens the ballot among the nominations (at least two). Nominations close; votes can be cast and changed. */
  async openVote(actor: PartyActor, partyId: number): Promise<BallotView> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const at = this.#now().toISOString();
    return this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = this.#managed(data, id, who);
      if (party.status !== 'scheduled') throw new UserError(`Party #${id} has ${verbFor(party.status)}; it is too late to vote.`);
      if (party.ballot) throw new UserError(party.ballot.closedAt ? `The vote for party #${id} is already over.` : `The vote for party #${id} is already open.`);
      if (party.nominations.length < 2) {
        throw new UserError(`A vote needs at least two nominated films; party #${id} has ${party.nominations.length}. Nominate more first.`);
      }
      party.ballot = { openedAt: at, openedBy: who.userId, votes: {} };
      return ballotView(data, this.#films(actor.guildId), party)!;
    });
  }

  /** One vote per member: voting again moves the vote. Voting for the same film again changes nothing. */
  async vote(actor: Actor, partyId: number, filmId: string): Promise<VoteResult> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const chosen = parseInput(FilmId, filmId);
    return this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = findParty(data, id);
      const ballot = openBallot(party);
      if (!party.nominations.some((nomination) => nomination.filmId === chosen)) throw new UserError('That film is not on the ballot.');
      const previous = ballot.votes[who.userId];
      ballot.votes[who.userId] = chosen;
      return {
        film: filmRef(this.#films(actor.guildId), chosen),
        ...(previous ? { previous: filmRef(this.#films(actor.guildId), previous) } : {}),
        changed: previous !== chosen,
        ballot: ballotView(data, this.#films(actor.guildId), party)!,
      };
    });
  }

  async retractVote(actor: Actor, partyId: number): Promise<BallotView> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    return this.#update(who.guildId, (data) => {
      const party = findParty(data, id);
      const ballot = openBallot(party);
      if (!(who.userId in ballot.votes)) throw new UserError('You have not voted.');
      delete ballot.votes[who.userId];
      return ballotView(data, this.#films(actor.guildId), party)!;
    });
  }

  /** Closes the ballot (host or moderator); the winner (ties: earliest nomination) becomes the party's film. */
  async closeVote(actor: PartyActor, partyId: number): Promise<CloseVoteResult> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const at = this.#now().toISOString();
    const result = await this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = this.#managed(data, id, who);
      const ballot = openBallot(party);
      const outcome = decide(party);
      const previousFilm = party.filmId;
      ballot.closedAt = at;
      ballot.closedBy = who.userId;
      ballot.winnerFilmId = outcome.winner.filmId;
      party.filmId = outcome.winner.filmId;
      return {
        winner: filmRef(this.#films(actor.guildId), outcome.winner.filmId),
        ...(previousFilm ? { previousFilm: filmRef(this.#films(actor.guildId), previousFilm) } : {}),
        tiedWith: outcome.tiedWith.map((entry) => filmRef(this.#films(actor.guildId), entry.filmId)),
        totalVotes: outcome.totalVotes,
        ballot: ballotView(data, this.#films(actor.guildId), party)!,
        party: this.#view(data, who.guildId, party),
      };
    });
    await this.#changed(who.guildId);
    return result;
  }

  async ballot(guildId: string, partyId: number): Promise<BallotView> {
    const id = parsePartyId(partyId);
    const data = await this.#store.read(checkGuild(guildId));
    const party = findParty(data, id);
    const view = ballotView(data, this.#films(guildId), party);
    if (!view) throw new UserError(`Party #${id} has no vote; its host or a moderator can open one once two films are nominated.`);
    return view;
  }

  /** The Discord layer records the posted ballot, so its live counts can be refreshed. */
  async recordBallotMessage(guildId: string, partyId: number, message: { channelId: string; messageId: string }): Promise<void> {
    const id = parsePartyId(partyId);
    const ref = parseInput(MessageRef, message);
    await this.#store.update(checkGuild(guildId), (data) => {
      const ballot = findParty(data, id).ballot;
      if (!ballot) throw new UserError(`Party #${id} has no vote.`);
      ballot.message = ref;
    });
  }

  // ── Start and end ────────────────────────────────────────────────────────────────────────────────────────────

  async start(actor: PartyActor, partyId: number): Promise<PartyView> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const now = this.#now().toISOString();
    const view = await this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = this.#managed(data, id, who);
      if (party.status !== 'scheduled') throw new UserError(`Party #${id} has already ${verbFor(party.status)}.`);
      if (!party.filmId) throw new UserError(`Party #${id} has no film yet; close the vote or set one with edit first.`);
      party.status = 'started';
      party.startedAt = now;
      return this.#view(data, who.guildId, party);
    });
    await this.#changed(who.guildId);
    return view;
  }

  /**
   * Ends a party and logs it in the diary of every attendee: the members who answered Going plus `present` (the
   * members in the voice channel at the end, as the Discord layer sees them). Entries are dated the party's day in
   * the server's zone. Ending a party that was never started is allowed once its start time has passed.
   */
  async end(actor: PartyActor, partyId: number, options: { present?: PresentMember[] } = {}): Promise<EndResult> {
    const who = parseActor(actor);
    const id = parsePartyId(partyId);
    const present = parseInput(z.array(z.object({ userId: Snowflake, name: z.string().optional() })).max(10_000), options.present ?? []).map(
      (member) => ({ userId: member.userId, ...(member.name?.trim() ? { name: member.name.trim().slice(0, 100) } : {}) }),
    );
    const now = this.#now();
    const result = await this.#update(who.guildId, (data) => {
      remember(data, who);
      const party = this.#managed(data, id, who);
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
        party: this.#view(data, who.guildId, party),
        watchedOn,
        attendees: attendees.map((attendee) => ({ ...attendee, name: person(data, attendee.userId).name })),
        wasStarted,
      };
    });
    await this.#changed(who.guildId);
    return result;
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────

  async show(guildId: string, partyId: number): Promise<PartyView> {
    const id = parsePartyId(partyId);
    const data = await this.#store.read(checkGuild(guildId));
    return this.#view(data, guildId, findParty(data, id));
  }

  /**
   * Upcoming parties (scheduled or running) soonest first, or past ones (ended or cancelled) most recent first.
   */
  async list(guildId: string, options: { scope?: 'upcoming' | 'past'; page?: PageRequest } = {}): Promise<Page<PartySummary>> {
    const data = await this.#store.read(checkGuild(guildId));
    const scope = options.scope ?? 'upcoming';
    const live = (party: { status: string }) => party.status === 'scheduled' || party.status === 'started';
    const parties = data.parties.list
      .filter((party) => (scope === 'upcoming' ? live(party) : !live(party)))
      .sort((a, b) => (scope === 'upcoming' ? a.startsAt.localeCompare(b.startsAt) : b.startsAt.localeCompare(a.startsAt)) || a.id - b.id);
    return paginate(
      parties.map((party) => partySummary(data, this.#films(guildId), party)),
      options.page,
    );
  }

  // ── Settings ─────────────────────────────────────────────────────────────────────────────────────────────────

  async reminderLead(guildId: string): Promise<number> {
    return (await this.#store.read(checkGuild(guildId))).parties.reminderLeadMinutes;
  }

  /** Moderators set how long before a party the first reminder goes (0 turns it off); upcoming parties follow. */
  async setReminderLead(actor: PartyActor, minutes: number): Promise<number> {
    const who = parseActor(actor);
    const lead = z.number().int().min(0).max(REMINDER_LEAD_MAX_MINUTES).safeParse(minutes);
    if (!lead.success) throw new UserError(`Give the reminder lead time in whole minutes, from 0 (off) to ${REMINDER_LEAD_MAX_MINUTES} (a week).`);
    const now = this.#now();
    await this.#store.update(who.guildId, (data) => {
      if (!moderates(who, data)) throw new UserError('Only moderators can change when party reminders go out.');
      data.parties.reminderLeadMinutes = lead.data;
      for (const party of data.parties.list) if (party.status === 'scheduled') replanLead(party, lead.data, now);
    });
    await this.#changed(who.guildId);
    return lead.data;
  }

  // ── Group pick ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Films none of the attendees has seen, ranked for the group (watchlists, neighbours of their favorites). */
  async suggest(guildId: string, request: SuggestRequest): Promise<SuggestResult> {
    const data = await this.#store.read(checkGuild(guildId));
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
    const picks = this.#ranker.rankForGroup({ guildId, data, memberIds: considered, limit });
    return { members: considered.map((userId) => person(data, userId)), picks, leftOut: memberIds.length - considered.length };
  }

  // ── Plumbing ─────────────────────────────────────────────────────────────────────────────────────────────────

  #film(guildId: string, filmId: string): Film {
    const film = this.#films(guildId).get(filmId);
    if (!film) throw new UserError(`I don't know a film with the id ${quote(filmId, 90)}; pick one from the suggestions.`);
    return film;
  }

  #view(data: DeepReadonly<GuildData>, guildId: string, party: DeepReadonly<Party>): PartyView {
    return partyView(data, this.#films(guildId), guildId, party);
  }

  /** The party, if the actor may cancel it: they manage it and it has not started, ended or been cancelled. */
  #cancellable(data: GuildData, id: number, who: ParsedActor): Party;
  #cancellable(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party>;
  #cancellable(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party> {
    const party = this.#managed(data, id, who);
    if (party.status !== 'scheduled') {
      throw new UserError(
        party.status === 'started' ? `Party #${id} has already started; end it instead.` : `Party #${id} has already ${verbFor(party.status)}.`,
      );
    }
    return party;
  }

  /** The party, if the actor may change it: its host, or a moderator. */
  #managed(data: GuildData, id: number, who: ParsedActor): Party;
  #managed(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party>;
  #managed(data: DeepReadonly<GuildData>, id: number, who: ParsedActor): DeepReadonly<Party> {
    const party = findParty(data, id);
    if (party.hostId !== who.userId && !moderates(who, data)) {
      throw new UserError(`Only ${person(data, party.hostId).name} (the host) or a moderator can change party #${id}.`);
    }
    return party;
  }

  #update<T>(guildId: string, fn: (data: GuildData) => T): Promise<T> {
    return this.#store.update(guildId, fn);
  }

  async #changed(guildId: string): Promise<void> {
    await this.#onChange?.(guildId);
  }
}

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────────────────────

type ParsedActor = { guildId: string; userId: string; name: string; access?: MemberAccess };

const AccessSchema = z.object({ permissions: z.string().max(30), roleIds: z.array(z.string().max(25)).max(500) });

function parseActor(actor: PartyActor): ParsedActor {
  const access = actor.access === undefined ? undefined : AccessSchema.parse(actor.access);
  return { ...ActorSchema.parse(actor), ...(access ? { access } : {}) };
}

/** Decided inside the update, under the server's settings of that moment (the moderator role may just have changed). */
function moderates(who: ParsedActor, data: DeepReadonly<GuildData>): boolean {
  return who.access !== undefined && isModerator(who.access, data.config);
}

function checkGuild(guildId: string): string {
  return Snowflake.parse(guildId);
}

function parsePartyId(partyId: unknown): number {
  const parsed = PartyId.safeParse(partyId);
  if (!parsed.success) throw new UserError('That is not a party number.');
  return parsed.data;
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // Messages written for members (lengths) pass through; anything else is a malformed call from our own layer.
  if (issue.code === 'too_big' || issue.code === 'custom') throw new UserError(issue.message);
  throw new Error(`Invalid party input at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function findParty(data: GuildData, id: number): Party;
function findParty(data: DeepReadonly<GuildData>, id: number): DeepReadonly<Party>;
function findParty(data: DeepReadonly<GuildData>, id: number): DeepReadonly<Party> {
  const party = data.parties.list.find((candidate) => candidate.id === id);
  if (!party) throw new UserError(`There is no party #${id} on this server.`);
  return party;
}

function openBallot(party: Party): NonNullable<Party['ballot']> {
  if (!party.ballot) throw new UserError(`Party #${party.id} has no vote open.`);
  if (party.ballot.closedAt) throw new UserError(`The vote for party #${party.id} is over.`);
  if (party.status !== 'scheduled') throw new UserError(`Party #${party.id} has ${verbFor(party.status)}; the vote is over.`);
  return party.ballot;
}

function remember(data: GuildData, who: ParsedActor): void {
  if (who.name) data.members[who.userId] = who.name;
}

function zoneOf(data: DeepReadonly<GuildData>): string {
  return data.config.timezone ?? 'UTC';
}

function verbFor(status: Party['status']): string {
  return status === 'started' ? 'started' : status === 'ended' ? 'ended' : status === 'cancelled' ? 'been cancelled' : 'been scheduled';
}

function setOptional<K extends 'voiceChannelId' | 'location' | 'description'>(party: Party, key: K, value: Party[K] | undefined): void {
  if (value === undefined) delete party[key];
  else party[key] = value;
}
