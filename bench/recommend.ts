/**
 * Recommendation benchmark (`npm run bench:recommend`; add `-- --write` to also write bench/RECOMMEND.md).
 *
 * Quality: a seeded simulation of a film club over a catalog. Members belong to taste archetypes (genre, era and
 * favourite-people affinities, plus an archetype-level liking for individual films that no catalog feature
 * explains), films have a latent quality and a popularity that decides what gets seen. Members watch, favorite,
 * dislike, rate and watchlist accordingly; a quarter of each active member's favorites is then hidden, and each
 * ranking is scored on finding them: HR@10 (at least one hidden favorite in the top 10) and NDCG@10.
 *
 * Speed: a server of 1,000 members with 100,000 diary entries; the first answer after a write (which rebuilds
 * the server's matrices) and warm answers, for /recommend, /party suggest, /similar and /random.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Film } from '../src/catalog/schema.js';
import { clubMatrixFor, LiveClubMatrices } from '../src/recommend/club.js';
import { ContentModel, contentModelFor } from '../src/recommend/features.js';
import { groupFor } from '../src/recommend/group.js';
import { recommendFor } from '../src/recommend/personal.js';
import { randomFor } from '../src/recommend/random.js';
import { seededRandom } from '../src/recommend/rng.js';
import { DEFAULT_TUNING, type Tuning } from '../src/recommend/scoring.js';
import { DISLIKE, SEEN, WATCHLIST } from '../src/recommend/signals.js';
import { similarTo } from '../src/recommend/similar.js';
import { recommendGroupRanker } from '../src/parties/suggest.js';
import { GuildData, SCHEMA_VERSION, type MemberFilm } from '../src/store/schema.js';
import { loadBundledFilms } from './lib/bundled.js';
import { Rng } from './lib/rng.js';
import { ms, percentile, table } from './lib/stats.js';
import { loadMovieTweetings } from './lib/movietweetings.js';
import { REAL_DATA_PLAN, type RealDataPlan, realDataReport, runRealData, tuneMarquee } from './lib/realData.js';
import { missingSharedData, sharedDataDir } from './lib/sharedData.js';
import { loadWikipediaFilms, wikipediaAvailable } from './lib/wikipedia.js';

const SEED = 20_240_615;
const SEEDS_BUNDLED = [SEED, SEED + 1, SEED + 2];
const K = 10;
const HIDE_SHARE = 0.25;
const MIN_FAVORITES_TO_TEST = 4;

export interface ClubShape {
  members: number;
  /** Films watched per member, drawn log-uniformly. */
  watched: [number, number];
  archetypes: number;
  rewatchRate: number;
  /** Evaluate at most this many members (the rest still shape neighbours and popularity). */
  evaluate: number;
}

export const QUALITY_SHAPES: Record<'bundled' | 'wikipedia', ClubShape> = {
  bundled: { members: 150, watched: [15, 120], archetypes: 8, rewatchRate: 0.1, evaluate: 150 },
  wikipedia: { members: 400, watched: [30, 300], archetypes: 10, rewatchRate: 0.1, evaluate: 250 },
};
export const TIMING_SHAPE: ClubShape = { members: 1000, watched: [100, 100], archetypes: 10, rewatchRate: 0, evaluate: 0 };

// ── Simulation ──────────────────────────────────────────────────────────────────────────────────────────────

function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

const userIdOf = (n: number) => String(400000000000000000n + BigInt(n));

interface SimulatedClub {
  data: GuildData;
  /** userId → hidden favorite film ids (empty until `hideFavorites`). */
  hidden: Map<string, string[]>;
  diaryEntries: number;
}

/**
 * Tastes: member utility for a film = mean genre affinity (archetype + personal) + era affinity + favourite-people
 * bonus + the archetype's film-specific liking + film quality + personal noise. Members watch by Gumbel-top-n on
 * utility plus popularity; favorites are their top ~12 % of what they watched, dislikes the bottom 8 %, ratings
 * follow utility rank with noise, and the watchlist holds the next films they would have watched.
 */
export function simulateClub(films: readonly Film[], shape: ClubShape, seed: number): SimulatedClub {
  const rng = new Rng(seed);
  const n = films.length;
  const genres = [...new Set(films.flatMap((film) => film.genres))];
  const genreIndex = new Map(genres.map((genre, i) => [genre, i]));
  const filmGenres = films.map((film) => film.genres.map((genre) => genreIndex.get(genre)!));
  const quality = Float64Array.from(films, () => normal(rng));
  const popularity = Float64Array.from(quality, (q) => 0.6 * q + 1.1 * normal(rng));

  // People an archetype seeks out: directors when the catalog has them, else actors with several films.
  const peopleCount = new Map<string, number>();
  for (const film of films) for (const name of film.directors.length ? film.directors : film.cast.slice(0, 5).map((m) => m.name)) {
    peopleCount.set(name, (peopleCount.get(name) ?? 0) + 1);
  }
  const recurring = [...peopleCount.entries()].filter(([, count]) => count >= 3).map(([name]) => name);
  const peopleOf = films.map((film) => (film.directors.length ? film.directors : film.cast.slice(0, 5).map((m) => m.name)));

  const archetypes = Array.from({ length: shape.archetypes }, () => {
    const centre = rng.pick(films).year;
    return {
      genre: Float64Array.from(genres, () => 0.9 * normal(rng)),
      centre,
      width: 12 + rng.next() * 25,
      people: new Set(recurring.length ? rng.sample(recurring, 8) : []),
      film: Float64Array.from(films, () => normal(rng)),
    };
  });

  const data = GuildData.parse({ version: SCHEMA_VERSION });
  let seq = 0;
  let diaryEntries = 0;
  const utility = new Float64Array(n);
  const keys = new Float64Array(n);
  for (let m = 0; m < shape.members; m++) {
    const userId = userIdOf(m);
    const archetype = archetypes[rng.int(0, archetypes.length - 1)]!;
    const own = Float64Array.from(genres, () => 0.45 * normal(rng));
    const [low, high] = shape.watched;
    const count = Math.min(n - 10, Math.round(Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low)))));
    for (let f = 0; f < n; f++) {
      const film = films[f]!;
      const gs = filmGenres[f]!;
      let genre = 0;
      for (const g of gs) genre += archetype.genre[g]! + own[g]!;
      if (gs.length) genre /= gs.length;
      const era = 0.9 * Math.exp(-(((film.year - archetype.centre) / archetype.width) ** 2) / 2);
      const people = peopleOf[f]!.some((name) => archetype.people.has(name)) ? 1.2 : 0;
      utility[f] = genre + era + people + 0.9 * archetype.film[f]! + 0.5 * quality[f]! + 0.6 * normal(rng);
      // Gumbel noise makes the top `count` keys a draw without replacement ∝ exp(utility + popularity).
      keys[f] = utility[f]! + 1.2 * popularity[f]! - Math.log(-Math.log(Math.max(rng.next(), 1e-12)));
    }
    const order = topIndices(keys, count + 4);
    const watched = order.slice(0, count);
    const next = order.slice(count);
    const byUtility = [...watched].sort((a, b) => utility[b]! - utility[a]!);
    const favorites = new Set(byUtility.slice(0, Math.max(1, Math.round(count * 0.12))));
    const dislikes = new Set(byUtility.slice(byUtility.length - Math.max(1, Math.round(count * 0.08))));
    const records: Record<string, MemberFilm> = {};
    const at = '2024-05-01T12:00:00.000Z';
    byUtility.forEach((f, rank) => {
      const id = films[f]!.id;
      const entries = rng.next() < shape.rewatchRate ? 2 : 1;
      const record: MemberFilm = { diary: [] };
      for (let e = 0; e < entries; e++) {
        record.diary.push({ id: (++seq).toString(36), watchedOn: `2024-0${1 + e}-1${rng.int(0, 9)}`, loggedAt: at });
      }
      diaryEntries += entries;
      if (favorites.has(f)) record.favoriteSince = at;
      if (dislikes.has(f)) record.dislikeSince = at;
      if (rng.next() < 0.5) {
        const percentileRank = 1 - rank / Math.max(1, byUtility.length - 1);
        let stars = Math.round((0.5 + 4.5 * percentileRank + 0.4 * normal(rng)) * 2) / 2;
        stars = Math.min(5, Math.max(0.5, stars));
        if (favorites.has(f)) stars = Math.max(stars, 4);
        if (dislikes.has(f)) stars = Math.min(stars, 2);
        record.rating = { stars, at };
      }
      records[id] = record;
    });
    for (const f of next) records[films[f]!.id] = { diary: [], watchlistSince: at };
    data.memberFilms[userId] = records;
    data.members[userId] = `Member ${m}`;
  }
  data.seq = seq;
  return { data, hidden: new Map(), diaryEntries };
}

/** Indices of the `count` largest values, largest first. */
function topIndices(values: Float64Array, count: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const threshold = sorted[Math.max(0, sorted.length - count)]!;
  const found: number[] = [];
  values.forEach((value, i) => {
    if (value >= threshold) found.push(i);
  });
  return found.sort((a, b) => values[b]! - values[a]!).slice(0, count);
}

/** Hides a quarter of each member's favorites (the whole record: the member never saw it, as far as we know). */
function hideFavorites(club: SimulatedClub, seed: number): void {
  const rng = new Rng(seed);
  for (const [userId, records] of Object.entries(club.data.memberFilms)) {
    const favorites = Object.keys(records).filter((id) => records[id]!.favoriteSince);
    if (favorites.length < MIN_FAVORITES_TO_TEST) continue;
    const hide = rng.sample(favorites, Math.max(1, Math.round(favorites.length * HIDE_SHARE)));
    for (const id of hide) delete records[id];
    club.hidden.set(userId, hide);
  }
}

// ── Quality ─────────────────────────────────────────────────────────────────────────────────────────────────

type Ranker = (userId: string) => string[];

interface Quality {
  name: string;
  hr: number;
  ndcg: number;
  members: number;
}

function score(name: string, club: SimulatedClub, rank: Ranker, evaluate: number): Quality {
  let hits = 0;
  let ndcg = 0;
  let members = 0;
  for (const [userId, hidden] of [...club.hidden.entries()].slice(0, evaluate)) {
    const top = rank(userId).slice(0, K);
    const relevant = new Set(hidden);
    let dcg = 0;
    top.forEach((id, i) => {
      if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(K, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
    if (dcg > 0) hits += 1;
    ndcg += dcg / ideal;
    members += 1;
  }
  return { name, hr: hits / members, ndcg: ndcg / members, members };
}

/** Same candidates for every ranking: catalog films the member has not seen, disliked or watchlisted. */
function candidateMask(model: ContentModel, club: SimulatedClub, userId: string): Uint8Array {
  const matrix = clubMatrixFor(club.data, model);
  const row = matrix.row(userId);
  const open = new Uint8Array(model.size).fill(1);
  row?.items.forEach((id, i) => {
    const slot = matrix.slotOfItem[id]!;
    if (slot >= 0 && row.flags[i]! & (SEEN | DISLIKE | WATCHLIST)) open[slot] = 0;
  });
  return open;
}

const MARQUEE_VARIANTS: [string, Tuning][] = [
  ['Marquee', DEFAULT_TUNING],
  ['Marquee before #15 (neighbours + content)', { ...DEFAULT_TUNING, walk: 0, ease: 0, content: 0.25, neighbours: 1 }],
  ['Marquee, content only', { ...DEFAULT_TUNING, walk: 0, ease: 0, neighbours: 0, server: 0, serverWithoutNeighbours: 0, content: 1 }],
  ['Marquee without the walk or neighbours (content + server)', { ...DEFAULT_TUNING, walk: 0, ease: 0, neighbourCount: 0, content: 0.25 }],
];

export function qualityRows(films: readonly Film[], shape: ClubShape, seed: number, variants = MARQUEE_VARIANTS, baselines = true): Quality[] {
  const club = simulateClub(films, shape, seed);
  hideFavorites(club, seed + 17);
  const model = new ContentModel(films);
  const matrix = clubMatrixFor(club.data, model);
  const byCount = (counts: Int32Array) =>
    Array.from({ length: model.size }, (_, slot) => slot).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const mostWatched = byCount(matrix.watchers);
  const mostLoved = byCount(matrix.lovers);
  const fromOrder = (order: number[]): Ranker => (userId) => {
    const open = candidateMask(model, club, userId);
    const top: string[] = [];
    for (const slot of order) {
      if (open[slot]) top.push(model.films[slot]!.id);
      if (top.length === K) break;
    }
    return top;
  };
  const random = seededRandom(seed + 99);
  const randomRanker: Ranker = (userId) => {
    const open = candidateMask(model, club, userId);
    const slots = [...open.keys()].filter((slot) => open[slot]);
    for (let i = 0; i < K && i < slots.length; i++) {
      const j = i + Math.floor(random() * (slots.length - i));
      [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    }
    return slots.slice(0, K).map((slot) => model.films[slot]!.id);
  };
  const marquee = (tuning: Tuning): Ranker => (userId) => recommendFor(club.data, model, userId, { limit: K }, tuning).items.map((item) => item.film.id);

  const rows = variants.map(([name, tuning]) => score(name, club, marquee(tuning), shape.evaluate));
  if (!baselines) return rows;
  return [
    ...rows,
    score('Popularity (most watched)', club, fromOrder(mostWatched), shape.evaluate),
    score('Popularity (most favorited)', club, fromOrder(mostLoved), shape.evaluate),
    score('Random', club, randomRanker, shape.evaluate),
  ];
}

function averageRuns(runs: Quality[][]): { name: string; hr: number; ndcg: number; hrSd: number; ndcgSd: number; members: number }[] {
  return runs[0]!.map((row, i) => {
    const hrs = runs.map((run) => run[i]!.hr);
    const ndcgs = runs.map((run) => run[i]!.ndcg);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    return { name: row.name, hr: mean(hrs), ndcg: mean(ndcgs), hrSd: sd(hrs), ndcgSd: sd(ndcgs), members: mean(runs.map((run) => run[i]!.members)) };
  });
}

function qualityTable(rows: ReturnType<typeof averageRuns>, seeds: number): string {
  const figure = (value: number, sd: number) => (seeds > 1 ? `${value.toFixed(3)} ± ${sd.toFixed(3)}` : value.toFixed(3));
  return table(
    ['Ranking', 'HR@10', 'NDCG@10'],
    rows.map((row) => [row.name, figure(row.hr, row.hrSd), figure(row.ndcg, row.ndcgSd)]),
  );
}

// ── Speed ───────────────────────────────────────────────────────────────────────────────────────────────────

interface Timing {
  label: string;
  p50: number;
  p95: number;
  max: number;
}

function time(label: string, runs: number, fn: (i: number) => void): Timing {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn(i);
    times.push(performance.now() - started);
  }
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

function speed(films: readonly Film[]): { rows: Timing[]; entries: number; build: number } {
  const club = simulateClub(films, TIMING_SHAPE, SEED + 500);
  // The store hands out schema-checked, frozen data: do the same so the figures include nothing it would not.
  const data = Object.freeze(GuildData.parse(club.data));
  const catalog = { size: films.length, get: (id: string) => byId.get(id), all: () => films.values() };
  const byId = new Map(films.map((film) => [film.id, film]));
  const buildStarted = performance.now();
  const model = contentModelFor(catalog);
  const build = performance.now() - buildStarted;
  const rng = new Rng(SEED + 501);
  const users = Array.from({ length: 60 }, () => userIdOf(rng.int(0, TIMING_SHAPE.members - 1)));
  const random = seededRandom(SEED + 502);
  const rows: Timing[] = [];
  // After a write the store holds a new snapshot that shares every untouched member's records with the last one
  // (src/store): the server's matrix is patched for the member who wrote (LiveClubMatrices), as the Recommender
  // and the party ranker do. The snapshots are made before timing: they are the store's cost.
  const live = new LiveClubMatrices();
  live.prepare('bench', data, model);
  const writes = 20;
  const snapshotsAfterWrites = (start: number): GuildData[] => {
    const snapshots: GuildData[] = [];
    let previous: GuildData = data;
    for (let i = 0; i < writes; i++) {
      const user = users[(start + i) % users.length]!;
      const records = { ...previous.memberFilms[user]! };
      const unseen = films.find((film) => !records[film.id])!;
      records[unseen.id] = { diary: [{ id: `w${start + i}`, watchedOn: '2024-06-01', loggedAt: '2024-06-01T12:00:00.000Z' }], favoriteSince: '2024-06-01T12:00:00.000Z' };
      snapshots.push((previous = Object.freeze({ ...previous, memberFilms: Object.freeze({ ...previous.memberFilms, [user]: Object.freeze(records) }) })));
    }
    return snapshots;
  };
  const snapshots = snapshotsAfterWrites(0);
  rows.push(
    time('/recommend, first after a diary write', writes, (i) => {
      live.prepare('bench', snapshots[i]!, model);
      recommendFor(snapshots[i]!, model, users[i]!);
    }),
  );
  // As the bot after a restart or an import: a new matrix, prepared the way the Recommender does (so its learned
  // model is fitted in the background, not inside the request).
  rows.push(
    time('/recommend, first after a write, matrix rebuilt', 8, (i) => {
      const copy = { ...data };
      new LiveClubMatrices().prepare('rebuilt', copy, model);
      recommendFor(copy, model, users[i]!);
    }),
  );
  recommendFor(data, model, users[0]!);
  rows.push(time('/recommend, warm', users.length, (i) => recommendFor(data, contentModelFor(catalog), users[i]!)));
  rows.push(time('/recommend genre:Drama decade:1990s', users.length, (i) => recommendFor(data, contentModelFor(catalog), users[i]!, { genre: 'Drama', decade: 1990 })));
  rows.push(time('/party suggest, 6 members', 20, (i) => groupFor(data, contentModelFor(catalog), users.slice(i, i + 6))));
  // The party ranker as PartyService calls it, on the snapshot after a write by one of the attendees.
  const ranker = recommendGroupRanker(catalog, {}, live);
  const partySnapshots = snapshotsAfterWrites(writes);
  ranker.rankForGroup({ guildId: 'bench', data: partySnapshots[0]!, memberIds: users.slice(0, 6), limit: 10 });
  rows.push(
    time('/party suggest, 6 members, first after a diary write', writes - 1, (i) => {
      ranker.rankForGroup({ guildId: 'bench', data: partySnapshots[i + 1]!, memberIds: users.slice(writes + i + 1, writes + i + 7), limit: 10 });
    }),
  );
  rows.push(time('/similar', 60, (i) => similarTo(contentModelFor(catalog), films[(i * 7919) % films.length]!.id, { limit: 10 }, { data, userId: users[i % users.length]! })));
  rows.push(time('/random from:catalog unseen', 60, (i) => randomFor(data, contentModelFor(catalog), users[i]!, { unseen: true }, random)));
  return { rows, entries: club.diaryEntries, build };
}

function speedTable(rows: readonly Timing[]): string {
  return table(['Request', 'p50 ms', 'p95 ms', 'max ms'], rows.map((row) => [row.label, ms(row.p50), ms(row.p95), ms(row.max)]));
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const out: string[] = [];
  const print = (text = '') => {
    console.log(text);
    out.push(text);
  };

  const bundled = await loadBundledFilms();
  const catalogs: { name: string; source: string; films: Film[]; shape: ClubShape; seeds: number[]; note?: string }[] = [];
  if (bundled) catalogs.push({ name: 'bundled', source: bundled.source, films: bundled.films, shape: QUALITY_SHAPES.bundled, seeds: SEEDS_BUNDLED });
  if (process.argv.includes('--bundled-only')) {
    console.log('(--bundled-only: the Wikipedia catalog is skipped)');
  } else if (wikipediaAvailable()) {
    const { films, skipped } = loadWikipediaFilms();
    catalogs.push({
      name: 'wikipedia',
      source: '../shared/data/wikipedia-movies',
      films,
      shape: QUALITY_SHAPES.wikipedia,
      seeds: [SEED],
      note: `${skipped} malformed ${skipped === 1 ? 'entry' : 'entries'} skipped`,
    });
  } else {
    console.log('(../shared/data/wikipedia-movies not present: only the bundled catalog is measured)');
  }

  if (process.argv.includes('--simulated-only')) {
    console.log('(--simulated-only: the MovieTweetings section is skipped)');
  } else {
    const dir = sharedDataDir('movietweetings');
    if (!dir) console.log(missingSharedData('movietweetings'));
    else {
      const started = performance.now();
      const source = await loadMovieTweetings(dir);
      print("## Quality on real members' ratings: MovieTweetings");
      print();
      print(
        `${source.films.length.toLocaleString('en')} films, ${source.users.length} users with ≥ 20 ratings (shared/data/movietweetings; ` +
          `${source.skippedLines} malformed line(s) skipped). A rating of 9–10 is a favorite, 0–4 a dislike, every rating a viewing ` +
          `with stars = rating / 2; 25 % of the favorites of each member with ≥ 4 are hidden, and each ranking proposes 10 films ` +
          `the member has no record of. Mean ± sd over runs (club samples × hiding seeds).`,
      );
      print();
      // --quick: one hiding seed per sample, for iterating (the written figures use the full plan).
      let plan: RealDataPlan = process.argv.includes('--quick') ? { sizes: REAL_DATA_PLAN.sizes, samples: REAL_DATA_PLAN.samples, seeds: [1] } : REAL_DATA_PLAN;
      // --sizes=50,300,all: only those club sizes (for iterating).
      const sizes = process.argv.find((arg) => arg.startsWith('--sizes='));
      if (sizes) {
        plan = {
          ...plan,
          sizes: sizes
            .slice('--sizes='.length)
            .split(',')
            .map((size) => (size === 'all' ? Number.POSITIVE_INFINITY : Number(size)))
            .filter((size) => size > 0),
        };
      }
      if (process.argv.includes('--tune-marquee')) {
        print("### Marquee's settings on the validation splits");
        print();
        for (const line of tuneMarquee(source, plan, (line) => console.log(line))) print(line);
        if (process.argv.includes('--tune-only')) return;
      }
      const results = runRealData(source, plan, (line) => console.log(line));
      for (const result of results) for (const line of realDataReport(result)) print(line);
      console.log(`(real data: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  if (process.argv.includes('--real-only')) return;

  print('## Quality in simulated clubs: hidden favorites found in the top 10');
  print();
  for (const catalog of catalogs) {
    const started = performance.now();
    const runs = catalog.seeds.map((seed) => qualityRows(catalog.films, catalog.shape, seed));
    const rows = averageRuns(runs);
    const { members, watched } = catalog.shape;
    print(
      `### ${catalog.name}: ${catalog.films.length.toLocaleString('en')} films (${catalog.source}${catalog.note ? `; ${catalog.note}` : ''})`,
    );
    print();
    print(
      `${members} simulated members watching ${watched[0]}–${watched[1]} films each; ${Math.round(rows[0]!.members)} members tested ` +
        `(those with ≥ ${MIN_FAVORITES_TO_TEST} favorites, ${Math.round(HIDE_SHARE * 100)} % hidden); ` +
        `${catalog.seeds.length > 1 ? `mean ± sd over seeds ${catalog.seeds.join(', ')}` : `seed ${catalog.seeds[0]}`}; ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    print();
    print(qualityTable(rows, catalog.seeds.length));
    print();
  }

  print('## Speed: a server with 1,000 members and 100,000 diary entries');
  print();
  print(`Node ${process.version} on ${cpus()[0]?.model ?? 'an unknown CPU'} (${cpus().length} cores, shared with other work while measured).`);
  print();
  for (const catalog of catalogs) {
    const { rows, entries, build } = speed(catalog.films);
    print(
      `### ${catalog.name} catalog (${catalog.films.length.toLocaleString('en')} films): ${entries.toLocaleString('en')} diary entries; ` +
        `content model built once in ${ms(build)} ms`,
    );
    print();
    print(speedTable(rows));
    print();
  }

  if (write) {
    const header = [
      '# Recommendation benchmark',
      '',
      'Reproduce with `npm run bench:recommend` (add `-- --write` to rewrite this file; `-- --simulated-only` skips the',
      'real data, `-- --bundled-only` the Wikipedia catalog). Everything is seeded: the same data gives the same',
      'figures on every run (timings vary with the machine). Real data comes from `shared/data/` (found by walking up',
      'from the project, or `$MARQUEE_SHARED_DATA`); each section that needs it is skipped, with a message, without it.',
      '',
      "**Real members' ratings (what decides).** MovieTweetings (real people's IMDb ratings, MIT licence): every user",
      'with at least 20 ratings is a possible member; a club is a random sample of them (50 or 300 members, three',
      'samples each) or all of them. A rating of 9–10 is a favorite, 0–4 a dislike, every rating a viewing with',
      'stars = rating / 2. For each member with at least four favorites, a quarter of them is hidden (the whole',
      'record: as far as the recommender knows they never saw the film), under three hiding seeds (ten in clubs of 50,',
      'where ~26 tested members make one run noisy and a run costs under a second); each ranking then proposes 10',
      'films the member has no record of. HR@10: share of members with at least one hidden favorite in their 10;',
      'NDCG@10: the same, rewarding hits near the top. Mean ± sd over runs (samples × seeds); then every club sample;',
      "then, per sample, Marquee against that sample's best model baseline paired by hiding seed (mean ± sd of the",
      'difference and its standard error, sd / √seeds: how much of the gap the choice of hidden favorites explains);',
      'then the paired per-run difference between Marquee and the best model baseline overall, and an oracle.',
      '',
      'Baselines, written in the project on typed arrays (bench/lib/baselines.ts), learn from the same stored club',
      'data as implicit feedback — the films a member logged, or only those they loved, whichever tunes better:',
      'popularity (most watched, most favorited in the club), item-kNN (cosine with shrinkage, top-k neighbours),',
      'RP3beta (Paudel et al. 2017) and EASE (Steck 2019; dense inversion of the Gram matrix, so only films with at',
      'least 3 members are kept — its size and fit time are printed); "EASE, graded" is EASE on graded feedback',
      '(favorite, loved rating, plain watch, dislike against). Each baseline is tuned per club size on validation',
      'splits: the training data of each sample with a further quarter of the favorites hidden, never the test',
      "favorites. Marquee runs with the bot's own defaults (src/recommend/scoring.ts), chosen the same way on the same",
      'validation splits; `-- --tune-marquee` prints that grid, `npx tsx bench/recommendBlend.ts` the blends and',
      '`npx tsx bench/recommendBlend.ts --small` the grid for clubs of 50 on the validation splits of twelve club',
      'samples (both below); `-- --quick` uses one hiding seed and `-- --real-only` stops after the real data.',
      '',
      '**Simulated clubs (kept for reference; they no longer decide).** Members belong to taste archetypes (genre',
      'affinities, an era, favourite directors or actors, an archetype-level liking for individual films) and watch',
      'by utility and popularity; favorites are their top 12 %, dislikes their bottom 8 %. The simulation expresses',
      'tastes partly through the fields the content model reads, so it flatters content and user neighbours.',
      '',
    ];
    writeFileSync(new URL('./RECOMMEND.md', import.meta.url), `${[...header, ...out].join('\n').trimEnd()}\n`);
    console.log('\nwrote bench/RECOMMEND.md');
  }
}

// Run when executed, not when a tuning script imports qualityRows.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
