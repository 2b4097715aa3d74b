import pg from 'pg';
import { openMigratedPool } from '../store/postgresStore.js';

/**
 * Scale-out's own tables, migrated like the store's (one transaction per step, recorded, serialized by an advisory
 * lock) but listed apart in `marquee_scale_migrations`, so the store's migration list stays the store's.
 * Never edit a released step: add the next one.
 */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      -- Due work shared by every process on this database (party reminders): a row is a claim, with a lease that
      -- runs out if its holder dies, and the nonce every attempt sends with so Discord drops a repeated message.
      CREATE TABLE marquee_due_work (
        work_key text PRIMARY KEY,
        guild_id text NOT NULL,
        due_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'skipped', 'unconfirmed')),
        owner text NOT NULL,
        lease_until timestamptz NOT NULL,
        nonce text NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX marquee_due_work_by_owner ON marquee_due_work (owner) WHERE state = 'claimed';
      CREATE INDEX marquee_due_work_by_guild ON marquee_due_work (guild_id, due_at);
    `,
  },
  {
    version: 2,
    sql: `
      -- A reminder that is planned but not yet due is a 'scheduled' row: an index of the servers that have
      -- reminders, so a starting process reads those servers only instead of every server (a restart then costs
      -- what the pending reminders cost, not what the data costs). The server's document stays the truth: a row is
      -- a hint that the server must be read, and claiming turns it into the claim.
      ALTER TABLE marquee_due_work DROP CONSTRAINT marquee_due_work_state_check;
      ALTER TABLE marquee_due_work ADD CONSTRAINT marquee_due_work_state_check
        CHECK (state IN ('scheduled', 'claimed', 'sent', 'failed', 'skipped', 'unconfirmed'));
      CREATE INDEX marquee_due_work_open ON marquee_due_work (guild_id) WHERE state IN ('scheduled', 'claimed');
      -- Scopes (a shard of a shard count) whose servers have all been indexed once: until then a process running
      -- that shard reads all its servers at start, and indexes them.
      CREATE TABLE marquee_due_work_scopes (scope text PRIMARY KEY, indexed_at timestamptz NOT NULL DEFAULT now());
    `,
  },
];

const SCALE_MIGRATION_LOCK = 0x6d71736361;

export interface ScaleDatabaseOptions {
  connectionString: string;
  /** A schema of its own (as the store's option): tests isolate databases this way. */
  schema?: string;
  poolSize?: number;
}

/** A small pool for scale-out's tables (the store keeps its own), connected and migrated. */
export async function openScaleDatabase(options: ScaleDatabaseOptions): Promise<pg.Pool> {
  return openMigratedPool({ connectionString: options.connectionString, schema: options.schema, poolSize: options.poolSize ?? 3 }, migrateScale);
}

async function migrateScale(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCALE_MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS marquee_scale_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM marquee_scale_migrations')).rows.map((row) => row.version));
      for (const { version, sql } of MIGRATIONS) {
        if (done.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO marquee_scale_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SCALE_MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
