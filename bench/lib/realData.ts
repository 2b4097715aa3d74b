/**
 * The real-data half of `npm run bench:recommend`: MovieTweetings users as film clubs (protocol of issue #15),
 * Marquee against tuned baselines. Every baseline's parameters (and Marquee's, see `MARQUEE_GRID`) are chosen on a
 * validation split — a further quarter of the remaining favorites hidden from the first sample's training data —
 * never on the hidden test favorites.
 */
import { performance } from 'node:perf_hooks';
import type { Film } from '../../src/catalog/schema.js';
import { ContentModel } from '../../src/recommend/features.js';
import { recommendFor } from '../../src/recommend/personal.js';
import { DEFAULT_TUNING, type Tuning } from '../../src/recommend/scoring.js';
import type { GuildData } from '../../src/store/schema.js';
import { ease, easeItemCount, gradedEase, type GradedEaseParams, type Implicit, Interactions, itemKnn, popularity, rp3beta, type Scorer } from './baselines.js';
import { clubData, hideFavorites, type MovieTweetings, sampleClub } from './movietweetings.js';
import { table } from './stats.js';

const K = 10;
const HIDE_SHARE = 0.25;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface RealDataPlan {
  /** Club sizes; a size at or above the number of users means all of them (one sample). */
  sizes: number[];
  /** Club samples per size. */
  samples: number;
  /** Hiding seeds per sample… */
  seeds: number[];
  /**
   * …except in clubs of at most `upTo` members, which use these. A club of 50 tests only ~26 members per run, so one
   * run's HR@10 moves by ±0.1 with which favorites happen to be hidden; ten seeds cost seconds there and shrink that
   * part of a sample's mean by √(10/3) against three, which the per-sample comparison needs (`realDataReport`).
   */
  small?: { upTo: number; seeds: number[] };
}

export const REAL_DATA_PLAN: RealDataPlan = {
  sizes: [50, 300, Number.POSITIVE_INFINITY],
  samples: 3,
  seeds: [1, 2, 3],
  small: { upTo: 100, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
};

/** The hiding seeds of a club of `size` members. */
export function seedsFor(plan: RealDataPlan, size: number): number[] {
  return plan.small && size <= plan.small.upTo ? plan.small.seeds : plan.seeds;
}

type Ranker = (userId: string) => string[];

interface Score {
  hr: number;
  ndcg: number;
  members: number;
}

export function evaluate(hidden: Map<string, string[]>, rank: Ranker): Score {
  let hits = 0;
  let ndcg = 0;
  for (const [userId, films] of hidden) {
    const relevant = new Set(films);
    let dcg = 0;
    rank(userId)
      .slice(0, K)
      .forEach((id, i) => {
        if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
      });
    let ideal = 0;
    for (let i = 0; i < Math.min(K, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
    if (dcg > 0) hits += 1;
    ndcg += dcg / ideal;
  }
  return { hr: hits / hidden.size, ndcg: ndcg / hidden.size, members: hidden.size };
}

/** The best 10 of a scorer's items the member has no record of; ties go to the more favorited film. */
export function rankerOf(x: Interactions, scorer: Scorer): Ranker {
  const userIndex = new Map(x.users.map((userId, u) => [userId, u]));
  return (userId) => {
    const u = userIndex.get(userId);
    if (u === undefined) return [];
    const scores = scorer(u);
    const known = new Set(x.known(u));
    const order: number[] = [];
    for (let item = 0; item < x.items.length; item++) if (!known.has(item) && Number.isFinite(scores[item]!)) order.push(item);
    order.sort((a, b) => scores[b]! - scores[a]! || x.lovers[b]! - x.lovers[a]! || x.watchers[b]! - x.watchers[a]! || a - b);
    return order.slice(0, K).map((item) => x.items[item]!);
  };
}

interface Candidate<P> {
  label: string;
  params: P;
  build: (x: Interactions, params: P) => Scorer;
}

interface Family<P = unknown> {
  name: string;
  grid: Candidate<P>[];
}

const KINDS: Implicit[] = ['watched', 'loved'];

function grid<P>(build: (x: Interactions, params: P) => Scorer, label: (params: P) => string, all: P[]): Candidate<P>[] {
  return all.map((params) => ({ label: label(params), params, build }));
}

function product<T extends Record<string, readonly unknown[]>>(axes: T): { [K in keyof T]: T[K][number] }[] {
  let result: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(axes)) result = result.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value })));
  return result as { [K in keyof T]: T[K][number] }[];
}

export const BASELINES: Family[] = [
  { name: 'Popularity (most watched)', grid: grid(popularity, () => '', ['watched' as Implicit]) },
  { name: 'Popularity (most favorited)', grid: grid(popularity, () => '', ['loved' as Implicit]) },
  {
    name: 'Item-kNN',
    grid: grid(
      itemKnn,
      (p) => `${p.kind}, k=${p.k}, shrink=${p.shrink}`,
      product({ kind: KINDS, k: [50, 400], shrink: [10, 50], minSupport: [2] }),
    ),
  },
  {
    name: 'RP3beta',
    grid: grid(
      rp3beta,
      (p) => `${p.kind}, α=${p.alpha}, β=${p.beta}, k=${p.k}`,
      product({ kind: KINDS, alpha: [0.5, 1], beta: [0, 0.3], k: [50], minSupport: [2] }),
    ),
  },
  {
    name: 'EASE',
    grid: grid(
      ease,
      (p) => `${p.kind}, λ=${p.lambda}, films with ≥ ${p.minSupport} members`,
      product({ kind: KINDS, lambda: [30, 100, 300], minSupport: [3] }),
    ),
  },
  {
    // The hint, tested as a baseline: EASE learning from how much members liked films, not only whether.
    name: 'EASE, graded',
    grid: grid(
      gradedEase,
      (p) => `fav ${p.grades.favorite}, ≥4★ ${p.grades.loved}, watch ${p.grades.watch}, dislike −${p.grades.dislike}; λ=${p.lambda}, films with ≥ ${p.minSupport} members`,
      product({
        kind: ['watched'] as const,
        lambda: [100, 300],
        minSupport: [3],
        grades: [
          { favorite: 1, loved: 0.5, watch: 0.2, dislike: 0.3 },
          { favorite: 1, loved: 0.7, watch: 0.3, dislike: 0.5 },
        ],
      }) as GradedEaseParams[],
    ),
  },
] as Family[];

/**
 * Marquee as the bot runs it (DEFAULT_TUNING, itself chosen on validation splits like the baselines' below, see
 * src/recommend/scoring.ts), and two ablations: the recommender before the item–item walk, and content alone.
 */
export const MARQUEE_VARIANTS: [string, Partial<Tuning>][] = [
  ['Marquee', {}],
  ['Marquee, the walk without the learned model', { ease: 0 }],
  ['Marquee before #15 (neighbours + content)', { walk: 0, ease: 0, content: 0.25, neighbours: 1 }],
  ['Marquee, content only', { walk: 0, ease: 0, neighbours: 0, server: 0, serverWithoutNeighbours: 0, content: 1 }],
];

interface Split {
  data: GuildData;
  hidden: Map<string, string[]>;
}

export function split(members: MovieTweetings['users'], seed: number): Split {
  return hideFavorites(clubData(members), HIDE_SHARE, seed);
}

export function validationOf(train: Split, seed: number): Split {
  return hideFavorites(train.data, HIDE_SHARE, seed + 7919);
}

/** The grid point with the best mean NDCG@10 over the validation splits. */
export function tune(family: Family, validations: readonly Split[]): { candidate: Candidate<unknown>; score: Score } {
  const matrices = validations.map((validation) => new Interactions(validation.data));
  let best: { candidate: Candidate<unknown>; score: Score } | undefined;
  for (const candidate of family.grid) {
    const scores = validations.map((validation, v) => evaluate(validation.hidden, rankerOf(matrices[v]!, candidate.build(matrices[v]!, candidate.params))));
    const score = { hr: mean(scores.map((x) => x.hr)), ndcg: mean(scores.map((x) => x.ndcg)), members: mean(scores.map((x) => x.members)) };
    if (!best || score.ndcg > best.score.ndcg) best = { candidate, score };
  }
  return best!;
}

export function marqueeRanker(model: ContentModel, data: GuildData, tuning: Tuning): Ranker {
  return (userId) => recommendFor(data, model, userId, { limit: K }, tuning).items.map((item) => item.film.id);
}

export interface SizeResult {
  size: number;
  label: string;
  names: string[];
  /** runs[r][name] */
  runs: { sample: number; seed: number; members: number; scores: Score[] }[];
  tuned: { name: string; label: string; validation?: Score }[];
  itemsForEase: number;
  easeMs: number;
  seconds: number;
}

export function runRealData(source: MovieTweetings, plan: RealDataPlan = REAL_DATA_PLAN, log: (line: string) => void = () => {}): SizeResult[] {
  const model = new ContentModel(source.films as Film[]);
  const results: SizeResult[] = [];
  for (const requested of plan.sizes) {
    const started = performance.now();
    const all = requested >= source.users.length;
    const size = all ? source.users.length : requested;
    const samples = all ? 1 : plan.samples;
    const label = all ? `all ${size} users with ≥ 20 ratings` : `${size} members`;
    // Tuned once per size on validation splits: each sample's training data (first hiding seed) with a further
    // quarter of the favorites hidden.
    const validations = Array.from({ length: samples }, (_, s) => validationOf(split(sampleClub(source, size, s + 1), plan.seeds[0]!), plan.seeds[0]!));
    const tuned = BASELINES.map((family) => ({ family, ...tune(family, validations) }));
    log(`  ${label}: baselines tuned (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const names = [...MARQUEE_VARIANTS.map(([name]) => name), ...BASELINES.map((family) => family.name)];
    const runs: SizeResult['runs'] = [];
    let easeMs = 0;
    let itemsForEase = 0;
    for (let sample = 1; sample <= samples; sample++) {
      const members = sampleClub(source, size, sample);
      for (const seed of seedsFor(plan, size)) {
        const test = split(members, seed);
        const x = new Interactions(test.data);
        const scores = MARQUEE_VARIANTS.map(([, tuning]) => evaluate(test.hidden, marqueeRanker(model, test.data, { ...DEFAULT_TUNING, ...tuning })));
        for (const { family, candidate } of tuned) {
          const built = performance.now();
          const scorer = candidate.build(x, candidate.params);
          if (family.name.startsWith('EASE')) {
            easeMs = Math.max(easeMs, performance.now() - built);
            const params = candidate.params as { kind: Implicit; minSupport: number };
            itemsForEase = Math.max(itemsForEase, easeItemCount(x, params.kind, params.minSupport));
          }
          scores.push(evaluate(test.hidden, rankerOf(x, scorer)));
        }
        runs.push({ sample, seed, members: test.hidden.size, scores });
      }
    }
    results.push({
      size,
      label,
      names,
      runs,
      tuned: [
        ...MARQUEE_VARIANTS.map(([name, tuning]) => ({ name, label: name === 'Marquee' ? 'DEFAULT_TUNING' : describeTuning(tuning) })),
        ...tuned.map((entry) => ({ name: entry.family.name, label: entry.candidate.label, validation: entry.score })),
      ],
      itemsForEase,
      easeMs,
      seconds: (performance.now() - started) / 1000,
    });
  }
  return results;
}

/**
 * The grid Marquee's walk settings were chosen from (`npm run bench:recommend -- --tune-marquee`): each point is
 * scored on the same validation splits as the baselines, never on the test favorites. The first row is the
 * bot's DEFAULT_TUNING; the others change one or two settings from it.
 */
export const MARQUEE_GRID: [string, Partial<Tuning>][] = [
  ['DEFAULT_TUNING', {}],
  ['before: β=0.2, no prior, plain watch proposes 0.05 in any club', { walkBeta: 0.2, walkPrior: 0, smallClubTargetWatch: 0.05 }],
  ['no prior (walkPrior=0)', { walkPrior: 0 }],
  ['walkPrior=5', { walkPrior: 5 }],
  ['walkBeta=0.2', { walkBeta: 0.2 }],
  ['walkBeta=0.5', { walkBeta: 0.5 }],
  ['a plain watch proposes 0.05 in any club', { smallClubTargetWatch: 0.05 }],
  ['a plain watch proposes 0.2 in any club', { targetWatch: 0.2 }],
  ['server=0.3', { server: 0.3 }],
  ['server=0', { server: 0 }],
  ['content=0', { content: 0 }],
  ['walkAlpha=0.3', { walkAlpha: 0.3 }],
  ['walk alone (ease=0)', { ease: 0 }],
  ['ease=0.5', { ease: 0.5 }],
  ['easeLambda=300', { easeLambda: 300 }],
  ['easeAversion=1 (as without the model)', { easeAversion: 1 }],
  ['easeMinClub=20 (the model in a club of 50 too)', { easeMinClub: 20 }],
];

/** Marquee's grid on the validation splits of every club size: mean HR@10 / NDCG@10 over the samples. */
export function tuneMarquee(source: MovieTweetings, plan: RealDataPlan = REAL_DATA_PLAN, log: (line: string) => void = () => {}): string[] {
  const model = new ContentModel(source.films as Film[]);
  const labels: string[] = [];
  const columns: Score[][] = [];
  for (const requested of plan.sizes) {
    const all = requested >= source.users.length;
    const size = all ? source.users.length : requested;
    const samples = all ? 1 : plan.samples;
    labels.push(all ? `all ${size}` : `${size} members`);
    const validations = Array.from({ length: samples }, (_, s) => validationOf(split(sampleClub(source, size, s + 1), plan.seeds[0]!), plan.seeds[0]!));
    const popular = tune(BASELINES[1]!, validations).score;
    const column = MARQUEE_GRID.map(([, tuning]) => {
      const scores = validations.map((validation) => evaluate(validation.hidden, marqueeRanker(model, validation.data, { ...DEFAULT_TUNING, ...tuning })));
      return { hr: mean(scores.map((x) => x.hr)), ndcg: mean(scores.map((x) => x.ndcg)), members: mean(scores.map((x) => x.members)) };
    });
    columns.push([...column, popular]);
    log(`  ${labels.at(-1)}: Marquee grid scored on validation`);
  }
  const rows = [...MARQUEE_GRID.map(([label]) => label), 'Popularity (most favorited), for scale'];
  return [
    table(
      ['Marquee setting (validation)', ...labels.map((label) => `${label} HR / NDCG`)],
      rows.map((label, r) => [label, ...columns.map((column) => `${f3(column[r]!.hr)} / ${f3(column[r]!.ndcg)}`)]),
    ),
    '',
  ];
}

function describeTuning(tuning: Partial<Tuning>): string {
  const entries = Object.entries(tuning);
  return entries.length ? entries.map(([key, value]) => `${key}=${String(value)}`).join(', ') : 'defaults';
}

const sd = (xs: readonly number[]) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
const f3 = (x: number) => x.toFixed(3);

/**
 * Per club sample, Marquee against the best model baseline *of that sample* (the target is "≥ the best of them on
 * every sample") and against the best popularity ranking, paired by hiding seed: the mean difference, its sd over the
 * seeds and its standard error (sd / √seeds). The se says how much of a sample's gap is which favorites the seeds
 * happened to hide; the best of four baselines per sample is also picked after the fact, which flatters it.
 */
function perSampleComparison(result: SizeResult, samples: number[], models: number[], popular: number[]): string[] {
  const { names, runs } = result;
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${f3(Math.abs(x))}`;
  const rows: string[][] = [];
  const tally = { hr: { ahead: 0, withinTwoSe: 0 }, ndcg: { ahead: 0, withinTwoSe: 0 } };
  for (const sample of samples) {
    const these = runs.filter((run) => run.sample === sample);
    const row = [`sample ${sample} (${these.length} seeds, ~${Math.round(mean(these.map((run) => run.members)))} members)`];
    for (const metric of ['hr', 'ndcg'] as const) {
      const sampleMean = (i: number) => mean(these.map((run) => run.scores[i]![metric]));
      const best = models.reduce((a, b) => (sampleMean(b) > sampleMean(a) ? b : a));
      const diffs = these.map((run) => run.scores[0]![metric] - run.scores[best]![metric]);
      const se = sd(diffs) / Math.sqrt(diffs.length);
      const gap = mean(diffs);
      if (gap >= 0) tally[metric].ahead += 1;
      else if (-gap <= 2 * se) tally[metric].withinTwoSe += 1;
      const bestPopular = popular.reduce((a, b) => (sampleMean(b) > sampleMean(a) ? b : a));
      row.push(
        `${names[best]} ${f3(sampleMean(best))}`,
        `${signed(gap)} ± ${f3(sd(diffs))} (se ${f3(se)})`,
        `${(sampleMean(0) / sampleMean(bestPopular)).toFixed(2)} ×`,
      );
    }
    rows.push(row);
  }
  const summary = (metric: 'hr' | 'ndcg', label: string) =>
    `${label}: Marquee ahead or level on ${tally[metric].ahead} of ${samples.length} samples` +
    (tally[metric].withinTwoSe ? `, behind by less than two standard errors on ${tally[metric].withinTwoSe}` : '');
  return [
    table(
      [
        'Club sample (paired by hiding seed)',
        'best model baseline, HR@10',
        'Marquee − it: mean ± sd (se)',
        'Marquee / best popularity',
        'best model baseline, NDCG@10',
        'Marquee − it: mean ± sd (se)',
        'Marquee / best popularity',
      ],
      rows,
    ),
    '',
    `- Per sample against that sample's best model baseline: ${summary('hr', 'HR@10')}; ${summary('ndcg', 'NDCG@10')}.`,
  ];
}

/** The tables for one club size: mean ± sd over runs, every club sample, the paired comparison, tuned values. */
export function realDataReport(result: SizeResult): string[] {
  const lines: string[] = [];
  const { names, runs } = result;
  const column = (i: number, metric: 'hr' | 'ndcg') => runs.map((run) => run.scores[i]![metric]);
  const first = MARQUEE_VARIANTS.length;
  const baselineIndexes = names.map((_, i) => i).slice(first);
  const bestBy = (metric: 'hr' | 'ndcg', among: number[]) => among.reduce((best, i) => (mean(column(i, metric)) > mean(column(best, metric)) ? i : best));
  lines.push(
    `#### Club of ${result.label}: ${runs.length} runs (${new Set(runs.map((run) => run.sample)).size} club sample(s) × hiding seeds ` +
      `${[...new Set(runs.map((run) => run.seed))].join(', ')}), ~${Math.round(mean(runs.map((run) => run.members)))} members tested per run; ` +
      `${result.seconds.toFixed(0)} s`,
  );
  lines.push('');
  lines.push(
    table(
      ['Ranking', 'HR@10', 'NDCG@10', 'tuned on validation'],
      names.map((name, i) => [
        name,
        `${f3(mean(column(i, 'hr')))} ± ${f3(sd(column(i, 'hr')))}`,
        `${f3(mean(column(i, 'ndcg')))} ± ${f3(sd(column(i, 'ndcg')))}`,
        result.tuned[i]!.label || '–',
      ]),
    ),
  );
  lines.push('');
  // Every club sample, averaged over its hiding seeds.
  const samples = [...new Set(runs.map((run) => run.sample))];
  if (samples.length > 1) {
    const header = ['Ranking', ...samples.map((sample) => `sample ${sample} HR / NDCG`)];
    lines.push(
      table(
        header,
        names.map((name, i) => [
          name,
          ...samples.map((sample) => {
            const these = runs.filter((run) => run.sample === sample);
            return `${f3(mean(these.map((run) => run.scores[i]!.hr)))} / ${f3(mean(these.map((run) => run.scores[i]!.ndcg)))}`;
          }),
        ]),
      ),
    );
    lines.push('');
  }
  const popular = baselineIndexes.filter((i) => names[i]!.startsWith('Popularity'));
  const models = baselineIndexes.filter((i) => !popular.includes(i));
  if (samples.length > 1) lines.push(...perSampleComparison(result, samples, models, popular), '');
  for (const metric of ['hr', 'ndcg'] as const) {
    const label = metric === 'hr' ? 'HR@10' : 'NDCG@10';
    const bestPopular = bestBy(metric, popular);
    const bestModel = bestBy(metric, models);
    const marquee = column(0, metric);
    const diffs = runs.map((run) => run.scores[0]![metric] - run.scores[bestModel]![metric]);
    const wins = diffs.filter((diff) => diff >= 0).length;
    lines.push(
      `- ${label}: Marquee ${f3(mean(marquee))} = ${(mean(marquee) / mean(column(bestPopular, metric))).toFixed(2)} × ${names[bestPopular]} ` +
        `(${f3(mean(column(bestPopular, metric)))}); against the best model baseline, ${names[bestModel]} (${f3(mean(column(bestModel, metric)))}), ` +
        `paired per run: ${mean(diffs) >= 0 ? '+' : ''}${f3(mean(diffs))} ± ${f3(sd(diffs))}, Marquee ahead or level in ${wins} of ${runs.length} runs.`,
    );
  }
  // An oracle no model can beat by choosing among these: in every run, whichever ranking scored best on the test
  // favorites themselves. If even it stays under 1.3 × popularity, that target is out of reach for all of them.
  for (const metric of ['hr', 'ndcg'] as const) {
    const label = metric === 'hr' ? 'HR@10' : 'NDCG@10';
    const oracle = runs.map((run) => Math.max(...run.scores.map((score) => score[metric])));
    const bestPopular = bestBy(metric, popular);
    const popularMean = mean(column(bestPopular, metric));
    lines.push(
      `- Oracle ${label} (in each run, the best of all ${names.length} rankings above, picked after seeing the test favorites): ` +
        `${f3(mean(oracle))} = ${(mean(oracle) / popularMean).toFixed(2)} × ${names[bestPopular]}; 1.3 × would need ${f3(1.3 * popularMean)}.`,
    );
  }
  lines.push(`- EASE (either form) kept at most ${result.itemsForEase} films; its largest fit took ${(result.easeMs / 1000).toFixed(1)} s.`);
  lines.push('');
  return lines;
}
