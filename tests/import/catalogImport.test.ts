import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { Film } from '../../src/catalog/schema.js';
import { fromCatalogCsv } from '../../src/import/catalog/formats.js';
import { importIntoCatalog } from '../../src/import/catalog/importCatalog.js';
import { describesTelevisionSeries, extractDirectors } from '../../src/import/catalog/wikipedia.js';
import { FIXTURES } from './helpers.js';

const WIKIPEDIA_SAMPLE = join(FIXTURES, 'wikipedia-sample.json');
const dirs: string[] = [];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-catalog-'));
  dirs.push(dir);
});
afterAll(async () => {
  await Promise.all(dirs.map((path) => rm(path, { recursive: true, force: true })));
});

async function filmsIn(path: string): Promise<Film[]> {
  const loaded = await loadCatalogFiles([path]);
  expect(loaded.problems).toEqual([]);
  return loaded.films;
}

describe('catalog import, wikipedia format', () => {
  it('imports the messy entries: stray cast, TV series, duplicates, wrong links', async () => {
    const into = join(dir, 'wikipedia.json');
    const report = await importIntoCatalog({ sources: [WIKIPEDIA_SAMPLE], format: 'wikipedia', into });
    expect(report).toMatchObject({ rows: 14, added: 9, merged: 1, duplicates: 1, skipped: 3, total: 9, written: true });
    const films = await filmsIn(into);
    expect(films.map((film) => film.id)).toEqual([
      'the-freeze-out-1921',
      'carmen-1915',
      'carmen-1915-2',
      'suspicion-1918',
      'the-decoy-1916',
      'the-train-wreckers-1905',
      'the-train-wreckers-1925',
      'the-lone-ranger-1956',
      'think-it-over-1917',
    ]);
    const byId = new Map(films.map((film) => [film.id, film]));
    expect(byId.get('the-freeze-out-1921')).toMatchObject({
      title: 'The Freeze-Out',
      year: 1921,
      directors: ['John Ford'],
      cast: [{ name: 'Harry Carey' }, { name: 'Helen Ferguson' }, { name: 'Charles Le Moyne' }],
      genres: ['Western', 'Silent'],
      synopsis: 'The Freeze-Out is a 1921 American silent Western film directed by John Ford and starring Harry Carey. It is considered lost.',
      poster: 'https://upload.wikimedia.org/wikipedia/commons/2/20/The_Freeze_Out.png',
      externalIds: { wikipedia: 'The_Freeze-Out' },
    });
    // Two 1915 Carmens with their own Wikipedia pages are two films.
    expect(byId.get('carmen-1915-2')).toMatchObject({ directors: ['Raoul Walsh'], cast: [{ name: 'Theda Bara' }] });
    expect(byId.get('carmen-1915')!.cast).toEqual([{ name: 'Geraldine Farrar' }]);
    // The bare Decoy gained what the linked row knew, and kept its own cast.
    expect(byId.get('the-decoy-1916')).toMatchObject({
      cast: [{ name: 'Frances Nelson' }, { name: 'Gladden James' }],
      genres: ['Drama'],
      directors: ['George Lederer'],
      externalIds: { wikipedia: 'The_Decoy_(1916_film)' },
    });
    // A link and extract that belong to another film are left out.
    expect(byId.get('the-train-wreckers-1925')).toMatchObject({ synopsis: '', externalIds: {}, directors: [] });
    expect(byId.get('think-it-over-1917')).toMatchObject({ synopsis: '', externalIds: {} });
    expect(byId.get('think-it-over-1917')!.poster).toBeUndefined();

    const at = (row: number) => report.problems.filter((problem) => problem.row === row).map(({ severity, message }) => `${severity}: ${message}`);
    expect(at(0)).toEqual(['note: dropped 2 cast entries that are not names']);
    expect(at(4)).toEqual(['skipped: already in the catalog as suspicion-1918; nothing new']);
    expect(at(8)).toEqual(['note: the extract is about something from 1905, not this 1925 film; its synopsis, picture and link were left out']);
    expect(at(9)).toEqual(['skipped: the extract describes a television series, not a film']);
    expect(at(11)).toEqual(['skipped: title: no title']);
    expect(at(12)).toEqual(['skipped: year: Invalid input: expected number, received string']);
    expect(report.problems.every((problem) => problem.file === WIKIPEDIA_SAMPLE)).toBe(true);
  });

  it('changes nothing when the same files are imported again', async () => {
    const into = join(dir, 'wikipedia.json');
    await importIntoCatalog({ sources: [WIKIPEDIA_SAMPLE], format: 'wikipedia', into });
    const first = await readFile(into, 'utf8');
    const again = await importIntoCatalog({ sources: [WIKIPEDIA_SAMPLE], format: 'wikipedia', into });
    expect(again).toMatchObject({ added: 0, merged: 0, duplicates: 11, skipped: 3, total: 9, written: false });
    expect(await readFile(into, 'utf8')).toBe(first);
    await expect(readFile(`${into}.bak`)).rejects.toThrow(/ENOENT/);

    // A change is written, with the previous version kept beside it.
    await importIntoCatalog({ sources: [join(FIXTURES, 'catalog-films.csv')], format: 'csv', into });
    expect(await readFile(`${into}.bak`, 'utf8')).toBe(first);
    expect(JSON.parse(await readFile(into, 'utf8'))).toHaveLength(12);
  });

  it('says why a number in a CSV cell is refused', () => {
    const reason = (values: Record<string, string>) => {
      const converted = fromCatalogCsv({ title: 'Alien', year: '1979', ...values });
      return converted.ok ? 'accepted' : converted.reason;
    };
    expect(reason({ watchers: '12000' })).toBe('accepted');
    expect(reason({ watchers: '-5' })).toMatch(/^watchers: .*>=0/);
    expect(reason({ watchers: '2.5' })).toMatch(/^watchers: .*int/);
    expect(reason({ watchers: 'lots' })).toMatch(/^watchers: .*expected number/);
    expect(reason({ runtime: '0' })).toMatch(/^runtime: .*>0/);
  });

  it('tells television series from films based on them', () => {
    expect(describesTelevisionSeries('Duck Dodgers is an American animated television series based on the 1953 theatrical animated short film.')).toBe(true);
    expect(describesTelevisionSeries('Rich Man, Poor Man is a 1976 American television miniseries based on the novel.')).toBe(true);
    expect(describesTelevisionSeries('The Lone Ranger is a 1956 Western film based on The Lone Ranger television series.')).toBe(false);
    expect(describesTelevisionSeries('Hijack is a 1973 American made-for-television action drama thriller film.')).toBe(false);
    expect(describesTelevisionSeries('Trilogy of Terror II is a 1996 American made-for-television anthology horror film.')).toBe(false);
  });

  it('reads directors from the extract, stopping at the end of the sentence', () => {
    expect(extractDirectors('a 1921 film directed by John Ford and starring Harry Carey.')).toEqual(['John Ford']);
    expect(extractDirectors('a film directed by Irving Rapper. The film stars Bette Davis.')).toEqual(['Irving Rapper']);
    expect(extractDirectors('directed by W. S. Van Dyke and produced by MGM.')).toEqual(['W. S. Van Dyke']);
    expect(extractDirectors('directed by Clyde Bruckman and Buster Keaton, starring Keaton.')).toEqual(['Clyde Bruckman', 'Buster Keaton']);
    expect(extractDirectors('directed by and starring Fatty Arbuckle.')).toEqual([]);
  });
});

describe('catalog import into an existing catalog', () => {
  const existing = [
    {
      id: 'holy-motors-2012',
      title: 'Holy Motors',
      year: 2012,
      directors: ['Leos Carax'],
      synopsis: 'Our own words about Holy Motors.',
      externalIds: { letterboxd: 'holy-motors' },
    },
    { id: 'beau-travail-1999', title: 'Beau Travail', year: 1999 },
  ];

  it('merges CSV rows: known films only gain what they lack, new ones are added', async () => {
    const into = join(dir, 'films.json');
    await writeFile(into, JSON.stringify(existing));
    const report = await importIntoCatalog({ sources: [join(FIXTURES, 'catalog-films.csv')], format: 'csv', into });
    expect(report).toMatchObject({ rows: 4, added: 1, merged: 2, duplicates: 0, skipped: 1, total: 3 });
    expect(report.problems).toEqual([{ file: join(FIXTURES, 'catalog-films.csv'), row: 4, title: 'A Film With No Year', message: 'year: missing', severity: 'skipped' }]);
    const films = await filmsIn(into);
    const holy = films.find((film) => film.id === 'holy-motors-2012')!;
    // Curated text is kept; what was missing is filled in.
    expect(holy.synopsis).toBe('Our own words about Holy Motors.');
    expect(holy.cast).toEqual([
      { name: 'Denis Lavant', character: 'Monsieur Oscar' },
      { name: 'Édith Scob', character: 'Céline' },
      { name: 'Eva Mendes' },
    ]);
    expect(holy).toMatchObject({ runtime: 115, watchers: 412_000, genres: ['Drama', 'Fantasy'], externalIds: { letterboxd: 'holy-motors', imdb: 'tt2101441' } });
    expect(films.find((film) => film.id === 'beau-travail-1999')).toMatchObject({ directors: ['Claire Denis'], runtime: 92 });
    expect(films.find((film) => film.id === 'le-samourai-1967')).toMatchObject({ title: 'Le Samouraï', originalTitle: 'Le Samouraï', watchers: 98_000, externalIds: { letterboxd: 'le-samourai' } });
    expect(films.find((film) => film.id === 'beau-travail-1999')?.watchers).toBeUndefined();
  });

  it('deduplicates native entries by external id first, then by title and year', async () => {
    const into = join(dir, 'films.json');
    await writeFile(into, JSON.stringify(existing));
    const source = join(dir, 'more.json');
    await writeFile(
      source,
      JSON.stringify([
        // Same Letterboxd id, another title: the same film, whose other name becomes an alternative title.
        { id: 'holy-motors-2012', title: 'Holy Motors (Director’s Cut)', year: 2012, runtime: 116, externalIds: { letterboxd: 'holy-motors' } },
        { title: 'Beau travail', year: 1999, countries: ['France'] },
        { id: 'beau-travail-1999', title: 'Another Film', year: 2001 },
        { title: 'Broken', year: 'soon' },
      ]),
    );
    const report = await importIntoCatalog({ sources: [source], format: 'native', into });
    expect(report).toMatchObject({ added: 1, merged: 2, skipped: 1 });
    const films = await filmsIn(into);
    expect(films.find((film) => film.id === 'holy-motors-2012')).toMatchObject({ runtime: 116, altTitles: ['Holy Motors (Director’s Cut)'] });
    expect(films.find((film) => film.id === 'beau-travail-1999')!.countries).toEqual(['France']);
    // An id already taken by another film is not reused.
    expect(films.find((film) => film.title === 'Another Film')!.id).toBe('another-film-2001');
    expect(report.problems.map((problem) => problem.message)).toContain('its id beau-travail-1999 is taken or invalid; added as another-film-2001');
  });

  it('refuses to rewrite a catalog that holds invalid entries', async () => {
    const into = join(dir, 'films.json');
    await writeFile(into, JSON.stringify([...existing, { id: 'Bad Id', title: 'x', year: 1 }]));
    await expect(importIntoCatalog({ sources: [WIKIPEDIA_SAMPLE], format: 'wikipedia', into })).rejects.toThrow(/has 1 invalid entries/);
    expect(JSON.parse(await readFile(into, 'utf8'))).toHaveLength(3);
  });
});

const SHARED = join(import.meta.dirname, '../../../shared/data/wikipedia-movies');
const sharedPresent = await readFile(join(SHARED, 'movies-1920s.json')).then(
  () => true,
  () => false,
);
if (!sharedPresent) console.warn(`Skipping the full Wikipedia import: ${SHARED} is absent (it lives beside the project, in ../shared).`);

describe.skipIf(!sharedPresent)('importing the whole of ../shared/data/wikipedia-movies', () => {
  it('imports 36k films, skips what is not a film, and search then finds them', { timeout: 120_000 }, async () => {
    const into = join(dir, 'wikipedia.json');
    const report = await importIntoCatalog({ sources: [SHARED], format: 'wikipedia', into });
    expect(report.sources).toHaveLength(13);
    // The lists name a few films in two years (Wild Blood, 1928 and 1929): the same title a year apart with two actors in common is one film.
    expect(report).toMatchObject({ rows: 36_273, added: 36_103, merged: 10, duplicates: 105, skipped: 55, total: 36_103 });
    expect(report.problems.filter((problem) => problem.message.includes('television series'))).toHaveLength(54);

    const films = await filmsIn(into);
    expect(films).toHaveLength(36_103);
    const catalog = new Catalog(films);
    expect(catalog.search('The Freeze-Out 1921')[0]?.film).toMatchObject({ title: 'The Freeze-Out', year: 1921, directors: ['John Ford'] });
    expect(catalog.search('Casablanca')[0]?.film).toMatchObject({ title: 'Casablanca', year: 1942 });
    expect(catalog.search('stagecoach', { filters: { director: 'John Ford' } }).map((hit) => hit.film.year)).toContain(1939);
    // A spread of films from the import: each is found by its title and year.
    const step = Math.floor(films.length / 40);
    for (let i = 0; i < films.length; i += step) {
      const film = films[i]!;
      const hits = catalog.search(`${film.title} ${film.year}`, { limit: 10 }).map((hit) => hit.film.id);
      expect(hits, `${film.title} (${film.year})`).toContain(film.id);
    }
  });
});
