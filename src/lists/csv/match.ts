import { quote } from '../../errors.js';
import type { Film } from '../../catalog/schema.js';
import { boundedEditDistance } from '../../search/editDistance.js';
import { normalizeTitle } from '../../search/normalize.js';
import type { SourceRow } from './parse.js';

/** What matching needs from the catalog; `Catalog` satisfies it. */
export interface MatchCatalog {
  all(): Iterable<Film>;
  search(query: string, options?: { limit?: number }): { film: Film; score: number }[];
}

export type MatchHow = 'letterboxd-url' | 'title-year' | 'title';

export type MatchOutcome =
  | { kind: 'matched'; film: Film; how: MatchHow }
  /** Best guess first. */
  | { kind: 'ambiguous'; candidates: Film[] }
  | { kind: 'unmatched'; reason: string };

/** Search hits worse than this (0 perfect … 1 worst) are not considered; typos often score 0.4–0.5. */
const SEARCH_MAX_SCORE = 0.6;
const MAX_CANDIDATES = 5;

/**
 * Matches imported rows to the catalog: by Letterboxd film URL, then by exact title (any of a film's titles,
 * leading articles ignored) and year. A list row says nothing else about the film (no director, runtime or
 * original title), so a title with the year next to it (release years differ by one between databases) or a
 * near title (a fuzzy search whose hit must still look like the title and agree on the year) is only offered:
 * a film the catalog lacks often has a look-alike in it. A film whose Letterboxd slug differs from the row's
 * URL is another film and never offered. Built once per import.
 */
export class RowMatcher {
  private readonly byTitle = new Map<string, Film[]>();
  private readonly byLetterboxd = new Map<string, Film>();
  private readonly byYear = new Map<number, Film[]>();
  /** Each film's titles, normalised once (the fuzzy pass compares against hundreds of them per row). */
  private readonly titleKeys = new Map<string, string[]>();

  constructor(private readonly catalog: MatchCatalog) {
    for (const film of catalog.all()) {
      const keys = titleKeysOf(film);
      this.titleKeys.set(film.id, keys);
      for (const key of keys) {
        const films = this.byTitle.get(key);
        if (films) films.push(film);
        else this.byTitle.set(key, [film]);
      }
      const sameYear = this.byYear.get(film.year);
      if (sameYear) sameYear.push(film);
      else this.byYear.set(film.year, [film]);
      const slug = film.externalIds.letterboxd;
      if (slug) this.byLetterboxd.set(slug, film);
    }
  }

  match(row: Pick<SourceRow, 'title' | 'year' | 'url'>): MatchOutcome {
    const slug = row.url ? letterboxdSlug(row.url) : undefined;
    const byUrl = slug ? this.byLetterboxd.get(slug) : undefined;
    if (byUrl && (row.year === undefined || Math.abs(byUrl.year - row.year) <= 1)) return { kind: 'matched', film: byUrl, how: 'letterboxd-url' };

    const otherFilm = (film: Film) => slug !== undefined && film.externalIds.letterboxd !== undefined && film.externalIds.letterboxd !== slug;
    const sameTitle = (this.byTitle.get(normalizeTitle(row.title)) ?? []).filter((film) => !otherFilm(film));
    if (row.year === undefined) {
      if (sameTitle.length === 1) return { kind: 'matched', film: sameTitle[0]!, how: 'title' };
      if (sameTitle.length > 1) return { kind: 'ambiguous', candidates: byYear(sameTitle).slice(0, MAX_CANDIDATES) };
    } else {
      const exact = sameTitle.filter((film) => film.year === row.year);
      if (exact.length === 1) return { kind: 'matched', film: exact[0]!, how: 'title-year' };
      if (exact.length > 1) return { kind: 'ambiguous', candidates: exact.slice(0, MAX_CANDIDATES) };
      const near = sameTitle.filter((film) => Math.abs(film.year - row.year!) === 1);
      if (near.length > 0) return { kind: 'ambiguous', candidates: near.slice(0, MAX_CANDIDATES) };
    }

    const fuzzy = this.fuzzy(row).filter((hit) => !otherFilm(hit.film));
    if (fuzzy.length > 0) return { kind: 'ambiguous', candidates: fuzzy.slice(0, MAX_CANDIDATES).map((hit) => hit.film) };
    if (row.year !== undefined && sameTitle.length > 0) {
      const years = [...new Set(sameTitle.map((film) => film.year))].sort((a, b) => a - b);
      return { kind: 'unmatched', reason: `the catalog has ${quote(sameTitle[0]!.title)} from ${years.join(', ')}, not ${row.year}` };
    }
    return { kind: 'unmatched', reason: 'no film in the catalog has that title' + (row.year === undefined ? '' : ' and year') };
  }

  /**
   * Candidates from two sources: when the row has a year, an edit-distance scan of the titles of that year and
   * its neighbours (a few thousand films even in a large catalog, and cheap), which catches typos the search
   * engine scores poorly; failing that, the search engine (word order, missing words, prefixes). Both are ranked
   * on one scale: how far the title is from the film's closest title, plus a little for a year off by one.
   */
  private fuzzy(row: Pick<SourceRow, 'title' | 'year'>): { film: Film; score: number }[] {
    const wanted = normalizeTitle(row.title);
    if (!wanted) return [];
    const hits = new Map<string, { film: Film; score: number }>();
    const consider = (film: Film) => {
      if (hits.has(film.id) || (row.year !== undefined && Math.abs(film.year - row.year) > 1)) return;
      const distance = titleDistance(wanted, this.titleKeys.get(film.id) ?? titleKeysOf(film));
      if (distance !== undefined) hits.set(film.id, { film, score: distance + 0.05 * yearGap(film, row.year) });
    };
    const ranked = () => [...hits.values()].sort((a, b) => a.score - b.score || a.film.year - b.film.year);
    if (row.year !== undefined) {
      for (let year = row.year - 1; year <= row.year + 1; year++) this.byYear.get(year)?.forEach(consider);
      // The scan is cheap and found near-identical titles; the search engine is only needed for the rest.
      if (hits.size > 0) return ranked();
    }
    for (const hit of this.catalog.search(row.title, { limit: 10 })) if (hit.score <= SEARCH_MAX_SCORE) consider(hit.film);
    return ranked();
  }
}

function yearGap(film: Film, year: number | undefined): number {
  return year === undefined ? 0 : Math.abs(film.year - year);
}

function byYear(films: Film[]): Film[] {
  return [...films].sort((a, b) => a.year - b.year || a.id.localeCompare(b.id));
}

function titleKeysOf(film: Film): string[] {
  return [...new Set([film.title, film.originalTitle, ...film.altTitles].filter((title): title is string => !!title).map(normalizeTitle))];
}

/** Distance given to a title that is the start of the other ("Dr. Strangelove" for the full title). */
const PREFIX_DISTANCE = 0.2;

/**
 * How far a typed title (normalised) is from the closest of a film's normalised titles: edit distance over length (0 identical), when within a
 * few typos (a quarter of the length), or PREFIX_DISTANCE when one title starts the other; undefined when the
 * film does not look like that title at all (the search also matches people: "carax" finds Holy Motors).
 */
export function titleDistance(wanted: string, keys: readonly string[]): number | undefined {
  let best: number | undefined;
  for (const key of keys) {
    const longest = Math.max(key.length, wanted.length, 1);
    const allowed = Math.floor(longest * 0.25);
    const distance = boundedEditDistance(key, wanted, allowed);
    let score = distance <= allowed ? distance / longest : undefined;
    const [shorter, longer] = key.length <= wanted.length ? [key, wanted] : [wanted, key];
    if (score === undefined && shorter.length >= 6 && longer.startsWith(shorter + ' ')) score = PREFIX_DISTANCE;
    if (score !== undefined && (best === undefined || score < best)) best = score;
  }
  return best;
}

/** "https://letterboxd.com/film/holy-motors/" (or a member's /someone/film/holy-motors/) → "holy-motors"; short boxd.it links cannot be resolved offline. */
export function letterboxdSlug(url: string): string | undefined {
  const match = /^(?:https?:\/\/)?(?:www\.)?letterboxd\.com\/(?:[\w.-]+\/)?film\/([a-z0-9-]+)\/?(?:[?#].*)?$/i.exec(url.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}
