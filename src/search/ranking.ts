import Fuse, { type IFuseOptions } from 'fuse.js';
import type { Film } from '../catalog/schema.js';
import type { Candidate } from './candidates.js';
import type { FilmIndex } from './filmIndex.js';
import type { ParsedQuery, Reading } from './query.js';

/**
 * The final ranking. Fuse.js scores the candidates over normalised titles, people and year; on
 * top of its score, a few rules users expect are applied in order:
 *   0. the query is a title, exactly (after `normalize`), or
 *   1. exactly once leading articles are dropped ("godfather", "Godfather, The"), or
 *   2. a title begins with the query as typed (autocomplete);
 *   3. otherwise Fuse.js's fuzzy score decides.
 * A trailing year ("heat 1995") is read both as part of the title and as the release year; the
 * film of that year goes first among equal titles. Several films with the same exact title and
 * no year given: the most complete record first (the catalog's stand-in for best-known), then the
 * earliest (the original before its remakes).
 */

export const EXACT = 0;
export const EXACT_WITHOUT_ARTICLE = 1;
export const TITLE_PREFIX = 2;
export const FUZZY = 3;

/** What Fuse.js searches: normalised, so that typed text and catalog text meet halfway. */
interface RankingDoc {
  title: string[];
  other: readonly string[];
  directors: string[];
  cast: string[];
  year: string;
}

/** Top-billed actors given to Fuse.js (the prefilter indexes the whole cast). */
const CAST_RANKED = 10;

export const RANKING_KEYS = [
  { name: 'title', weight: 4 },
  { name: 'other', weight: 2 },
  { name: 'directors', weight: 1.5 },
  { name: 'cast', weight: 1 },
  { name: 'year', weight: 0.5 },
];

export const FUSE_TUNING = {
  includeScore: true,
  threshold: 0.5,
  location: 0,
  distance: 100,
} satisfies IFuseOptions<unknown>;

const RANKING_OPTIONS: IFuseOptions<RankingDoc> = { ...FUSE_TUNING, keys: RANKING_KEYS, shouldSort: false };

/** Candidates no Fuse.js key accepts are kept only when the prefilter matched nearly every word. */
const PRESCORE_WITHOUT_FUSE = 0.75;

export interface Ranked {
  slot: number;
  film: Film;
  tier: number;
  /** Fuse.js score for the chosen reading (1 when Fuse.js did not match). */
  fuse: number;
  /** 0 without a year in the query or when the year matches; grows with the gap. */
  yearPenalty: number;
  prior: number;
  /** The prefilter's share of the query matched (see candidates.ts). */
  prescore: number;
  /** Whether the film's people were ranked (the query named someone in them). */
  people: boolean;
  /** The year the query asked for, if the chosen reading has one. */
  askedYear?: number;
}

const NOBODY: string[] = [];

/**
 * People are given to Fuse.js only when the prefilter found query words in them: matching a title
 * query against every cast name is most of Fuse.js's work and only adds noise. Each title goes in
 * once, in the form that suits the query (with its article when the query has one): Fuse.js
 * multiplies the scores of all matching values, so two forms of one title would count twice.
 */
function rankingDoc(index: FilmIndex, candidate: Candidate, film: Film, withYear: boolean, withArticles: boolean): RankingDoc {
  const slot = candidate.slot;
  let directors = NOBODY;
  let cast = NOBODY;
  if (candidate.people) {
    directors = film.directors.map((name) => index.normalizedName(name));
    cast = [];
    for (let i = 0; i < film.cast.length && i < CAST_RANKED; i++) cast.push(index.normalizedName(film.cast[i]!.name));
  }
  const others = index.otherTitles(slot);
  const other: string[] = [];
  if (others) for (let i = withArticles ? 0 : 1; i < others.length; i += 2) other.push(others[i]!);
  return {
    title: [withArticles ? index.titleText[slot]! : index.titleBare[slot]!],
    other,
    directors,
    cast,
    year: withYear ? String(film.year) : '',
  };
}

function tierOf(index: FilmIndex, slot: number, reading: Reading): number {
  const text = index.titleText[slot]!;
  const bare = index.titleBare[slot]!;
  const others = index.otherTitles(slot);
  if (text === reading.text || others?.some((title, i) => i % 2 === 0 && title === reading.text)) return EXACT;
  if (bare === reading.bare || others?.some((title, i) => i % 2 === 1 && title === reading.bare)) return EXACT_WITHOUT_ARTICLE;
  if (
    text.startsWith(reading.text) ||
    bare.startsWith(reading.bare) ||
    others?.some((title, i) => title.startsWith(i % 2 === 0 ? reading.text : reading.bare))
  ) {
    return TITLE_PREFIX;
  }
  return FUZZY;
}

function yearPenalty(film: Film, reading: Reading): number {
  if (reading.year === undefined) return 0;
  const gap = Math.abs(film.year - reading.year);
  return gap === 0 ? 0 : gap === 1 ? 0.05 : 0.15;
}

/**
 * Fuse.js's score, nudged by how many of the query's words the prefilter found in the film (each
 * within its typo allowance): bitap reads the query as one string and can prefer a title that
 * shares a long run of letters over one that has every word, slightly misspelt.
 */
export const PRESCORE_WEIGHT = Number(process.env.PW ?? 0.2);
function fuzzyScore(ranked: Ranked): number {
  return ranked.fuse + ranked.yearPenalty + PRESCORE_WEIGHT * (1 - Math.max(0, Math.min(1, ranked.prescore)));
}

/** The ranking order; also picks, per film, the reading of the query that suits it best. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.tier === FUZZY) {
    const byScore = fuzzyScore(a) - fuzzyScore(b);
    if (byScore !== 0) return byScore;
  } else {
    if (a.yearPenalty !== b.yearPenalty) return a.yearPenalty - b.yearPenalty;
    if (a.tier === TITLE_PREFIX && a.fuse !== b.fuse) return a.fuse - b.fuse;
  }
  return b.prior - a.prior || a.film.year - b.film.year || a.slot - b.slot;
}

export function rankCandidates(index: FilmIndex, query: ParsedQuery, candidates: readonly Candidate[]): Ranked[] {
  const films: Film[] = [];
  const docs: RankingDoc[] = [];
  // Without a digit in the query the year cannot come within Fuse.js's threshold: skip its cost.
  const withYear = /\d/.test(query.readings[0]!.text);
  const withArticles = query.readings[0]!.text !== query.readings[0]!.bare;
  const live: Candidate[] = [];
  for (const candidate of candidates) {
    const film = index.film(candidate.slot);
    if (!film) continue;
    films.push(film);
    docs.push(rankingDoc(index, candidate, film, withYear, withArticles));
    live.push(candidate);
  }
  if (!docs.length) return [];
  const fuse = new Fuse(docs, RANKING_OPTIONS);
  const best: (Ranked | undefined)[] = new Array(docs.length);
  for (const reading of query.readings) {
    const scores = new Float64Array(docs.length).fill(Number.NaN);
    for (const result of fuse.search(reading.text)) scores[result.refIndex] = result.score ?? 1;
    for (let i = 0; i < docs.length; i++) {
      const candidate = live[i]!;
      const film = films[i]!;
      const tier = tierOf(index, candidate.slot, reading);
      let fuseScore = scores[i]!;
      if (Number.isNaN(fuseScore)) {
        if (tier === FUZZY && candidate.prescore < PRESCORE_WITHOUT_FUSE) continue;
        fuseScore = 1 - 0.1 * Math.min(1, candidate.prescore);
      }
      const ranked: Ranked = {
        slot: candidate.slot,
        film,
        tier,
        fuse: fuseScore,
        yearPenalty: yearPenalty(film, reading),
        prior: index.prior(candidate.slot),
        prescore: candidate.prescore,
        people: candidate.people,
        askedYear: reading.year,
      };
      const previous = best[i];
      if (!previous || compareRanked(ranked, previous) < 0) best[i] = ranked;
    }
  }
  return best.filter((ranked): ranked is Ranked => ranked !== undefined).sort(compareRanked);
}

/**
 * How closely the query matches the film's best single value (a title, or a person when people
 * were ranked): Fuse.js's bitap score for that value alone, 0 exact … 1 no match. The combined
 * Fuse.js score depends on key weights and field lengths and is not meaningful as an absolute.
 */
export function matchQuality(index: FilmIndex, ranked: Ranked, query: ParsedQuery): number {
  const values = [index.titleText[ranked.slot]!, index.titleBare[ranked.slot]!, ...(index.otherTitles(ranked.slot) ?? [])];
  if (ranked.people) {
    values.push(...ranked.film.directors.map((name) => index.normalizedName(name)));
    values.push(...ranked.film.cast.slice(0, CAST_RANKED).map((member) => index.normalizedName(member.name)));
  }
  let best = 1;
  for (const reading of query.readings) {
    for (const value of values) {
      const result = Fuse.match(reading.text, value, FUSE_TUNING);
      if (result.isMatch && result.score < best) best = result.score;
    }
  }
  return best;
}

/** A 0 (perfect) … 1 (worst) score in Fuse's convention, consistent with the ranking tiers. */
export function displayScore(ranked: Ranked): number {
  switch (ranked.tier) {
    case EXACT:
      return ranked.yearPenalty ? 0.01 + ranked.yearPenalty / 10 : 0;
    case EXACT_WITHOUT_ARTICLE:
      return 0.02 + ranked.yearPenalty / 10;
    case TITLE_PREFIX:
      return 0.05 + 0.2 * Math.min(1, ranked.fuse) + ranked.yearPenalty / 10;
    default:
      return Math.min(1, ranked.fuse + ranked.yearPenalty);
  }
}
