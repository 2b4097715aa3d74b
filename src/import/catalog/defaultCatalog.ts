import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Film } from '../../catalog/schema.js';
import { UserError } from '../../errors.js';
import type { MovieTweetingsMovie } from '../movietweetings.js';
import { type CandidateFilm, validateCandidate } from './convert.js';
import { CatalogMerger } from './merge.js';
import { fromWikipedia } from './wikipedia.js';

/** Where the large bundled default comes from. Only the curated catalog is required. */
export interface DefaultCatalogSources {
  /** Our own catalog (data/films.json): its films keep their ids and synopses. */
  curated: readonly Film[];
  /** `wikipedia-movies/`: the Wikipedia film lists (facts only are kept). */
  wikipediaDir?: string;
  /** The films of MovieTweetings' movies.dat (IMDb id, title, year, genres). */
  movieTweetings?: readonly MovieTweetingsMovie[];
  onProgress?: (source: string, done: number, total: number) => void;
}

export interface SourceCounts {
  rows: number;
  added: number;
  /** Rows naming a film already there (by IMDb or Wikipedia id, or title, year and cast). */
  merged: number;
  skipped: number;
}

export interface DefaultCatalogBuild {
  films: Film[];
  sources: Record<string, SourceCounts>;
}

async function wikipediaRows(dir: string): Promise<unknown[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  if (names.length === 0) throw new UserError(`${dir} holds no .json files`);
  const rows: unknown[] = [];
  for (const name of names) {
    const entries = JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown;
    if (!Array.isArray(entries)) throw new UserError(`${join(dir, name)}: expected a JSON array of films`);
    rows.push(...entries);
  }
  return rows;
}

/**
 * The large default catalog: our curated films first (ids and synopses unchanged), then the facts of
 * the Wikipedia film lists and of MovieTweetings, deduplicated by the merger (IMDb or Wikipedia id,
 * then title + year + cast). The Wikipedia extracts' sentences are never kept: a film without a
 * synopsis of our own has none, and its card says so.
 */
export async function buildDefaultCatalog(sources: DefaultCatalogSources): Promise<DefaultCatalogBuild> {
  const merger = new CatalogMerger(sources.curated);
  const counts: Record<string, SourceCounts> = {};
  const feed = (source: string, rows: readonly unknown[], convert: (row: unknown) => CandidateFilm | undefined) => {
    const tally: SourceCounts = (counts[source] = { rows: rows.length, added: 0, merged: 0, skipped: 0 });
    const every = Math.max(1, Math.floor(rows.length / 200));
    rows.forEach((row, index) => {
      if (index % every === 0) sources.onProgress?.(source, index, rows.length);
      const film = convert(row);
      if (!film) {
        tally.skipped += 1;
        return;
      }
      const outcome = merger.add(film);
      if (outcome.status === 'added') tally.added += 1;
      else tally.merged += 1;
    });
    sources.onProgress?.(source, rows.length, rows.length);
  };
  if (sources.wikipediaDir) {
    feed('wikipedia', await wikipediaRows(sources.wikipediaDir), (row) => {
      const converted = fromWikipedia(row);
      if (!converted.ok) return undefined;
      return { ...converted.film, synopsis: '' };
    });
  }
  if (sources.movieTweetings) {
    feed('movietweetings', sources.movieTweetings, (row) => {
      const movie = row as MovieTweetingsMovie;
      const converted = validateCandidate({ title: movie.title, year: movie.year, genres: movie.genres, externalIds: { imdb: movie.imdb } });
      return converted.ok ? converted.film : undefined;
    });
  }
  return { films: merger.films(), sources: counts };
}
