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
  /** Ids earlier builds retired (merged away): never given to a new film, since members' records may name them. */
  retiredIds?: Iterable<string>;
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
  // Alternative titles count: MovieTweetings names films by their original title ("Serbuan maut"), our curated
  // films by their English one with the original beside it (The Raid, originally "Serbuan Maut").
  const merger = new CatalogMerger(sources.curated, { matchAltTitles: true, ...(sources.retiredIds && { retiredIds: sources.retiredIds }) });
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

/**
 * Where the ids of the previous build that this build no longer has now lead: each film that is gone is matched
 * against the new build by the same rules as the build's own deduplication (it was merged into that film), and
 * the retired ids of earlier builds are kept, following a kept film that was itself merged away since. A film
 * gone without a match (its source row was removed) has no successor, and its id is not listed.
 */
export function retiredIdsAfter(previous: readonly Film[], films: readonly Film[], earlier: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const ids = new Set(films.map((film) => film.id));
  const matcher = new CatalogMerger(films, { matchAltTitles: true });
  const next = new Map<string, string>();
  for (const film of previous) {
    if (ids.has(film.id)) continue;
    // keep: false: a gone film that matches nothing is not matched by the gone films after it.
    const outcome = matcher.add(film, { keep: false });
    if (outcome.status !== 'added' && ids.has(outcome.id)) next.set(film.id, outcome.id);
  }
  for (const [from, to] of earlier) {
    if (ids.has(from) || next.has(from)) continue;
    let target: string | undefined = to;
    for (let hop = 0; target !== undefined && !ids.has(target) && hop < 8; hop++) target = next.get(target) ?? earlier.get(target);
    if (target !== undefined && ids.has(target)) next.set(from, target);
  }
  return new Map([...next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
