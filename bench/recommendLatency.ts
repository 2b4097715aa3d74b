/**
 * `/recommend` latency right after a write (`npm run bench:recommend-latency -- [sizes=100000,1000000]`).
 *
 * A server in the in-memory store (the store's own costs are bench:store's business), seeded with members of 100
 * records each over the bundled catalog — a third rated, some favorited, a few disliked — then, through the real
 * domain classes: the first /recommend after start-up (which builds the server's models), and 40 rounds of "a
 * member records a watch (or a favorite), then another member asks for /recommend" once the background work the first
 * request started is done (how long that took is printed), with /similar and a
 * 6-member /party suggest after some of the writes. The event loop's longest stall is measured over the rounds,
 * so work the recommender moves off the interaction path (its item–item table, rebuilt in slices) shows there.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Catalog } from '../src/catalog/catalog.js';
import { ClubDiary } from '../src/club/diary.js';
import { Recommender } from '../src/recommend/recommender.js';
import type { GuildData, MemberFilm } from '../src/store/schema.js';
import { createMemoryGuildStore } from '../src/store/memoryStore.js';
import { loadBundledFilms } from './lib/bundled.js';
import { Rng } from './lib/rng.js';
import { ms, percentile, table } from './lib/stats.js';
import { countsFrom } from './lib/args.js';

const GUILD = '140000000000000001';
const PER_MEMBER = 100;
const ROUNDS = 40;
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
  readyMs: number;
  recommend: number[];
  similar: number[];
  party: number[];
  loopMaxMs: number;
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
  const recommender = new Recommender({ store, films: catalog, random: () => 0.5, tuning });

  let started = performance.now();
  await recommender.recommend(GUILD, userId(1));
  const coldMs = performance.now() - started;
  // The first request answers from the exact walk and starts the server's background work (the item–item table,
  // the learned model); the rounds measure a server past that, as one is a few seconds after start-up.
  started = performance.now();
  await recommender.settled(GUILD);
  const readyMs = performance.now() - started;

  const recommend: number[] = [];
  const similar: number[] = [];
  const party: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let day = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const actor = rng.int(0, memberCount - 1);
    const filmId = rng.pick(filmIds);
    const on = new Date(Date.UTC(2025, 0, 1) + (++day % 700) * 86_400_000).toISOString().slice(0, 10);
    const who = { guildId: GUILD, userId: userId(actor), name: `Member ${actor}` };
    if (round % 4 === 3) await diary.favorite(who, filmId).catch(() => diary.watch(who, filmId, { on }));
    else await diary.watch(who, filmId, { on });
    // A little time between interactions, as on a real server: background work gets its turns.
    await new Promise((resolve) => setTimeout(resolve, 5));
    started = performance.now();
    await recommender.recommend(GUILD, userId(rng.int(0, memberCount - 1)));
    recommend.push(performance.now() - started);
    if (round % 4 === 1) {
      started = performance.now();
      await recommender.similar(filmId, {}, { guildId: GUILD, userId: userId(actor) });
      similar.push(performance.now() - started);
    }
    if (round % 4 === 2) {
      const group = Array.from({ length: 6 }, () => userId(rng.int(0, memberCount - 1)));
      started = performance.now();
      await recommender.group(GUILD, group);
      party.push(performance.now() - started);
    }
  }
  loop.disable();
  return { entries, members: memberCount, coldMs, readyMs, recommend, similar, party, loopMaxMs: loop.max / 1e6 };
}

async function main(): Promise<void> {
  const sizes = countsFrom((process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '100000,1000000').split(','), 'bench:recommend-latency');
  const bundled = await loadBundledFilms();
  if (!bundled) throw new Error('bench:recommend-latency needs the bundled catalog in data/');
  const catalog = new Catalog(bundled.films);
  const rows: Row[] = [];
  for (const size of sizes) {
    rows.push(await measure(catalog, size));
    const row = rows.at(-1)!;
    console.error(`${size}: /recommend after a write p95 ${ms(percentile(row.recommend, 95))} ms`);
  }
  console.log(`Node ${process.version}; bundled catalog (${bundled.films.length} films); ${PER_MEMBER} records per member; ${ROUNDS} rounds of write → /recommend.\n`);
  console.log(
    table(
      ['diary entries', 'members', 'first /recommend after start', 'background models ready after', '/recommend after a write p50 / p95 / max', '/similar after a write p50 / p95', '/party suggest (6) after a write p50 / p95', 'event loop max'],
      rows.map((row) => [
        row.entries.toLocaleString('en-US'),
        row.members.toLocaleString('en-US'),
        `${ms(row.coldMs)} ms`,
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
