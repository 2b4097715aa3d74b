import { filmRef, type FilmLookup, type FilmRef } from '../club/types.js';
import type { Logger } from '../log.js';
import type { GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { decideReminder, reminderMessages, type OutgoingMessage } from './reminders.js';
import { PARTIES_SHELF, type Party, type Reminder, type ReminderKind } from './schema.js';
import { goingUserIds } from './views.js';
import { perServer, type PerServer } from '../catalog/serverCatalog.js';

/** setTimeout cannot wait longer than 2³¹−1 ms (~24.8 days); longer waits are chained. */
export const MAX_TIMER_MS = 2_147_483_647;

/** What `send` must post: `messages` in order, in `channelId`, each allowing pings for exactly its `mentionUserIds`. */
export interface ReminderDelivery {
  guildId: string;
  partyId: number;
  kind: ReminderKind;
  dueAt: string;
  /** Sent after its due time because the bot was offline then (the text says so). */
  late: boolean;
  channelId: string;
  startsAt: string;
  film?: FilmRef;
  goingUserIds: string[];
  messages: OutgoingMessage[];
  /**
   * With a shared ledger: the idempotency key of this reminder, the same on every attempt. The Discord layer sends
   * message i with nonce `${nonce}.${i}` and enforce_nonce, so Discord drops a repeat of a message it already has.
   */
  nonce?: string;
}

/** One reminder as a unit of due work shared by every process on one database. */
export interface DueWork {
  key: string;
  guildId: string;
  dueAt: string;
}

/**
 * What claiming a due reminder in the shared ledger gave:
 * - `send`: this process holds the lease and sends, with `nonce`; `retry` when an earlier holder's lease ran out
 *   before it recorded the outcome (it may have sent: the same nonce lets Discord drop the duplicate);
 * - `done`: another process already sent it (or decided not to);
 * - `busy`: another process holds a live lease until `retryAt` (look again then: it may die before finishing);
 * - `expired`: an earlier holder died too long ago for Discord's nonce check to catch a repeat, so it is not
 *   resent (at most once beyond that window; the lease is this process's, to record the outcome).
 */
export type LedgerClaim =
  | { kind: 'send'; nonce: string; retry: boolean }
  | { kind: 'done' }
  | { kind: 'busy'; retryAt: Date }
  | { kind: 'expired' };

export type LedgerOutcome = 'sent' | 'failed' | 'skipped' | 'unconfirmed';

/**
 * The cross-process gate in front of every reminder (src/scale/dueWork.ts keeps it in PostgreSQL). Without one,
 * the store update that moves a reminder from pending to sending is the gate, which holds for one process only.
 */
export interface ReminderLedger {
  claim(work: DueWork): Promise<LedgerClaim>;
  /** Records the outcome of a claim this process holds; the work is then `done` for everyone. */
  finish(key: string, outcome: LedgerOutcome): Promise<void>;
  /** Gives a claim back unused (the reminder turned out not to be due any more). */
  release(key: string): Promise<void>;
  /**
   * An index of planned reminders, so a starting process reads only the servers that have some. `schedule`
   * records a server's pending reminders (after every refresh); `plannedGuilds` lists the servers with reminders
   * still to send, or undefined until this process's shards have been indexed once (`markIndexed`, after a start
   * that read all their servers).
   */
  schedule?(guildId: string, works: readonly DueWork[]): Promise<void>;
  plannedGuilds?(): Promise<string[] | undefined>;
  markIndexed?(): Promise<void>;
}

/** The key of one reminder in the ledger: the same in every process, and new when the party's time moves. */
export function reminderWorkKey(guildId: string, partyId: number, kind: ReminderKind, dueAt: string): string {
  return `reminder:${guildId}:${partyId}:${kind}:${dueAt}`;
}

/** A reminder that will not be sent, and why (reported so the Discord layer may log or show it). */
export interface SkippedReminder {
  guildId: string;
  partyId: number;
  kind: ReminderKind;
  dueAt: string;
  state: 'missed' | 'skipped';
  note: string;
}

export interface ReminderSchedulerOptions {
  store: GuildStore;
  /** The catalog, or each server's (see src/catalog/serverCatalog.ts). */
  films: PerServer<FilmLookup>;
  /** Posts a reminder; rejecting marks it failed (it is not retried: it may have been partly delivered). */
  send: (delivery: ReminderDelivery) => Promise<void>;
  onSkipped?: (skipped: SkippedReminder) => void;
  now?: () => Date;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Only these servers' reminders are planned at start (a sharded process plans the servers its shards own). */
  ownsGuild?: (guildId: string) => boolean;
  /** Shared by every process on one database: reminders are claimed there, so each is sent once across processes. */
  ledger?: ReminderLedger;
  /** Awaited before a reminder is decided, so `films` knows the server's own films (src/catalog/serverFilms.ts reads them on first use). */
  prepareGuild?: (guildId: string) => Promise<void>;
  /** Counts reminders that came due and that were sent (metrics). */
  onDue?: () => void;
  onSent?: () => void;
}

/**
 * Sends party reminders from the schedule stored with each party, so they survive restarts.
 *
 * Delivery is AT MOST ONCE, because the promise is "never twice": before posting, the reminder is marked
 * `sending` in the store (durably, through the same serialized update that checks it is still `pending`), and only
 * then is `send` called; afterwards it becomes `sent` (or `failed`). If the process dies between the two writes
 * the reminder stays `sending`; at the next `start()` it becomes `unconfirmed` and is NOT resent — it may well
 * have been posted. The cost is that a crash in that window (the length of one HTTP request) can lose one
 * reminder; the alternative (at-least-once) would re-ping everyone after such a crash.
 *
 * Every timer only nudges: whether to send is decided inside the store update, so a duplicate timer, a second
 * refresh or a racing edit can never produce a second message.
 */
export class ReminderScheduler {
  readonly #store: GuildStore;
  readonly #films: (guildId: string) => FilmLookup;
  readonly #send: ReminderSchedulerOptions['send'];
  readonly #onSkipped: ReminderSchedulerOptions['onSkipped'];
  readonly #now: () => Date;
  readonly #setTimer: (callback: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  readonly #log: ReminderSchedulerOptions['log'];
  /** guildId → timer key → handle. */
  readonly #timers = new Map<string, Map<string, unknown>>();
  /** guildId → refresh generation, so a slow refresh does not arm timers over a newer one. */
  readonly #generations = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #bootedAt: Date;
  readonly #ownsGuild: (guildId: string) => boolean;
  readonly #ledger: ReminderLedger | undefined;
  readonly #onDue: () => void;
  readonly #onSent: () => void;
  readonly #prepareGuild: (guildId: string) => Promise<void>;
  #stopped = false;
  /** False once indexing a server's reminders failed during a full start-up read (the index is then not marked built). */
  #indexComplete = true;

  constructor(options: ReminderSchedulerOptions) {
    this.#store = options.store;
    this.#films = perServer(options.films);
    this.#send = options.send;
    this.#onSkipped = options.onSkipped;
    this.#now = options.now ?? (() => new Date());
    this.#setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
    this.#log = options.log;
    this.#bootedAt = this.#now();
    this.#ownsGuild = options.ownsGuild ?? (() => true);
    this.#ledger = options.ledger;
    this.#onDue = options.onDue ?? (() => undefined);
    this.#onSent = options.onSent ?? (() => undefined);
    this.#prepareGuild = options.prepareGuild ?? (async () => undefined);
  }

  /**
   * Re-plans the stored schedule (call once at boot, after the store opens). With a ledger that indexes planned
   * reminders, only the servers it lists are read; otherwise (the embedded store, or the first start of a shard on
   * a database) every server this process owns is read, and the ledger is told they are now indexed.
   */
  async start(): Promise<void> {
    let planned: string[] | undefined;
    try {
      planned = await this.#ledger?.plannedGuilds?.();
    } catch (error) {
      this.#log?.warn('parties: could not read the planned reminders from the database; reading every server', { error });
    }
    if (planned) {
      for (const guildId of planned) if (this.#ownsGuild(guildId)) await this.refresh(guildId);
      return;
    }
    this.#indexComplete = true;
    for (const guildId of await this.#store.guildIds()) {
      if (!this.#ownsGuild(guildId)) continue;
      // Without a ledger (the embedded store), a server's parties are read alone first: only the servers with
      // reminders to come, or one left mid-send, are loaded, so start-up does not grow with everyone's diaries.
      if (!this.#ledger && !(await this.#mayHaveReminders(guildId))) continue;
      // With a ledger a reminder left `sending` is settled by the ledger when it fires again (it knows whether it went out).
      if (!this.#ledger) await this.#recoverInterrupted(guildId);
      await this.refresh(guildId);
    }
    if (this.#ledger?.markIndexed && this.#indexComplete && !this.#stopped) {
      await this.#ledger.markIndexed().catch((error: unknown) => this.#log?.warn('parties: could not record the reminder index as built', { error }));
    }
  }

  /** Re-reads one guild's parties and re-arms its timers (the party service calls this after every change). */
  async refresh(guildId: string): Promise<void> {
    if (this.#stopped) return;
    const generation = (this.#generations.get(guildId) ?? 0) + 1;
    this.#generations.set(guildId, generation);
    let parties: readonly { id: number; status: string; reminders: readonly { kind: ReminderKind; dueAt: string; state: string }[] }[];
    try {
      parties = (await this.#store.read(guildId)).parties.list;
    } catch (error) {
      this.#indexComplete = false;
      this.#log?.error('parties: could not read the reminder schedule', { guildId, error });
      return;
    }
    if (this.#stopped || this.#generations.get(guildId) !== generation) return;
    this.#clearGuild(guildId);
    const planned: DueWork[] = [];
    for (const party of parties) {
      if (party.status !== 'scheduled' && party.status !== 'started') continue;
      for (const reminder of party.reminders) {
        if (reminder.state === 'pending' || (this.#ledger && reminder.state === 'sending')) {
          this.#arm(guildId, party.id, reminder.kind, reminder.dueAt);
          planned.push({ key: reminderWorkKey(guildId, party.id, reminder.kind, reminder.dueAt), guildId, dueAt: reminder.dueAt });
        }
      }
    }
    if (this.#ledger?.schedule && planned.length > 0) {
      try {
        await this.#ledger.schedule(guildId, planned);
      } catch (error) {
        // Armed here all the same; only a restart before the next change of this server would not find them.
        this.#indexComplete = false;
        this.#log?.error('parties: could not index the planned reminders in the database', { guildId, error });
      }
    }
  }

  /** Number of armed timers (for diagnostics and tests). */
  get armed(): number {
    let count = 0;
    for (const timers of this.#timers.values()) count += timers.size;
    return count;
  }

  /** Resolves once no reminder is being claimed or sent. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Disarms every timer and waits for reminders being sent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const guildId of [...this.#timers.keys()]) this.#clearGuild(guildId);
    await this.idle();
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────────

  #arm(guildId: string, partyId: number, kind: ReminderKind, dueAt: string, notBefore?: Date): void {
    const key = `${partyId}:${kind}:${dueAt}`;
    const timers = this.#timers.get(guildId) ?? new Map<string, unknown>();
    this.#timers.set(guildId, timers);
    const existing = timers.get(key);
    if (existing !== undefined) this.#clearTimer(existing);
    const at = Math.max(Date.parse(dueAt), notBefore?.getTime() ?? 0);
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, at - this.#now().getTime()));
    const handle = this.#setTimer(() => {
      if (timers.get(key) !== handle) return;
      timers.delete(key);
      if (this.#stopped) return;
      // A chained long wait, or a clock that fired early: wait again for the rest.
      if (at > this.#now().getTime()) return this.#arm(guildId, partyId, kind, dueAt, notBefore);
      const ledger = this.#ledger;
      const fire = () => (ledger ? this.#fireShared(ledger, guildId, partyId, kind, dueAt) : this.#fire(guildId, partyId, kind, dueAt));
      // Unprepared, a server-added film would be named "the film"; a failed read still sends (with that wording).
      this.#track(this.#prepareGuild(guildId).then(fire, fire));
    }, wait);
    timers.set(key, handle);
  }

  #clearGuild(guildId: string): void {
    const timers = this.#timers.get(guildId);
    if (!timers) return;
    for (const handle of timers.values()) this.#clearTimer(handle);
    this.#timers.delete(guildId);
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #fire(guildId: string, partyId: number, kind: ReminderKind, dueAt: string): Promise<void> {
    this.#onDue();
    let claim: { delivery?: ReminderDelivery; skipped?: SkippedReminder } | undefined;
    try {
      claim = await this.#store.update(guildId, (data) => this.#claim(data, guildId, partyId, kind, dueAt));
    } catch (error) {
      this.#log?.error('parties: could not claim a reminder; it stays pending', { guildId, partyId, kind, error });
      return;
    }
    if (claim?.skipped) {
      this.#log?.info(`parties: ${kind} reminder of party #${partyId} ${claim.skipped.state}: ${claim.skipped.note}`, { guildId });
      this.#onSkipped?.(claim.skipped);
      return;
    }
    const delivery = claim?.delivery;
    if (!delivery) return;
    const failure = await this.#deliver(delivery);
    await this.#recordOutcome(guildId, partyId, kind, dueAt, failure);
  }

  /** Sends; returns the failure (undefined once sent). */
  async #deliver(delivery: ReminderDelivery): Promise<unknown> {
    try {
      await this.#send(delivery);
      this.#onSent();
      return undefined;
    } catch (error) {
      const { guildId, partyId, kind } = delivery;
      this.#log?.error('parties: sending a reminder failed; it will not be retried', { guildId, partyId, kind, error });
      return error ?? new Error('unknown failure');
    }
  }

  async #recordOutcome(guildId: string, partyId: number, kind: ReminderKind, dueAt: string, failure: unknown): Promise<void> {
    try {
      await this.#store.update(guildId, (data) => {
        const reminder = findReminder(data, partyId, kind, dueAt);
        if (!reminder || reminder.state !== 'sending') return;
        if (failure === undefined) {
          reminder.state = 'sent';
          reminder.sentAt = this.#now().toISOString();
        } else {
          reminder.state = 'failed';
          reminder.note = describeFailure(failure);
        }
      });
    } catch (error) {
      // Still `sending` on disk: the next start() marks it unconfirmed, and it is not sent again either way.
      this.#log?.warn('parties: could not record a sent reminder', { guildId, partyId, kind, error });
    }
  }

  /**
   * A reminder when several processes share one database: the ledger decides who sends it, before the server's
   * document is touched (each process caches documents, so a state read there may be stale). Delivery is exactly
   * once while a crashed sender's retry stays inside Discord's nonce window (the same nonce on every attempt), and
   * at most once beyond it (`unconfirmed`, logged).
   */
  async #fireShared(ledger: ReminderLedger, guildId: string, partyId: number, kind: ReminderKind, dueAt: string): Promise<void> {
    const key = reminderWorkKey(guildId, partyId, kind, dueAt);
    let claim: LedgerClaim;
    try {
      claim = await ledger.claim({ key, guildId, dueAt });
    } catch (error) {
      this.#log?.error('parties: could not claim a reminder in the database; it stays pending', { guildId, partyId, kind, error });
      return;
    }
    if (claim.kind === 'busy') return this.#arm(guildId, partyId, kind, dueAt, claim.retryAt);
    if (claim.kind === 'done') return this.#settle(guildId, partyId, kind, dueAt, 'sent', 'sent by another Marquee process');
    if (claim.kind === 'expired') {
      this.#log?.warn(`parties: ${kind} reminder of party #${partyId} was claimed by a process that stopped too long ago to resend safely; not resent`, { guildId });
      await this.#settle(guildId, partyId, kind, dueAt, 'unconfirmed', 'Marquee stopped while sending it; not resent, so nobody is pinged twice');
      return ledger.finish(key, 'unconfirmed').catch((error: unknown) => this.#log?.warn('parties: could not record a reminder outcome', { guildId, error }));
    }
    this.#onDue();
    let result: { delivery?: ReminderDelivery; skipped?: SkippedReminder } | undefined;
    try {
      result = await this.#store.update(guildId, (data) => this.#claim(data, guildId, partyId, kind, dueAt, claim.retry));
    } catch (error) {
      this.#log?.error('parties: could not claim a reminder; it stays pending', { guildId, partyId, kind, error });
      await ledger.release(key).catch(() => undefined);
      return;
    }
    if (!result) return void (await ledger.release(key).catch(() => undefined));
    if (result.skipped) {
      await ledger.finish(key, 'skipped').catch(() => undefined);
      this.#log?.info(`parties: ${kind} reminder of party #${partyId} ${result.skipped.state}: ${result.skipped.note}`, { guildId });
      this.#onSkipped?.(result.skipped);
      return;
    }
    const delivery = { ...result.delivery!, nonce: claim.nonce };
    const failure = await this.#deliver(delivery);
    try {
      await ledger.finish(key, failure === undefined ? 'sent' : 'failed');
    } catch (error) {
      // The lease runs out and another attempt resends with the same nonce, which Discord drops as a repeat.
      this.#log?.warn('parties: could not record a sent reminder in the database', { guildId, partyId, kind, error });
    }
    await this.#recordOutcome(guildId, partyId, kind, dueAt, failure);
  }

  /** Brings the document in line with what the ledger says happened. */
  async #settle(guildId: string, partyId: number, kind: ReminderKind, dueAt: string, state: 'sent' | 'unconfirmed', note: string): Promise<void> {
    try {
      await this.#store.update(guildId, (data) => {
        const reminder = findReminder(data, partyId, kind, dueAt);
        if (!reminder || (reminder.state !== 'pending' && reminder.state !== 'sending')) return;
        reminder.state = state;
        reminder.note = note;
      });
    } catch (error) {
      this.#log?.warn('parties: could not record a reminder outcome', { guildId, partyId, kind, error });
    }
  }

  /** Runs inside the store update: the single place where a reminder goes from pending to sending. */
  #claim(data: GuildData, guildId: string, partyId: number, kind: ReminderKind, dueAt: string, retry = false) {
    const party = data.parties.list.find((candidate) => candidate.id === partyId);
    const reminder = party && findReminder(data, partyId, kind, dueAt);
    // A retry takes over a reminder a stopped process left `sending` (the ledger says its lease ran out).
    if (!party || !reminder || (reminder.state !== 'pending' && !(retry && reminder.state === 'sending'))) return undefined;
    const now = this.#now();
    const decision = decideReminder(party, reminder, now);
    if (decision.action === 'skip') {
      reminder.state = decision.state;
      reminder.note = decision.note;
      return { skipped: { guildId, partyId, kind, dueAt, state: decision.state, note: decision.note } };
    }
    reminder.state = 'sending';
    reminder.claimedAt = now.toISOString();
    if (decision.late) reminder.late = true;
    return { delivery: this.#delivery(guildId, party, reminder, decision.late) };
  }

  #delivery(guildId: string, party: Party, reminder: Reminder, late: boolean): ReminderDelivery {
    const film = party.filmId ? filmRef(this.#films(guildId), party.filmId) : undefined;
    const going = goingUserIds(party);
    return {
      guildId,
      partyId: party.id,
      kind: reminder.kind,
      dueAt: reminder.dueAt,
      late,
      channelId: party.channelId,
      startsAt: party.startsAt,
      ...(film ? { film } : {}),
      goingUserIds: going,
      messages: reminderMessages({
        partyId: party.id,
        kind: reminder.kind,
        late,
        film,
        startsAt: party.startsAt,
        voiceChannelId: party.voiceChannelId,
        location: party.location,
        goingUserIds: going,
        started: party.status === 'started',
      }),
    };
  }

  /** Reminders left `sending` by a previous process may have been posted: record them as unconfirmed, never resend. */
  /** False only when the server's stored parties (read without loading the server, if the store can) plan no reminder. */
  async #mayHaveReminders(guildId: string): Promise<boolean> {
    if (!this.#store.readValue) return true;
    let parties: GuildData['parties'];
    try {
      parties = (await this.#store.readValue(guildId, PARTIES_SHELF.field)) as GuildData['parties'];
    } catch {
      return true; // refresh() reads the server and reports what is wrong with it
    }
    return parties.list.some((party) =>
      party.reminders.some((reminder) => reminder.state === 'sending' || (reminder.state === 'pending' && (party.status === 'scheduled' || party.status === 'started'))),
    );
  }

  async #recoverInterrupted(guildId: string): Promise<void> {
    const data = await this.#store.read(guildId);
    const bootedAt = this.#bootedAt.getTime();
    const interrupted = (reminder: { state: string; claimedAt?: string }) =>
      reminder.state === 'sending' && Date.parse(reminder.claimedAt ?? '') < bootedAt;
    if (!data.parties.list.some((party) => party.reminders.some(interrupted))) return;
    await this.#store.update(guildId, (draft) => {
      for (const party of draft.parties.list) {
        for (const reminder of party.reminders) {
          if (!interrupted(reminder)) continue;
          reminder.state = 'unconfirmed';
          reminder.note = 'Marquee stopped while sending it; not resent, so nobody is pinged twice';
          this.#log?.warn(`parties: ${reminder.kind} reminder of party #${party.id} may not have been delivered`, { guildId });
        }
      }
    });
  }
}

function findReminder(data: GuildData, partyId: number, kind: ReminderKind, dueAt: string): Reminder | undefined {
  const party = data.parties.list.find((candidate) => candidate.id === partyId);
  return party?.reminders.find((reminder) => reminder.kind === kind && reminder.dueAt === dueAt);
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 300);
}
