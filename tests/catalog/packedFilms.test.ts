import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { FILM_RECORDS_FILE, openCatalog, type OpenedCatalog } from '../../src/catalog/openCatalog.js';
import { PackedFilmsWriter } from '../../src/catalog/packedFilms.js';
import type { Film } from '../../src/catalog/schema.js';
import { FIXTURE_FILMS } from '../search/fixtures.js';

/**
 * A catalog opened with a cache directory keeps its films packed (src/catalog/packedFilms.ts): one
 * JSON record per film in DATA_DIR/cache, read when a film is asked for. It must answer exactly as
 * the same films held as objects, give back each film as the loader parsed it, and never trust a
 * damaged records file. The fixture: the bundled films plus the ranking fixtures, and two entries
 * the loader refuses (their problems must be reported at every start, the warm ones too).
 */
let dir: string;
let catalogFile: string;
let cacheDir: string;
let films: Film[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-packed-'));
  catalogFile = join(dir, 'films.json');
  cacheDir = join(dir, 'cache');
  const bundled = (await loadCatalogFiles([BUNDLED_CATALOG])).films;
  const known = new Set(bundled.map((entry) => entry.id));
  films = [...bundled, ...FIXTURE_FILMS.filter((entry) => !known.has(entry.id))];
  // Entries as a hand-written file may have them: untrimmed text (zod trims it), a bad year, a repeated id.
  const entries: unknown[] = [...films];
  entries.splice(5, 0, { id: 'no-year-film', title: 'No Year' });
  entries.push({ ...films[0]! });
  entries[20] = { ...films[19]!, title: `  ${films[19]!.title}  ` };
  writeFileSync(catalogFile, JSON.stringify(entries));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(warnings: string[] = []): Promise<OpenedCatalog> {
  return openCatalog([catalogFile], { cacheDir, cachedFromFilms: 0, warn: (message) => warnings.push(message) });
}

/** What a member sees of a catalog: search, resolve, match, the spread, name suggestions. */
function answers(catalog: Catalog): string[] {
  const queries = ['the', 'star', 'godf', 'heat', 'amelie', 'spiderman', 'kubrick', 'al pacino', 'suspiria 1977', 'zzzq'];
  films.forEach((entry, i) => {
    if (i % 7 === 0) queries.push(entry.title.toLowerCase().slice(0, 4), `${entry.title} ${entry.year}`);
  });
  return [
    ...queries.flatMap((query) => [
      JSON.stringify(catalog.search(query, { limit: 25 }).map((hit) => [hit.film, hit.score])),
      JSON.stringify(catalog.search(query, { limit: 10, filters: { yearFrom: 1960, yearTo: 1999, genre: 'drama' } }).map((hit) => hit.film.id)),
      JSON.stringify(catalog.resolve(query)),
      JSON.stringify(catalog.match(query)),
    ]),
    JSON.stringify(catalog.search('', { limit: 25, filters: { director: 'kubrick' } }).map((hit) => hit.film.id)),
    JSON.stringify(catalog.spread(25)),
    JSON.stringify(['kub', 'marc', ''].map((typed) => [catalog.suggestNames('director', typed, 10), catalog.suggestNames('actor', typed, 10), catalog.suggestNames('genre', typed, 10)])),
  ];
}

describe('packed films', () => {
  it('answer as the films held as objects, cold and warm, and report the same problems', async () => {
    const loaded = await loadCatalogFiles([catalogFile]);
    expect(loaded.problems).toHaveLength(2);
    const objects = new Catalog(loaded.films);
    const cold = await open();
    const warm = await open();
    expect([cold.index, warm.index]).toEqual(['built', 'loaded']);
    expect([cold.catalog.packed, warm.catalog.packed, objects.packed]).toEqual([true, true, false]);
    expect(cold.problems).toEqual(loaded.problems);
    expect(warm.problems).toEqual(loaded.problems);
    const expected = answers(objects);
    expect(answers(cold.catalog)).toEqual(expected);
    expect(answers(warm.catalog)).toEqual(expected);
  });

  it('give back every film as the loader parsed it, the same object while it is held', async () => {
    const loaded = (await loadCatalogFiles([catalogFile])).films;
    const { catalog } = await open();
    const reopened = (await open()).catalog;
    for (const packed of [catalog, reopened]) {
      expect(packed.size).toBe(loaded.length);
      expect([...packed.all()]).toEqual(loaded);
      for (const film of loaded) expect(packed.get(film.id)).toEqual(film);
      expect(packed.has(loaded[3]!.id)).toBe(true);
      expect(packed.has('not-a-film-1999')).toBe(false);
      expect(packed.get('not-a-film-1999')).toBeUndefined();
    }
    // The recommender's content model notices changes by identity: a film still held is the one given again.
    const held = [...reopened.all()];
    expect(held.every((film) => reopened.get(film.id) === film)).toBe(true);
  });

  it('take films added, replaced and removed after start as a catalog of objects does', async () => {
    const { catalog } = await open();
    const objects = new Catalog((await loadCatalogFiles([catalogFile])).films);
    const replaced = { ...films[12]!, title: 'Renamed Entirely', year: 2031 };
    const added = { ...films[40]!, id: 'a-new-film-2030', title: 'A New Film', year: 2030 };
    for (const each of [catalog, objects]) {
      each.upsert([replaced, added]);
      each.remove([films[30]!.id]);
    }
    expect(catalog.size).toBe(objects.size);
    expect(catalog.get(replaced.id)).toBe(replaced);
    expect(catalog.get(films[30]!.id)).toBeUndefined();
    expect(catalog.search('renamed ent', { limit: 3 }).map((hit) => hit.film.id)).toEqual([replaced.id]);
    expect(answers(catalog)).toEqual(answers(objects));
  });

  it.each([
    ['a flipped byte', (bytes: Buffer) => ((bytes[bytes.length >> 1]! ^= 0x01), bytes)],
    ['a truncated file', (bytes: Buffer) => bytes.subarray(0, bytes.length - 10)],
    ['an empty file', () => Buffer.alloc(0)],
  ])('are rebuilt with a warning when their file is damaged (%s)', async (_, damage) => {
    await open();
    const file = join(cacheDir, FILM_RECORDS_FILE);
    writeFileSync(file, damage(readFileSync(file)));
    const warnings: string[] = [];
    const reopened = await open(warnings);
    expect(reopened.index).toBe('built');
    expect(warnings).toEqual([expect.stringMatching(/search index cache: .* is unusable \(records .+\); rebuilding/)]);
    expect(answers(reopened.catalog)).toEqual(answers(new Catalog((await loadCatalogFiles([catalogFile])).films)));
    expect((await open()).index).toBe('loaded');
  });

  it('are rebuilt with a warning when their file is missing', async () => {
    await open();
    rmSync(join(cacheDir, FILM_RECORDS_FILE));
    const warnings: string[] = [];
    expect((await open(warnings)).index).toBe('built');
    expect(warnings).toEqual([expect.stringMatching(/is unusable \(cannot open .+\); rebuilding/)]);
  });

  it('are written whole or not at all', () => {
    const file = join(dir, 'records.bin');
    const writer = new PackedFilmsWriter(file);
    for (const film of films) writer.add(film);
    writer.abort();
    expect(() => readFileSync(file)).toThrow();
    const small = new PackedFilmsWriter(file, { fileFrom: 1_000_000 });
    for (const film of films.slice(0, 50)) small.add(film);
    // Below `fileFrom` nothing reaches the disk; the films are given back as they came.
    expect(small.films()).toEqual(films.slice(0, 50));
    small.abort();
    const records = new PackedFilmsWriter(file);
    for (const film of films) records.add(film);
    const packed = records.finish();
    expect(Array.from({ length: packed.count }, (_, slot) => packed.read(slot))).toEqual(films);
    expect(Array.from({ length: packed.count }, (_, slot) => [packed.id(slot), packed.title(slot)])).toEqual(films.map((film) => [film.id, film.title]));
    packed.close();
  });
});
