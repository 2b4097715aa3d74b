import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG, DEFAULT_CATALOG } from '../../src/app.js';
import { fastFilm } from '../../src/catalog/fastCheck.js';
import { formatProblem, loadCatalogFiles, readCatalogEntries } from '../../src/catalog/loader.js';
import { Film } from '../../src/catalog/schema.js';

/** Fixed seed, printed so a failure can be replayed. */
const SEED = 20_261_207;
const dir = mkdtempSync(join(tmpdir(), 'marquee-fastpath-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A catalog file as the catalog CLI writes it: `[`, one film per line, `]`. */
function catalogFile(name: string, entries: unknown[], gzip = false): string {
  const text = `[\n${entries.map((entry) => JSON.stringify(entry)).join(',\n')}\n]\n`;
  const file = join(dir, name);
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

const valid = {
  id: 'holy-motors-2012',
  title: 'Holy Motors',
  originalTitle: 'Holy Motors',
  altTitles: ['Saint Moteurs'],
  year: 2012,
  directors: ['Leos Carax'],
  writers: ['Leos Carax'],
  cast: [{ name: 'Denis Lavant', character: 'Monsieur Oscar' }, { name: 'Édith Scob' }],
  runtime: 115,
  countries: ['France'],
  languages: ['French'],
  genres: ['Drama'],
  themes: ['Dreams'],
  synopsis: 'A day in the life.',
  poster: 'https://upload.wikimedia.org/poster.jpg',
  watchers: 120_000,
  imdbRating: 7,
  externalIds: { imdb: 'tt2101441', tmdb: 103328, letterboxd: 'holy-motors', wikipedia: 'Holy_Motors' },
};

describe('catalog loader fast path', () => {
  it('accepts what zod accepts unchanged, with the same film, and leaves everything else to zod (property)', () => {
    // Entries near the valid one: fields dropped, replaced by odd values, or extra keys added.
    const odd = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constant(' padded '),
      fc.constant(''),
      fc.constant('x'.repeat(201)),
      fc.constant('UPPER-Case'),
      fc.constant(1869),
      fc.constant(2101),
      fc.constant(1.5),
      fc.constant(-1),
      fc.constant(0),
      fc.constant(Number.NaN),
      fc.constant(1e11),
      fc.constant([]),
      fc.constant(['ok', ' spaced']),
      fc.constant([{ name: 'A' }, { name: 'B', extra: 1 }]),
      fc.constant([{ name: 'A', character: '' }]),
      fc.constant({}),
      fc.constant({ imdb: 'nm123' }),
      fc.constant({ tmdb: 0 }),
      fc.constant({ other: 'x' }),
      fc.constant('http://example.com/a.jpg'),
      fc.constant('https://example.com/a.jpg'),
      fc.string({ maxLength: 12 }),
      fc.integer(),
    );
    const keys = [...Object.keys(valid), 'unknown'];
    const entry = fc.record({
      drop: fc.subarray(keys),
      change: fc.dictionary(fc.constantFrom(...keys), odd, { maxKeys: 3 }),
    });
    let fast = 0;
    fc.assert(
      fc.property(entry, ({ drop, change }) => {
        const candidate: Record<string, unknown> = { ...valid };
        for (const key of drop) delete candidate[key];
        Object.assign(candidate, change);
        const quick = fastFilm(candidate);
        const zod = Film.safeParse(candidate);
        if (!quick) return true;
        fast++;
        return zod.success && JSON.stringify(sorted(quick)) === JSON.stringify(sorted(zod.data));
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // The property means something only if the fast path took a fair share.
    expect(fast).toBeGreaterThan(100);
  });

  it('takes the fast path for every film of the shipped catalogs, with the film zod would give', async () => {
    for (const file of [BUNDLED_CATALOG, DEFAULT_CATALOG]) {
      const entries = (await readCatalogEntries(file)) as unknown[];
      const sample = entries.filter((_, i) => i % 50 === 0);
      for (const entry of sample) {
        const quick = fastFilm(entry);
        expect(quick, `${file}: ${(entry as { id: string }).id}`).toBeDefined();
        expect(sorted(quick!)).toEqual(sorted(Film.parse(entry)));
      }
    }
  });

  it('still refuses a bad film, naming the file and the film, and loads the rest', async () => {
    const good = { id: 'heat-1995', title: 'Heat', year: 1995 };
    const file = catalogFile('bad.json.gz', [good, { id: 'broken-1999', title: 'Broken', year: 'soon' }, { id: 'Bad Id', title: 'X', year: 2000 }, { ...good, id: 'padded-2001', title: ' Padded ', year: 2001 }], true);
    const loaded = await loadCatalogFiles([file]);
    expect(loaded.films.map((film) => film.id)).toEqual(['heat-1995', 'padded-2001']);
    // zod still trims what it may: the fast path only skips work on entries already in form.
    expect(loaded.films[1]!.title).toBe('Padded');
    expect(loaded.problems.map(formatProblem)).toEqual([
      `${file}[1] (broken-1999): year: Invalid input: expected number, received string`,
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[2\\] \\(Bad Id\\): id: `)),
    ]);
  });

  it('refuses a corrupt file as a whole, naming it', async () => {
    const file = join(dir, 'corrupt.json.gz');
    writeFileSync(file, gzipSync('[\n{"id":"heat-1995","title":"Heat","year":1995},\n{"id":"cut-off-2000","tit').subarray(0, 40));
    const truncated = await loadCatalogFiles([file]);
    expect(truncated.films).toEqual([]);
    expect(truncated.problems).toHaveLength(1);
    expect(formatProblem(truncated.problems[0]!)).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read catalog: `));
    const notJson = catalogFile('garbled.json', []);
    writeFileSync(notJson, '[\n{"id":"heat-1995","title":"Heat","year":1995},\n{"id": oops}\n]\n');
    const garbled = await loadCatalogFiles([notJson]);
    expect(garbled.films).toEqual([]);
    expect(formatProblem(garbled.problems[0]!)).toMatch(/garbled\.json: cannot read catalog: /);
  });
});

/** Keys in a fixed order, so two films compare as JSON whatever order their keys were set in. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  return value;
}
