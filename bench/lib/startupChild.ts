/**
 * Loads one catalog file as the bot does at start-up, in a fresh process, and reports the time
 * to the parent: `fork(thisFile, [catalogFile, cacheDir?])`. With a cache directory the search
 * index is loaded from it when saved there for this file, else built and saved (see
 * src/catalog/openCatalog.ts): a first run measures a cold start, the next ones a warm start.
 * CPU time is reported beside wall time: on a shared machine the wall time mostly measures
 * waiting for a core.
 */
import { openCatalog } from '../../src/catalog/openCatalog.js';

export interface StartupFigures {
  readMs: number;
  catalogMs: number;
  /** CPU time of both (every thread of the process: the garbage collector's helpers too). */
  cpuMs: number;
  /** Whether the search index was loaded from the cache directory or built. */
  index: 'loaded' | 'built';
  /** The first search after start-up (a typo: it reaches every part of the index). */
  firstSearchMs: number;
  rssMb: number;
  films: number;
}

const [file, cacheDir] = process.argv.slice(2);
if (!file || !process.send) throw new Error('usage: fork(startupChild, [catalog file, cache dir?])');
const cpu0 = process.cpuUsage();
const opened = await openCatalog([file], { cacheDir, warn: (message) => console.warn(message) });
const cpu = process.cpuUsage(cpu0);
const t2 = performance.now();
opened.catalog.search('godfater', { limit: 25 });
const t3 = performance.now();
const figures: StartupFigures = {
  readMs: opened.timings.readMs,
  catalogMs: opened.timings.indexMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  index: opened.index,
  firstSearchMs: t3 - t2,
  rssMb: process.memoryUsage().rss / 1e6,
  films: opened.catalog.size,
};
process.send(figures, () => process.exit(0));
