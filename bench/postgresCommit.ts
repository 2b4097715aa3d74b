/**
 * What one write batch costs PostgreSQL's CPU (`npx tsx bench/postgresCommit.ts [commits=2000]`): the store's commit
 * function of migration 2 (`marquee_commit_batch`, every kind of change always sent, empty or not) against that of
 * migration 3 (`marquee_commit`, only the kinds present), on the same /watched-shaped batches (the id counter, the
 * member's name, their record of the film, an undo record, a feed item), with and without the deletion a member's
 * 21st undo record brings (UNDO_PER_MEMBER): in a server in service every diary write deletes one. One server of
 * 50 members; CPU of the server's processes (the postmaster, its exited children, and the backends), from /proc.
 */
import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import { openPostgresGuildStore } from '../src/store/postgresStore.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { startTestPostgres } from '../tests/support/postgres.js';
import { countsFrom } from './lib/args.js';
import { table } from './lib/stats.js';

const [commits = 2000] = countsFrom(process.argv.slice(2, 3), 'bench/postgresCommit.ts (commits)');

/** CPU seconds the PostgreSQL server on `port` has used: the postmaster with its exited children, and its live children. */
async function serverCpu(port: string): Promise<number> {
  const processes: { pid: number; ppid: number; cmdline: string; own: number; exited: number }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    processes.push({ pid: Number(entry), ppid: Number(fields[1]), cmdline, own: Number(fields[11]) + Number(fields[12]), exited: Number(fields[13]) + Number(fields[14]) });
  }
  const postmaster = processes.find((p) => p.cmdline.includes('postgres') && p.cmdline.split('\0').join(' ').includes(` -p ${port}`));
  if (!postmaster) throw new Error(`no PostgreSQL server on port ${port}`);
  return (postmaster.own + postmaster.exited + processes.filter((p) => p.ppid === postmaster.pid).reduce((sum, p) => sum + p.own, 0)) / 100;
}

const server = await startTestPostgres({ durable: true });
const port = new URL(server.url).port;
const GUILD = '123456789012345678';
const store = await openPostgresGuildStore({ connectionString: server.url, poolSize: 2 });
await store.update(GUILD, (data) => void (data.seq = 1));
await store.close();
const client = new pg.Client({ connectionString: server.url });
await client.connect();

const at = '2024-05-17T10:00:00.000Z';
const record = (n: number) => ({ diary: Array.from({ length: 3 }, (_, i) => ({ id: `d${n}-${i}`, watchedOn: '2024-05-17', loggedAt: at })) });
let revision = Number((await client.query<{ revision: string }>("SELECT revision FROM guild_values WHERE guild_id = $1 AND shelf = 'seq'", [GUILD])).rows[0]!.revision);
let seq = 0;

/** One /watched-shaped batch; `prune`: it also deletes the member's oldest undo record. */
function batch(prune: boolean) {
  seq += 1;
  const user = String(300000000000000000n + BigInt(seq % 50));
  const film = `film-${seq % 300}`;
  return {
    values: [{ shelf: 'seq', value: seq, revision }],
    deleted: prune && seq > 1000 ? [{ shelf: 'undo', user_id: String(300000000000000000n + BigInt((seq - 1000) % 50)), record_key: `u${seq - 1000}` }] : [],
    stored: [
      { shelf: 'members', user_id: user, record_key: '', value: `Member ${seq % 50}` },
      { shelf: 'memberFilms', user_id: user, record_key: film, value: record(seq) },
      { shelf: 'undo', user_id: user, record_key: `u${seq}`, value: { token: `u${seq}`, userId: user, filmId: film, at, eventIds: [`e${seq}`], before: record(seq - 1), after: record(seq) } },
    ],
    removed: [],
    added: [{ shelf: 'activity', item_id: `e${seq}`, item: { id: `e${seq}`, at, userId: user, filmId: film, kind: 'watched', entryId: `d${seq}`, watchedOn: '2024-05-17' } }],
    unplaced: [],
    placed: [],
  };
}

async function run(fn: 'marquee_commit_batch' | 'marquee_commit', prune: boolean): Promise<string[]> {
  const before = await serverCpu(port);
  const began = performance.now();
  for (let i = 0; i < commits; i++) {
    const full = batch(prune);
    // Migration 3's function is sent only the kinds of change present, as the store does.
    const sent = fn === 'marquee_commit' ? Object.fromEntries(Object.entries(full).filter(([, rows]) => rows.length > 0)) : full;
    await client.query({ name: fn, text: `SELECT ${fn}($1, $2, $3)`, values: [GUILD, SCHEMA_VERSION, JSON.stringify(sent)] });
    revision += 1;
  }
  const wall = (performance.now() - began) / commits;
  const cpu = ((await serverCpu(port)) - before) / commits;
  return [fn, prune ? 'yes (after the first 1,000)' : 'no', `${(cpu * 1000).toFixed(3)} ms`, `${wall.toFixed(2)} ms`];
}

const rows: string[][] = [];
// Alternated, twice, so that a busy machine's drift falls on both.
for (const prune of [false, true, false, true]) for (const fn of ['marquee_commit_batch', 'marquee_commit'] as const) rows.push(await run(fn, prune));
console.log(`${commits} sequential commits per row, durable embedded PostgreSQL (fsync on); load average ${(await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')}`);
console.log(table(['function', 'deletes an undo record', 'PostgreSQL CPU per commit', 'wall per commit'], rows));
await client.end();
await server.stop();
