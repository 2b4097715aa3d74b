import { CACHED_FROM_FILMS, openCatalog } from './openCatalog.js';

/**
 * The bot's start-up cache (the packed films and the search index in DATA_DIR/cache, see
 * openCatalog.ts) made ahead of the bot, by the catalog CLI right after it writes a catalog file.
 * Building it is what makes a start slow (a 700k-film catalog: about a minute and more than a
 * gigabyte, against seconds once it exists), so it is better paid once by the command that changed
 * the catalog than by the bot's next start. The cache is keyed to the catalog files' bytes, in the
 * order the bot reads them: the bot uses it only while the files are exactly these, and builds its
 * own otherwise, so a cache made here can never show stale films.
 */

export interface StartupCacheReport {
  /** The catalog files, in the order the bot reads them, that the cache is for. */
  files: readonly string[];
  cacheDir: string;
  films: number;
  /**
   * `written`: built and saved now; `current`: a cache for these very files was already there;
   * `not-needed`: too few films to be worth a cache (the bot builds their index in moments);
   * `failed`: it could not be written (`warn` said why; the bot builds it at start, as before).
   */
  outcome: 'written' | 'current' | 'not-needed' | 'failed';
  ms: number;
}

export interface PrepareOptions {
  cacheDir: string;
  /** As openCatalog's (tests lower it to cache tiny catalogs). */
  cachedFromFilms?: number;
  /** Told when the cache could not be written (the bot then builds it at start, as before). */
  warn?: (message: string) => void;
}

/**
 * Makes the cache the bot's start-up would make for `files`, exactly as it would (the same code
 * path: openCatalog with the cache directory), and lets it go: the next start loads it.
 */
export async function prepareStartupCache(files: readonly string[], options: PrepareOptions): Promise<StartupCacheReport> {
  const started = performance.now();
  const cachedFromFilms = options.cachedFromFilms ?? CACHED_FROM_FILMS;
  const opened = await openCatalog(files, { cacheDir: options.cacheDir, cachedFromFilms, warn: options.warn });
  const outcome = opened.index === 'loaded' ? 'current' : opened.cached ? 'written' : opened.catalog.size >= cachedFromFilms ? 'failed' : 'not-needed';
  return { files, cacheDir: options.cacheDir, films: opened.catalog.size, outcome, ms: performance.now() - started };
}
