import Fuse, { type IFuseOptions } from 'fuse.js';
import type { Film } from '../catalog/schema.js';
import type { Candidate } from './candidates.js';
import type { FilmIndex } from './filmIndex.js';
import { ARTICLES } from './normalize.js';
import { prefixOrder } from './prior.js';
import type { ParsedQuery, Reading } from './query.js';

/**
 * The final ranking. Fuse.js scores the candidates over normalised titles, people and year; on
 * top of its score, a few rules users expect are applied in order:
 *   0. the query is a title, exactly (after `normalize`), or
 *   1. exactly once leading articles are dropped ("godfather", "Godfather, The"), or
 *   2. a title begins with the query as typed (autocomplete), or
 *   3. begins with it once its article is dropped ("godf" → The Godfather): tiers 2 and 3 are
 *      ordered together, the best-known film first, then the shortest title (see `prefixOrder`);
 *   4. otherwise Fuse.js's fuzzy score decides, nudged by the share of query words found and,
 *      slightly, by how well known the film is.
 * While the member is still typing (nothing after the last word), tiers 0–3 are ordered together,
 * each tier costing a little (TIER_COST): a title thousands have seen that begins with "star" comes
 * before an obscure film called Star. Text given whole (`resolve`, a trailing space) keeps the tiers.
 * A trailing year ("heat 1995") is read both as part of the title and as the release year; the
 * film of that year goes first among equal titles. Several films with the same exact title and
 * no year given: the best known first (`searchPrior`), then the earliest (the original before
 * its remakes).
 */

export const EXACT = 0;
export const EXACT_WITHOUT_ARTICLE = 1;
export const TITLE_PREFIX = 2;
export const TITLE_PREFIX_WITHOUT_ARTICLE = 3;
export const FUZZY = 4;

/**
 * What Fuse.js searches: normalised, so that typed text and catalog text meet halfway. A film is
 * several documents, one per form of each of its titles, and scores as its best one: Fuse.js
 * multiplies the scores of every value that matches, so in a single document a film with three
 * alternative titles (or a title with and without its article) would outrank the film asked for.
 */
class RankingDoc {
  constructor(
    readonly title: string,
    readonly other: string,
    readonly directors: readonly string[] = NOBODY,
    readonly cast: readonly string[] = NOBODY,
    readonly year = '',
  ) {}
}
const NOBODY: readonly string[] = [];

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

/**
 * How much the prefilter's share of query words found counts in the fuzzy tier: bitap reads the
 * query as one string and can prefer a title sharing a long run of letters over one that has every
 * word, slightly misspelt.
 */
const PRESCORE_WEIGHT = 0.2;
/** How much being well known counts in the fuzzy tier: enough to settle near-ties, no more. */
export const FUZZY_PRIOR_WEIGHT = 0.03;
/**
 * What a server's full club boost (1, see clubPrior.ts) adds to a film's prior (0 … 1). It only
 * orders films the query cannot tell apart: titles beginning with what is typed, near-equal fuzzy
 * matches. It never moves a film across what the text decides (tier groups, the year asked for,
 * punctuation typed), and in the fuzzy tier it is worth at most FUZZY_PRIOR_WEIGHT × this.
 */
export const CLUB_PRIOR_WEIGHT = 1;

/** A film's club boost by slot, 0 … 1 (see clubPrior.ts); absent: no club. */
export type SlotBoost = (slot: number) => number;

export interface Ranked {
  slot: number;
  film: Film;
  tier: number;
  /** Fuse.js score for the chosen reading (1 when Fuse.js did not match). */
  fuse: number;
  /** 0 without a year in the query or when the year matches; grows with the gap. */
  yearPenalty: number;
  prior: number;
  /** Words in the title without its article. */
  words: number;
  /** The query may be unfinished (autocomplete): an exact title is then only a strong prefix match. */
  typing: boolean;
  /** The prefilter's share of the query matched (see candidates.ts). */
  prescore: number;
  /** Whether the film's people were ranked (the query named someone in them). */
  people: boolean;
  /** The year the query asked for, if the chosen reading has one. */
  askedYear?: number;
  /** An exact or prefix match that also has the query's punctuation ("Ransom!" for "ransom!", not "Ransom"). */
  literal: boolean;
}

/**
 * The documents of one candidate: its title as written, with its people and year; the title
 * without its article, when it has one; and each other title in both forms. People go in only
 * when the prefilter found query words in them: matching a title query against every cast name is
 * most of Fuse.js's work and only adds noise.
 */
function rankingDocs(index: FilmIndex, candidate: Candidate, film: Film, withYear: boolean): RankingDoc[] {
  const slot = candidate.slot;
  const directors = candidate.people ? film.directors.map((name) => index.normalizedName(name)) : NOBODY;
  const cast = candidate.people ? film.cast.slice(0, CAST_RANKED).map((member) => index.normalizedName(member.name)) : NOBODY;
  const text = index.titleText(slot);
  const bare = index.titleBare(slot);
  const docs = [new RankingDoc(text, '', directors, cast, withYear ? String(film.year) : '')];
  if (bare !== text) docs.push(new RankingDoc(bare, ''));
  const others = index.otherTitles(slot);
  if (others) {
    for (let i = 0; i < others.length; i += 2) {
      docs.push(new RankingDoc('', others[i]!));
      if (others[i + 1] !== others[i]) docs.push(new RankingDoc('', others[i + 1]!));
    }
  }
  return docs;
}

function tierOf(index: FilmIndex, slot: number, reading: Reading): number {
  const text = index.titleText(slot);
  const bare = index.titleBare(slot);
  const others = index.otherTitles(slot);
  const anyTitle = (test: (title: string, bareForm: boolean) => boolean) =>
    test(text, false) || test(bare, true) || (others?.some((title, i) => test(title, i % 2 === 1)) ?? false);
  if (anyTitle((title, bareForm) => !bareForm && title === reading.text)) return EXACT;
  if (anyTitle((title, bareForm) => bareForm && title === reading.bare)) return EXACT_WITHOUT_ARTICLE;
  if (anyTitle((title, bareForm) => !bareForm && title.startsWith(reading.prefix))) return TITLE_PREFIX;
  if (anyTitle((title, bareForm) => bareForm && title.startsWith(reading.barePrefix))) return TITLE_PREFIX_WITHOUT_ARTICLE;
  return FUZZY;
}

/** Case and accents folded, punctuation kept: to tell "Ransom!" from "Ransom" once both match. */
function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();
}

/**
 * Whether a title is, or begins with, the query as typed, punctuation included ("boo!" → "Boo! A
 * Madea Halloween"); for the tiers that drop the title's article, the title without it ("godf" →
 * The Godfather). So "the romantic age" typed in full prefers The Romantic Age to An Romantic Age.
 */
function isLiteral(film: Film, typed: string, tier: number): boolean {
  if (tier > TITLE_PREFIX_WITHOUT_ARTICLE || !typed) return false;
  const withoutArticle = tier === EXACT_WITHOUT_ARTICLE || tier === TITLE_PREFIX_WITHOUT_ARTICLE;
  const exact = tier <= EXACT_WITHOUT_ARTICLE;
  const matches = (title: string) => {
    const folded = withoutArticle ? dropLeadingArticle(fold(title)) : fold(title);
    return exact ? folded === typed : folded.startsWith(typed);
  };
  return matches(film.title) || (film.originalTitle !== undefined && matches(film.originalTitle)) || film.altTitles.some(matches);
}

const LEADING_WORD = /^(\p{L}+)(?:['’ʼ]|\s+)/u;

function dropLeadingArticle(folded: string): string {
  const match = LEADING_WORD.exec(folded);
  return match && ARTICLES.has(match[1]!) ? folded.slice(match[0].length) : folded;
}

function yearPenalty(film: Film, reading: Reading): number {
  if (reading.year === undefined) return 0;
  const gap = Math.abs(film.year - reading.year);
  return gap === 0 ? 0 : gap === 1 ? 0.05 : 0.15;
}

function fuzzyScore(ranked: Ranked): number {
  return (
    ranked.fuse +
    ranked.yearPenalty +
    PRESCORE_WEIGHT * (1 - Math.max(0, Math.min(1, ranked.prescore))) -
    FUZZY_PRIOR_WEIGHT * ranked.prior
  );
}

/**
 * Titles beginning with the query, with or without their article, are ordered together; while
 * the member is still typing, so are exact titles: "star" is more likely the start of a film
 * thousands have seen than the whole title of one a handful have.
 */
function tierGroup(ranked: Ranked): number {
  if (ranked.tier === FUZZY) return FUZZY;
  if (ranked.typing || ranked.tier >= TITLE_PREFIX) return TITLE_PREFIX;
  return ranked.tier;
}

/** What a title costs in `prefixOrder` units for matching the query less than exactly. */
const TIER_COST: Readonly<Record<number, number>> = { [EXACT]: 0, [EXACT_WITHOUT_ARTICLE]: 0.05, [TITLE_PREFIX]: 0.15, [TITLE_PREFIX_WITHOUT_ARTICLE]: 0.2 };

function prefixScore(ranked: Ranked): number {
  return prefixOrder(ranked.prior, ranked.words) + TIER_COST[ranked.tier]!;
}

/** The ranking order; also picks, per film, the reading of the query that suits it best. */
export function compareRanked(a: Ranked, b: Ranked): number {
  const group = tierGroup(a);
  if (group !== tierGroup(b)) return group - tierGroup(b);
  if (group === FUZZY) {
    const byScore = fuzzyScore(a) - fuzzyScore(b);
    if (byScore !== 0) return byScore;
  } else {
    if (a.yearPenalty !== b.yearPenalty) return a.yearPenalty - b.yearPenalty;
    if (a.literal !== b.literal) return a.literal ? -1 : 1;
    if (group === TITLE_PREFIX) {
      const byOrder = prefixScore(a) - prefixScore(b);
      if (byOrder !== 0) return byOrder;
      // Exact titles tie on their text: the fuse score would only reflect which fields were ranked.
      if (a.tier >= TITLE_PREFIX && b.tier >= TITLE_PREFIX && a.fuse !== b.fuse) return a.fuse - b.fuse;
    }
  }
  return b.prior - a.prior || a.film.year - b.film.year || a.slot - b.slot;
}

/** `typing`: the query may be unfinished (autocomplete, search as you type) rather than submitted whole. */
export function rankCandidates(index: FilmIndex, query: ParsedQuery, candidates: readonly Candidate[], typing: boolean, boost?: SlotBoost): Ranked[] {
  const first = query.readings[0]!;
  // Without a digit in the query the year cannot come within Fuse.js's threshold: skip its cost.
  const withYear = /\d/.test(first.text);
  const live: { candidate: Candidate; film: Film; prior: number }[] = [];
  const docs: RankingDoc[] = [];
  const owner: number[] = [];
  for (const candidate of candidates) {
    const film = index.film(candidate.slot);
    if (!film) continue;
    for (const doc of rankingDocs(index, candidate, film, withYear)) {
      docs.push(doc);
      owner.push(live.length);
    }
    live.push({ candidate, film, prior: index.prior(candidate.slot) + (boost ? CLUB_PRIOR_WEIGHT * clamp01(boost(candidate.slot)) : 0) });
  }
  if (!live.length) return [];
  const fuse = new Fuse(docs, RANKING_OPTIONS);
  const best: (Ranked | undefined)[] = new Array(live.length);
  const scores = new Float64Array(live.length);
  const typed = query.readings.map((reading) => fold(reading.raw));
  for (let r = 0; r < query.readings.length; r++) {
    const reading = query.readings[r]!;
    scores.fill(Number.NaN);
    for (const result of fuse.search(reading.text)) {
      const film = owner[result.refIndex]!;
      const score = result.score ?? 1;
      if (!(scores[film]! <= score)) scores[film] = score;
    }
    for (let i = 0; i < live.length; i++) {
      const { candidate, film, prior } = live[i]!;
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
        prior,
        words: index.titleLength(candidate.slot),
        typing,
        prescore: candidate.prescore,
        people: candidate.people,
        askedYear: reading.year,
        literal: isLiteral(film, typed[r]!, tier),
      };
      const previous = best[i];
      if (!previous || compareRanked(ranked, previous) < 0) best[i] = ranked;
    }
  }
  return best.filter((ranked): ranked is Ranked => ranked !== undefined).sort(compareRanked);
}

function clamp01(value: number): number {
  return value > 0 ? Math.min(1, value) : 0;
}

/**
 * How closely the query matches the film's best single value (a title, or a person when people
 * were ranked): Fuse.js's bitap score for that value alone, 0 exact … 1 no match. The combined
 * Fuse.js score depends on key weights and field lengths and is not meaningful as an absolute.
 */
export function matchQuality(index: FilmIndex, ranked: Ranked, query: ParsedQuery): number {
  const values = [index.titleText(ranked.slot), index.titleBare(ranked.slot), ...(index.otherTitles(ranked.slot) ?? [])];
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
    case TITLE_PREFIX_WITHOUT_ARTICLE:
      return 0.05 + 0.2 * Math.min(1, ranked.fuse) + ranked.yearPenalty / 10;
    default:
      return Math.min(1, ranked.fuse + ranked.yearPenalty);
  }
}
