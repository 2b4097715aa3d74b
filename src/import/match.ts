import type { Film } from '../catalog/schema.js';
import { boundedEditDistance } from '../search/editDistance.js';
import type { SearchFilters, SearchHit } from '../search/filmSearch.js';
import { normalizeTitle } from '../search/normalize.js';
import type { MatchKind } from './facts.js';

/** What matching needs from the catalog; the `Catalog` class satisfies it. */
export interface MatchCatalog {
  all(): Iterable<Film>;
  get(id: string): Film | undefined;
  search(query: string, options?: { limit?: number; filters?: SearchFilters }): SearchHit[];
}

/** A film as an import file names it. */
export interface MatchQuery {
  title: string;
  year?: number;
  akaTitles?: readonly string[];
  imdb?: string;
  letterboxdSlug?: string;
}

export type MatchOutcome =
  | { status: 'matched'; film: Film; how: Exclude<MatchKind, 'chosen'> }
  | { status: 'ambiguous'; candidates: Film[] }
  | { status: 'unmatched'; reason: string };

/** Release years in two databases differ by one often (festival vs release, December vs January); never by more. */
export const MAX_YEAR_GAP = 1;
/** A fuzzy title at least this close (0..1, 1 = same) is taken when no other candidate comes near and other evidence agrees. */
const FUZZY_ACCEPT = 0.85;
/**
 * …and one this close is offered as a candidate: a typo or two, not another film whose title shares
 * a few letters (Son of Saul is not Son of God).
 */
const FUZZY_CANDIDATE = 0.75;
/** The best fuzzy candidate must beat the next by this much to be taken without asking. */
const FUZZY_LEAD = 0.1;
const MAX_CANDIDATES = 5;

/**
 * Finds the catalog film a row of an export means: by external id (IMDb, Letterboxd slug), then by
 * exact title (articles and punctuation aside) including the catalog's original and alternative
 * titles, then by the file's own other titles (AKA), then fuzzily through the catalog's search.
 * A film whose year is more than one year from the file's is never proposed, nor one whose IMDb id
 * or Letterboxd slug differs from the row's. Only the row's exact title and year, or an AKA of that
 * year, is taken on its own: a year one off or a near title is taken only when other evidence
 * agrees (the catalog's original title among the file's titles), since a film the catalog lacks
 * often has a look-alike in it (Atlantis and Atlantics). Otherwise, and when several films are as
 * good, the row needs a choice: the member picks.
 */
export class FilmMatcher {
  readonly #catalog: MatchCatalog;
  #byTitle?: Map<string, Film[]>;
  #byImdb?: Map<string, Film[]>;
  #byLetterboxd?: Map<string, Film[]>;

  constructor(catalog: MatchCatalog) {
    this.#catalog = catalog;
  }

  match(query: MatchQuery): MatchOutcome {
    this.#build();
    const byId = this.#byExternalId(query);
    if (byId) return byId;

    const exact = decide(query, this.#byTitles([query.title], query.year), 'title');
    if (exact) return exact;
    const akas = (query.akaTitles ?? []).filter((title) => title.trim());
    return decide(query, this.#byTitles(akas, query.year), 'aka') ?? this.#fuzzy(query, akas);
  }

  #build(): void {
    if (this.#byTitle) return;
    this.#byTitle = new Map();
    this.#byImdb = new Map();
    this.#byLetterboxd = new Map();
    for (const film of this.#catalog.all()) {
      const keys = new Set([film.title, film.originalTitle ?? film.title, ...film.altTitles].map(normalizeTitle));
      for (const key of keys) if (key) add(this.#byTitle, key, film);
      if (film.externalIds.imdb) add(this.#byImdb, film.externalIds.imdb, film);
      if (film.externalIds.letterboxd) add(this.#byLetterboxd, film.externalIds.letterboxd, film);
    }
  }

  #byExternalId(query: MatchQuery): MatchOutcome | undefined {
    for (const films of [query.imdb && this.#byImdb!.get(query.imdb), query.letterboxdSlug && this.#byLetterboxd!.get(query.letterboxdSlug)]) {
      if (!films) continue;
      const near = nearestYear(films, query.year);
      if (near.length === 1) return { status: 'matched', film: near[0]!, how: 'id' };
      if (near.length > 1) return { status: 'ambiguous', candidates: near.slice(0, MAX_CANDIDATES) };
    }
    return undefined;
  }

  #byTitles(titles: readonly string[], year: number | undefined): Film[] {
    const found = new Map<string, Film>();
    for (const title of titles) {
      for (const film of this.#byTitle!.get(normalizeTitle(title)) ?? []) found.set(film.id, film);
    }
    return nearestYear([...found.values()], year);
  }

  #fuzzy(query: MatchQuery, akas: readonly string[]): MatchOutcome {
    const filters = query.year === undefined ? undefined : { yearFrom: query.year - MAX_YEAR_GAP, yearTo: query.year + MAX_YEAR_GAP };
    const scored = new Map<string, { film: Film; similarity: number }>();
    for (const title of [query.title, ...akas]) {
      const wanted = normalizeTitle(title);
      for (const hit of this.#catalog.search(title, { limit: 8, filters })) {
        if (contradicts(query, hit.film)) continue;
        // The search also matches people and years; only the title counts here.
        const similarity = Math.max(...filmTitles(hit.film).map((name) => titleSimilarity(wanted, normalizeTitle(name))));
        const previous = scored.get(hit.film.id);
        if (similarity >= FUZZY_CANDIDATE && (!previous || previous.similarity < similarity)) {
          scored.set(hit.film.id, { film: hit.film, similarity });
        }
      }
    }
    const ranked = [...scored.values()].sort(
      (a, b) => b.similarity - a.similarity || yearGap(a.film, query.year) - yearGap(b.film, query.year) || a.film.year - b.film.year,
    );
    const [best, second] = ranked;
    if (!best) {
      const otherYears = [...new Set((this.#byTitle!.get(normalizeTitle(query.title)) ?? []).map((film) => film.year))].sort();
      if (otherYears.length > 0 && query.year !== undefined) {
        return { status: 'unmatched', reason: `the catalog has this title from ${otherYears.slice(0, 3).join(', ')}, not ${query.year}` };
      }
      return {
        status: 'unmatched',
        reason: query.year === undefined ? 'no film with this title in the catalog' : `no film with this title from ${query.year - 1}–${query.year + 1} in the catalog`,
      };
    }
    // Without a year, or without evidence beyond the title, a near title is too weak to record anything without asking.
    const clearLead = !second || best.similarity - second.similarity >= FUZZY_LEAD;
    if (query.year !== undefined && best.similarity >= FUZZY_ACCEPT && clearLead && agrees(query, best.film)) return { status: 'matched', film: best.film, how: 'fuzzy' };
    return { status: 'ambiguous', candidates: ranked.slice(0, MAX_CANDIDATES).map(({ film }) => film) };
  }
}

/**
 * The films a title step found, as an outcome: taken when it is one film of the row's exact year (or
 * the row has no year), or when other evidence agrees; otherwise a choice. Films the row's ids rule
 * out are dropped; undefined when none is left, for the next step to try.
 */
function decide(query: MatchQuery, found: readonly Film[], how: 'title' | 'aka'): MatchOutcome | undefined {
  const films = found.filter((film) => !contradicts(query, film));
  if (films.length === 0) return undefined;
  const [film] = films;
  if (films.length > 1) return { status: 'ambiguous', candidates: films.slice(0, MAX_CANDIDATES) };
  if (query.year === undefined || film!.year === query.year || agrees(query, film!)) return { status: 'matched', film: film!, how };
  return { status: 'ambiguous', candidates: [film!] };
}

/** The row's ids name another film: an IMDb id or a Letterboxd slug that is not this film's. */
function contradicts(query: MatchQuery, film: Film): boolean {
  const { imdb, letterboxd } = film.externalIds;
  return (!!query.imdb && !!imdb && query.imdb !== imdb) || (!!query.letterboxdSlug && !!letterboxd && query.letterboxdSlug !== letterboxd);
}

/** Evidence beyond the title the row was matched by: the catalog's original title is one of the file's titles. */
function agrees(query: MatchQuery, film: Film): boolean {
  if (!film.originalTitle) return false;
  const original = normalizeTitle(film.originalTitle);
  return [query.title, ...(query.akaTitles ?? [])].some((title) => normalizeTitle(title) === original);
}

function add(map: Map<string, Film[]>, key: string, film: Film): void {
  const list = map.get(key);
  if (!list) map.set(key, [film]);
  else if (!list.includes(film)) list.push(film);
}

function yearGap(film: Film, year: number | undefined): number {
  return year === undefined ? 0 : Math.abs(film.year - year);
}

/** The films within a year of `year`, keeping only those closest to it (all of them without a year). */
export function nearestYear(films: readonly Film[], year: number | undefined): Film[] {
  if (year === undefined) return [...films];
  const near = films.filter((film) => yearGap(film, year) <= MAX_YEAR_GAP);
  const best = Math.min(...near.map((film) => yearGap(film, year)));
  return near.filter((film) => yearGap(film, year) === best);
}

function filmTitles(film: Film): string[] {
  const titles = [film.title, ...(film.originalTitle ? [film.originalTitle] : []), ...film.altTitles];
  // "Nosferatu: A Symphony of Horror" is also known by its main title.
  return [...titles, ...titles.map((title) => title.split(/\s*[:–—]\s+|\s+-\s+/)[0]!)];
}

/** 1 for the same normalized title, falling towards 0 with the share of characters to edit. */
export function titleSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  const max = Math.ceil(longest * (1 - FUZZY_CANDIDATE));
  return 1 - Math.min(boundedEditDistance(a, b, max), longest) / longest;
}
