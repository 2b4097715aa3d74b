/**
 * Loads one catalog file as the bot does at start-up, in a fresh process, and reports the time
 * to the parent: `fork(thisFile, [catalogFile])`.
 */
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';

export interface StartupFigures {
  readMs: number;
  catalogMs: number;
  films: number;
}

const file = process.argv[2];
if (!file || !process.send) throw new Error('usage: fork(startupChild, [catalog file])');
const t0 = performance.now();
const loaded = await loadCatalogFiles([file]);
const t1 = performance.now();
const catalog = new Catalog(loaded.films);
const t2 = performance.now();
const figures: StartupFigures = { readMs: t1 - t0, catalogMs: t2 - t1, films: catalog.size };
process.send(figures, () => process.exit(0));
