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
/** A fuzzy title at least this close (0..1, 1 = same) is taken when no other candidate comes near. */
const FUZZY_ACCEPT = 0.85;
/** …and one this close is offered as a candidate. */
const FUZZY_CANDIDATE = 0.6;
/** The best fuzzy candidate must beat the next by this much to be taken without asking. */
const FUZZY_LEAD = 0.1;
const MAX_CANDIDATES = 5;

/**
 * Finds the catalog film a row of an export means: by external id (IMDb, Letterboxd slug), then by
 * exact title (articles and punctuation aside) including the catalog's original and alternative
 * titles, then by the file's own other titles (AKA), then fuzzily through the catalog's search.
 * A film whose year is more than one year from the file's is never proposed. Several equally good
 * films make the row ambiguous: the member chooses.
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

    const exact = this.#byTitles([query.title], query.year);
    if (exact.length === 1) return { status: 'matched', film: exact[0]!, how: 'title' };
    if (exact.length > 1) return { status: 'ambiguous', candidates: exact.slice(0, MAX_CANDIDATES) };

    const akas = (query.akaTitles ?? []).filter((title) => title.trim());
    const aka = this.#byTitles(akas, query.year);
    if (aka.length === 1) return { status: 'matched', film: aka[0]!, how: 'aka' };
    if (aka.length > 1) return { status: 'ambiguous', candidates: aka.slice(0, MAX_CANDIDATES) };

    return this.#fuzzy(query, akas);
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
    // Without a year, a near title alone is too weak to record anything without asking.
    const clearLead = !second || best.similarity - second.similarity >= FUZZY_LEAD;
    if (query.year !== undefined && best.similarity >= FUZZY_ACCEPT && clearLead) return { status: 'matched', film: best.film, how: 'fuzzy' };
    return { status: 'ambiguous', candidates: ranked.slice(0, MAX_CANDIDATES).map(({ film }) => film) };
  }
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
