import pg from 'pg';
import type { ZodType } from 'zod';
import { deepFreeze, emptyDocument } from './document.js';
import { CorruptGuildDataError } from './errors.js';
import { assertGuildId } from './guildData.js';
import type { GuildStore } from './GuildStore.js';
import type { Change, Layout, OrderedEntry, Shelf } from './layout.js';
import { type RecordPersistence, RecordStore } from './recordStore.js';
import { guildLayout } from './schema.js';

type Doc = Readonly<Record<string, unknown>>;
type Plain = Record<string, unknown>;

/**
 * Versioned schema migrations, applied in order at start inside one transaction each and recorded in
 * `marquee_migrations`; a version already recorded is skipped, so starting again (or two processes starting
 * together: the advisory lock serializes them) is harmless. Never edit a released step: add the next one.
 */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE guilds (
        guild_id text PRIMARY KEY CHECK (guild_id ~ '^[0-9]{17,20}$'),
        schema_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- Small per-server records (settings, lists, parties, import log, id counter): one row per shelf.
      CREATE TABLE guild_values (
        guild_id text NOT NULL REFERENCES guilds ON DELETE CASCADE,
        shelf text NOT NULL,
        value jsonb NOT NULL,
        PRIMARY KEY (guild_id, shelf)
      );
      -- Records kept per member (names, a member's record of a film, undo), keyed by member and a second key
      -- ('' when the shelf has one key). position keeps insertion order, which undo relies on.
      CREATE TABLE member_records (
        guild_id text NOT NULL REFERENCES guilds ON DELETE CASCADE,
        shelf text NOT NULL,
        user_id text NOT NULL,
        record_key text NOT NULL,
        value jsonb NOT NULL,
        position bigserial NOT NULL,
        PRIMARY KEY (guild_id, shelf, user_id, record_key)
      );
      -- "A film's records in this server" (card figures, seen by) without scanning every member.
      CREATE INDEX member_records_by_key ON member_records (guild_id, shelf, record_key);
      -- Append-only logs (the activity feed), read newest first.
      CREATE TABLE log_items (
        guild_id text NOT NULL REFERENCES guilds ON DELETE CASCADE,
        shelf text NOT NULL,
        item_id text NOT NULL,
        item jsonb NOT NULL,
        position bigserial NOT NULL,
        PRIMARY KEY (guild_id, shelf, item_id)
      );
      CREATE INDEX log_items_by_position ON log_items (guild_id, shelf, position DESC);
    `,
  },
  {
    version: 2,
    sql: `
      -- Ranked places inside a per-server record (a list's films: shelf 'lists', group = the list's id, item = the
      -- film): one row per entry beside the record, so the database itself refuses two entries at one place of a
      -- group. Deferred to COMMIT, so a move that renumbers a list may pass through a repeated position mid-batch.
      CREATE TABLE IF NOT EXISTS ordered_entries (
        guild_id text NOT NULL REFERENCES guilds ON DELETE CASCADE,
        shelf text NOT NULL,
        group_key text NOT NULL,
        item_key text NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        PRIMARY KEY (guild_id, shelf, group_key, item_key),
        CONSTRAINT ordered_entries_one_per_position UNIQUE (guild_id, shelf, group_key, position) DEFERRABLE INITIALLY DEFERRED
      );
      -- Each per-server record's revision: a writer stores a record only over the revision it last read, so a process
      -- writing from a stale copy (two processes briefly on one shard) fails instead of erasing the other's change.
      ALTER TABLE guild_values ADD COLUMN IF NOT EXISTS revision bigint NOT NULL DEFAULT 0;
      -- One write batch, in one statement and so one round trip (the client calls it outside BEGIN: the call is its
      -- own transaction, committed, WAL flushed, before the answer comes back). The batch is one JSON document (one
      -- JSON.stringify in the bot, rather than one escaped array literal per column). It first takes the server's
      -- advisory lock (the one backups read under), then writes the batch's net effect: each record either stored
      -- or deleted, each log item either added (in the document's order, which position keeps) or removed, each
      -- ranked entry either placed or taken out.
      CREATE OR REPLACE FUNCTION marquee_commit_batch(p_guild text, p_version integer, p_batch jsonb) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        fenced integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(p_guild));
        INSERT INTO guilds AS g (guild_id, schema_version) VALUES (p_guild, p_version)
          ON CONFLICT (guild_id) DO UPDATE SET schema_version = EXCLUDED.schema_version WHERE g.schema_version <> EXCLUDED.schema_version;
        WITH written AS (
          INSERT INTO guild_values AS g (guild_id, shelf, value, revision)
          SELECT p_guild, v.shelf, v.value, v.revision + 1 FROM jsonb_to_recordset(p_batch->'values') AS v(shelf text, value jsonb, revision bigint)
          ON CONFLICT (guild_id, shelf) DO UPDATE SET value = EXCLUDED.value, revision = EXCLUDED.revision
            WHERE g.revision = EXCLUDED.revision - 1
          RETURNING 1
        )
        SELECT count(*) INTO fenced FROM written;
        IF fenced <> jsonb_array_length(p_batch->'values') THEN
          RAISE EXCEPTION 'Server % was changed by another process since this one read it; nothing of this write was stored', p_guild
            USING ERRCODE = 'serialization_failure';
        END IF;
        DELETE FROM member_records m USING jsonb_to_recordset(p_batch->'deleted') AS d(shelf text, user_id text, record_key text)
          WHERE m.guild_id = p_guild AND m.shelf = d.shelf AND m.user_id = d.user_id AND m.record_key = d.record_key;
        INSERT INTO member_records (guild_id, shelf, user_id, record_key, value)
          SELECT p_guild, r.shelf, r.user_id, r.record_key, r.value
          FROM ROWS FROM (jsonb_to_recordset(p_batch->'stored') AS (shelf text, user_id text, record_key text, value jsonb)) WITH ORDINALITY AS r(shelf, user_id, record_key, value, n)
          ORDER BY r.n
          ON CONFLICT (guild_id, shelf, user_id, record_key) DO UPDATE SET value = EXCLUDED.value;
        DELETE FROM log_items l USING jsonb_to_recordset(p_batch->'removed') AS d(shelf text, item_id text)
          WHERE l.guild_id = p_guild AND l.shelf = d.shelf AND l.item_id = d.item_id;
        INSERT INTO log_items (guild_id, shelf, item_id, item)
          SELECT p_guild, a.shelf, a.item_id, a.item
          FROM ROWS FROM (jsonb_to_recordset(p_batch->'added') AS (shelf text, item_id text, item jsonb)) WITH ORDINALITY AS a(shelf, item_id, item, n)
          ORDER BY a.n
          ON CONFLICT DO NOTHING;
        DELETE FROM ordered_entries o USING jsonb_to_recordset(p_batch->'unplaced') AS d(shelf text, group_key text, item_key text)
          WHERE o.guild_id = p_guild AND o.shelf = d.shelf AND o.group_key = d.group_key AND o.item_key = d.item_key;
        INSERT INTO ordered_entries (guild_id, shelf, group_key, item_key, position)
          SELECT p_guild, e.shelf, e.group_key, e.item_key, e.position
          FROM jsonb_to_recordset(p_batch->'placed') AS e(shelf text, group_key text, item_key text, position integer)
          ON CONFLICT (guild_id, shelf, group_key, item_key) DO UPDATE SET position = EXCLUDED.position;
      END $$;
    `,
  },
  {
    version: 3,
    sql: `
      -- marquee_commit_batch's work for less of the server's CPU per write (measured: bench/postgresCommit.ts), same
      -- effect: a batch names only the kinds of change it holds (most hold three of the seven, none of them a deletion)
      -- and an absent kind runs no statement; the server's row is only written when missing or of another schema
      -- version (the upsert locked, and so dirtied, that row on every write); and a few deletions are one primary-key
      -- lookup each. The set-based DELETE … USING jsonb_to_recordset(…) was planned as a join that reads every row of
      -- the server: once a member has UNDO_PER_MEMBER undo records, or the feed ACTIVITY_LIMIT items, every diary write
      -- deletes one, and paid for the server's size. A burst's batch deletes hundreds (500 presses: 500 feed items and
      -- undo records), where one statement per row cost 0.5 s (bench:store, 500 presses 199 → 749 ms): past \`few\`
      -- rows a kind is deleted set-based again, which then pays for the server's size once, not per row. marquee_commit_batch stays for processes of the previous version
      -- during a rolling restart.
      CREATE OR REPLACE FUNCTION marquee_commit(p_guild text, p_version integer, p_batch jsonb) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        fenced integer;
        r record;
        few constant integer := 16;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(p_guild));
        PERFORM 1 FROM guilds WHERE guild_id = p_guild AND schema_version = p_version;
        IF NOT FOUND THEN
          INSERT INTO guilds AS g (guild_id, schema_version) VALUES (p_guild, p_version)
            ON CONFLICT (guild_id) DO UPDATE SET schema_version = EXCLUDED.schema_version WHERE g.schema_version <> EXCLUDED.schema_version;
        END IF;
        IF p_batch ? 'values' THEN
          WITH written AS (
            INSERT INTO guild_values AS g (guild_id, shelf, value, revision)
            SELECT p_guild, v.shelf, v.value, v.revision + 1 FROM jsonb_to_recordset(p_batch->'values') AS v(shelf text, value jsonb, revision bigint)
            ON CONFLICT (guild_id, shelf) DO UPDATE SET value = EXCLUDED.value, revision = EXCLUDED.revision
              WHERE g.revision = EXCLUDED.revision - 1
            RETURNING 1
          )
          SELECT count(*) INTO fenced FROM written;
          IF fenced <> jsonb_array_length(p_batch->'values') THEN
            RAISE EXCEPTION 'Server % was changed by another process since this one read it; nothing of this write was stored', p_guild
              USING ERRCODE = 'serialization_failure';
          END IF;
        END IF;
        IF jsonb_array_length(COALESCE(p_batch->'deleted', '[]')) > few THEN
          DELETE FROM member_records m USING jsonb_to_recordset(p_batch->'deleted') AS d(shelf text, user_id text, record_key text)
            WHERE m.guild_id = p_guild AND m.shelf = d.shelf AND m.user_id = d.user_id AND m.record_key = d.record_key;
        ELSIF p_batch ? 'deleted' THEN
          FOR r IN SELECT * FROM jsonb_to_recordset(p_batch->'deleted') AS d(shelf text, user_id text, record_key text) LOOP
            DELETE FROM member_records WHERE guild_id = p_guild AND shelf = r.shelf AND user_id = r.user_id AND record_key = r.record_key;
          END LOOP;
        END IF;
        IF p_batch ? 'stored' THEN
          INSERT INTO member_records (guild_id, shelf, user_id, record_key, value)
            SELECT p_guild, s.shelf, s.user_id, s.record_key, s.value
            FROM ROWS FROM (jsonb_to_recordset(p_batch->'stored') AS (shelf text, user_id text, record_key text, value jsonb)) WITH ORDINALITY AS s(shelf, user_id, record_key, value, n)
            ORDER BY s.n
            ON CONFLICT (guild_id, shelf, user_id, record_key) DO UPDATE SET value = EXCLUDED.value;
        END IF;
        IF jsonb_array_length(COALESCE(p_batch->'removed', '[]')) > few THEN
          DELETE FROM log_items l USING jsonb_to_recordset(p_batch->'removed') AS d(shelf text, item_id text)
            WHERE l.guild_id = p_guild AND l.shelf = d.shelf AND l.item_id = d.item_id;
        ELSIF p_batch ? 'removed' THEN
          FOR r IN SELECT * FROM jsonb_to_recordset(p_batch->'removed') AS d(shelf text, item_id text) LOOP
            DELETE FROM log_items WHERE guild_id = p_guild AND shelf = r.shelf AND item_id = r.item_id;
          END LOOP;
        END IF;
        IF p_batch ? 'added' THEN
          INSERT INTO log_items (guild_id, shelf, item_id, item)
            SELECT p_guild, a.shelf, a.item_id, a.item
            FROM ROWS FROM (jsonb_to_recordset(p_batch->'added') AS (shelf text, item_id text, item jsonb)) WITH ORDINALITY AS a(shelf, item_id, item, n)
            ORDER BY a.n
            ON CONFLICT DO NOTHING;
        END IF;
        IF jsonb_array_length(COALESCE(p_batch->'unplaced', '[]')) > few THEN
          DELETE FROM ordered_entries o USING jsonb_to_recordset(p_batch->'unplaced') AS d(shelf text, group_key text, item_key text)
            WHERE o.guild_id = p_guild AND o.shelf = d.shelf AND o.group_key = d.group_key AND o.item_key = d.item_key;
        ELSIF p_batch ? 'unplaced' THEN
          FOR r IN SELECT * FROM jsonb_to_recordset(p_batch->'unplaced') AS d(shelf text, group_key text, item_key text) LOOP
            DELETE FROM ordered_entries WHERE guild_id = p_guild AND shelf = r.shelf AND group_key = r.group_key AND item_key = r.item_key;
          END LOOP;
        END IF;
        IF p_batch ? 'placed' THEN
          INSERT INTO ordered_entries (guild_id, shelf, group_key, item_key, position)
            SELECT p_guild, e.shelf, e.group_key, e.item_key, e.position
            FROM jsonb_to_recordset(p_batch->'placed') AS e(shelf text, group_key text, item_key text, position integer)
            ON CONFLICT (guild_id, shelf, group_key, item_key) DO UPDATE SET position = EXCLUDED.position;
        END IF;
      END $$;
    `,
  },
];

/** Member rows fetched per round trip when a server is loaded. */
const LOAD_CHUNK_ROWS = 5000;

/** Serializes migrations of concurrent starts (an arbitrary constant naming Marquee's migration lock). */
const MIGRATION_LOCK = 0x6d61727175;

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** A schema of its own (created if missing) instead of the connection's default: tests isolate stores this way. */
  schema?: string;
}

/** PostgreSQL could not be reached or prepared at start: one line saying where and why. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/**
 * What this process last read or wrote of a server's per-server records: each one's revision (a write is stored only
 * over it) and the ranked entries inside them as the database holds them (a write sends only the entries it moves).
 */
interface Baseline {
  revisions: Map<string, number>;
  /** shelf → `group\0item` → position */
  ordered: Map<string, Map<string, number>>;
}

/**
 * The PostgreSQL backend: each record a row, each write batch one transaction touching only the rows it changes.
 * Per-server ordering holds in the database too: every transaction of a server first takes that server's
 * transaction-scoped advisory lock, so writers in several processes apply one server's batches one at a time; a
 * per-server record is only written over the revision this process read (a process on a stale copy fails instead
 * of erasing another's change), and ranked entries (list positions) are unique in the database itself.
 */
class PostgresRecords implements RecordPersistence {
  readonly mayCommitOnFailure = true;
  readonly #pool: pg.Pool;
  readonly #layout: Layout;
  readonly #baselines = new Map<string, Baseline>();
  get layout(): Layout {
    return this.#layout;
  }

  constructor(pool: pg.Pool, layout: Layout) {
    this.#pool = pool;
    this.#layout = layout;
  }

  async load(guildId: string): Promise<Doc | undefined> {
    assertGuildId(guildId);
    // Whatever this process knew of the server is replaced by what it reads now (a reload follows a failed write).
    this.#baselines.delete(guildId);
    const guild = await this.#pool.query<{ schema_version: number }>('SELECT schema_version FROM guilds WHERE guild_id = $1', [guildId]);
    const row = guild.rows[0];
    if (!row) {
      this.#baselines.set(guildId, emptyBaseline());
      return undefined;
    }
    const where = (table: string) => `PostgreSQL ${table} of server ${guildId}`;
    if (row.schema_version > this.#layout.version) {
      throw new CorruptGuildDataError(where('guilds row'), `written by a newer Marquee (schema version ${row.schema_version}; this one reads up to ${this.#layout.version})`);
    }
    const document = emptyDocument(this.#layout);
    const baseline = emptyBaseline();
    // One read-only snapshot for the whole server (writers of other processes may commit meanwhile), its member
    // records fetched through a cursor 5,000 rows at a time: a million rows fetched in one result
    // would sit in memory twice (pg's rows and the records built from them) and stall the process for seconds.
    const client = await this.#pool.connect();
    let failed: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const values = await client.query<{ shelf: string; value: unknown; revision: string }>('SELECT shelf, value, revision FROM guild_values WHERE guild_id = $1', [guildId]);
      for (const { shelf: field, value, revision } of values.rows) {
        baseline.revisions.set(field, Number(revision));
        const shelf = this.#shelf(field, 'value');
        if (shelf) document[field] = parseRow(shelf.schema, value, where('guild_values'), field);
      }
      const ordered = await client.query<{ shelf: string; group_key: string; item_key: string; position: number }>(
        'SELECT shelf, group_key, item_key, position FROM ordered_entries WHERE guild_id = $1',
        [guildId],
      );
      for (const { shelf, group_key: group, item_key: item, position } of ordered.rows) {
        const entries = baseline.ordered.get(shelf) ?? baseline.ordered.set(shelf, new Map()).get(shelf)!;
        entries.set(orderedKey(group, item), position);
      }
      // Shelves by name, looked up once per load rather than once per row.
      const keyed = new Map<string, Extract<Shelf, { kind: 'keyed' }> | undefined>();
      // Each row's JSON is parsed into strings of its own; dates and other short values recur across a server's
      // records (a day is shared by every viewing logged on it), so one copy of each is kept for the whole load.
      const shared = new Map<string, string>();
      await client.query('DECLARE member_rows NO SCROLL CURSOR FOR SELECT shelf, user_id, record_key, value FROM member_records WHERE guild_id = $1 ORDER BY position', [guildId]);
      for (;;) {
        const records = await client.query<{ shelf: string; user_id: string; record_key: string; value: unknown }>(`FETCH ${LOAD_CHUNK_ROWS} FROM member_rows`);
        for (const { shelf: field, user_id: userId, record_key: key, value } of records.rows) {
          const shelf = keyed.get(field) ?? keyed.set(field, this.#shelf(field, 'keyed')).get(field);
          if (!shelf) continue;
          const map = document[field] as Plain;
          const record = shareAndFreeze(parseRow(shelf.value, value, where('member_records'), () => `${field}.${userId}${key ? `.${key}` : ''}`), shared);
          if (shelf.keys.length === 1) map[userId] = record;
          else ((map[userId] ??= {}) as Plain)[key] = record;
        }
        if (records.rows.length < LOAD_CHUNK_ROWS) break;
      }
      const items = await client.query<{ shelf: string; item: unknown }>('SELECT shelf, item FROM log_items WHERE guild_id = $1 ORDER BY position', [guildId]);
      for (const { shelf: field, item } of items.rows) {
        const shelf = this.#shelf(field, 'log');
        if (shelf) (document[field] as unknown[]).push(parseRow(shelf.item, item, where('log_items'), field));
      }
      await client.query('COMMIT');
    } catch (error) {
      failed = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-load is dropped rather than handed to the next caller.
      client.release(failed);
    }
    this.#baselines.set(guildId, baseline);
    return deepFreeze(document);
  }

  /**
   * One transaction for a write batch, in one round trip whatever the batch holds: a single call of
   * marquee_commit (see MIGRATIONS), outside BEGIN, so it commits (and its WAL is flushed) before it answers.
   * It writes the batch's net effect: the last value of each record, log items added and not removed again, the
   * ranked entries that moved. A batch of 500 presses costs what one press costs, plus its rows.
   */
  async commit(guildId: string, changes: readonly Change[]): Promise<void> {
    assertGuildId(guildId);
    const baseline = this.#baselines.get(guildId) ?? emptyBaseline();
    const net = netEffect(this.#layout, changes);
    const deleted = [...net.records.values()].filter((record) => record.value === undefined);
    const stored = [...net.records.values()].filter((record) => record.value !== undefined);
    const removed = [...net.logs].flatMap(([field, log]) => [...log.removed].map((id) => [field, id] as const));
    const added = [...net.logs].flatMap(([field, log]) => [...log.added].map(([id, item]) => [field, id, item] as const));
    const moves = this.#orderedMoves(baseline, net.values);
    const batch = {
      values: [...net.values].map(([shelf, value]) => ({ shelf, value, revision: baseline.revisions.get(shelf) ?? 0 })),
      deleted: deleted.map((record) => ({ shelf: record.field, user_id: record.userId, record_key: record.key })),
      stored: stored.map((record) => ({ shelf: record.field, user_id: record.userId, record_key: record.key, value: record.value })),
      removed: removed.map(([shelf, id]) => ({ shelf, item_id: id })),
      added: added.map(([shelf, id, item]) => ({ shelf, item_id: id, item })),
      unplaced: moves.unplaced.map((entry) => ({ shelf: entry.shelf, group_key: entry.group, item_key: entry.item })),
      placed: moves.placed.map((entry) => ({ shelf: entry.shelf, group_key: entry.group, item_key: entry.item, position: entry.position })),
    };
    // Only the kinds of change the batch holds: marquee_commit runs no statement for a kind left out (migration 3).
    const present = Object.fromEntries(Object.entries(batch).filter(([, rows]) => rows.length > 0));
    await this.#pool.query({ name: 'marquee_commit_v3', text: 'SELECT marquee_commit($1, $2, $3)', values: [guildId, this.#layout.version, JSON.stringify(present)] });
    // Stored: this is now what the database holds.
    for (const field of net.values.keys()) baseline.revisions.set(field, (baseline.revisions.get(field) ?? 0) + 1);
    for (const [field, entries] of moves.after) baseline.ordered.set(field, entries);
    this.#baselines.set(guildId, baseline);
  }

  /** The ranked entries a batch's per-server records place anew (or elsewhere) and take out, against what is stored. */
  #orderedMoves(baseline: Baseline, values: ReadonlyMap<string, unknown>) {
    const placed: (OrderedEntry & { shelf: string })[] = [];
    const unplaced: (OrderedEntry & { shelf: string })[] = [];
    const after = new Map<string, Map<string, number>>();
    for (const [field, value] of values) {
      const shelf = this.#shelf(field, 'value');
      if (!shelf?.ordered) continue;
      const before = baseline.ordered.get(field) ?? new Map<string, number>();
      const now = new Map<string, number>();
      for (const entry of shelf.ordered(value)) {
        const key = orderedKey(entry.group, entry.item);
        now.set(key, entry.position);
        if (before.get(key) !== entry.position) placed.push({ shelf: field, ...entry });
      }
      for (const [key, position] of before) {
        if (now.has(key)) continue;
        const [group = '', item = ''] = key.split('\0');
        unplaced.push({ shelf: field, group, item, position });
      }
      after.set(field, now);
    }
    return { placed, unplaced, after };
  }

  async list(): Promise<string[]> {
    return (await this.#pool.query<{ guild_id: string }>('SELECT guild_id FROM guilds')).rows.map((row) => row.guild_id);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  #shelf<K extends Shelf['kind']>(field: string, kind: K): Extract<Shelf, { kind: K }> | undefined {
    const shelf = this.#layout.shelves.find((candidate) => candidate.field === field);
    return shelf?.kind === kind ? (shelf as Extract<Shelf, { kind: K }>) : undefined;
  }
}

function emptyBaseline(): Baseline {
  return { revisions: new Map(), ordered: new Map() };
}

/** A ranked entry's identity within its shelf (group and item ids never hold a NUL). */
function orderedKey(group: string, item: string): string {
  return `${group}\0${item}`;
}

interface NetEffect {
  values: Map<string, unknown>;
  records: Map<string, { field: string; userId: string; key: string; value: unknown }>;
  logs: Map<string, { added: Map<string, unknown>; removed: Set<string> }>;
}

/** What a batch of changes amounts to: every change is absolute, so the last one of each record wins. */
function netEffect(layout: Layout, changes: readonly Change[]): NetEffect {
  const net: NetEffect = { values: new Map(), records: new Map(), logs: new Map() };
  for (const change of changes) {
    if (change.kind === 'value') {
      net.values.set(change.field, change.value);
    } else if (change.kind === 'keyed') {
      const [userId = '', key = ''] = change.key;
      const id = `${change.field}\0${userId}\0${key}`;
      net.records.delete(id);
      net.records.set(id, { field: change.field, userId, key, value: change.value });
    } else {
      const shelf = layout.shelves.find((candidate) => candidate.field === change.field) as Extract<Shelf, { kind: 'log' }>;
      let log = net.logs.get(change.field);
      if (!log) net.logs.set(change.field, (log = { added: new Map(), removed: new Set() }));
      for (const id of change.removed) if (!log.added.delete(id)) log.removed.add(id);
      for (const item of change.added) {
        // Removed then added again (a replay): the row stays, so neither statement may touch it.
        const id = shelf.id(item);
        if (log.removed.delete(id)) continue;
        log.added.set(id, item);
      }
    }
  }
  return net;
}

/** `2024-01-31` and `2024-01-31T20:15:00.000Z`: a day or a moment, values that recur across records. */
function isDateShaped(text: string): boolean {
  return text.length >= 10 && text.length <= 32 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45;
}

/**
 * Freezes a freshly parsed record (nothing else refers to it yet), replacing each date in it by the one copy
 * `shared` keeps: at a million records, dates are tens of MB of copies of a few thousand values. (Ids and other
 * strings are mostly unique: keeping them in the map would cost more than it saves.)
 */
function shareAndFreeze<T>(value: T, shared: Map<string, string>): T {
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Record<string, unknown>;
  for (const key in node) {
    const child = node[key];
    if (typeof child === 'string') {
      if (!isDateShaped(child)) continue;
      const one = shared.get(child);
      if (one === undefined) shared.set(child, child);
      else node[key] = one;
    } else if (typeof child === 'object' && child !== null) {
      shareAndFreeze(child, shared);
    }
  }
  return Object.freeze(value);
}

/** `where` names the record in an error (a function: a load builds it only for a bad row, not for a million good ones). */
function parseRow(schema: ZodType, value: unknown, location: string, where: string | (() => string)): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const named = typeof where === 'string' ? where : where();
  const issues = result.error.issues.slice(0, 3).map((issue) => `${[named, ...issue.path].join('.')}: ${issue.message}`);
  throw new CorruptGuildDataError(location, issues.join('; '));
}

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS marquee_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM marquee_migrations')).rows.map((row) => row.version));
      for (const { version, sql } of MIGRATIONS) {
        if (done.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO marquee_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.push(version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}

/** `postgres://user@host:5432/db` without the password, for messages. */
export function describeDatabase(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    return url.toString().replace(/:@/, '@');
  } catch {
    return 'the PostgreSQL server in DATABASE_URL';
  }
}

/**
 * Connects, applies pending migrations and returns the store. Throws DatabaseUnavailableError (one line, no
 * password) when the server cannot be reached or prepared.
 */
export async function openPostgresGuildStore(options: PostgresStoreOptions): Promise<GuildStore> {
  const records = await openPostgresRecords(options);
  return new RecordStore(records.layout, records);
}

/**
 * A pool on `connectionString` (in `schema`, created if need be), migrated by `migrateWith`: the store's tables here,
 * scale-out's own beside them. Unreachable or refused: a DatabaseUnavailableError naming the database (never the password).
 */
export async function openMigratedPool(
  options: { connectionString: string; schema?: string; poolSize: number },
  migrateWith: (pool: pg.Pool) => Promise<unknown>,
): Promise<pg.Pool> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`Not a schema name: ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migrateWith(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`Cannot use PostgreSQL at ${describeDatabase(options.connectionString)}: ${(error as Error).message}`);
  }
  return pool;
}

/** The record persistence under openPostgresGuildStore, connected and migrated. */
export async function openPostgresRecords(options: PostgresStoreOptions): Promise<RecordPersistence & { readonly layout: Layout }> {
  const pool = await openMigratedPool({ connectionString: options.connectionString, schema: options.schema, poolSize: options.poolSize ?? 10 }, migrate);
  return new PostgresRecords(pool, guildLayout());
}
