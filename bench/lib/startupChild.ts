/**
 * Loads one catalog file as the bot does at start-up, in a fresh process, and reports the time
 * to the parent: `fork(thisFile, [catalogFile, cacheDir?, queriesFile?])`. With a cache directory
 * the search index (and, for a large catalog, the packed films) is loaded from it when saved there
 * for this file, else built and saved (see src/catalog/openCatalog.ts): a first run measures a cold
 * start, the next ones a warm start. CPU time is reported beside wall time: on a shared machine
 * the wall time mostly measures waiting for a core. With a queries file (a JSON array of typed
 * text), autocomplete is then timed on them as the bot answers it (top 25, films read as shown).
 */
import { readFileSync } from 'node:fs';
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
  /** RSS once started, and the peak of the process so far (the cold build's peak too). */
  rssMb: number;
  peakRssMb: number;
  films: number;
  packed: boolean;
  /**
   * Autocomplete on the queries given, after a warm-up of 200 of them: wall and CPU time of each
   * (ms; on a busy machine the wall time counts the waits for a core), and RSS after them.
   */
  autocomplete?: { times: number[]; cpuTimes: number[]; rssMb: number };
}

const [file, cacheDir, queriesFile] = process.argv.slice(2);
if (!file || !process.send) throw new Error('usage: fork(startupChild, [catalog file, cache dir?, queries file?])');
const cpu0 = process.cpuUsage();
const opened = await openCatalog([file], { cacheDir: cacheDir || undefined, warn: (message) => console.warn(message) });
const cpu = process.cpuUsage(cpu0);
const t2 = performance.now();
opened.catalog.search('godfater', { limit: 25 });
const t3 = performance.now();
const rssMb = process.memoryUsage().rss / 1e6;
let autocomplete: StartupFigures['autocomplete'];
if (queriesFile) {
  const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as string[];
  const answer = (query: string) => opened.catalog.search(query, { limit: 25 }).map((hit) => hit.film.title);
  for (const query of queries.slice(0, 200)) answer(query);
  const cpuTimes: number[] = [];
  const times = queries.map((query) => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    answer(query);
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    cpuTimes.push((used.user + used.system) / 1000);
    return wall;
  });
  autocomplete = { times, cpuTimes, rssMb: process.memoryUsage().rss / 1e6 };
}
const figures: StartupFigures = {
  readMs: opened.timings.readMs,
  catalogMs: opened.timings.indexMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  index: opened.index,
  firstSearchMs: t3 - t2,
  rssMb,
  peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
  films: opened.catalog.size,
  packed: opened.catalog.packed,
  ...(autocomplete ? { autocomplete } : {}),
};
process.send(figures, () => process.exit(0));
