import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { catalogFileBytes, CatalogStreamWriter, readCatalogFile, writeFileAtomic } from '../import/catalog/catalogFile.js';
import { normalizeTitle } from '../search/normalize.js';
import { TmdbError, type TmdbClient } from './client.js';
import { DEFAULT_IMAGE_BASE, posterUrl, yearOf } from './mapping.js';
import type { TmdbMovieResult } from './schemas.js';

/** What one film's lookup found; kept in the progress file so that a re-run does not ask again. */
const LookupResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('matched'),
    tmdb: z.number().int().positive(),
    via: z.enum(['imdb', 'title']),
    poster: z.string().optional(),
    synopsis: z.string().optional(),
  }),
  z.object({ status: z.enum(['unmatched', 'ambiguous']), reason: z.string() }),
]);
type LookupResult = z.infer<typeof LookupResult>;

const ProgressFile = z.object({
  version: z.literal(1),
  /** Film id → what its lookup found. Failures (TMDB down, timeouts) are not recorded: a re-run tries them again. */
  results: z.record(z.string(), LookupResult),
});
type ProgressFile = z.infer<typeof ProgressFile>;

export interface EnrichOptions {
  /** The catalog file to fill in (rewritten in place, the previous version kept as .bak). */
  into: string;
  client: TmdbClient;
  /** Where the lookups done so far are kept (default `<into>.tmdb-progress.json`). */
  progressFile?: string;
  /** Stops the run between two films (Ctrl-C): what was found is saved and written, and a re-run continues. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Lookups between two saves of the progress file (default 25). */
  saveEvery?: number;
  imageBase?: string;
}

export interface EnrichReport {
  films: number;
  /** Films missing a poster or a synopsis. */
  candidates: number;
  /** Of those, looked up in an earlier run (the progress file). */
  resumed: number;
  lookedUp: number;
  matched: { imdb: number; title: number };
  unmatched: number;
  ambiguous: number;
  failed: number;
  filled: { posters: number; synopses: number };
  written: boolean;
  /** Why the run stopped early, if it did: re-running continues where it stopped. */
  stopped?: string;
  progressFile: string;
  /** A few films that were not matched, with the reason. */
  notes: { id: string; title: string; year: number; reason: string }[];
}

/** Consecutive failures after which TMDB is taken to be down and the run stops (to be re-run later). */
const FAILURES_IN_A_ROW = 5;
const NOTES_KEPT = 50;

export function defaultProgressFile(into: string): string {
  return `${into}.tmdb-progress.json`;
}

async function readProgress(path: string): Promise<ProgressFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, results: {} };
    throw error;
  }
  const parsed = ProgressFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a progress file of this tool; delete it to start over`);
  return parsed.data;
}

const wants = (film: Film) => !film.poster || !film.synopsis;

/** Titles a TMDB result must bear one of: the film's title, original title and other titles, compared as search compares them. */
function titleKeys(film: Film): Set<string> {
  return new Set([film.title, film.originalTitle, ...film.altTitles].filter((title): title is string => !!title).map(normalizeTitle));
}

/**
 * The one search result that is this film: a title or original title the film bears, released the
 * film's year (or one off: festival and release years differ). Several in the same year: ambiguous.
 */
function pickResult(film: Film, results: readonly TmdbMovieResult[]): TmdbMovieResult | 'ambiguous' | undefined {
  const keys = titleKeys(film);
  const titled = results.filter((result) => [result.title, result.original_title].some((title) => title && keys.has(normalizeTitle(title))));
  const near = titled.filter((result) => {
    const year = yearOf(result.release_date);
    return year !== undefined && Math.abs(year - film.year) <= 1;
  });
  const exact = near.filter((result) => yearOf(result.release_date) === film.year);
  const pool = exact.length ? exact : near;
  if (pool.length > 1) return 'ambiguous';
  return pool[0];
}

async function lookUp(client: TmdbClient, film: Film, imageBase: string): Promise<LookupResult> {
  const found = (result: TmdbMovieResult, via: 'imdb' | 'title'): LookupResult => ({
    status: 'matched',
    tmdb: result.id,
    via,
    poster: posterUrl(result.poster_path, imageBase),
    synopsis: result.overview?.trim() || undefined,
  });
  if (film.externalIds.imdb) {
    const byImdb = await client.findByImdb(film.externalIds.imdb);
    if (byImdb.length === 1) return found(byImdb[0]!, 'imdb');
  }
  const page = await client.searchMovies(film.title);
  let picked = pickResult(film, page.results);
  if (picked === undefined && film.originalTitle && film.originalTitle !== film.title) {
    picked = pickResult(film, (await client.searchMovies(film.originalTitle)).results);
  }
  if (picked === 'ambiguous') return { status: 'ambiguous', reason: `several TMDB films are called “${film.title}” around ${film.year}` };
  if (picked) return found(picked, 'title');
  return { status: 'unmatched', reason: film.externalIds.imdb ? `TMDB knows neither ${film.externalIds.imdb} nor the title and year` : 'no TMDB film with this title and year' };
}

/** A film with what TMDB gave filled in where it was missing; the same film when there was nothing to fill. */
function filled(film: Film, result: LookupResult, counts: EnrichReport['filled']): Film {
  if (result.status !== 'matched') return film;
  const poster = !film.poster && result.poster ? result.poster : undefined;
  const synopsis = !film.synopsis && result.synopsis ? result.synopsis.slice(0, 4000) : undefined;
  if (!poster && !synopsis) return film;
  if (poster) counts.posters += 1;
  if (synopsis) counts.synopses += 1;
  const tmdbId = film.externalIds.tmdb ?? result.tmdb;
  return {
    ...film,
    ...(poster && { poster }),
    ...(synopsis && { synopsis }),
    externalIds: { ...film.externalIds, tmdb: tmdbId },
    dataFrom: [...new Set([...(film.dataFrom ?? []), 'tmdb' as const])],
  };
}

/**
 * Fills in the posters and synopses a catalog file's films lack, from TMDB: by IMDb id (/find) when
 * the film has one, else by title and year (/search/movie). Rate-limited by the client; resumable:
 * each lookup's outcome goes to a progress file, saved as it goes, so a stopped or failed run
 * continues where it stopped. The catalog is rewritten at the end of every run (atomically, .bak
 * kept) with everything found so far.
 */
export async function enrichFromTmdb(options: EnrichOptions): Promise<EnrichReport> {
  const progressFile = options.progressFile ?? defaultProgressFile(options.into);
  const catalog = await readCatalogFile(options.into);
  if (!catalog.exists) throw new TmdbEnrichError(`${options.into} does not exist.`);
  if (catalog.problems.length) throw new TmdbEnrichError(`${options.into} has ${catalog.problems.length} invalid entries; fix them first (npm run catalog -- validate ${options.into}).`);
  const progress = await readProgress(progressFile);
  const imageBase = options.imageBase ?? DEFAULT_IMAGE_BASE;
  const candidates = catalog.films.filter(wants);
  const todo = candidates.filter((film) => !(film.id in progress.results));
  const report: EnrichReport = {
    films: catalog.films.length,
    candidates: candidates.length,
    resumed: candidates.length - todo.length,
    lookedUp: 0,
    matched: { imdb: 0, title: 0 },
    unmatched: 0,
    ambiguous: 0,
    failed: 0,
    filled: { posters: 0, synopses: 0 },
    written: false,
    progressFile,
    notes: [],
  };
  const save = () => writeFileAtomic(progressFile, JSON.stringify(progress) + '\n');
  let sinceSave = 0;
  let failuresInARow = 0;
  options.onProgress?.(report.resumed, candidates.length);
  for (const film of todo) {
    if (options.signal?.aborted) {
      report.stopped = 'interrupted';
      break;
    }
    let result: LookupResult;
    try {
      result = await lookUp(options.client, film, imageBase);
      failuresInARow = 0;
    } catch (error) {
      if (!(error instanceof TmdbError)) throw error;
      report.failed += 1;
      failuresInARow += 1;
      if (error.kind === 'refused' || error.kind === 'rate-limited' || failuresInARow >= FAILURES_IN_A_ROW) {
        report.stopped = error.kind === 'refused' ? `TMDB refused the key or token (${error.message})` : `TMDB is not answering well (${error.message})`;
        break;
      }
      continue;
    }
    report.lookedUp += 1;
    progress.results[film.id] = result;
    if (++sinceSave >= (options.saveEvery ?? 25)) {
      await save();
      sinceSave = 0;
    }
    options.onProgress?.(report.resumed + report.lookedUp + report.failed, candidates.length);
  }
  await save();

  const films = catalog.films.map((film) => {
    const result = progress.results[film.id];
    if (!result || !wants(film)) return film;
    if (result.status === 'matched') report.matched[result.via] += 1;
    else {
      report[result.status] += 1;
      if (report.notes.length < NOTES_KEPT) report.notes.push({ id: film.id, title: film.title, year: film.year, reason: result.reason });
    }
    return filled(film, result, report.filled);
  });
  if (report.filled.posters || report.filled.synopses) {
    if (films.length <= 20_000) {
      await writeFileAtomic(options.into, await catalogFileBytes(options.into, films), { keepBackup: true });
    } else {
      const writer = new CatalogStreamWriter(options.into);
      try {
        for (const film of films) await writer.write(film);
        await writer.finish({ keepBackup: true });
      } catch (error) {
        await writer.abort();
        throw error;
      }
    }
    report.written = true;
  }
  return report;
}

/** Forgets earlier lookups, so that the next run asks TMDB about every film again. */
export async function forgetProgress(progressFile: string): Promise<void> {
  await rm(progressFile, { force: true });
}

export class TmdbEnrichError extends Error {
  override readonly name = 'TmdbEnrichError';
}
