import { fileURLToPath } from 'node:url';
import { Catalog } from './catalog/catalog.js';
import { formatProblem, loadCatalogFiles } from './catalog/loader.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';

export const BUNDLED_CATALOG = fileURLToPath(new URL('../data/films.json', import.meta.url));

/** Everything a command needs, built once at start-up; commands reach the domain only through it. */
export interface App {
  config: Config;
  catalog: Catalog;
  log: Logger;
  now: () => Date;
}

export interface AppOptions {
  log: Logger;
  now?: () => Date;
  /** Replaces the bundled catalog, for tests that want a small known catalog. */
  catalogFiles?: string[];
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const files = options.catalogFiles ?? [BUNDLED_CATALOG, ...config.CATALOG_FILES];
  const loaded = await loadCatalogFiles(files);
  for (const problem of loaded.problems) options.log.warn(`catalog: ${formatProblem(problem)}`);
  options.log.info(`catalog: ${loaded.films.length} films from ${files.length} file(s)`);
  return {
    config,
    catalog: new Catalog(loaded.films),
    log: options.log,
    now: options.now ?? (() => new Date()),
  };
}
