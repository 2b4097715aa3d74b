/**
 * Loads one catalog file as the bot does at start-up, in a fresh process, and reports the time
 * to the parent: `fork(thisFile, [catalogFile])`. CPU time is reported beside wall time: on a
 * shared machine the wall time mostly measures waiting for a core.
 */
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';

export interface StartupFigures {
  readMs: number;
  catalogMs: number;
  /** CPU time of both (every thread of the process: the garbage collector's helpers too). */
  cpuMs: number;
  /** The first search after start-up (a typo: it reaches every part of the index). */
  firstSearchMs: number;
  rssMb: number;
  films: number;
}

const file = process.argv[2];
if (!file || !process.send) throw new Error('usage: fork(startupChild, [catalog file])');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const loaded = await loadCatalogFiles([file]);
const t1 = performance.now();
const catalog = new Catalog(loaded.films);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
catalog.search('godfater', { limit: 25 });
const t3 = performance.now();
const figures: StartupFigures = {
  readMs: t1 - t0,
  catalogMs: t2 - t1,
  cpuMs: (cpu.user + cpu.system) / 1000,
  firstSearchMs: t3 - t2,
  rssMb: process.memoryUsage().rss / 1e6,
  films: catalog.size,
};
process.send(figures, () => process.exit(0));
