/**
 * Per-server catalog benchmark: `npm run bench:server-catalog` (a script, not a test).
 *
 * Autocomplete through a server's catalog view (src/catalog/serverCatalog.ts) against the shared catalog alone, on
 * the large default catalog (data/catalog.json.gz): the view queries the shared index and a small index of the
 * server's own films and merges the two. Measured for a server with no films of its own and for one with 500 added
 * films, 50 corrections and 20 merges, on the same seeded prefixes of real titles; and the cost of building a view
 * (done after each change of the server's catalog). First, the default catalog's start-up: read, validated and
 * indexed in a fresh process as the bot does (target ≤ 1.5 s): once cold (the search index built, then saved to a
 * fresh cache directory) and three times warm (the saved index loaded).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CATALOG } from '../src/app.js';
import { Catalog } from '../src/catalog/catalog.js';
import { loadCatalogFiles } from '../src/catalog/loader.js';
import { Film, filmIdFor } from '../src/catalog/schema.js';
import { ServerCatalog } from '../src/catalog/serverCatalog.js';
import { ServerCatalogSection } from '../src/catalog/serverSchema.js';
import { Rng } from './lib/rng.js';
import type { StartupFigures } from './lib/startupChild.js';
import { ms, percentile, table } from './lib/stats.js';

const SEED = 20_261_207;
const QUERIES = 2_000;
const LIMIT = 25;

/** One start-up of `file` in a fresh process (see lib/startupChild.ts). */
function startup(file: string, cacheDir: string): Promise<StartupFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/startupChild.ts', import.meta.url).pathname, [file, cacheDir]);
    child.once('message', (message) => resolve(message as StartupFigures));
    child.once('exit', (code) => (code ? reject(new Error(`start-up child exited with ${code}`)) : undefined));
  });
}

const startups: StartupFigures[] = [];
const cacheDir = mkdtempSync(join(tmpdir(), 'marquee-index-cache-'));
try {
  for (let run = 0; run < 4; run++) startups.push(await startup(DEFAULT_CATALOG, cacheDir));
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log(`Start-up of the default catalog (${startups[0]!.films.toLocaleString('en')} films), fresh process, target ≤ 1.5 s:\n`);
console.log(
  table(
    ['run', 'search index', 'read + validate', 'catalog + index', 'total (wall)', 'CPU', 'first search', 'RSS'],
    startups.map((figures, run) => [
      String(run + 1),
      figures.index === 'loaded' ? 'loaded (warm)' : 'built + saved (cold)',
      ms(figures.readMs),
      ms(figures.catalogMs),
      ms(figures.readMs + figures.catalogMs),
      ms(figures.cpuMs),
      ms(figures.firstSearchMs),
      `${figures.rssMb.toFixed(0)} MB`,
    ]),
  ),
);
console.log('');

const { films } = await loadCatalogFiles([DEFAULT_CATALOG]);
const catalog = new Catalog(films);
const rng = new Rng(SEED);
const pick = <T>(items: readonly T[]) => items[Math.floor(rng.next() * items.length)]!;

// A busy club's records: films added (titles made from real title words), corrections and merges of shared films.
const words = films.slice(0, 5_000).flatMap((film) => film.title.split(/\s+/)).filter((word) => word.length > 2);
const section = ServerCatalogSection.parse({});
for (let i = 0; Object.keys(section.films).length < 500; i++) {
  const title = `${pick(words)} ${pick(words)} ${i}`;
  const film = Film.parse({ id: filmIdFor(title, 2020), title, year: 2020, directors: [pick(words)] });
  section.films[film.id] = { film, origin: { kind: 'moderator', userId: '200000000000000001' }, addedAt: new Date(0).toISOString() };
}
for (let i = 0; i < 50; i++) section.edits[pick(films).id] = { facts: { synopsis: 'Corrected.' }, by: '200000000000000001', at: new Date(0).toISOString() };
for (let i = 0; i < 20; i++) section.aliases[pick(films).id] = pick(films).id;

const builds: number[] = [];
let busy: ServerCatalog | undefined;
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  busy = new ServerCatalog(catalog, section);
  busy.search('warm', { limit: 1 });
  builds.push(performance.now() - start);
}
const empty = new ServerCatalog(catalog);

// Prefixes of real titles as a member types them (2 to 8 characters), plus the added films' own titles.
const queries = Array.from({ length: QUERIES }, () => {
  const title = rng.next() < 0.1 ? pick(Object.values(section.films)).film.title : pick(films).title;
  return title.slice(0, 2 + Math.floor(rng.next() * 7)).toLowerCase();
});

function measure(search: (query: string) => unknown): number[] {
  for (const query of queries.slice(0, 300)) search(query);
  return queries.map((query) => {
    const start = performance.now();
    search(query);
    return performance.now() - start;
  });
}

const rows = [
  ['shared catalog alone', measure((query) => catalog.search(query, { limit: LIMIT }))],
  ['server view, nothing of its own', measure((query) => empty.search(query, { limit: LIMIT }))],
  ['server view, 500 added + 50 corrected + 20 merged', measure((query) => busy!.search(query, { limit: LIMIT }))],
] as const;

console.log(`${films.length} shared films, ${QUERIES} typed prefixes (seed ${SEED}), top ${LIMIT}\n`);
console.log(table(['Autocomplete', 'p50', 'p95', 'p99'], rows.map(([name, times]) => [name, ms(percentile(times, 50)), ms(percentile(times, 95)), ms(percentile(times, 99))])));
console.log(`\nBuilding the busy server's view (after each change of its catalog): p50 ${ms(percentile(builds, 50))}, max ${ms(Math.max(...builds))}`);
