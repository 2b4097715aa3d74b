import { z } from 'zod';
import type { FilmRecords } from '../catalog/packedFilms.js';
import type { Film } from '../catalog/schema.js';
import { findCandidates } from './candidates.js';
import { FilmIndex, type IndexSnapshot } from './filmIndex.js';
import { compileFilters, SearchFiltersSchema, type CompiledFilters } from './filters.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { compareRanked, displayScore, EXACT_WITHOUT_ARTICLE, FUZZY, matchQuality, rankCandidates, type Ranked } from './ranking.js';
import { filmsTitled, type TypedTitleMatch } from './typedTitle.js';
import type { Candidate } from './candidates.js';
import type { ClubBoost } from './clubPrior.js';
import type { SlotBoost } from './ranking.js';

export interface SearchFilters {
  yearFrom?: number;
  yearTo?: number;
  director?: string;
  actor?: string;
  genre?: string;
}

/** A match; `score` follows Fuse's convention: 0 is perfect, 1 the worst. */
export interface SearchHit {
  film: Film;
  score: number;
}

/** Longer input is cut: no title needs more, and Fuse.js's cost grows with the pattern. */
const MAX_QUERY_LENGTH = 200;
const QueryText = z.string().transform((text) => text.slice(0, MAX_QUERY_LENGTH));
const SearchOptions = z
  .object({
    limit: z.number().int().min(1).max(1000).optional(),
    filters: SearchFiltersSchema.optional(),
    /** What this server means by what is typed (see clubPrior.ts): film id → 0 … 1. */
    boost: z.custom<ClubBoost>((value) => value instanceof Map, 'a Map of film id to boost').optional(),
  })
  .strict();
const ResolveOptions = SearchOptions.pick({ filters: true });

/**
 * A club boost as the index sees it: slots, and the title forms the prefix tiers compare, kept
 * per boost map (search is handed the same map until the club's records change) and per index.
 */
interface BoostedSlots {
  index: FilmIndex;
  bySlot: Map<number, number>;
  slots: Int32Array;
  /** Per slot of `slots`: its title forms as written and without article ([text, bare, text, bare, …]). */
  forms: string[][];
}

const DEFAULT_LIMIT = 10;
/** Films the prefilter hands to Fuse.js: from word matches, and from title prefixes. */
const CANDIDATES = 25;
const PREFIX_CANDIDATES = 15;
/** With a person filter this selective, all its films go to Fuse.js without prefiltering. */
const SMALL_FILTERED_SET = 200;
/** A fuzzy best match whose closest title or name scores worse than this is no answer for `resolve`. */
const RESOLVE_THRESHOLD = 0.4;
/** Fuzzy matches this close to the best count as "about as good" for `resolve`. */
const CONTENDER_MARGIN = 0.01;
const MAX_CONTENDERS = 24;
/** Films offered when typed text is not one film's title: a short list to choose from. */
const ASKED = 5;
/** Share of retired slots or unpacked postings above which the index is rebuilt. */
const REBUILD_RATIO = 0.3;

/**
 * Film search for commands and autocomplete: a word/prefix index picks a few dozen plausible
 * films, Fuse.js ranks them (see ranking.ts for the rules). Built once from the catalog, updated
 * in place as films are added, replaced or removed.
 */
export class FilmSearch {
  private index: FilmIndex;
  private readonly boosted = new WeakMap<ClubBoost, BoostedSlots>();

  /**
   * `films`: the films, or packed records of them (read when a film is asked for, see packedFilms.ts).
   * `saved`: the index of these very films as `saveIndex` gave it (see indexCache.ts), loaded instead of built.
   */
  constructor(films: readonly Film[] | FilmRecords, saved?: IndexSnapshot) {
    this.index = new FilmIndex(films, saved);
  }

  /** The indexed film of an id. */
  film(id: string): Film | undefined {
    return this.index.filmOf(id);
  }

  has(id: string): boolean {
    return this.index.slotOf(id) !== undefined;
  }

  /** Every indexed film (read one by one when the films are packed; `fresh`: as copies, see FilmIndex.liveFilms). */
  films(fresh = false): IterableIterator<Film> {
    return this.index.liveFilms(fresh);
  }

  /**
   * The best-known `perDecade` films of each decade, newest decade first, from the index alone (a
   * pass over typed arrays): only the films picked are read.
   */
  bestByDecade(perDecade: number): Film[][] {
    const index = this.index;
    type Ranked = { slot: number; prior: number; title?: string };
    const titleOf = (entry: Ranked) => (entry.title ??= index.titleOf(entry.slot));
    const before = (a: Ranked, b: Ranked) => a.prior > b.prior || (a.prior === b.prior && titleOf(a).localeCompare(titleOf(b)) < 0);
    const byDecade = new Map<number, Ranked[]>();
    for (let slot = 0; slot < index.slotCount; slot++) {
      if (!index.isLive(slot)) continue;
      const decade = Math.floor(index.yearOf(slot) / 10) * 10;
      let best = byDecade.get(decade);
      if (!best) byDecade.set(decade, (best = []));
      const entry: Ranked = { slot, prior: index.prior(slot) };
      if (best.length >= perDecade && !before(entry, best[best.length - 1]!)) continue;
      let at = best.length;
      while (at > 0 && before(entry, best[at - 1]!)) at--;
      best.splice(at, 0, entry);
      if (best.length > perDecade) best.pop();
    }
    return [...byDecade.entries()].sort(([a], [b]) => b - a).map(([, best]) => best.map((entry) => index.film(entry.slot)!));
  }

  /** The index as arrays, to load at the next start; only before any film is added or removed. */
  saveIndex(): IndexSnapshot {
    return this.index.save();
  }

  /** Adds films; a film whose id is already indexed replaces the old record. */
  add(films: readonly Film[]): void {
    for (const film of films) this.index.add(film);
    this.rebuildIfWorthIt();
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) this.index.remove(id);
    this.rebuildIfWorthIt();
  }

  get size(): number {
    return this.index.size;
  }

  /**
   * `boost`: the server's club prior (ClubPrior.boostFor), film id → 0 … 1: among matches the
   * text cannot tell apart, the films this club logs and picks come first, and the films it
   * boosts are considered even when catalog popularity alone would not have put them forward.
   */
  search(query: string, options?: { limit?: number; filters?: SearchFilters; boost?: ClubBoost }): SearchHit[] {
    const parsed = parseQuery(QueryText.parse(query));
    const { limit = DEFAULT_LIMIT, filters, boost } = SearchOptions.parse(options ?? {});
    const compiled = compileFilters(this.index, filters);
    if (!parsed.words.length) return compiled ? this.listFiltered(compiled, limit) : [];
    let score = 0;
    const club = boost?.size ? this.boostedSlots(boost) : undefined;
    return this.rank(parsed, compiled, parsed.lastWordOpen, club)
      .slice(0, limit)
      .map((ranked) => {
        // Scores never improve down the list, whatever tier a film came from.
        score = Math.max(score, displayScore(ranked));
        return { film: ranked.film, score };
      });
  }

  /** What free text names: the best film, and the films that match about as well (remakes, same titles) so the UI can offer a choice. */
  resolve(query: string, options?: { filters?: SearchFilters }): { best: Film; contenders: Film[] } | null {
    const parsed = parseQuery(QueryText.parse(query));
    const { filters } = ResolveOptions.parse(options ?? {});
    if (!parsed.words.length) return null;
    // Text given whole: an exact title is the answer, however little known.
    const ranked = this.rank(parsed, compileFilters(this.index, filters), false);
    const best = ranked[0];
    if (!best || (best.tier === FUZZY && matchQuality(this.index, best, parsed) > RESOLVE_THRESHOLD)) return null;
    const contenders = ranked.slice(1).filter((other) => isContender(best, other));
    return { best: best.film, contenders: contenders.slice(0, MAX_CONTENDERS).map((other) => other.film) };
  }

  /**
   * Whether typed text names one film for certain (see TypedTitleMatch): a title typed whole that
   * no other film shares, or shares only in other years when a year was typed. Otherwise the films
   * to ask about: all that bear the title, or the few closest matches.
   */
  match(query: string): TypedTitleMatch {
    const parsed = parseQuery(QueryText.parse(query));
    if (!parsed.words.length) return { kind: 'ask', candidates: [] };
    const titled = filmsTitled(this.index, parsed);
    if (titled.length === 1) return { kind: 'confident', film: titled[0]! };
    if (titled.length > 1) return { kind: 'ask', candidates: titled.slice(0, MAX_CONTENDERS) };
    const ranked = this.rank(parsed, undefined, false);
    const plausible = ranked.filter((candidate) => candidate.tier !== FUZZY || matchQuality(this.index, candidate, parsed) <= RESOLVE_THRESHOLD);
    return { kind: 'ask', candidates: plausible.slice(0, ASKED).map((candidate) => candidate.film) };
  }

  private rank(parsed: ParsedQuery, filters: CompiledFilters | undefined, typing: boolean, club?: BoostedSlots): Ranked[] {
    const boost: SlotBoost | undefined = club && ((slot) => club.bySlot.get(slot) ?? 0);
    if (filters?.seeds && filters.seeds.length <= SMALL_FILTERED_SET) {
      return rankCandidates(this.index, parsed, filters.seeds.map((slot) => ({ slot, prescore: 0, people: true })), typing, boost);
    }
    const candidates = findCandidates(this.index, parsed, {
      limit: CANDIDATES,
      prefixLimit: PREFIX_CANDIDATES,
      allowed: filters?.test,
    });
    if (club) addBoostedPrefixes(club, parsed, candidates, filters?.test, this.index.isLive);
    return rankCandidates(this.index, parsed, candidates, typing, boost);
  }

  /** The boost map as slots and title forms, built once per map (and again after a rebuild of the index). */
  private boostedSlots(boost: ClubBoost): BoostedSlots {
    const cached = this.boosted.get(boost);
    if (cached && cached.index === this.index) return cached;
    const index = this.index;
    const bySlot = new Map<number, number>();
    const slots: number[] = [];
    const forms: string[][] = [];
    for (const [filmId, value] of boost) {
      const slot = index.slotOf(filmId);
      if (slot === undefined || !(value > 0)) continue;
      bySlot.set(slot, value);
      slots.push(slot);
      forms.push([index.titleText(slot), index.titleBare(slot), ...(index.otherTitles(slot) ?? [])]);
    }
    const built: BoostedSlots = { index, bySlot, slots: Int32Array.from(slots), forms };
    this.boosted.set(boost, built);
    return built;
  }

  /** Films passing the filters alone: the most complete records first, then by year. */
  private listFiltered(filters: CompiledFilters, limit: number): SearchHit[] {
    const slots: number[] = [];
    if (filters.seeds) slots.push(...filters.seeds);
    else for (let slot = 0; slot < this.index.slotCount; slot++) if (filters.test(slot)) slots.push(slot);
    const index = this.index;
    const films = slots.map((slot) => ({ slot, film: index.film(slot)!, prior: index.prior(slot) }));
    films.sort((a, b) => b.prior - a.prior || a.film.year - b.film.year || a.film.title.localeCompare(b.film.title));
    return films.slice(0, limit).map(({ film }) => ({ film, score: 0 }));
  }

  private rebuildIfWorthIt(): void {
    if (this.index.slotCount < 64) return;
    if (this.index.garbageRatio > REBUILD_RATIO || this.index.pendingRatio > REBUILD_RATIO) {
      this.index = new FilmIndex([...this.index.liveFilms()]);
    }
  }
}

/**
 * The club's films whose title begins with what is typed join the candidates: the prefix look-up
 * keeps only the few best known of the hundreds of titles beginning with "star", and the club's
 * may not be among them.
 */
function addBoostedPrefixes(
  club: BoostedSlots,
  parsed: ParsedQuery,
  candidates: Candidate[],
  allowed: ((slot: number) => boolean) | undefined,
  isLive: (slot: number) => boolean,
): void {
  let taken: Set<number> | undefined;
  for (let i = 0; i < club.slots.length; i++) {
    const slot = club.slots[i]!;
    const forms = club.forms[i]!;
    let matches = false;
    for (const reading of parsed.readings) {
      if (!reading.text) continue;
      for (let f = 0; f < forms.length && !matches; f += 2) {
        matches = forms[f]!.startsWith(reading.prefix) || forms[f + 1]!.startsWith(reading.barePrefix);
      }
      if (matches) break;
    }
    if (!matches || !isLive(slot) || (allowed && !allowed(slot))) continue;
    taken ??= new Set(candidates.map((candidate) => candidate.slot));
    if (taken.has(slot)) continue;
    taken.add(slot);
    candidates.push({ slot, prescore: 1, people: false });
  }
}

function isContender(best: Ranked, other: Ranked): boolean {
  if (best.tier <= EXACT_WITHOUT_ARTICLE) {
    if (other.tier > EXACT_WITHOUT_ARTICLE) return false;
    // "heat 1995" found its year: only another film of that very year is as good a match.
    if (best.askedYear !== undefined && best.yearPenalty === 0) return other.film.year === best.film.year && other.yearPenalty === 0;
    return true;
  }
  if (other.tier !== best.tier) return false;
  if (other.film.title === best.film.title) return true;
  return compareRanked(other, best) >= 0 && other.fuse + other.yearPenalty - (best.fuse + best.yearPenalty) <= CONTENDER_MARGIN;
}
