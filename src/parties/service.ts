import type { Actor, Page, PageRequest } from '../club/types.js';
import { perServer, type PerServer } from '../catalog/serverCatalog.js';
import type { PresentMember } from './attendance.js';
import * as browsing from './browsing.js';
import type { SuggestRequest, SuggestResult } from './browsing.js';
import * as ending from './ending.js';
import type { EndResult } from './ending.js';
import type { PartyActor, PartyContext } from './partyContext.js';
import * as rsvps from './rsvp.js';
import type { RsvpResult } from './rsvp.js';
import type { RsvpAnswer } from './schema.js';
import * as scheduling from './scheduling.js';
import type { EditedField, EditInput, ScheduleInput, TimePreview } from './scheduling.js';
import { recommendGroupRanker, type FilmCatalog, type GroupRanker } from './suggest.js';
import type { BallotView, PartySummary, PartyView } from './views.js';
import * as voting from './voting.js';
import type { CloseVoteResult, NominateResult, VoteResult } from './voting.js';
import type { GuildStore } from '../store/GuildStore.js';

export type { PartyActor } from './partyContext.js';
export type { EditedField, EditInput, ScheduleInput, TimePreview } from './scheduling.js';
export type { RsvpResult } from './rsvp.js';
export type { CloseVoteResult, NominateResult, VoteResult } from './voting.js';
export type { EndResult } from './ending.js';
export type { SuggestRequest, SuggestResult } from './browsing.js';

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

/**
 * Watch parties: scheduling (natural-language times in the server's zone), RSVPs, nominations and a ballot,
 * reminders (planned here, sent by ReminderScheduler), start/end with attendance written to members' diaries,
 * and group suggestions. Plain inputs in, plain views out; a UserError for anything the member did wrong.
 * Changing a party is for its host and moderators; anyone may RSVP, nominate and vote.
 *
 * One entry point for the Discord layer; each part lives in its own module: ./scheduling.ts, ./rsvp.ts,
 * ./voting.ts, ./ending.ts, ./browsing.ts, sharing ./partyContext.ts.
 */
export class PartyService {
  readonly #ctx: PartyContext;

  constructor(options: PartyServiceOptions) {
    // Suggestions rank the shared catalog (the recommender's model); a per-server catalog brings its own ranker.
    if (!options.ranker && typeof options.films === 'function') throw new TypeError('PartyService: pass a ranker with per-server films');
    const onChange = options.onChange;
    this.#ctx = {
      store: options.store,
      films: perServer(options.films),
      now: options.now ?? (() => new Date()),
      ranker: options.ranker ?? recommendGroupRanker(options.films as FilmCatalog),
      changed: async (guildId) => void (await onChange?.(guildId)),
    };
  }

  // ── Scheduling ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Reads a time as `schedule` would, without storing anything (to echo it back while the member types). */
  previewTime(guildId: string, when: string): Promise<TimePreview> {
    return scheduling.previewTime(this.#ctx, guildId, when);
  }

  schedule(actor: PartyActor, input: ScheduleInput): Promise<PartyView> {
    return scheduling.schedule(this.#ctx, actor, input);
  }

  /** Changes a scheduled party. Moving it re-plans its reminders (reminders for the old time no longer apply). */
  edit(actor: PartyActor, partyId: number, changes: EditInput): Promise<{ party: PartyView; changed: EditedField[] }> {
    return scheduling.edit(this.#ctx, actor, partyId, changes);
  }

  /** Whether the actor may edit the party now, without changing anything: asked before a "Did you mean…?" film menu. */
  checkEdit(actor: PartyActor, partyId: number): Promise<void> {
    return scheduling.checkEdit(this.#ctx, actor, partyId);
  }

  /** Whether the actor may cancel the party now, without changing anything: asked before the confirmation. */
  checkCancel(actor: PartyActor, partyId: number): Promise<PartyView> {
    return scheduling.checkCancel(this.#ctx, actor, partyId);
  }

  /** Cancels a party; its pending reminders are dropped. The Discord layer cancels the Scheduled Event (`eventId`). */
  cancel(actor: PartyActor, partyId: number): Promise<PartyView> {
    return scheduling.cancel(this.#ctx, actor, partyId);
  }

  /** The Discord layer records the Scheduled Event it created (or `null` when it was deleted). */
  recordEvent(guildId: string, partyId: number, eventId: string | null): Promise<void> {
    return scheduling.recordEvent(this.#ctx, guildId, partyId, eventId);
  }

  /** The Discord layer records the announcement message, so RSVP counts can be refreshed on it. */
  recordAnnouncement(guildId: string, partyId: number, message: { channelId: string; messageId: string }): Promise<void> {
    return scheduling.recordAnnouncement(this.#ctx, guildId, partyId, message);
  }

  reminderLead(guildId: string): Promise<number> {
    return scheduling.reminderLead(this.#ctx, guildId);
  }

  /** Moderators set how long before a party the first reminder goes (0 turns it off); upcoming parties follow. */
  setReminderLead(actor: PartyActor, minutes: number): Promise<number> {
    return scheduling.setReminderLead(this.#ctx, actor, minutes);
  }

  // ── RSVP ─────────────────────────────────────────────────────────────────────────────────────────────────────

  rsvp(actor: Actor, partyId: number, answer: RsvpAnswer): Promise<RsvpResult> {
    return rsvps.rsvp(this.#ctx, actor, partyId, answer);
  }

  // ── Nominations and the vote ─────────────────────────────────────────────────────────────────────────────────

  nominate(actor: Actor, partyId: number, filmId: string): Promise<NominateResult> {
    return voting.nominate(this.#ctx, actor, partyId, filmId);
  }

  /** Whether the party takes nominations now, without changing anything: asked before a "Did you mean…?" film menu. */
  checkNominate(guildId: string, partyId: number): Promise<void> {
    return voting.checkNominate(this.#ctx, guildId, partyId);
  }

  /** Opens the ballot among the nominations (at least two). Nominations close; votes can be cast and changed. */
  openVote(actor: PartyActor, partyId: number): Promise<BallotView> {
    return voting.openVote(this.#ctx, actor, partyId);
  }

  /** One vote per member: voting again moves the vote. Voting for the same film again changes nothing. */
  vote(actor: Actor, partyId: number, filmId: string): Promise<VoteResult> {
    return voting.vote(this.#ctx, actor, partyId, filmId);
  }

  retractVote(actor: Actor, partyId: number): Promise<BallotView> {
    return voting.retractVote(this.#ctx, actor, partyId);
  }

  /** Closes the ballot (host or moderator); the winner (ties: earliest nomination) becomes the party's film. */
  closeVote(actor: PartyActor, partyId: number): Promise<CloseVoteResult> {
    return voting.closeVote(this.#ctx, actor, partyId);
  }

  ballot(guildId: string, partyId: number): Promise<BallotView> {
    return voting.ballot(this.#ctx, guildId, partyId);
  }

  /** The Discord layer records the posted ballot, so its live counts can be refreshed. */
  recordBallotMessage(guildId: string, partyId: number, message: { channelId: string; messageId: string }): Promise<void> {
    return voting.recordBallotMessage(this.#ctx, guildId, partyId, message);
  }

  // ── Start and end ────────────────────────────────────────────────────────────────────────────────────────────

  start(actor: PartyActor, partyId: number): Promise<PartyView> {
    return ending.start(this.#ctx, actor, partyId);
  }

  /**
   * Ends a party and logs it in the diary of every attendee: the members who answered Going plus `present` (the
   * members in the voice channel at the end). Ending a party that was never started is allowed once its start time
   * has passed.
   */
  end(actor: PartyActor, partyId: number, options: { present?: PresentMember[] } = {}): Promise<EndResult> {
    return ending.end(this.#ctx, actor, partyId, options);
  }

  // ── Views and the group pick ─────────────────────────────────────────────────────────────────────────────────

  show(guildId: string, partyId: number): Promise<PartyView> {
    return browsing.show(this.#ctx, guildId, partyId);
  }

  /** Upcoming parties (scheduled or running) soonest first, or past ones (ended or cancelled) most recent first. */
  list(guildId: string, options: { scope?: 'upcoming' | 'past'; page?: PageRequest } = {}): Promise<Page<PartySummary>> {
    return browsing.list(this.#ctx, guildId, options);
  }

  /** Films none of the attendees has seen, ranked for the group (watchlists, neighbours of their favorites). */
  suggest(guildId: string, request: SuggestRequest): Promise<SuggestResult> {
    return browsing.suggest(this.#ctx, guildId, request);
  }
}
