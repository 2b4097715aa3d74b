import { Film, filmIdFor, FIRST_FILM_YEAR, isPosterUrl, type FilmInput } from '../catalog/schema.js';
import type { TmdbMovieDetails, TmdbMovieResult } from './schemas.js';

/** TMDB's image server; /configuration confirms it (and the sizes) when it answers. */
export const DEFAULT_IMAGE_BASE = 'https://image.tmdb.org/t/p/';
/** A poster width that reads well as a card thumbnail without being heavy. */
export const POSTER_SIZE = 'w342';
/** Top-billed cast kept for a film: the card shows 8, "Full cast" the rest. */
export const CAST_KEPT = 30;
const WRITING_JOBS = new Set(['Screenplay', 'Writer', 'Story', 'Novel', 'Author', 'Original Story', 'Book']);

export function yearOf(releaseDate: string | null | undefined): number | undefined {
  const year = releaseDate ? Number(releaseDate.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year >= FIRST_FILM_YEAR && year <= 2100 ? year : undefined;
}

/** "https://image.tmdb.org/t/p/w342/abc.jpg", or nothing when the path or base would not make a valid poster link. */
export function posterUrl(path: string | null | undefined, base = DEFAULT_IMAGE_BASE, size = POSTER_SIZE): string | undefined {
  if (!path) return undefined;
  const url = `${base.replace(/\/+$/, '')}/${size}${path}`;
  return isPosterUrl(url) ? url : undefined;
}

const clip = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…');
const clean = (text: string | null | undefined, max = 200) => {
  const trimmed = (text ?? '').replace(/\s+/g, ' ').trim();
  return trimmed ? clip(trimmed, max) : undefined;
};
const distinct = (names: (string | undefined)[], max: number) => [...new Set(names.filter((name): name is string => !!name))].slice(0, max);
const imdbId = (text: string | null | undefined) => (text && /^tt\d{5,10}$/.test(text) ? text : undefined);

/**
 * A TMDB film as a catalog film: its facts, TMDB's overview as the synopsis (TMDB's text, shown
 * with "Data from TMDB" on the card), the w342 poster, and both ids. Undefined when TMDB gives no
 * release year, which a catalog film must have.
 */
export function filmFromTmdb(movie: TmdbMovieDetails, imageBase = DEFAULT_IMAGE_BASE): Film | undefined {
  const year = yearOf(movie.release_date);
  const title = clean(movie.title);
  if (!year || !title) return undefined;
  const originalTitle = clean(movie.original_title);
  const cast = [...movie.credits.cast]
    .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER))
    .map((credit) => ({ name: clean(credit.name), character: clean(credit.character) }))
    .filter((credit): credit is { name: string; character: string | undefined } => !!credit.name)
    .slice(0, CAST_KEPT)
    .map(({ name, character }) => (character ? { name, character } : { name }));
  const crew = movie.credits.crew;
  const input: FilmInput = {
    id: filmIdFor(title, year),
    title,
    ...(originalTitle && originalTitle !== title && { originalTitle }),
    year,
    directors: distinct(crew.filter((credit) => credit.job === 'Director').map((credit) => clean(credit.name)), 20),
    writers: distinct(crew.filter((credit) => credit.department === 'Writing' && WRITING_JOBS.has(credit.job ?? '')).map((credit) => clean(credit.name)), 30),
    cast,
    ...(movie.runtime && movie.runtime > 0 && movie.runtime <= 6000 && { runtime: movie.runtime }),
    countries: distinct(movie.production_countries.map((country) => clean(country.name)), 30),
    languages: distinct(movie.spoken_languages.map((language) => clean(language.english_name ?? language.name)), 30),
    genres: distinct(movie.genres.map((genre) => clean(genre.name)), 20),
    synopsis: clean(movie.overview, 4000) ?? '',
    poster: posterUrl(movie.poster_path, imageBase),
    externalIds: { tmdb: movie.id, ...(imdbId(movie.imdb_id ?? movie.external_ids?.imdb_id) && { imdb: imdbId(movie.imdb_id ?? movie.external_ids?.imdb_id) }) },
    dataFrom: ['tmdb'],
  };
  const parsed = Film.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

/** A search result as autocomplete shows it: "The Matrix (1999)"; undefined without a year. */
export function resultLabel(result: TmdbMovieResult): string | undefined {
  const year = yearOf(result.release_date);
  const title = clean(result.title);
  return year && title ? `${title} (${year})` : undefined;
}
