import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { normalizeTitle } from '../search/normalize.js';
import { CalendarDate, IsoDateTime, REVIEW_MAX_LENGTH, Stars } from '../store/schema.js';

/**
 * What an import file says about films, before and after matching them to the catalog. The preview
 * built from it is plain JSON (these schemas validate it when it comes back to be applied), so a
 * command can keep it between "here is what I found" and "confirm".
 */

export const IMPORT_SOURCES = ['letterboxd', 'icheckmovies', 'imdb'] as const;
export const ImportSource = z.enum(IMPORT_SOURCES);
export type ImportSource = z.infer<typeof ImportSource>;

export const RowProblem = z.object({
  file: z.string().max(300),
  /** 1-based line of the row in its file; absent for a problem with the whole file. */
  line: z.number().int().positive().optional(),
  /** The film the row names, when known. */
  title: z.string().max(300).optional(),
  message: z.string().max(500),
});
export type RowProblem = z.infer<typeof RowProblem>;

export const ImportedReview = z.object({
  text: z.string().trim().min(1).max(REVIEW_MAX_LENGTH),
  spoiler: z.boolean(),
  createdAt: IsoDateTime,
});
export type ImportedReview = z.infer<typeof ImportedReview>;

/** One dated viewing (a Letterboxd diary or review row). */
export const ImportedViewing = z.object({
  watchedOn: CalendarDate,
  loggedAt: IsoDateTime,
  stars: Stars.optional(),
  /** The source marked it a rewatch (Marquee itself counts rewatches from the order of viewings). */
  rewatch: z.boolean(),
  review: ImportedReview.optional(),
});
export type ImportedViewing = z.infer<typeof ImportedViewing>;

/** Everything one import says about one film, in Marquee's terms. */
export const FilmFacts = z.object({
  /** Oldest first. */
  viewings: z.array(ImportedViewing).max(1000),
  /** Marked as seen without a dated viewing (watched.csv, an undated iCheckMovies check): the film is seen since then, with no viewing invented. */
  watchedAt: IsoDateTime.optional(),
  /** The current rating. */
  rating: z.object({ stars: Stars, at: IsoDateTime }).optional(),
  favoriteSince: IsoDateTime.optional(),
  dislikeSince: IsoDateTime.optional(),
  watchlistSince: IsoDateTime.optional(),
});
export type FilmFacts = z.infer<typeof FilmFacts>;

export function emptyFacts(): FilmFacts {
  return { viewings: [] };
}

/** How a film named in the file was found in the catalog. */
export const MATCH_KINDS = ['id', 'title', 'aka', 'fuzzy', 'chosen'] as const;
export const MatchKind = z.enum(MATCH_KINDS);
export type MatchKind = z.infer<typeof MatchKind>;

export const SourceTitle = z.object({
  title: z.string().min(1).max(300),
  year: z.number().int().optional(),
});
export type SourceTitle = z.infer<typeof SourceTitle>;

export const CatalogRef = z.object({ filmId: FilmId, title: z.string(), year: z.number().int() });
export type CatalogRef = z.infer<typeof CatalogRef>;

/** A film of the file found in the catalog, with what will be recorded for it. */
export const MatchedFilm = CatalogRef.extend({
  /** As the file names it (the first name, when several rows of the file led to this film). */
  source: SourceTitle,
  how: MatchKind,
  facts: FilmFacts,
});
export type MatchedFilm = z.infer<typeof MatchedFilm>;

/** A film of the file that fits several catalog films equally well, or one only loosely: the member picks one (or none). */
export const AmbiguousFilm = z.object({
  /** Pass back in `choices` with the chosen candidate's id. */
  key: z.string().min(1).max(400),
  source: SourceTitle,
  candidates: z.array(CatalogRef).min(1).max(10),
  facts: FilmFacts,
});
export type AmbiguousFilm = z.infer<typeof AmbiguousFilm>;

export const UnmatchedFilm = z.object({
  source: SourceTitle,
  /** Rows of the file about this film. */
  rows: z.number().int().nonnegative(),
  reason: z.string().max(300),
});
export type UnmatchedFilm = z.infer<typeof UnmatchedFilm>;

/** A film as one import file names it, with its facts, before matching. */
export interface SourceFilm {
  /** Groups the rows of the file that name the same film: normalized title and year. */
  key: string;
  title: string;
  year?: number;
  /** Other names the file gives (iCheckMovies' akatitle, IMDb's original title). */
  akaTitles: string[];
  imdb?: string;
  letterboxdSlug?: string;
  facts: FilmFacts;
  rows: number;
}

export function sourceKey(title: string, year: number | undefined): string {
  return `${normalizeTitle(title)}|${year ?? ''}`;
}

/** The SourceFilm for a title and year in `films`, created empty on first mention. */
export function sourceFilm(films: Map<string, SourceFilm>, title: string, year: number | undefined): SourceFilm {
  const key = sourceKey(title, year);
  let film = films.get(key);
  if (!film) {
    film = { key, title, year, akaTitles: [], facts: emptyFacts(), rows: 0 };
    films.set(key, film);
  }
  film.rows += 1;
  return film;
}

const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a <= b ? a : b);

/** Combines what two rows (or two files' names of one film) say about the same film into `into`. */
export function mergeFacts(into: FilmFacts, from: FilmFacts): FilmFacts {
  into.viewings.push(...from.viewings);
  into.viewings.sort((a, b) => a.watchedOn.localeCompare(b.watchedOn) || a.loggedAt.localeCompare(b.loggedAt));
  into.watchedAt = earlier(into.watchedAt, from.watchedAt);
  if (from.rating && (!into.rating || from.rating.at > into.rating.at)) into.rating = from.rating;
  into.favoriteSince = earlier(into.favoriteSince, from.favoriteSince);
  into.dislikeSince = earlier(into.dislikeSince, from.dislikeSince);
  into.watchlistSince = earlier(into.watchlistSince, from.watchlistSince);
  // A film cannot be both: the later opinion wins.
  if (into.favoriteSince && into.dislikeSince) {
    if (into.favoriteSince >= into.dislikeSince) delete into.dislikeSince;
    else delete into.favoriteSince;
  }
  for (const key of ['watchedAt', 'favoriteSince', 'dislikeSince', 'watchlistSince'] as const) {
    if (into[key] === undefined) delete into[key];
  }
  return into;
}

/** A calendar day as the moment Marquee stores (midnight UTC): the files carry days, not times. */
export function dayStart(day: string): string {
  return `${day}T00:00:00.000Z`;
}
