import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSnapshot, decodeSaved, indexKeyOfHashes, StaleIndex, writeIndexFile } from '../search/indexCache.js';
import { Catalog } from './catalog.js';
import { loadCatalogFiles, NotLineForm, streamCatalogFiles, type CatalogProblem } from './loader.js';
import { PackedFilms, PackedFilmsWriter } from './packedFilms.js';

/** Below this many films the index builds in a few milliseconds: no file is worth keeping. */
export const CACHED_FROM_FILMS = 5_000;
export const INDEX_CACHE_FILE = 'search-index.bin';
/** The films of a catalog kept packed (see packedFilms.ts), beside the index that describes them. */
export const FILM_RECORDS_FILE = 'catalog-films.bin';

export interface OpenCatalogOptions {
  /** Where the built search index (and the packed films) are kept between starts (e.g. DATA_DIR/cache); none: always built, films as objects. */
  cacheDir?: string;
  /** Told when a saved index was damaged or could not be written (the catalog works regardless). */
  warn?: (message: string) => void;
  /** Catalogs smaller than this are always built, their films kept as objects (default CACHED_FROM_FILMS). */
  cachedFromFilms?: number;
}

export interface OpenedCatalog {
  catalog: Catalog;
  problems: CatalogProblem[];
  /** Whether the search index was loaded from the cache or built (and then saved, when there is a cache). */
  index: 'loaded' | 'built';
  /** Whether the cache directory now holds this catalog's packed films and index (loaded from it, or built and saved). */
  cached: boolean;
  /** Wall time reading and checking the files, then making the catalog and its index (loading or building, and saving). */
  timings: { readMs: number; indexMs: number };
}

/**
 * Reads the catalog files and makes the catalog with its search index. With a cache directory, a
 * catalog of CACHED_FROM_FILMS films or more keeps its films packed there (one record per film,
 * read when a film is asked for, see packedFilms.ts) and its index beside them: the next start with
 * the very same files loads both and parses no film at all (a 700k-film catalog: seconds instead of
 * half a minute, and a fraction of the memory). Anything damaged or stale is rebuilt. Results are
 * the same either way; only start-up time and memory differ.
 */
export async function openCatalog(paths: readonly string[], options: OpenCatalogOptions = {}): Promise<OpenedCatalog> {
  const started = performance.now();
  const warn = options.warn ?? (() => {});
  if (!options.cacheDir) return openInMemory(paths, started);
  const cacheDir = options.cacheDir;
  const key = indexKeyOfHashes(await Promise.all(paths.map(fileHash)));
  const indexFile = join(cacheDir, INDEX_CACHE_FILE);
  const recordsFile = join(cacheDir, FILM_RECORDS_FILE);
  const saved = await loadSaved(indexFile, recordsFile, key, warn);
  if (saved) {
    const { catalog, problems, loadedAt } = saved;
    return { catalog, problems, index: 'loaded', cached: true, timings: { readMs: loadedAt - started, indexMs: performance.now() - loadedAt } };
  }

  const cachedFrom = options.cachedFromFilms ?? CACHED_FROM_FILMS;
  const writer = new PackedFilmsWriter(recordsFile, { fileFrom: cachedFrom });
  let problems: CatalogProblem[];
  try {
    problems = await streamCatalogFiles(paths, (film) => writer.add(film));
  } catch (error) {
    writer.abort();
    // A huge file not written one film per line: read it the ordinary way (films as objects).
    if (error instanceof NotLineForm) return openInMemory(paths, started);
    throw error;
  }
  if (writer.failure) {
    writer.abort();
    warn(`search index cache: cannot write in ${cacheDir}: ${writer.failure.message}`);
    return openInMemory(paths, started);
  }
  if (writer.count < cachedFrom) {
    const films = writer.films();
    writer.abort();
    const read = performance.now();
    const catalog = new Catalog(films);
    return { catalog, problems, index: 'built', cached: false, timings: { readMs: read - started, indexMs: performance.now() - read } };
  }
  let records: PackedFilms;
  try {
    records = writer.finish();
  } catch (error) {
    writer.abort();
    warn(`search index cache: cannot write in ${cacheDir}: ${(error as Error).message}`);
    return openInMemory(paths, started);
  }
  const read = performance.now();
  const catalog = new Catalog(records);
  let cached = false;
  try {
    await writeIndexFile(indexFile, catalog.saveIndex(), key, records.count, { packed: records.layout, problems });
    cached = true;
  } catch (error) {
    warn(`search index cache: cannot write ${indexFile}: ${(error as Error).message}`);
  }
  return { catalog, problems, index: 'built', cached, timings: { readMs: read - started, indexMs: performance.now() - read } };
}

/** The films read as objects and indexed: without a cache directory, or when the cache cannot be used. */
async function openInMemory(paths: readonly string[], started: number): Promise<OpenedCatalog> {
  const loaded = await loadCatalogFiles(paths);
  const read = performance.now();
  const catalog = new Catalog(loaded.films);
  return { catalog, problems: loaded.problems, index: 'built', cached: false, timings: { readMs: read - started, indexMs: performance.now() - read } };
}

/** SHA-256 of a file's bytes, read as a stream (a missing file counts as empty: the loader reports it). */
async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch {
    return createHash('sha256').digest('hex');
  }
  return hash.digest('hex');
}

async function loadSaved(
  indexFile: string,
  recordsFile: string,
  key: string,
  warn: (message: string) => void,
): Promise<{ catalog: Catalog; problems: CatalogProblem[]; loadedAt: number } | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(indexFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`search index cache: cannot read ${indexFile}: ${(error as Error).message}; rebuilding`);
    return undefined;
  }
  const loadedAt = performance.now();
  let records: PackedFilms | undefined;
  try {
    const saved = decodeSaved(bytes, key);
    if (!saved.packed) throw new StaleIndex('saved without its films');
    records = PackedFilms.open(recordsFile, saved.packed);
    checkSnapshot(records, saved.snapshot);
    return { catalog: new Catalog(records, saved.snapshot), problems: saved.problems, loadedAt };
  } catch (error) {
    records?.close();
    // Saved for other catalog files or by another version of Marquee: expected after a catalog change or an upgrade, not worth a warning.
    if (error instanceof StaleIndex && (error.message === 'saved for other catalog files' || error.message.startsWith('format '))) return undefined;
    warn(`search index cache: ${indexFile} is unusable (${(error as Error).message}); rebuilding`);
    return undefined;
  }
}
