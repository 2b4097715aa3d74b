import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { DueWork, LedgerClaim, LedgerOutcome, ReminderLedger } from '../parties/index.js';

export interface DueWorkLedgerOptions {
  /** Names this process in the table (host, pid and a random part, so a restarted process is a new owner). */
  owner?: string;
  /** How long a claim stays this process's without an outcome; after that another process may take it over. */
  leaseMs?: number;
  /**
   * How long after the first attempt a retry may still resend: Discord drops a message whose nonce it saw from the
   * same author in the last few minutes (enforce_nonce); past that window a retry could post a second copy.
   */
  nonceWindowMs?: number;
  /**
   * The shards this process runs, as index scopes (`shardIndexScopes`): the servers with pending reminders are read
   * from the ledger once every one of these scopes has been indexed, instead of reading every server at start.
   */
  scopes?: readonly string[];
}

/** How long after its due time a planned reminder nobody claimed stays in the index (a bot down that long has missed it anyway). */
const STALE_PLAN_DAYS = 7;

/** A name for this process that no other process (nor this one after a restart) uses. */
export function processOwnerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The reminder ledger in PostgreSQL (table marquee_due_work). A claim is a single INSERT … ON CONFLICT … WHERE
 * statement: it succeeds for exactly one process, or takes over a claim whose lease ran out; the row is locked
 * by that statement, so two processes racing for one reminder are serialized by the database, not by timers.
 */
export class DueWorkLedger implements ReminderLedger {
  readonly owner: string;
  readonly #pool: pg.Pool;
  readonly #leaseMs: number;
  readonly #nonceWindowMs: number;
  readonly #scopes: readonly string[];

  constructor(pool: pg.Pool, options: DueWorkLedgerOptions = {}) {
    this.#pool = pool;
    this.owner = options.owner ?? processOwnerName();
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#nonceWindowMs = options.nonceWindowMs ?? 90_000;
    this.#scopes = options.scopes ?? ['1:0'];
  }

  /**
   * Indexes a server's pending reminders as `scheduled` rows (a row already there, in any state, is left as it is).
   * Rows are never removed here: a process whose cached document is stale (two processes briefly on one shard)
   * must not drop another's fresher plan; a row for a reminder that was since cancelled only costs reading that
   * server at the next start, and goes once its due time is a week past.
   */
  async schedule(guildId: string, works: readonly DueWork[]): Promise<void> {
    if (works.length === 0) return;
    await this.#pool.query(
      `INSERT INTO marquee_due_work (work_key, guild_id, due_at, state, owner, lease_until, nonce, attempts)
       SELECT key, $1, due, 'scheduled', '', due, '', 0 FROM unnest($2::text[], $3::timestamptz[]) AS p(key, due)
       ON CONFLICT (work_key) DO NOTHING`,
      [guildId, works.map((work) => work.key), works.map((work) => work.dueAt)],
    );
  }

  /**
   * The servers with reminders still to send (planned, or claimed by a process that may have died), or undefined
   * while some scope of this process has never been indexed (the caller then reads its servers and calls
   * `markIndexed`).
   */
  async plannedGuilds(): Promise<string[] | undefined> {
    const indexed = await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM marquee_due_work_scopes WHERE scope = ANY($1::text[])', [this.#scopes]);
    if (Number(indexed.rows[0]?.n ?? 0) < new Set(this.#scopes).size) return undefined;
    await this.#pool.query(`DELETE FROM marquee_due_work WHERE state = 'scheduled' AND due_at < now() - make_interval(days => $1)`, [STALE_PLAN_DAYS]);
    const open = await this.#pool.query<{ guild_id: string }>(`SELECT DISTINCT guild_id FROM marquee_due_work WHERE state IN ('scheduled', 'claimed')`);
    return open.rows.map((row) => row.guild_id);
  }

  /** Records that every server of this process's scopes has been indexed (after reading them all once). */
  async markIndexed(): Promise<void> {
    await this.#pool.query('INSERT INTO marquee_due_work_scopes (scope) SELECT unnest($1::text[]) ON CONFLICT (scope) DO NOTHING', [[...this.#scopes]]);
  }

  async claim(work: DueWork): Promise<LedgerClaim> {
    const nonce = randomBytes(15).toString('base64url'); // 20 characters: `${nonce}.${i}` fits Discord's 25
    const taken = await this.#pool.query<{ nonce: string; attempts: number; age_ms: number }>(
      `INSERT INTO marquee_due_work AS w (work_key, guild_id, due_at, state, owner, lease_until, nonce)
       VALUES ($1, $2, $3, 'claimed', $4, clock_timestamp() + make_interval(secs => $5::double precision / 1000), $6)
       ON CONFLICT (work_key) DO UPDATE SET state = 'claimed', owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, attempts = w.attempts + 1,
         -- A planned row (never attempted) gets its nonce and first-attempt time now; a retry keeps both.
         nonce = CASE WHEN w.nonce = '' THEN EXCLUDED.nonce ELSE w.nonce END,
         claimed_at = CASE WHEN w.nonce = '' THEN clock_timestamp() ELSE w.claimed_at END
         WHERE w.state = 'scheduled' OR (w.state = 'claimed' AND w.lease_until < clock_timestamp())
       RETURNING w.nonce, w.attempts, (extract(epoch FROM clock_timestamp() - w.claimed_at) * 1000)::float8 AS age_ms`,
      [work.key, work.guildId, work.dueAt, this.owner, this.#leaseMs, nonce],
    );
    const row = taken.rows[0];
    if (row) {
      if (row.attempts > 1 && row.age_ms > this.#nonceWindowMs) return { kind: 'expired' };
      return { kind: 'send', nonce: row.nonce, retry: row.attempts > 1 };
    }
    const current = await this.#pool.query<{ state: string; lease_until: Date }>('SELECT state, lease_until FROM marquee_due_work WHERE work_key = $1', [work.key]);
    const existing = current.rows[0];
    // Gone between the two statements (released): someone else is deciding; look again shortly.
    if (!existing) return { kind: 'busy', retryAt: new Date(Date.now() + 1_000) };
    if (existing.state === 'claimed') return { kind: 'busy', retryAt: new Date(existing.lease_until.getTime() + 250) };
    return { kind: 'done' };
  }

  async finish(key: string, outcome: LedgerOutcome): Promise<void> {
    await this.#pool.query(`UPDATE marquee_due_work SET state = $3, finished_at = clock_timestamp() WHERE work_key = $1 AND owner = $2 AND state = 'claimed'`, [key, this.owner, outcome]);
  }

  /**
   * Back to planned, this attempt uncounted: the reminder stays in the index (its server is read again at the next
   * start, which settles it), and an earlier attempt's nonce is kept for whoever claims it next.
   */
  async release(key: string): Promise<void> {
    await this.#pool.query(
      `UPDATE marquee_due_work SET state = 'scheduled', owner = '', lease_until = due_at, attempts = attempts - 1
       WHERE work_key = $1 AND owner = $2 AND state = 'claimed'`,
      [key, this.owner],
    );
  }

  /**
   * Hands back every claim this process still holds (graceful shutdown, after in-flight sends finished): the
   * next owner may take them at once instead of waiting for the leases to run out. A claim whose send may have
   * started is not handed back early: its lease runs out and the retry sends with the same nonce.
   */
  async releaseAll(): Promise<number> {
    const result = await this.#pool.query(`UPDATE marquee_due_work SET lease_until = clock_timestamp() WHERE owner = $1 AND state = 'claimed'`, [this.owner]);
    return result.rowCount ?? 0;
  }

  /** Counts by state (metrics and tests). */
  async counts(): Promise<Record<string, number>> {
    const result = await this.#pool.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM marquee_due_work GROUP BY state');
    return Object.fromEntries(result.rows.map((row) => [row.state, Number(row.n)]));
  }
}
