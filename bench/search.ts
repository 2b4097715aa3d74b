/**
 * Search benchmark: `npm run bench` (a script, not a test).
 *   -- --write          also rewrite bench/RESULTS.md with the tables
 *   -- --part=36k       run one catalog (bundled | 36k | 700k)
 *   -- --marquee-only   skip the slow plain Fuse.js baseline
 *
 * For each catalog — the bundled one, the real 36k Wikipedia films (when ../shared is present) and
 * a seeded synthetic 700k (IMDb-sized; the IMDb dataset is not available here) built from real title words — it measures, each in a fresh child process
 * so memory figures are not polluted by the previous catalog: index build time, memory, and for a
 * seeded query set in classes, latency percentiles and hit@1 / hit@5 for Marquee's FilmSearch and
 * for a plain Fuse.js scan with the same keys, side by side.
 */
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import type { Film } from '../src/catalog/schema.js';
import { FilmSearch } from '../src/search/filmSearch.js';
import { normalize, normalizeTitle } from '../src/search/normalize.js';
import { FUSE_TUNING, RANKING_KEYS } from '../src/search/ranking.js';
import { loadBundledFilms } from './lib/bundled.js';
import { demandPrefixQueries, movieTweetingsDemand, simulateClub } from './lib/club.js';
import type { StartupFigures } from './lib/startupChild.js';
import { buildQueries, QUERY_CLASSES, type BenchQuery } from './lib/queries.js';
import { Rng } from './lib/rng.js';
import { mb, ms, pct, percentile, table } from './lib/stats.js';
import { syntheticCatalog } from './lib/synthetic.js';
import { measureTypedTitles, type TypedTitleFigures } from './lib/typedTitles.js';
import { loadWikipediaFilms, wikipediaAvailable } from './lib/wikipedia.js';

const PARTS = ['bundled', '36k', '700k'] as const;
type Part = (typeof PARTS)[number];
const QUERIES_PER_CLASS = 63; // 8 classes ≈ 500 queries
const QUERY_SEED = 20_240_501;
const SYNTHETIC_SEED = 500_000;
/** About as many feature films as IMDb lists: the IMDb dataset itself is not available here, so the 700k catalog is synthetic. */
const SYNTHETIC_SIZE = 700_000;
/** "Today" for the simulated club (fixed, so runs agree). */
const CLUB_NOW = Date.parse('2026-12-01T00:00:00Z');
/** Queries (from a different seed) run before measuring: a bot that has been up a while is warm. */
const WARM_UP_PER_CLASS = 40;
const LIMIT = 25;
/** Films whose title is typed as a recording command meets it, present and taken out of the index. */
const TYPED_TITLES = 400;
/**
 * Plain Fuse.js scans every film for every query (about a second per query on 36k films here, tens
 * of seconds on 500k), so it runs on a fixed, class-balanced random order of the same queries until
 * this much time is spent; Marquee is measured on exactly those queries too, for the comparison.
 */
const FUSE_BUDGET_MS: Record<Part, number> = { bundled: 60_000, '36k': 240_000, '700k': 150_000 };

/**
 * The plain Fuse.js baseline: the same keys, weights and tuning as Marquee's ranking, over the raw
 * fields, case- and accent-insensitive. The folding is done once at indexing (and on the query)
 * rather than by Fuse.js's `ignoreDiacritics` on every value of every search.
 */
const fold = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
const PLAIN_FUSE_KEY_PATHS: Record<string, string[]> = {
  title: ['title'],
  other: ['originalTitle', 'altTitles'],
  directors: ['directors'],
  cast: ['cast.name'],
  year: ['year'],
};
const PLAIN_FUSE_OPTIONS = {
  ...FUSE_TUNING,
  isCaseSensitive: true,
  keys: RANKING_KEYS.flatMap(({ name, weight }) => (PLAIN_FUSE_KEY_PATHS[name] ?? [name]).map((path) => ({ name: path, weight }))),
  getFn: (film: Film, path: string | string[]) => {
    const value = Fuse.config.getFn(film, path) as unknown;
    if (Array.isArray(value)) return value.map((item) => fold(String(item)));
    return value === undefined || value === null ? '' : fold(String(value));
  },
};

interface Figures {
  kind: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  hit1: number;
  hit5: number;
}

interface EngineFigures {
  overall: Figures;
  /** All classes but "prefix": queries that name one film. */
  naming: Figures;
  classes: Figures[];
}

interface PartResult {
  part: Part;
  source: string;
  films: number;
  averageTitleWords: number;
  note?: string;
  load: [number, number];
  buildMs: number;
  rssCatalog: number;
  rssIndex: number;
  heapCatalog: number;
  heapIndex: number;
  externalIndex: number;
  marquee: QuerySetResult;
  fuse?: { buildMs: number; figures: EngineFigures; marqueeSame: EngineFigures };
  /** The same classes with targets drawn by demand (see `demandSource`). */
  demand?: QuerySetResult;
  demandSource?: string;
  /** Prefix-as-typed top-5 on demand-drawn queries, without and with the prior of simulated clubs (see clubFigures). */
  club?: ClubFigures;
  shortPrefix: { p50: number; p99: number };
  typedTitles: TypedTitleFigures;
  incremental: { addMs: number; removeMs: number; count: number; foundAfterAdd: boolean };
  /** The bot's start-up with this catalog as a file: read, validate, build the catalog and its index. */
  startup?: StartupFigures;
}

interface QuerySetResult {
  figures: EngineFigures;
  /** Expected hit@5 of the best ranking that knows only the query (and the demand), on the prefix class. */
  prefixCeiling: number;
  /** Expected hit@1 of the best ranking that knows only the query (and the demand), on all queries. */
  hit1Ceiling: number;
  prefixByLength: { length: number; n: number; hit5: number; ceiling: number }[];
  /** Queries whose target shares its normalised title with another film. */
  ambiguous: number;
}

type Skipped = { part: Part; skipped: string };

/**
 * How often members would look each film up: in proportion to its watchers, times a seeded
 * log-normal factor (a club's taste is not the film site's: a film may be looked up three times
 * more or less often than its watchers say). Undefined when the catalog has no watchers figures.
 */
const DEMAND_NOISE = 1;
function demandWeights(films: readonly Film[], seed: number): Float64Array | undefined {
  if (!films.some((film) => film.watchers)) return undefined;
  const rng = new Rng(seed);
  return Float64Array.from(films, (film) => (film.watchers ?? 0) * Math.exp(DEMAND_NOISE * rng.normal()));
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function memory(): { rss: number; heap: number; external: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed, external: usage.external };
}

async function loadPart(part: Part): Promise<{ films: Film[]; source: string; note?: string } | undefined> {
  if (part === 'bundled') {
    const bundled = await loadBundledFilms();
    return bundled && { films: bundled.films, source: bundled.source, note: bundled.problems ? `${bundled.problems} catalog problems skipped` : undefined };
  }
  if (!wikipediaAvailable()) return undefined;
  if (part === '36k') {
    const { films, skipped } = loadWikipediaFilms();
    return { films, source: '../shared/data/wikipedia-movies', note: skipped ? `${skipped} entries skipped` : undefined };
  }
  // The synthetic films take titles, years and people from the real ones, not their texts.
  const { films } = loadWikipediaFilms(undefined, { texts: false });
  return { films: syntheticCatalog(films, SYNTHETIC_SIZE, SYNTHETIC_SEED), source: `synthetic, seed ${SYNTHETIC_SEED}, from the 36k titles` };
}

type Engine = (query: string) => Film[];

interface Run {
  query: BenchQuery;
  ms: number;
  rank: number;
}

function run(engine: Engine, queries: readonly BenchQuery[], budgetMs = Infinity): Run[] {
  const runs: Run[] = [];
  const started = performance.now();
  for (const query of queries) {
    if (performance.now() - started > budgetMs) break;
    const t0 = performance.now();
    const films = engine(query.text);
    runs.push({ query, ms: performance.now() - t0, rank: films.findIndex((film) => film.id === query.target.id) });
  }
  return runs;
}

function figures(kind: string, runs: readonly Run[]): Figures {
  const times = runs.map((entry) => entry.ms);
  return {
    kind,
    n: runs.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    hit1: runs.filter((entry) => entry.rank === 0).length,
    hit5: runs.filter((entry) => entry.rank >= 0 && entry.rank < 5).length,
  };
}

function summarize(runs: readonly Run[]): EngineFigures {
  return {
    overall: figures('all', runs),
    naming: figures('all but prefix', runs.filter((entry) => entry.query.kind !== 'prefix')),
    classes: QUERY_CLASSES.map((kind) => figures(kind, runs.filter((entry) => entry.query.kind === kind))).filter((entry) => entry.n > 0),
  };
}

/** Queries in a fixed random order that cycles through the classes, so any prefix of it is balanced. */
function balancedOrder(queries: readonly BenchQuery[], seed: number): BenchQuery[] {
  const rng = new Rng(seed);
  const byClass = QUERY_CLASSES.map((kind) => rng.sample(queries.filter((query) => query.kind === kind), queries.length));
  const order: BenchQuery[] = [];
  for (let i = 0; order.length < queries.length; i++) for (const list of byClass) if (list[i]) order.push(list[i]!);
  return order;
}

/** The most demanded share of a group of films the query cannot tell apart: the best hit@1 there, and the best hit@5. */
function shares(weights: number[]): { top1: number; top5: number } {
  weights.sort((a, b) => b - a);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (!(total > 0)) return { top1: 1, top5: 1 };
  return { top1: weights[0]! / total, top5: weights.slice(0, 5).reduce((sum, weight) => sum + weight, 0) / total };
}

/**
 * The best any ranking can do on each query, knowing only its text and how often each film is
 * looked up. A prefix query cannot tell apart the titles sharing the typed letters; any other
 * query cannot tell apart films with the same title (remakes), or the same title and year for
 * "title year". The best ranking puts the most demanded of those first (with uniform demand:
 * hit@1 = 1 / films sharing, hit@5 = min(1, 5 / films sharing)).
 */
function ceilings(films: readonly Film[], queries: readonly BenchQuery[], demand?: ArrayLike<number>): Map<BenchQuery, { top1: number; top5: number }> {
  const weight = (i: number) => (demand ? demand[i]! : 1);
  const byTitle = new Map<string, number[]>();
  films.forEach((film, i) => {
    for (const key of [normalizeTitle(film.title), `${normalizeTitle(film.title)}|${film.year}`]) {
      const list = byTitle.get(key);
      if (list) list.push(weight(i));
      else byTitle.set(key, [weight(i)]);
    }
  });
  const titles = films.map((film) => [film.title, film.originalTitle, ...film.altTitles].filter((title): title is string => !!title).map((title) => [normalize(title), normalizeTitle(title)] as const));
  const result = new Map<BenchQuery, { top1: number; top5: number }>();
  for (const query of queries) {
    if (query.kind === 'prefix') {
      const typed = normalize(query.text);
      const typedBare = normalizeTitle(query.text);
      const sharing: number[] = [];
      titles.forEach((forms, i) => {
        if (forms.some(([text, bare]) => text.startsWith(typed) || bare.startsWith(typedBare))) sharing.push(weight(i));
      });
      result.set(query, shares(sharing));
    } else {
      const title = normalizeTitle(query.target.title);
      const key = query.kind === 'title+year' ? `${title}|${query.target.year}` : title;
      result.set(query, shares([...(byTitle.get(key) ?? [1])]));
    }
  }
  return result;
}

function ambiguousCount(films: readonly Film[], queries: readonly BenchQuery[]): number {
  const counts = new Map<string, number>();
  for (const film of films) {
    const key = normalizeTitle(film.title);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return queries.filter((query) => (counts.get(normalizeTitle(query.target.title)) ?? 0) > 1).length;
}

/** Writes the catalog to a file and loads it as the bot does at start-up, in a fresh process. */
async function measureStartup(films: readonly Film[]): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-bench-'));
  try {
    // As the catalog CLI writes catalogs: `[`, one film per line (a 700k catalog is more than one string may hold).
    const file = join(dir, 'films.json');
    const out = createWriteStream(file);
    out.write('[\n');
    films.forEach((film, i) => out.write(`${JSON.stringify(film)}${i < films.length - 1 ? ',' : ''}\n`));
    out.write(']\n');
    await new Promise<void>((resolve, reject) => out.end(() => resolve()).on('error', reject));
    const figures = await new Promise<StartupFigures>((resolve, reject) => {
      const child = fork(new URL('./lib/startupChild.ts', import.meta.url).pathname, [file], { execArgv: process.execArgv.filter((arg) => !arg.startsWith('--max-old-space-size') && arg !== '--expose-gc') });
      child.once('message', (message) => resolve(message as StartupFigures));
      child.once('exit', (code) => (code ? reject(new Error(`start-up child exited with ${code}`)) : undefined));
    });
    if (figures.films !== films.length) throw new Error(`start-up loaded ${figures.films} of ${films.length} films`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function querySetResult(films: readonly Film[], queries: readonly BenchQuery[], runs: readonly Run[], demand?: ArrayLike<number>): QuerySetResult {
  const best = ceilings(films, queries, demand);
  const mean = (list: readonly Run[], pick: (ceiling: { top1: number; top5: number }) => number) =>
    list.reduce((sum, entry) => sum + pick(best.get(entry.query)!), 0) / Math.max(1, list.length);
  const prefixRuns = runs.filter((entry) => entry.query.kind === 'prefix');
  const prefixByLength = [3, 4, 5, 6].map((length) => {
    const subset = prefixRuns.filter((entry) => entry.query.text.length === length);
    return {
      length,
      n: subset.length,
      hit5: subset.filter((entry) => entry.rank >= 0 && entry.rank < 5).length,
      ceiling: subset.reduce((sum, entry) => sum + best.get(entry.query)!.top5, 0),
    };
  });
  return {
    figures: summarize(runs),
    prefixCeiling: mean(prefixRuns, (ceiling) => ceiling.top5),
    hit1Ceiling: mean(runs, (ceiling) => ceiling.top1),
    prefixByLength,
    ambiguous: ambiguousCount(films, queries),
  };
}

/**
 * Expected top-5 of ranking the films sharing the typed letters by their `watchers` (what the catalog knows of
 * popularity), targets drawn by the true demand: the best a ranking can do with the catalog alone. The bound above
 * it also knows each film's demand noise, which only the club's own records can reveal, and only for films it logged.
 */
function catalogKnowledgeBound(
  films: readonly Film[],
  queries: readonly { text: string }[],
  demand: ArrayLike<number>,
  clubLogged?: ReadonlySet<number>,
): number {
  // With a club, its logged films are ranked by their true demand (more than its few logs could ever tell) and the
  // rest by `watchers` times the noise factor's mean: a generous best for a ranking knowing the catalog and the club.
  const meanFactor = Math.exp((DEMAND_NOISE * DEMAND_NOISE) / 2);
  const known = (i: number) => (clubLogged?.has(i) ? demand[i]! : (films[i]!.watchers ?? 0) * meanFactor);
  const forms: { key: string; film: number }[] = [];
  films.forEach((film, i) => {
    for (const title of [film.title, film.originalTitle, ...film.altTitles]) {
      if (!title) continue;
      const text = normalize(title);
      const bare = normalizeTitle(title);
      forms.push({ key: text, film: i });
      if (bare !== text) forms.push({ key: bare, film: i });
    }
  });
  forms.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const starting = (prefix: string, into: Set<number>) => {
    let low = 0;
    let high = forms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (forms[middle]!.key < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < forms.length && forms[i]!.key.startsWith(prefix); i++) into.add(forms[i]!.film);
  };
  let sum = 0;
  for (const query of queries) {
    const sharing = new Set<number>();
    starting(normalize(query.text), sharing);
    starting(normalizeTitle(query.text), sharing);
    const list = [...sharing];
    const total = list.reduce((acc, i) => acc + demand[i]!, 0);
    list.sort((a, b) => known(b) - known(a));
    sum += total > 0 ? list.slice(0, 5).reduce((acc, i) => acc + demand[i]!, 0) / total : 1;
  }
  return sum / Math.max(1, queries.length);
}

/** Prefix queries for the club comparison: many, so that a 2-point difference is more than noise. */
const CLUB_PREFIX_QUERIES = 1_000;
/** Simulated clubs: films logged in a year by a small new club, a busy one, and one whose members imported their histories. */
const CLUB_SIZES = [2_000, 6_000, 20_000];

interface ClubFigures {
  n: number;
  /** Expected hit@5 of ranking by the true demand (the bound). */
  bound: number;
  /** Expected hit@5 of ranking by `watchers` alone (the best with what the catalog knows); undefined without watchers. */
  catalogBound?: number;
  plain: { hit5: number; p50: number; p99: number };
  /** knowableBound: the best with what the catalog and this club's logs could tell (see catalogKnowledgeBound). */
  clubs: { logs: number; signals: number; films: number; hit5: number; p50: number; p99: number; knowableBound?: number }[];
}

/**
 * Prefix as typed, top 5, targets drawn by demand with replacement (see demandPrefixQueries):
 * with the catalog prior alone, then with the prior of clubs of CLUB_SIZES whose logs follow the
 * same demand (other draws than the queries), beside the bound.
 */
function clubFigures(search: FilmSearch, films: readonly Film[], demand: ArrayLike<number>): ClubFigures {
  const queries = demandPrefixQueries(films, demand, CLUB_PREFIX_QUERIES, QUERY_SEED + 9);
  const asBench: BenchQuery[] = queries.map((query) => ({ kind: 'prefix', text: query.text, target: query.target }));
  const best = ceilings(films, asBench, demand);
  const bound = asBench.reduce((sum, query) => sum + best.get(query)!.top5, 0) / asBench.length;
  const measure = (boost?: ReadonlyMap<string, number>) => {
    const engine: Engine = (text) => search.search(text, { limit: LIMIT, boost }).map((hit) => hit.film);
    for (const query of asBench.slice(0, 100)) engine(query.text);
    const runs = run(engine, asBench);
    const times = runs.map((entry) => entry.ms);
    return { hit5: runs.filter((entry) => entry.rank >= 0 && entry.rank < 5).length / runs.length, p50: percentile(times, 50), p99: percentile(times, 99) };
  };
  const plain = measure();
  const hasWatchers = films.some((film) => film.watchers);
  const indexOf = new Map(films.map((film, i) => [film.id, i]));
  const clubs = CLUB_SIZES.map((logs, i) => {
    const club = simulateClub(films, demand, QUERY_SEED + 10 + i, CLUB_NOW, logs);
    const logged = new Set([...club.logged].map((id) => indexOf.get(id)!));
    const knowableBound = hasWatchers ? catalogKnowledgeBound(films, queries, demand, logged) : undefined;
    return { logs, signals: club.signals, films: club.films, ...measure(club.boost), knowableBound };
  });
  const catalogBound = hasWatchers ? catalogKnowledgeBound(films, queries, demand) : undefined;
  return { n: queries.length, bound, catalogBound, plain, clubs };
}

async function runPart(part: Part, withFuse: boolean): Promise<PartResult | Skipped> {
  const loadStart = loadavg()[0]!;
  const loaded = await loadPart(part);
  if (!loaded) {
    return { part, skipped: part === 'bundled' ? 'no bundled catalog yet (data/films.json, data/parts/*.json)' : '../shared/data/wikipedia-movies not present' };
  }
  const { films } = loaded;
  const queries = buildQueries(films, QUERIES_PER_CLASS, QUERY_SEED);
  const before = memory();

  const started = performance.now();
  const search = new FilmSearch(films);
  const buildMs = performance.now() - started;
  const after = memory();

  const marqueeEngine: Engine = (text) => search.search(text, { limit: LIMIT }).map((hit) => hit.film);
  for (const query of buildQueries(films, WARM_UP_PER_CLASS, QUERY_SEED + 3)) marqueeEngine(query.text);
  const marqueeRuns = run(marqueeEngine, queries);

  // Autocomplete's first keystrokes: one and two letters.
  const rng = new Rng(QUERY_SEED + 1);
  const shortTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const typed = normalize(rng.pick(films).title).slice(0, rng.int(1, 2));
    const t0 = performance.now();
    search.search(typed, { limit: LIMIT });
    shortTimes.push(performance.now() - t0);
  }

  const typedTitles = measureTypedTitles(search, films, TYPED_TITLES, QUERY_SEED + 6);

  // Incremental update: add films under new ids, find one, remove them again.
  const extra = rng.sample(films, 100).map((film, i) => ({ ...film, id: `${film.id.slice(0, 70)}-bench-${i}`, title: `${film.title} Redux` }));
  const t1 = performance.now();
  search.add(extra);
  const addMs = performance.now() - t1;
  const probe = extra[0]!;
  const foundAfterAdd = search.search(probe.title, { limit: 5 }).some((hit) => hit.film.id === probe.id);
  const t2 = performance.now();
  search.remove(extra.map((film) => film.id));
  const removeMs = performance.now() - t2;

  const result: PartResult = {
    part,
    source: loaded.source,
    films: films.length,
    averageTitleWords: films.reduce((sum, film) => sum + film.title.split(/\s+/).length, 0) / films.length,
    note: loaded.note,
    load: [loadStart, 0],
    buildMs,
    rssCatalog: before.rss,
    rssIndex: after.rss,
    heapCatalog: before.heap,
    heapIndex: after.heap,
    externalIndex: after.external - before.external,
    marquee: querySetResult(films, queries, marqueeRuns),
    shortPrefix: { p50: percentile(shortTimes, 50), p99: percentile(shortTimes, 99) },
    typedTitles,
    incremental: { addMs, removeMs, count: extra.length, foundAfterAdd },
  };

  // Demand: MovieTweetings' rating counts for the real catalog, else watchers with noise.
  const real = part === '36k' ? await movieTweetingsDemand(films) : undefined;
  const demand = real?.weights ?? demandWeights(films, QUERY_SEED + 4);
  if (demand) {
    result.demandSource = real
      ? `in proportion to the film's number of ratings in MovieTweetings (${real.ratings.toLocaleString('en')} ratings of ${real.films.toLocaleString('en')} films of this catalog, joined by title and year; the other films have no demand but still compete)`
      : `in proportion to the film's watchers times a log-normal factor (σ = ${DEMAND_NOISE}), the club's taste not being the film site's`;
    const demandQueries = buildQueries(films, QUERIES_PER_CLASS, QUERY_SEED + 5, demand);
    result.demand = querySetResult(films, demandQueries, run(marqueeEngine, demandQueries), demand);
    result.club = clubFigures(search, films, demand);
  }

  if (withFuse) {
    const fuseStarted = performance.now();
    const fuse = new Fuse(films, PLAIN_FUSE_OPTIONS);
    const fuseBuildMs = performance.now() - fuseStarted;
    const fuseEngine: Engine = (text) => fuse.search(fold(text), { limit: LIMIT }).map((hit) => hit.item);
    const order = balancedOrder(queries, QUERY_SEED + 2);
    fuseEngine(order[0]!.text);
    const fuseRuns = run(fuseEngine, order, FUSE_BUDGET_MS[part]);
    const same = new Set(fuseRuns.map((entry) => entry.query));
    result.fuse = {
      buildMs: fuseBuildMs,
      figures: summarize(fuseRuns),
      marqueeSame: summarize(marqueeRuns.filter((entry) => same.has(entry.query))),
    };
  }
  result.startup = await measureStartup(films);
  result.load[1] = loadavg()[0]!;
  return result;
}

const latency = (f: Figures | undefined) => (f && f.n ? `${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)}` : '–');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(0)}×` : '–');

function classTable(figures: EngineFigures): string {
  return table(
    ['class', 'n', 'p50 / p95 / p99', 'hit@1', 'hit@5'],
    [...figures.classes, figures.naming, figures.overall].map((f) => [f.kind, String(f.n), latency(f), pct(f.hit1, f.n), pct(f.hit5, f.n)]),
  );
}

function prefixNote(set: QuerySetResult): string {
  const prefix = set.figures.classes.find((f) => f.kind === 'prefix');
  if (!prefix) return '';
  return (
    `Prefix as typed: hit@5 ${pct(prefix.hit5, prefix.n)}; the expected best of any ranking that knows only the typed letters ` +
    `(and the demand) is ${pct(set.prefixCeiling * 1000, 1000)} (by letters typed: ` +
    set.prefixByLength.map((row) => `${row.length}: ${pct(row.hit5, row.n)} of ${pct(row.ceiling * 1000, row.n * 1000)}`).join(', ') +
    `). ${set.ambiguous} of ${set.figures.overall.n} targets share their exact title with another film (remakes): without a year, ` +
    `no ranking can tell them apart; the expected best hit@1 on all ${set.figures.overall.n} queries is ${pct(set.hit1Ceiling * 1000, 1000)} ` +
    `(Marquee: ${pct(set.figures.overall.hit1, set.figures.overall.n)}).\n`
  );
}

/** The absent-title table: what a command that records a film does with a title typed instead of picked. */
function typedTitleReport(typed: TypedTitleFigures): string {
  const { n, exact, typo, absentExact, absentTyped } = { ...typed, absentTyped: typed.absentTypo };
  const asked = (taken: number) => pct(n - taken, n);
  const rows = [
    ['present, exact title (target ≥ 97 % taken)', pct(exact.accepted, n), pct(exact.wrong, n), asked(exact.accepted + exact.wrong), `${pct(exact.shared, n)} share their title with another film: asked, by rule`],
    ['present, one typo (target ≥ 90 % taken)', pct(typo.accepted, n), pct(typo.wrong, n), asked(typo.accepted + typo.wrong), 'asked about, by rule'],
    ['absent, exact title (target ≤ 1 % false)', '–', `${pct(absentExact.sameTitle, n)} / ${pct(absentExact.lookAlike, n)}`, asked(absentExact.sameTitle + absentExact.lookAlike), 'same title: the text is another film’s title'],
    ['absent, one typo (target ≤ 1 % false)', '–', `${pct(absentTyped.sameTitle, n)} / ${pct(absentTyped.lookAlike, n)}`, asked(absentTyped.sameTitle + absentTyped.lookAlike), ''],
  ];
  const loose = typed.typoRule
    .map((rule) => `≥ ${rule.letters} letters: ${pct(rule.accepted, n)} of typos taken, look-alikes taken for ${pct(rule.lookAlike, 2 * n)} and same titles for ${pct(rule.sameTitle, 2 * n)} of the absent queries`)
    .join('; ');
  return [
    `Typed titles (\`match\`, what /watched and the other recording commands do with text typed instead of picked), ${n} films with 5+ letters; ` +
      `p50 / p99 ${ms(typed.p50)} / ${ms(typed.p99)} ms:\n`,
    table(['typed', 'taken at once (right film)', 'taken as another film: same title / look-alike', 'asked', 'note'], rows),
    '',
    `Forgiving one typo (a rule Marquee does not follow: the one film asked about within one edit, none other within two, no digit) would take: ${loose}.\n`,
  ].join('\n');
}

function report(result: PartResult | Skipped): string {
  if ('skipped' in result) return `### ${result.part}: skipped — ${result.skipped}\n`;
  const { marquee, fuse } = result;
  const out: string[] = [];
  out.push(
    `### ${result.part}: ${result.films.toLocaleString('en')} films — ${result.source}${result.note ? ` (${result.note})` : ''}; ` +
      `titles average ${result.averageTitleWords.toFixed(1)} words; load average ${result.load[0].toFixed(1)} → ${result.load[1].toFixed(1)} on ${2} cores\n`,
  );
  out.push(
    table(
      ['index build', 'start-up: read + validate → catalog ready', 'RSS: catalog → with index', 'heap: catalog → with index', 'index off-heap (typed arrays)', '1–2 letter prefixes p50 / p99', `add ${result.incremental.count} / remove`],
      [[
        `${ms(result.buildMs)} ms`,
        result.startup ? `${ms(result.startup.readMs)} + ${ms(result.startup.catalogMs)} = ${ms(result.startup.readMs + result.startup.catalogMs)} ms (CPU ${ms(result.startup.cpuMs)} ms)` : '–',
        `${mb(result.rssCatalog)} → ${mb(result.rssIndex)}`,
        `${mb(result.heapCatalog)} → ${mb(result.heapIndex)}`,
        mb(result.externalIndex),
        `${ms(result.shortPrefix.p50)} / ${ms(result.shortPrefix.p99)} ms`,
        `${ms(result.incremental.addMs)} / ${ms(result.incremental.removeMs)} ms${result.incremental.foundAfterAdd ? '' : ' (added film NOT found)'}`,
      ]],
    ),
  );
  out.push('');
  out.push(`Marquee on all ${marquee.figures.overall.n} queries, targets drawn uniformly (latency in ms per \`search(q, { limit: 25 })\`):\n`);
  out.push(classTable(marquee.figures));
  out.push('');
  out.push(typedTitleReport(result.typedTitles));
  if (fuse) {
    const m = fuse.marqueeSame;
    const f = fuse.figures;
    out.push(
      `Side by side on the same ${f.overall.n} queries (plain Fuse.js ran on a fixed, class-balanced random order of the set for ` +
        `${FUSE_BUDGET_MS[result.part] / 1000} s; its index built in ${ms(fuse.buildMs)} ms):\n`,
    );
    const rows = [...f.classes, f.naming, f.overall].map((fuseRow) => {
      const marqueeRow = [...m.classes, m.naming, m.overall].find((row) => row.kind === fuseRow.kind)!;
      return [
        fuseRow.kind,
        String(fuseRow.n),
        latency(marqueeRow),
        pct(marqueeRow.hit1, marqueeRow.n),
        pct(marqueeRow.hit5, marqueeRow.n),
        latency(fuseRow),
        pct(fuseRow.hit1, fuseRow.n),
        pct(fuseRow.hit5, fuseRow.n),
        `${ratio(fuseRow.p50, marqueeRow.p50)} / ${ratio(fuseRow.p99, marqueeRow.p99)}`,
      ];
    });
    out.push(
      table(['class', 'n', 'Marquee p50 / p95 / p99', 'hit@1', 'hit@5', 'plain Fuse.js p50 / p95 / p99', 'hit@1', 'hit@5', 'Fuse.js ÷ Marquee p50 / p99'], rows),
    );
    out.push('');
  }
  out.push(prefixNote(marquee));
  if (result.demand) {
    out.push(`Marquee on ${result.demand.figures.overall.n} queries in the same classes, targets drawn by demand: ${result.demandSource}:\n`);
    out.push(classTable(result.demand.figures));
    out.push('');
    out.push(prefixNote(result.demand));
  }
  if (result.club) {
    const { n, bound, catalogBound, plain, clubs } = result.club;
    const below = (hit5: number) => `${((bound - hit5) * 100).toFixed(1)} points`;
    const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
    out.push(
      `**Club prior** (issue #21 item 6): prefix as typed (3–6 characters), ${n} queries, targets drawn by the same demand with replacement; ` +
        `top 5 of \`search(q, { limit: 25, boost })\`. Each simulated club logged that many films over a year, drawn by the demand (other draws than the queries), ` +
        `60 % of them picked from autocomplete, 15 % favorited, fed to the club prior as the bot feeds it:\n`,
    );
    out.push(
      table(
        ['ranking', 'hit@5', 'below the bound', 'best knowing what this ranking can know', 'p50 / p99 ms'],
        [
          ['catalog prior only', percent(plain.hit5), below(plain.hit5), catalogBound === undefined ? '–' : percent(catalogBound), `${ms(plain.p50)} / ${ms(plain.p99)}`],
          ...clubs.map((club) => [
            `with the prior of a club that logged ${club.logs.toLocaleString('en')} films (${club.signals.toLocaleString('en')} signals, ${club.films.toLocaleString('en')} distinct films)`,
            percent(club.hit5),
            below(club.hit5),
            club.knowableBound === undefined ? '–' : percent(club.knowableBound),
            `${ms(club.p50)} / ${ms(club.p99)}`,
          ]),
          ...(catalogBound === undefined ? [] : [['ranking by `watchers` alone (the best with what the catalog knows)', percent(catalogBound), below(catalogBound), '–', '–']]),
          ['bound: ranking by the true demand (knows only the letters and the demand)', percent(bound), '–', '–', '–'],
        ],
      ),
    );
    out.push('');
  }
  return out.join('\n');
}

async function parent(): Promise<void> {
  const write = process.argv.includes('--write');
  const only = process.argv.find((arg) => arg.startsWith('--part='))?.slice('--part='.length);
  const passOn = process.argv.filter((arg) => arg === '--marquee-only');
  const results: (PartResult | Skipped)[] = [];
  const startedAt = performance.now();
  for (const part of PARTS) {
    if (only && only !== part) continue;
    console.error(`bench: ${part}…`);
    const result = await new Promise<PartResult | Skipped>((resolve, reject) => {
      const child = fork(new URL(import.meta.url).pathname, [`--child=${part}`, ...passOn], {
        execArgv: [...process.execArgv, '--expose-gc', '--max-old-space-size=8192'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.once('message', (message) => resolve(message as PartResult | Skipped));
      child.once('exit', (code) => (code ? reject(new Error(`bench child ${part} exited with ${code}`)) : undefined));
    });
    results.push(result);
    console.log(report(result));
  }
  const minutes = ((performance.now() - startedAt) / 60_000).toFixed(1);
  const footer = `Bench took ${minutes} min; Node ${process.version}, ${process.platform}/${process.arch}.`;
  console.log(footer);
  if (write) {
    const text = [
      '# Search benchmark',
      '',
      'Reproduce with `npm run bench -- --write` (rewrites this file; plain `npm run bench` only prints).',
      'Latency: wall-clock ms per `search(query, { limit: 25 })`, each query run once, after a warm-up on ~300 other queries, on a 2-core machine',
      'shared with other work (load average shown).',
      'hit@k: the film the query was made from is among the first k results. Classes: exact title, lowercase, missing or moved article',
      '("Godfather, The"), one and two typos (neighbouring key, dropped, doubled or swapped letter), prefix as typed (first 3–6 characters),',
      '"title year", diacritics stripped. Targets are drawn uniformly; for a catalog with `watchers` figures, a second set draws them by demand.',
      '"Best possible": what any ranking could expect knowing only the query (films sharing the title, or the typed letters, cannot be told apart).',
      'Memory: process RSS and V8 heap after a forced GC, before and after building the index; start-up: the catalog written to a file,',
      'then read, validated and indexed as the bot does. Each catalog runs in its own process.',
      'Typed titles: what a command that records a film does with text typed instead of picked (`match`): taken at once, taken as another',
      'film, or asked about; "absent" takes the film out of the index first, so whatever is taken is another film.',
      '',
      ...results.map(report),
      footer,
      '',
    ].join('\n');
    writeFileSync(new URL('./RESULTS.md', import.meta.url), text);
    console.error('bench: wrote bench/RESULTS.md');
  }
}

async function child(part: Part): Promise<void> {
  const result = await runPart(part, !process.argv.includes('--marquee-only'));
  process.send!(result, () => process.exit(0));
}

const childPart = process.argv.find((arg) => arg.startsWith('--child='))?.slice('--child='.length) as Part | undefined;
if (childPart) await child(childPart);
else await parent();
