import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG, createApp } from '../../src/app.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { FILM_RECORDS_FILE, INDEX_CACHE_FILE, openCatalog } from '../../src/catalog/openCatalog.js';
import { runCatalogCli } from '../../src/cli/catalogCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config.js';
import { createMemoryLogger } from '../../src/log.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';

/**
 * The catalog CLI prepares the bot's start-up cache (src/catalog/startupCache.ts) after it writes a
 * catalog, so the first start after an import loads the packed films and index instead of building
 * them; a catalog file changed afterwards makes the bot build its own, never use the stale one.
 * Fixtures: IMDb's format (tests/fixtures/import/imdb), the curated catalog as the bundled one; the
 * cache threshold is lowered so that these few films are cached as a 700k-film catalog would be.
 */
const IMDB_FIXTURES = join(import.meta.dirname, '../fixtures/import/imdb');
const dirs: string[] = [];
let dir: string;
let datasets: string;
let cacheDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-startup-cache-'));
  dirs.push(dir);
  datasets = join(dir, 'datasets');
  cacheDir = join(dir, 'data', 'cache');
  await mkdir(datasets);
  for (const name of await readdir(IMDB_FIXTURES)) await writeFile(join(datasets, `${name}.gz`), gzipSync(await readFile(join(IMDB_FIXTURES, name))));
});
afterAll(async () => {
  await Promise.all(dirs.map((path) => rm(path, { recursive: true, force: true })));
});

function testIO(catalogFiles: string[], startupCache: CliIO['startupCache'] = { cacheDir, cachedFromFilms: 0 }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress: { isTTY: false, write: () => true },
    env: {},
    now: () => new Date('2024-06-15T12:00:00.000Z'),
    defaultCatalog: join(dir, 'default-catalog.json'),
    catalogFiles,
    startupCache,
  };
  return { io, out, err };
}

/** The bot's start as `npm start` makes it, with DATA_DIR in the test's folder; its log says whether the index was loaded. */
async function startBot(catalogFiles: string) {
  const log = createMemoryLogger('info');
  const config = loadConfig({ DATA_DIR: join(dir, 'data'), BUNDLED_CATALOG: 'curated', CATALOG_FILES: catalogFiles });
  const app = await createApp(config, { log, store: createMemoryGuildStore() });
  await app.close();
  return { app, log: log.lines.join('\n') };
}

const ids = (hits: { film: { id: string } }[]) => hits.map((hit) => hit.film.id);

describe('the start-up cache written by the catalog CLI', () => {
  it('is written by an IMDb import and loaded by the bot’s first start, answering as a fresh build', async () => {
    const into = join(dir, 'imdb.json.gz');
    const { io, out, err } = testIO([BUNDLED_CATALOG]);
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out).toContain(`Preparing the bot's start-up cache in ${cacheDir} for ${BUNDLED_CATALOG}, ${into}…`);
    expect(out.some((line) => /^ {2}Start-up cache written in \d+s \(332 films\): the bot's next start loads it instead of indexing the catalog\.$/.test(line))).toBe(true);
    // The bot does not load the new file yet: the cache is for the list it will load once CATALOG_FILES names it.
    expect(out.at(-1)).toBe(`  The bot does not load ${into} yet: add it to CATALOG_FILES (last), and its next start uses this cache.`);
    expect(readdirSync(cacheDir).sort()).toEqual([FILM_RECORDS_FILE, INDEX_CACHE_FILE]);

    const { app, log } = await startBot(into);
    expect(log).toContain('search index loaded');
    expect(app.catalog.packed).toBe(true);
    // The same answers as a catalog built from the files with no cache at all.
    const fresh = (await openCatalog([BUNDLED_CATALOG, into])).catalog;
    expect(app.catalog.size).toBe(fresh.size);
    for (const query of ['godfather', 'the godf', 'le parrain', 'crocodile', 'marlon brando', 'heat 1995', 'amelie']) {
      expect(ids(app.catalog.search(query, { limit: 10 })), query).toEqual(ids(fresh.search(query, { limit: 10 })));
    }
    expect(app.catalog.get('the-godfather-1972')).toEqual(fresh.get('the-godfather-1972'));
  });

  it('is ignored and rebuilt by the bot when the catalog file changed after it was written', async () => {
    const into = join(dir, 'imdb.json.gz');
    const { io } = testIO([BUNDLED_CATALOG, into]);
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into], io)).toBe(0);
    // A film added to the file by hand afterwards (the cache knows nothing of it).
    const { films } = await loadCatalogFiles([into]);
    await writeFile(into, gzipSync(JSON.stringify([...films, { id: 'nuovo-film-2024', title: 'Nuovo Film', year: 2024 }])));
    const { app, log } = await startBot(into);
    expect(log).toContain('search index built');
    expect(ids(app.catalog.search('nuovo film', { limit: 1 }))).toEqual(['nuovo-film-2024']);
    expect(app.catalog.size).toBe(330 + films.length + 1);
  });

  it('is prepared again by `cache` for the files the bot loads, and left alone when current', async () => {
    const extra = join(dir, 'extra.json');
    await writeFile(extra, JSON.stringify([{ id: 'nuovo-film-2024', title: 'Nuovo Film', year: 2024 }]));
    const { io, out } = testIO([BUNDLED_CATALOG, extra]);
    expect(await runCatalogCli(['cache'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^ {2}Start-up cache written in \d+s \(331 films\)/);
    expect(await runCatalogCli(['cache'], io)).toBe(0);
    expect(out.at(-1)).toBe('  Start-up cache already up to date (331 films).');
    expect((await startBot(extra)).log).toContain('search index loaded');
    // Files given, and another folder: the cache the bench and a deployment script make.
    const other = join(dir, 'other-cache');
    expect(await runCatalogCli(['cache', extra, '--cache-dir', other], io)).toBe(0);
    expect(out.at(-2)).toBe(`Preparing the bot's start-up cache in ${other} for ${extra}…`);
    expect(existsSync(join(other, INDEX_CACHE_FILE))).toBe(true);
    // A file that is not there is refused, not cached as an empty catalog.
    const missing = join(dir, 'missing.json');
    const refused = testIO([BUNDLED_CATALOG]);
    expect(await runCatalogCli(['cache', missing, '--cache-dir', other], refused.io)).toBe(1);
    expect(refused.err).toEqual([`${missing} does not exist: name the catalog files the bot loads.`]);
  });

  it('is not prepared on a dry run, with --no-cache, or for a catalog too small to need one', async () => {
    const into = join(dir, 'imdb.json');
    const { io, out } = testIO([BUNDLED_CATALOG, into]);
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into, '--dry-run'], io)).toBe(0);
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into, '--no-cache'], io)).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);
    expect(out.some((line) => line.includes('start-up cache'))).toBe(false);
    const small = testIO([BUNDLED_CATALOG, into], { cacheDir });
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into], small.io)).toBe(0);
    expect(small.out.at(-1)).toBe('  No start-up cache needed: 332 films are indexed at start in moments.');
    expect(existsSync(cacheDir)).toBe(false);
    // A configuration the bot would refuse: the catalog is written all the same, the cache is not, and the command says why.
    const misconfigured = testIO([], { cachedFromFilms: 0 });
    delete misconfigured.io.catalogFiles;
    misconfigured.io.env = { LOG_LEVEL: 'loud' };
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into, '--no-reference'], misconfigured.io)).toBe(0);
    expect(misconfigured.err).toEqual(["The bot's start-up cache was not prepared: Invalid LOG_LEVEL: expected one of debug, info, warn, error."]);
  });
});
