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
 *
 *   npm run bench:server-catalog -- [catalog file [fresh cache dir to keep] [--cold]]
 *
 * Given a catalog file (e.g. the 700k-film one `npm run bench:imdb` builds), only its start-up is
 * measured, each start followed by autocomplete on 2,000 seeded prefixes of its titles (p50/p95/p99
 * and RSS): a large catalog keeps its films packed (src/catalog/packedFilms.ts). First the step the
 * catalog CLI runs at the end of an import (`npm run catalog -- cache <file> --cache-dir <dir>`, a
 * fresh process: wall and CPU time, peak RSS), then the first start after that import, which loads
 * what it wrote, then a second (warm) start. `--cold`: also a start with no cache at all (the bot
 * builds and saves it itself: what a start costs after the catalog file was changed by hand).
 */
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CATALOG } from '../src/app.js';
import { Catalog } from '../src/catalog/catalog.js';
import { forEachLine } from '../src/catalog/lines.js';
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

/** One start-up of `file` in a fresh process (see lib/startupChild.ts), then autocomplete on the queries in `queriesFile` if given. */
function startup(file: string, cacheDir: string, queriesFile = ''): Promise<StartupFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/startupChild.ts', import.meta.url).pathname, [file, cacheDir, queriesFile]);
    child.once('message', (message) => resolve(message as StartupFigures));
    child.once('exit', (code) => (code ? reject(new Error(`start-up child exited with ${code}`)) : undefined));
  });
}

const positionals = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const given = positionals[0];
if (given) {
  await largeCatalog(given, positionals[1], process.argv.includes('--cold'));
  process.exit(0);
}

interface CliFigures {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  output: string;
}

/** `npm run catalog -- cache <file> --cache-dir <dir>` in a fresh process, as the import runs it after writing the file. */
function cliPreparesCache(file: string, cacheDir: string): CliFigures {
  const cli = new URL('../src/cli/catalog.ts', import.meta.url).pathname;
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', cli, 'cache', file, '--cache-dir', cacheDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`catalog cache failed:\n${run.stdout}${run.stderr}`);
  const seconds = (kind: string) => Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? Number.NaN);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  return { wallMs, cpuMs: (seconds('User') + seconds('System')) * 1000, peakRssMb: (rssKb * 1024) / 1e6, output: run.stdout.trim() };
}

/** Seeded prefixes (2–8 letters) of titles drawn evenly from a catalog file, read line by line. */
async function prefixesOf(file: string, count: number): Promise<string[]> {
  const rng = new Rng(SEED);
  const titles: string[] = [];
  let seen = 0;
  await forEachLine(file, (line) => {
    const match = /"title":("(?:[^"\\]|\\.)*")/.exec(line);
    if (!match) return;
    // Reservoir sampling: every title equally likely, one pass.
    const title = JSON.parse(match[1]!) as string;
    if (titles.length < count) titles.push(title);
    else {
      const at = Math.floor(rng.next() * ++seen);
      if (at < count) titles[at] = title;
    }
    seen = Math.max(seen, titles.length);
  });
  return titles.map((title) => title.slice(0, 2 + Math.floor(rng.next() * 7)).toLowerCase());
}

/** `keptCache`: the (fresh) cache directory the CLI prepares and the starts use, kept afterwards; else a temporary one. */
async function largeCatalog(file: string, keptCache: string | undefined, cold: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-index-cache-'));
  const queriesFile = join(dir, 'queries.json');
  writeFileSync(queriesFile, JSON.stringify(await prefixesOf(file, QUERIES)));
  const runs: [string, StartupFigures][] = [];
  let cli: CliFigures;
  try {
    const cacheDir = keptCache ?? join(dir, 'cache');
    cli = cliPreparesCache(file, cacheDir);
    runs.push(['first start after import (cache the CLI wrote)', await startup(file, cacheDir, queriesFile)]);
    runs.push(['next start', await startup(file, cacheDir, queriesFile)]);
    if (cold) runs.push(['no cache (built + saved at start)', await startup(file, join(dir, 'cold-cache'), queriesFile)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const first = runs[0]![1];
  console.log(`The catalog CLI's last step after writing ${file} (npm run catalog -- cache …, fresh process):`);
  console.log(cli.output.replace(/^/gm, '  '));
  console.log(`  wall ${ms(cli.wallMs)} ms, CPU ${ms(cli.cpuMs)} ms, peak RSS ${cli.peakRssMb.toFixed(0)} MB\n`);
  console.log(`Start-up of ${file} (${first.films.toLocaleString('en')} films, ${first.packed ? 'films packed' : 'films as objects'}), fresh process, target ≤ 10 s:\n`);
  console.log(
    table(
      ['start', 'search index', 'read', 'catalog + index', 'total (wall)', 'CPU', 'RSS', 'peak RSS', 'autocomplete p50 / p99 (wall)', 'p50 / p99 (CPU)', 'RSS after'],
      runs.map(([name, figures]) => {
        const times = figures.autocomplete?.times ?? [];
        const cpuTimes = figures.autocomplete?.cpuTimes ?? [];
        return [
          name,
          figures.index === 'loaded' ? 'loaded' : 'built + saved',
          ms(figures.readMs),
          ms(figures.catalogMs),
          ms(figures.readMs + figures.catalogMs),
          ms(figures.cpuMs),
          `${figures.rssMb.toFixed(0)} MB`,
          `${figures.peakRssMb.toFixed(0)} MB`,
          `${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}`,
          `${ms(percentile(cpuTimes, 50))} / ${ms(percentile(cpuTimes, 99))}`,
          `${(figures.autocomplete?.rssMb ?? Number.NaN).toFixed(0)} MB`,
        ];
      }),
    ),
  );
  console.log(`\n${QUERIES} seeded title prefixes (2–8 letters, seed ${SEED}), top ${LIMIT}, films read as shown; times in ms (CPU: of the whole process, garbage collector included).`);
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
