/**
 * `/recommend` latency right after a write (`npm run bench:recommend-latency -- [sizes=100000,1000000]`).
 *
 * A server in the in-memory store (the store's own costs are bench:store's business), seeded with members of 100
 * records each over the bundled catalog — a third rated, some favorited, a few disliked — then, through the real
 * domain classes:
 * - the first /recommend after start-up, which builds the server's club matrix in slices (the event loop's longest
 *   stall during it is printed: the build must leave the loop to other work);
 * - 20 rounds of "a member records a watch, then another member asks for /recommend" straight after it, while the
 *   background work the first request started (the item–item table, the learned model) runs — what bench:store
 *   measures;
 * - once that work is done (how long after the first request is printed), 40 rounds of the same, with /similar and a
 *   6-member /party suggest after some of the writes.
 * The event loop's longest stall is measured in each phase, so work moved off the interaction path shows there.
 *
 * It runs in a child process with the bot's V8 flags (bench/lib/botNodeFlags.ts).
 *
 * `--without-learned-model`: the walk alone (tuning `ease: 0`). `--learned-model-at-any-size`: the learned model
 * even above its record limit (`EaseSettings.maxRecords`), to measure what it costs there.
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Catalog } from '../src/catalog/catalog.js';
import { ClubDiary } from '../src/club/diary.js';
import { Recommender } from '../src/recommend/recommender.js';
import type { GuildData, MemberFilm } from '../src/store/schema.js';
import { createMemoryGuildStore } from '../src/store/memoryStore.js';
import { loadBundledFilms } from './lib/bundled.js';
import { Rng } from './lib/rng.js';
import { ms, percentile, table } from './lib/stats.js';
import { countsFrom } from './lib/args.js';
import { BOT_NODE_FLAGS } from './lib/botNodeFlags.js';

const GUILD = '140000000000000001';
const PER_MEMBER = 100;
const ROUNDS = 40;
const EARLY_ROUNDS = 20;
const userId = (n: number) => String(310000000000000000n + BigInt(n));

function seedData(filmIds: readonly string[], entries: number, rng: Rng): Pick<GuildData, 'members' | 'memberFilms'> {
  const members: Record<string, string> = {};
  const memberFilms: Record<string, Record<string, MemberFilm>> = {};
  const count = Math.max(1, Math.round(entries / PER_MEMBER));
  let seq = 0;
  for (let m = 0; m < count; m++) {
    const user = userId(m);
    members[user] = `Member ${m}`;
    const films: Record<string, MemberFilm> = {};
    // Tastes cluster: each member draws from one of 8 overlapping windows of the catalog, plus some of anything.
    const base = (m % 8) * Math.floor(filmIds.length / 8);
    for (let i = 0; i < PER_MEMBER; i++) {
      const index = rng.next() < 0.7 ? (base + rng.int(0, Math.floor(filmIds.length / 3))) % filmIds.length : rng.int(0, filmIds.length - 1);
      const filmId = filmIds[index]!;
      if (films[filmId]) continue;
      const at = new Date(Date.UTC(2020, 0, 1) + rng.int(0, 1500) * 86_400_000).toISOString();
      const record: MemberFilm = { diary: [{ id: 'd' + (++seq).toString(36), watchedOn: at.slice(0, 10), loggedAt: at }] };
      const draw = rng.next();
      if (draw < 0.1) record.favoriteSince = at;
      else if (draw < 0.15) record.dislikeSince = at;
      if (rng.next() < 1 / 3) record.rating = { stars: rng.int(1, 10) / 2, at };
      films[filmId] = record;
    }
    memberFilms[user] = films;
  }
  return { members, memberFilms };
}

interface Row {
  entries: number;
  members: number;
  coldMs: number;
  coldLoopMaxMs: number;
  early: number[];
  earlyLoopMaxMs: number;
  readyMs: number;
  recommend: number[];
  similar: number[];
  party: number[];
  loopMaxMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` with the event loop's delay monitored; the longest stall in milliseconds. */
async function loopMax(fn: () => Promise<void>): Promise<number> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  // The monitor samples on a timer: give it a turn before and after, so a stall at either end is seen.
  await pause(5);
  await fn();
  await pause(5);
  loop.disable();
  return loop.max / 1e6;
}

async function measure(catalog: Catalog, entries: number): Promise<Row> {
  const rng = new Rng(20_261_207 + entries);
  const filmIds = [...catalog.all()].map((film) => film.id);
  const seeded = seedData(filmIds, entries, rng);
  const memberCount = Object.keys(seeded.memberFilms).length;
  const store = createMemoryGuildStore();
  const ids = Object.keys(seeded.memberFilms);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await store.update(GUILD, (data) => {
      for (const id of chunk) {
        data.members[id] = seeded.members[id]!;
        data.memberFilms[id] = seeded.memberFilms[id]!;
      }
    });
  }
  const diary = new ClubDiary({ store, films: catalog });
  // --without-learned-model: the walk alone (as before the learned model), to compare under the same load.
  const tuning = process.argv.includes('--without-learned-model') ? { ease: 0 } : {};
  const ease = process.argv.includes('--learned-model-at-any-size') ? { maxRecords: Number.POSITIVE_INFINITY } : {};
  const recommender = new Recommender({ store, films: catalog, random: () => 0.5, tuning, ease });

  let day = 0;
  /** A member records a watch (every fourth round a favorite), then after a short pause another asks for /recommend. */
  const round = async (n: number): Promise<{ actor: number; filmId: string; ms: number }> => {
    const actor = rng.int(0, memberCount - 1);
    const filmId = rng.pick(filmIds);
    const on = new Date(Date.UTC(2025, 0, 1) + (++day % 700) * 86_400_000).toISOString().slice(0, 10);
    const who = { guildId: GUILD, userId: userId(actor), name: `Member ${actor}` };
    if (n % 4 === 3) await diary.favorite(who, filmId).catch(() => diary.watch(who, filmId, { on }));
    else await diary.watch(who, filmId, { on });
    // A little time between interactions, as on a real server: background work gets its turns.
    await pause(5);
    const started = performance.now();
    await recommender.recommend(GUILD, userId(rng.int(0, memberCount - 1)));
    return { actor, filmId, ms: performance.now() - started };
  };

  let coldMs = 0;
  const coldLoopMaxMs = await loopMax(async () => {
    const started = performance.now();
    await recommender.recommend(GUILD, userId(1));
    coldMs = performance.now() - started;
  });
  const coldEnded = performance.now();

  // Straight after start-up, while the background work the first request started runs (as bench:store measures).
  const early: number[] = [];
  const earlyLoopMaxMs = await loopMax(async () => {
    for (let n = 0; n < EARLY_ROUNDS; n++) early.push((await round(n)).ms);
  });
  await recommender.settled(GUILD);
  const readyMs = performance.now() - coldEnded;

  const recommend: number[] = [];
  const similar: number[] = [];
  const party: number[] = [];
  const loopMaxMs = await loopMax(async () => {
    for (let n = 0; n < ROUNDS; n++) {
      const { actor, filmId, ms } = await round(n);
      recommend.push(ms);
      if (n % 4 === 1) {
        const started = performance.now();
        await recommender.similar(filmId, {}, { guildId: GUILD, userId: userId(actor) });
        similar.push(performance.now() - started);
      }
      if (n % 4 === 2) {
        const group = Array.from({ length: 6 }, () => userId(rng.int(0, memberCount - 1)));
        const started = performance.now();
        await recommender.group(GUILD, group);
        party.push(performance.now() - started);
      }
    }
  });
  return { entries, members: memberCount, coldMs, coldLoopMaxMs, early, earlyLoopMaxMs, readyMs, recommend, similar, party, loopMaxMs };
}

/** Measures in a process with the bot's V8 flags (its young generation decides the garbage collector's pauses). */
function asTheBotRuns(): Promise<number> | undefined {
  if (BOT_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) return undefined;
  const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), { execArgv: [...BOT_NODE_FLAGS, '--import', 'tsx'] });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<void> {
  const relaunched = asTheBotRuns();
  if (relaunched) {
    process.exitCode = await relaunched;
    return;
  }
  const sizes = countsFrom((process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '100000,1000000').split(','), 'bench:recommend-latency');
  const bundled = await loadBundledFilms();
  if (!bundled) throw new Error('bench:recommend-latency needs the bundled catalog in data/');
  const catalog = new Catalog(bundled.films);
  const rows: Row[] = [];
  for (const size of sizes) {
    rows.push(await measure(catalog, size));
    const row = rows.at(-1)!;
    console.error(`${size}: first /recommend ${ms(row.coldMs)} ms (event loop max ${ms(row.coldLoopMaxMs)} ms); /recommend after a write p95 ${ms(percentile(row.early, 95))} ms straight after, ${ms(percentile(row.recommend, 95))} ms once the background work is done`);
  }
  console.log(`Node ${process.version}; bundled catalog (${bundled.films.length} films); ${PER_MEMBER} records per member; ${EARLY_ROUNDS} rounds of write → /recommend right after the first request, ${ROUNDS} once the background work is done.\n`);
  console.log(
    table(
      [
        'diary entries',
        'members',
        'first /recommend after start (event loop max)',
        'straight after: /recommend after a write p50 / p95 / max (event loop max)',
        'background work done after',
        '/recommend after a write p50 / p95 / max',
        '/similar after a write p50 / p95',
        '/party suggest (6) after a write p50 / p95',
        'event loop max',
      ],
      rows.map((row) => [
        row.entries.toLocaleString('en-US'),
        row.members.toLocaleString('en-US'),
        `${ms(row.coldMs)} ms (${ms(row.coldLoopMaxMs)} ms)`,
        `${ms(percentile(row.early, 50))} / ${ms(percentile(row.early, 95))} / ${ms(Math.max(...row.early))} ms (${ms(row.earlyLoopMaxMs)} ms)`,
        `${ms(row.readyMs)} ms`,
        `${ms(percentile(row.recommend, 50))} / ${ms(percentile(row.recommend, 95))} / ${ms(Math.max(...row.recommend))} ms`,
        `${ms(percentile(row.similar, 50))} / ${ms(percentile(row.similar, 95))} ms`,
        `${ms(percentile(row.party, 50))} / ${ms(percentile(row.party, 95))} ms`,
        `${ms(row.loopMaxMs)} ms`,
      ]),
    ),
  );
}

await main();
