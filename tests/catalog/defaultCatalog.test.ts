import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG, DEFAULT_CATALOG } from '../../src/app.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { Film } from '../../src/catalog/schema.js';
import { runCatalogCli } from '../../src/cli/catalogCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { renderFilmCard, MISSING_SYNOPSIS } from '../../src/discord/render/film.js';
import { V2View } from '../../src/local-discord/index.js';
import { buildDefaultCatalog } from '../../src/import/catalog/defaultCatalog.js';

const EXTRACT_SENTENCE = 'A sentence of the Wikipedia extract that must never reach the catalog.';

const curated = [
  Film.parse({ id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, directors: ['Leos Carax'], synopsis: 'Our own words about Holy Motors.', externalIds: { imdb: 'tt2101441' } }),
  Film.parse({ id: 'irma-vep-1996', title: 'Irma Vep', year: 1996, synopsis: 'Our own words about Irma Vep.' }),
];
const wikipedia = [
  { title: 'Irma Vep', year: 1996, cast: ['Maggie Cheung'], genres: ['Comedy'], href: 'Irma_Vep', extract: `Irma Vep is a 1996 French film directed by Olivier Assayas. ${EXTRACT_SENTENCE}` },
  { title: 'Carmen', year: 1915, cast: ['Geraldine Farrar'], genres: ['Drama'] },
  { title: 'Carmen', year: 1915, cast: ['Theda Bara'], genres: ['Drama'] },
  { title: 'The Freeze-Out', year: 1921, cast: ['Harry Carey'], href: 'The_Freeze-Out', extract: `The Freeze-Out is a 1921 American silent Western film directed by John Ford. ${EXTRACT_SENTENCE}`, thumbnail: 'https://upload.wikimedia.org/wikipedia/en/1/1a/Freeze.jpg' },
  { title: 'Duck Dodgers', year: 2003, cast: ['Joe Alaskey'], extract: 'Duck Dodgers is an American animated television series.' },
];
const movieTweetings = [
  '2101441::Holy Motors (2012)::Drama|Fantasy',
  '0011541::The Freeze-Out (1921)::Western',
  '0069293::Solaris (1972)::Drama|Mystery|Sci-Fi',
].join('\n');

let shared: string;
beforeAll(async () => {
  shared = await mkdtemp(join(tmpdir(), 'marquee-default-'));
  await mkdir(join(shared, 'wikipedia-movies'));
  await mkdir(join(shared, 'movietweetings'));
  await writeFile(join(shared, 'wikipedia-movies', 'movies-1990s.json'), JSON.stringify(wikipedia));
  await writeFile(join(shared, 'movietweetings', 'movies.dat'), movieTweetings + '\n');
});
afterAll(() => rm(shared, { recursive: true, force: true }));

describe('the large default catalog, built', () => {
  it('keeps curated films as they are, adds the facts of the others and none of the extracts’ sentences', async () => {
    const { readMovieTweetingsMovies } = await import('../../src/import/movietweetings.js');
    const build = await buildDefaultCatalog({
      curated,
      wikipediaDir: join(shared, 'wikipedia-movies'),
      movieTweetings: (await readMovieTweetingsMovies(join(shared, 'movietweetings', 'movies.dat'))).values,
    });
    const byId = new Map(build.films.map((film) => [film.id, film]));
    expect([...byId.keys()]).toEqual(['holy-motors-2012', 'irma-vep-1996', 'carmen-1915', 'carmen-1915-2', 'the-freeze-out-1921', 'solaris-1972']);
    // Curated: same id and synopsis, gaps filled with facts (Irma Vep's cast from Wikipedia).
    expect(byId.get('holy-motors-2012')!.synopsis).toBe('Our own words about Holy Motors.');
    expect(byId.get('irma-vep-1996')).toMatchObject({ synopsis: 'Our own words about Irma Vep.', cast: [{ name: 'Maggie Cheung' }], externalIds: { wikipedia: 'Irma_Vep' } });
    // Same title and year, no actor in common: two films.
    expect(byId.get('carmen-1915')!.cast[0]!.name).toBe('Geraldine Farrar');
    expect(byId.get('carmen-1915-2')!.cast[0]!.name).toBe('Theda Bara');
    // Wikipedia and MovieTweetings name the same film: one entry with both ids, the director taken from the extract.
    expect(byId.get('the-freeze-out-1921')).toMatchObject({
      directors: ['John Ford'],
      synopsis: '',
      poster: 'https://upload.wikimedia.org/wikipedia/en/1/1a/Freeze.jpg',
      externalIds: { wikipedia: 'The_Freeze-Out', imdb: 'tt0011541' },
    });
    expect(byId.get('solaris-1972')).toMatchObject({ genres: ['Drama', 'Mystery', 'Sci-Fi'], externalIds: { imdb: 'tt0069293' } });
    expect(JSON.stringify(build.films)).not.toContain(EXTRACT_SENTENCE);
    expect(build.sources).toEqual({
      wikipedia: { rows: 5, added: 3, merged: 1, skipped: 1 },
      movietweetings: { rows: 3, added: 1, merged: 2, skipped: 0 },
    });
  });

  it('is rebuilt by npm run catalog -- build-default, byte for byte the same each time', async () => {
    const out: string[] = [];
    const io: CliIO = { out: (line) => out.push(line), err: (line) => out.push(line), progress: { write: () => true }, env: {}, now: () => new Date() };
    const file = join(shared, 'catalog.json.gz');
    expect(await runCatalogCli(['build-default', '--shared', shared, '--out', file], io)).toBe(0);
    const first = await readFile(file);
    expect(await runCatalogCli(['build-default', '--shared', shared, '--out', file], io)).toBe(0);
    expect((await readFile(file)).equals(first)).toBe(true);
    expect(out[0]).toMatch(/^Wrote [\d,]+ films to .*catalog\.json\.gz: [\d,]+ curated/);
    // Against the real curated catalog, which may know some of these films already.
    expect(out.some((line) => /^ {2}movietweetings {2}3 rows: \d added, \d already there, 0 skipped$/.test(line))).toBe(true);
    const loaded = await loadCatalogFiles([file]);
    expect(loaded.problems).toEqual([]);
    expect(loaded.films.find((film) => film.id === 'solaris-1972')).toBeDefined();
  });

  it('refuses to build from nothing, saying where it looked', async () => {
    const err: string[] = [];
    const io: CliIO = { out: () => undefined, err: (line) => err.push(line), progress: { write: () => true }, env: {}, now: () => new Date() };
    expect(await runCatalogCli(['build-default', '--shared', join(shared, 'nowhere')], io)).toBe(1);
    expect(err[0]).toMatch(/nowhere\/wikipedia-movies nor .*movies\.dat exists/);
  });
});

describe('the large default catalog, shipped in data/', () => {
  it('holds every curated film unchanged (rebuild it after editing data/films.json) and facts only for the rest', async () => {
    const [shipped, ours] = await Promise.all([loadCatalogFiles([DEFAULT_CATALOG]), loadCatalogFiles([BUNDLED_CATALOG])]);
    expect(shipped.problems).toEqual([]);
    expect(shipped.films.length).toBeGreaterThan(40_000);
    const byId = new Map(shipped.films.map((film) => [film.id, film]));
    for (const film of ours.films) {
      expect(byId.get(film.id), film.id).toMatchObject({ title: film.title, year: film.year, synopsis: film.synopsis });
    }
    const curatedIds = new Set(ours.films.map((film) => film.id));
    expect(shipped.films.filter((film) => film.synopsis && !curatedIds.has(film.id)).map((film) => film.id)).toEqual([]);
    expect(shipped.films.filter((film) => film.externalIds.imdb).length).toBeGreaterThan(10_000);
  });
});

describe('a film card without a synopsis of ours', () => {
  it('shows its facts and says the synopsis is missing', async () => {
    const film = Film.parse({ id: 'solaris-1972', title: 'Solaris', year: 1972, directors: ['Andrei Tarkovsky'], genres: ['Drama'] });
    const card = new V2View((await renderFilmCard(film)).components as unknown as Record<string, unknown>[]);
    expect(card.description).toBe(MISSING_SYNOPSIS);
    expect(card.text).toContain('Directed by **Andrei Tarkovsky**');
    expect(card.headings()).toEqual(['Solaris (1972)', 'Genre']);
  });
});
