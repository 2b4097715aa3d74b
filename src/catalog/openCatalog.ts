import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkSnapshot, decodeIndex, encodeIndex, indexKey, StaleIndex } from '../search/indexCache.js';
import { Catalog } from './catalog.js';
import { loadCatalogFiles, type CatalogProblem } from './loader.js';
import type { Film } from './schema.js';

/** Below this many films the index builds in a few milliseconds: no file is worth keeping. */
export const CACHED_FROM_FILMS = 5_000;
export const INDEX_CACHE_FILE = 'search-index.bin';

export interface OpenCatalogOptions {
  /** Where the built search index is kept between starts (e.g. DATA_DIR/cache); none: always built. */
  cacheDir?: string;
  /** Told when a saved index was damaged or could not be written (the catalog works regardless). */
  warn?: (message: string) => void;
  /** Catalogs smaller than this are always built (default CACHED_FROM_FILMS). */
  cachedFromFilms?: number;
}

export interface OpenedCatalog {
  catalog: Catalog;
  problems: CatalogProblem[];
  /** Whether the search index was loaded from the cache or built (and then saved, when there is a cache). */
  index: 'loaded' | 'built';
  /** Wall time reading and checking the files, then making the catalog and its index (loading or building, and saving). */
  timings: { readMs: number; indexMs: number };
}

/**
 * Reads the catalog files and makes the catalog with its search index: loaded from `cacheDir` when
 * saved there for these very files (and found whole and consistent), else built and saved for the
 * next start. Results are the same either way; only start-up time differs.
 */
export async function openCatalog(paths: readonly string[], options: OpenCatalogOptions = {}): Promise<OpenedCatalog> {
  const started = performance.now();
  const [loaded, contents] = await Promise.all([loadCatalogFiles(paths), options.cacheDir ? readContents(paths) : undefined]);
  const read = performance.now();
  const timings = () => ({ readMs: read - started, indexMs: performance.now() - read });
  // The catalog keeps the first film of an id; the saved index describes exactly that list.
  const films = [...new Map(loaded.films.map((film) => [film.id, film])).values()];
  const warn = options.warn ?? (() => {});
  if (!options.cacheDir || !contents || films.length < (options.cachedFromFilms ?? CACHED_FROM_FILMS)) {
    return { catalog: new Catalog(films), problems: loaded.problems, index: 'built', timings: timings() };
  }
  const file = join(options.cacheDir, INDEX_CACHE_FILE);
  const key = indexKey(contents);
  const saved = await loadSavedIndex(file, key, films, warn);
  if (saved) return { catalog: saved, problems: loaded.problems, index: 'loaded', timings: timings() };
  const catalog = new Catalog(films);
  try {
    await writeAtomically(file, encodeIndex(catalog.saveIndex(), key, films.length));
  } catch (error) {
    warn(`search index cache: cannot write ${file}: ${(error as Error).message}`);
  }
  return { catalog, problems: loaded.problems, index: 'built', timings: timings() };
}

async function readContents(paths: readonly string[]): Promise<Uint8Array[]> {
  // A missing file is part of the key too (as empty): the loader reports it.
  return Promise.all(paths.map((path) => readFile(path).catch(() => new Uint8Array(0))));
}

async function loadSavedIndex(file: string, key: string, films: readonly Film[], warn: (message: string) => void): Promise<Catalog | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`search index cache: cannot read ${file}: ${(error as Error).message}; rebuilding`);
    return undefined;
  }
  try {
    const snapshot = decodeIndex(bytes, key);
    checkSnapshot(films, snapshot);
    return new Catalog(films, snapshot);
  } catch (error) {
    // Saved for other catalog files (or an older Marquee): expected after a catalog change, not worth a warning.
    if (error instanceof StaleIndex && error.message === 'saved for other catalog files') return undefined;
    warn(`search index cache: ${file} is unusable (${(error as Error).message}); rebuilding`);
    return undefined;
  }
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
