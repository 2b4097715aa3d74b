import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { FILM_RECORDS_FILE, INDEX_CACHE_FILE, openCatalog, type OpenedCatalog } from '../../src/catalog/openCatalog.js';
import type { Film } from '../../src/catalog/schema.js';
import { checkSnapshot, decodeIndex, encodeIndex, indexKey, StaleIndex, writeIndexFile } from '../../src/search/indexCache.js';
import { FIXTURE_FILMS, film } from './fixtures.js';

/**
 * The saved search index (src/search/indexCache.ts, src/catalog/openCatalog.ts) must answer
 * exactly as a freshly built one, and a stale or damaged file must be rebuilt, never trusted.
 * The fixture catalog: the bundled 330 films plus the ranking fixtures (other titles, remakes,
 * diacritics, hyphenated names), written to a temporary file.
 */
let dir: string;
let catalogFile: string;
let cacheDir: string;
let films: Film[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-index-cache-'));
  catalogFile = join(dir, 'films.json');
  cacheDir = join(dir, 'cache');
  const bundled = (await loadCatalogFiles([BUNDLED_CATALOG])).films;
  const known = new Set(bundled.map((entry) => entry.id));
  films = [...bundled, ...FIXTURE_FILMS.filter((entry) => !known.has(entry.id))];
  writeFileSync(catalogFile, JSON.stringify(films));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(warnings: string[] = []): Promise<OpenedCatalog> {
  return openCatalog([catalogFile], { cacheDir, cachedFromFilms: 0, warn: (message) => warnings.push(message) });
}

/** Queries a member would type, drawn from the catalog itself: prefixes, whole titles, typos, people, years. */
function sampleQueries(catalog: readonly Film[]): string[] {
  const queries = ['the', 'a', 'star', 'godf', 'heat', 'amelie', 'spiderman', 'cleo de 5', 'kubrick', 'al pacino', 'suspiria 1977', 'zzzq', '2001'];
  catalog.forEach((entry, i) => {
    if (i % 5) return;
    const title = entry.title.toLowerCase();
    queries.push(title.slice(0, 3), title.slice(0, 6), title, `${title} ${entry.year}`);
    if (title.length > 5) queries.push(title.slice(0, 2) + title[3] + title[2] + title.slice(4)); // two letters swapped
    const director = entry.directors[0];
    if (director) queries.push(director.split(' ').at(-1)!.toLowerCase());
  });
  return queries;
}

function answers(catalog: Catalog, queries: readonly string[]): string[] {
  return queries.flatMap((query) => [
    JSON.stringify(catalog.search(query, { limit: 25 }).map((hit) => [hit.film.id, hit.score])),
    JSON.stringify(catalog.search(query, { limit: 10, filters: { yearFrom: 1960, yearTo: 1999 } }).map((hit) => [hit.film.id, hit.score])),
    JSON.stringify(catalog.resolve(query)?.best.id ?? null),
    JSON.stringify(catalog.match(query)),
  ]);
}

describe('saved search index', () => {
  it('is built and saved on the first start, loaded on the next, and answers as a fresh build', async () => {
    const first = await open();
    expect(first.index).toBe('built');
    expect(readdirSync(cacheDir).sort()).toEqual([FILM_RECORDS_FILE, INDEX_CACHE_FILE]);
    const warnings: string[] = [];
    const second = await open(warnings);
    expect(second.index).toBe('loaded');
    expect(warnings).toEqual([]);

    const fresh = new Catalog(films);
    const queries = sampleQueries(films);
    expect(queries.length).toBeGreaterThan(300);
    expect(answers(second.catalog, queries)).toEqual(answers(fresh, queries));

    // Films added, replaced and removed after loading are indexed as after a build.
    const added = [film({ title: 'Holy Motors Redux', year: 2030, directors: ['Leos Carax'], altTitles: ['Saints Moteurs'] }), { ...films[3]!, title: 'Renamed Film' }];
    for (const catalog of [second.catalog, fresh]) {
      catalog.upsert(added);
      catalog.remove([films[10]!.id]);
    }
    const after = [...queries, 'holy motors', 'saints mot', 'renamed', films[10]!.title];
    expect(answers(second.catalog, after)).toEqual(answers(fresh, after));
  });

  it('is rebuilt, without a warning, when the catalog file changed', async () => {
    await open();
    const changed = films.map((entry, i) => (i === 7 ? { ...entry, title: 'A Title Nobody Had' } : entry));
    writeFileSync(catalogFile, JSON.stringify(changed));
    const warnings: string[] = [];
    const reopened = await open(warnings);
    expect(reopened.index).toBe('built');
    expect(warnings).toEqual([]);
    expect(reopened.catalog.search('a title nobody', { limit: 1 })[0]?.film.id).toBe(films[7]!.id);
    expect((await open()).index).toBe('loaded');
  });

  it.each([
    ['a flipped byte', (bytes: Buffer) => ((bytes[bytes.length - 100]! ^= 0x40), bytes)],
    ['a truncated file', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['another file', () => Buffer.from('not an index at all')],
    ['an empty file', () => Buffer.alloc(0)],
  ])('is rebuilt with a warning when damaged (%s)', async (_, damage) => {
    await open();
    const file = join(cacheDir, INDEX_CACHE_FILE);
    writeFileSync(file, damage(readFileSync(file)));
    const warnings: string[] = [];
    const reopened = await open(warnings);
    expect(reopened.index).toBe('built');
    expect(warnings).toEqual([expect.stringMatching(/search index cache: .* is unusable \(.+\); rebuilding/)]);
    const queries = sampleQueries(films).slice(0, 80);
    expect(answers(reopened.catalog, queries)).toEqual(answers(new Catalog(films), queries));
    // Rewritten whole: the next start loads it.
    expect((await open()).index).toBe('loaded');
  });

  it('rejects an index saved for other films even under the right key (e.g. older indexing rules)', () => {
    const key = indexKey([Buffer.from('the same files')]);
    const saved = decodeIndex(encodeIndex(new Catalog(films).saveIndex(), key, films.length), key);
    expect(() => checkSnapshot(films, saved)).not.toThrow();
    const retitled = films.map((entry, i) => (i === 42 ? { ...entry, title: `${entry.title} Returns` } : entry));
    expect(() => checkSnapshot(retitled, saved)).toThrow(StaleIndex);
    const recast = films.map((entry, i) => (i === 99 ? { ...entry, cast: [...entry.cast, { name: 'Someone Else' }] } : entry));
    expect(() => checkSnapshot(recast, saved)).toThrow(StaleIndex);
    expect(() => checkSnapshot(films.slice(1), saved)).toThrow(StaleIndex);
    expect(() => decodeIndex(encodeIndex(new Catalog(films).saveIndex(), key, films.length), indexKey([Buffer.from('other files')]))).toThrow(StaleIndex);
  });

  it('writes to a file, part by part, exactly the bytes it encodes in memory', async () => {
    const key = indexKey([Buffer.from('the same files')]);
    const snapshot = new Catalog(films).saveIndex();
    const file = join(dir, 'nested', 'index.bin');
    await writeIndexFile(file, snapshot, key, films.length, { problems: [{ file: 'x.json', index: 3, message: 'bad year' }] });
    expect(readFileSync(file).equals(encodeIndex(snapshot, key, films.length, { problems: [{ file: 'x.json', index: 3, message: 'bad year' }] }))).toBe(true);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['index.bin']);
  });

  it('still opens the catalog, with a warning, when the cache cannot be written', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(cacheDir, 'a file where the cache directory should be');
    const warnings: string[] = [];
    const opened = await open(warnings);
    expect(opened.index).toBe('built');
    expect(opened.catalog.size).toBe(films.length);
    expect(warnings).toContainEqual(expect.stringMatching(/^search index cache: cannot write /));
  });

  it('is not kept for small catalogs, which build in milliseconds', async () => {
    const opened = await openCatalog([catalogFile], { cacheDir });
    expect(opened.index).toBe('built');
    expect(() => readdirSync(cacheDir)).toThrow();
  });
});
