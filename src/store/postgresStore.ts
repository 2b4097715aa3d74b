import pg from 'pg';
import type { ZodType } from 'zod';
import { deepFreeze, emptyDocument } from './document.js';
import { CorruptGuildDataError } from './errors.js';
import { assertGuildId } from './guildData.js';
import type { GuildStore } from './GuildStore.js';
import type { Change, Layout, Shelf } from './layout.js';
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
 * The PostgreSQL backend: each record a row, each write batch one transaction touching only the rows it changes.
 * Per-server ordering holds in the database too: every transaction of a server first takes that server's
 * transaction-scoped advisory lock, so writers in several processes apply one server's batches one at a time.
 */
class PostgresRecords implements RecordPersistence {
  readonly mayCommitOnFailure = true;
  readonly #pool: pg.Pool;
  readonly #layout: Layout;
  get layout(): Layout {
    return this.#layout;
  }

  constructor(pool: pg.Pool, layout: Layout) {
    this.#pool = pool;
    this.#layout = layout;
  }

  async load(guildId: string): Promise<Doc | undefined> {
    assertGuildId(guildId);
    const guild = await this.#pool.query<{ schema_version: number }>('SELECT schema_version FROM guilds WHERE guild_id = $1', [guildId]);
    const row = guild.rows[0];
    if (!row) return undefined;
    const where = (table: string) => `PostgreSQL ${table} of server ${guildId}`;
    if (row.schema_version > this.#layout.version) {
      throw new CorruptGuildDataError(where('guilds row'), `written by a newer Marquee (schema version ${row.schema_version}; this one reads up to ${this.#layout.version})`);
    }
    const document = emptyDocument(this.#layout);
    // One read-only snapshot for the whole server (writers of other processes may commit meanwhile), its member
    // records fetched through a cursor 5,000 rows at a time: a million rows fetched in one result
    // would sit in memory twice (pg's rows and the records built from them) and stall the process for seconds.
    const client = await this.#pool.connect();
    let failed: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const values = await client.query<{ shelf: string; value: unknown }>('SELECT shelf, value FROM guild_values WHERE guild_id = $1', [guildId]);
      for (const { shelf: field, value } of values.rows) {
        const shelf = this.#shelf(field, 'value');
        if (shelf) document[field] = parseRow(shelf.schema, value, where('guild_values'), field);
      }
      // Shelves by name, looked up once per load rather than once per row.
      const keyed = new Map<string, Extract<Shelf, { kind: 'keyed' }> | undefined>();
      await client.query('DECLARE member_rows NO SCROLL CURSOR FOR SELECT shelf, user_id, record_key, value FROM member_records WHERE guild_id = $1 ORDER BY position', [guildId]);
      for (;;) {
        const records = await client.query<{ shelf: string; user_id: string; record_key: string; value: unknown }>(`FETCH ${LOAD_CHUNK_ROWS} FROM member_rows`);
        for (const { shelf: field, user_id: userId, record_key: key, value } of records.rows) {
          const shelf = keyed.get(field) ?? keyed.set(field, this.#shelf(field, 'keyed')).get(field);
          if (!shelf) continue;
          const map = document[field] as Plain;
          const record = deepFreeze(parseRow(shelf.value, value, where('member_records'), () => `${field}.${userId}${key ? `.${key}` : ''}`));
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
    return deepFreeze(document);
  }

  /**
   * One transaction for a write batch, in one round trip whatever the batch holds: one prepared statement (a
   * statement is its own transaction) that takes the server's advisory lock and writes the batch's net effect (the
   * last value of each record, log items added and not removed again) with one data-modifying CTE per kind of row.
   * A batch of 500 presses costs what one press costs, plus its rows.
   */
  async commit(guildId: string, changes: readonly Change[]): Promise<void> {
    assertGuildId(guildId);
    const net = netEffect(this.#layout, changes);
    const deleted = [...net.records.values()].filter((record) => record.value === undefined);
    const stored = [...net.records.values()].filter((record) => record.value !== undefined);
    const removed = [...net.logs].flatMap(([field, log]) => [...log.removed].map((id) => [field, id] as const));
    const added = [...net.logs].flatMap(([field, log]) => [...log.added].map(([id, item]) => [field, id, item] as const));
    // No BEGIN/COMMIT around it: BEGIN + lock, the statement and COMMIT were three round trips (and three wake-ups
    // of the server) per write; the one statement is atomic all the same (see COMMIT_BATCH for the lock).
    await this.#pool.query({
      name: 'marquee_commit_v2',
      text: COMMIT_BATCH,
      values: [
        guildId,
        this.#layout.version,
        [...net.values.keys()],
        [...net.values.values()].map((value) => JSON.stringify(value)),
        deleted.map((record) => record.field),
        deleted.map((record) => record.userId),
        deleted.map((record) => record.key),
        stored.map((record) => record.field),
        stored.map((record) => record.userId),
        stored.map((record) => record.key),
        stored.map((record) => JSON.stringify(record.value)),
        removed.map(([field]) => field),
        removed.map(([, id]) => id),
        added.map(([field]) => field),
        added.map(([, id]) => id),
        added.map(([, , item]) => JSON.stringify(item)),
      ],
    });
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

/**
 * A batch's net effect in one statement. Each CTE touches rows no other one does (netEffect leaves a record
 * either deleted or stored, a log item either removed or added), so they cannot see each other's work and need
 * not. Insertion order (position) follows the arrays' order.
 * Every part reads from `lock` (the server's transaction-scoped advisory lock, VOLATILE, so evaluated once, never
 * inlined): no row is written before the lock is held, so writers of one server in several processes still apply
 * their batches one at a time. The statement's snapshot is taken before the lock is granted, so a DELETE here does
 * not see a row another process inserted while this one waited (rows it updated, it does see); a process deletes
 * only records it has read or written itself, which were there before, so only two processes editing the same
 * record during a shard hand-over could differ from taking the lock in a statement of its own.
 */
const COMMIT_BATCH = `
  WITH lock AS (
    SELECT pg_advisory_xact_lock(hashtext($1))
  ), guild AS (
    INSERT INTO guilds (guild_id, schema_version) SELECT $1, $2::integer FROM lock
    ON CONFLICT (guild_id) DO UPDATE SET schema_version = EXCLUDED.schema_version
  ), set_values AS (
    INSERT INTO guild_values (guild_id, shelf, value) SELECT $1, shelf, value FROM lock, unnest($3::text[], $4::jsonb[]) AS v(shelf, value)
    ON CONFLICT (guild_id, shelf) DO UPDATE SET value = EXCLUDED.value
  ), delete_records AS (
    DELETE FROM member_records m USING lock, unnest($5::text[], $6::text[], $7::text[]) AS d(shelf, user_id, record_key)
    WHERE m.guild_id = $1 AND m.shelf = d.shelf AND m.user_id = d.user_id AND m.record_key = d.record_key
  ), store_records AS (
    INSERT INTO member_records (guild_id, shelf, user_id, record_key, value)
    SELECT $1, shelf, user_id, record_key, value
    FROM lock, unnest($8::text[], $9::text[], $10::text[], $11::jsonb[]) WITH ORDINALITY AS r(shelf, user_id, record_key, value, n) ORDER BY n
    ON CONFLICT (guild_id, shelf, user_id, record_key) DO UPDATE SET value = EXCLUDED.value
  ), remove_items AS (
    DELETE FROM log_items l USING lock, unnest($12::text[], $13::text[]) AS d(shelf, item_id)
    WHERE l.guild_id = $1 AND l.shelf = d.shelf AND l.item_id = d.item_id
  )
  INSERT INTO log_items (guild_id, shelf, item_id, item)
  SELECT $1, shelf, item_id, item FROM lock, unnest($14::text[], $15::text[], $16::jsonb[]) WITH ORDINALITY AS a(shelf, item_id, item, n) ORDER BY n
  ON CONFLICT DO NOTHING`;

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
