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
import { buildDefaultCatalog, retiredIdsAfter } from '../../src/import/catalog/defaultCatalog.js';
import { CatalogMerger } from '../../src/import/catalog/merge.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { readRetiredIds, retiredIdsFileFor } from '../../src/catalog/retiredIds.js';
import { gzipSync } from 'node:zlib';

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

  it('merges a film named by its original title, or listed a year later with the same cast, into the curated film', async () => {
    const { readMovieTweetingsMovies } = await import('../../src/import/movietweetings.js');
    const raid = Film.parse({
      id: 'the-raid-2011',
      title: 'The Raid',
      originalTitle: 'Serbuan Maut',
      altTitles: ['The Raid: Redemption'],
      year: 2011,
      directors: ['Gareth Evans'],
      cast: [{ name: 'Iko Uwais' }, { name: 'Joe Taslim' }, { name: 'Yayan Ruhian' }],
      synopsis: 'Our own words about The Raid.',
    });
    const sunset = Film.parse({ id: 'sunset-boulevard-1950', title: 'Sunset Boulevard', altTitles: ['Sunset Blvd.'], year: 1950, synopsis: 'Our own words.' });
    const dir = join(shared, 'raid');
    await mkdir(join(dir, 'wikipedia-movies'), { recursive: true });
    await writeFile(
      join(dir, 'wikipedia-movies', 'movies-2010s.json'),
      JSON.stringify([
        // The US release year, with the same actors: The Raid.
        { title: 'The Raid: Redemption', year: 2012, cast: ['Iko Uwais', 'Doni Alamsyah', 'Joe Taslim', 'Yayan Ruhian'], href: 'The_Raid_(2011_film)', extract: 'The Raid is a 2011 Indonesian action film directed by Gareth Evans.' },
        // A remake a year later shares the title and none of the actors: another film.
        { title: 'Sunset Boulevard', year: 1951, cast: ['Someone Else', 'Another Actor'] },
      ]),
    );
    await writeFile(join(dir, 'movies.dat'), ['1899353::Serbuan maut (2011)::Action|Crime|Thriller', '0043014::Sunset Blvd. (1950)::Drama|Film-Noir'].join('\n') + '\n');
    const build = await buildDefaultCatalog({
      curated: [raid, sunset],
      wikipediaDir: join(dir, 'wikipedia-movies'),
      movieTweetings: (await readMovieTweetingsMovies(join(dir, 'movies.dat'))).values,
    });
    expect(build.films.map((film) => film.id)).toEqual(['the-raid-2011', 'sunset-boulevard-1950', 'sunset-boulevard-1951']);
    expect(build.films[0]).toMatchObject({
      title: 'The Raid',
      originalTitle: 'Serbuan Maut',
      synopsis: 'Our own words about The Raid.',
      genres: ['Action', 'Crime', 'Thriller'],
      externalIds: { imdb: 'tt1899353', wikipedia: 'The_Raid_(2011_film)' },
    });
    expect(build.films[1]).toMatchObject({ externalIds: { imdb: 'tt0043014' } });
    expect(build.sources).toEqual({ wikipedia: { rows: 2, added: 1, merged: 1, skipped: 0 }, movietweetings: { rows: 2, added: 0, merged: 2, skipped: 0 } });
  });

  it('keeps the ids a rebuild merges away as aliases of the films they merged into, and never gives them to another film', async () => {
    const dir = join(shared, 'rebuild');
    await mkdir(join(dir, 'movietweetings'), { recursive: true });
    await writeFile(join(dir, 'movietweetings', 'movies.dat'), '1899353::Serbuan maut (2011)::Action|Crime|Thriller\n');
    const out = join(dir, 'catalog.json.gz');
    // The build before the dedup fix had The Raid twice: curated, and under its original title from MovieTweetings.
    const before = (await loadCatalogFiles([BUNDLED_CATALOG])).films;
    await writeFile(out, gzipSync(JSON.stringify([...before, { id: 'serbuan-maut-2011', title: 'Serbuan maut', year: 2011, genres: ['Action'], externalIds: { imdb: 'tt1899353' } }])));
    const lines: string[] = [];
    const io: CliIO = { out: (line) => lines.push(line), err: (line) => lines.push(line), progress: { write: () => true }, env: {}, now: () => new Date() };
    expect(await runCatalogCli(['build-default', '--shared', dir, '--out', out], io)).toBe(0);
    expect(lines).toContain('  serbuan-maut-2011 → the-raid-2011');
    const aliasesFile = join(dir, 'catalog.aliases.json');
    expect(JSON.parse(await readFile(aliasesFile, 'utf8'))).toEqual({ 'serbuan-maut-2011': 'the-raid-2011' });
    const built = (await loadCatalogFiles([out])).films;
    expect(built.map((film) => film.id)).not.toContain('serbuan-maut-2011');
    expect(built.find((film) => film.id === 'the-raid-2011')!.externalIds.imdb).toBe('tt1899353');
    // Built again from that build: the alias stays, and a film that would take the retired id gets another.
    await writeFile(join(dir, 'movietweetings', 'movies.dat'), '1899353::Serbuan maut (2011)::Action|Crime|Thriller\n9999999::Serbuan Maut (2011)::Documentary\n');
    expect(await runCatalogCli(['build-default', '--shared', dir, '--out', out], io)).toBe(0);
    expect(JSON.parse(await readFile(aliasesFile, 'utf8'))).toEqual({ 'serbuan-maut-2011': 'the-raid-2011' });
    const again = (await loadCatalogFiles([out])).films;
    expect(again.find((film) => film.externalIds.imdb === 'tt9999999')?.id).toBe('serbuan-maut-2011-2');
  });

  it('follows an earlier alias to where its film went since', () => {
    const films = [Film.parse({ id: 'the-raid-2011', title: 'The Raid', originalTitle: 'Serbuan Maut', year: 2011, externalIds: { imdb: 'tt1899353' } })];
    const previous = [...films, Film.parse({ id: 'the-raid-2011-2', title: 'Serbuan maut', year: 2011, externalIds: { imdb: 'tt1899353' } })];
    const earlier = new Map([
      ['serbuan-maut-2011', 'the-raid-2011-2'],
      ['gone-2000', 'nowhere-2000'],
    ]);
    expect([...retiredIdsAfter(previous, films, earlier)]).toEqual([
      ['serbuan-maut-2011', 'the-raid-2011'],
      ['the-raid-2011-2', 'the-raid-2011'],
    ]);
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

describe('the shipped default catalog holds each film once', () => {
  it('has no two entries that its own dedup rules say are one film (IMDb id, then any title + year + cast)', async () => {
    const shipped = (await loadCatalogFiles([DEFAULT_CATALOG])).films;
    // Each film of the catalog, offered to a merger holding the others before it: none may be taken for one of them.
    const merger = new CatalogMerger([], { matchAltTitles: true });
    const twins: string[] = [];
    for (const film of shipped) {
      const outcome = merger.add(film);
      if (outcome.status !== 'added') twins.push(`${film.id} is ${outcome.id}`);
    }
    expect(twins).toEqual([]);
    const imdb = new Map<string, string[]>();
    for (const film of shipped) if (film.externalIds.imdb) imdb.set(film.externalIds.imdb, [...(imdb.get(film.externalIds.imdb) ?? []), film.id]);
    expect([...imdb].filter(([, ids]) => ids.length > 1)).toEqual([]);
  });

  it('has The Raid (Serbuan maut, 2011) once, so a Letterboxd row of either title names it for certain', async () => {
    const shipped = (await loadCatalogFiles([DEFAULT_CATALOG])).films;
    const raid = shipped.filter((film) => film.year >= 2010 && film.year <= 2012 && [film.title, film.originalTitle, ...film.altTitles].some((title) => title && /^(serbuan maut|the raid(: redemption)?)$/i.test(title)));
    expect(raid.map((film) => film.id)).toEqual(['the-raid-2011']);
    expect(raid[0]).toMatchObject({ title: 'The Raid', originalTitle: 'Serbuan Maut', externalIds: { imdb: 'tt1899353', letterboxd: 'the-raid-2011' } });
    const catalog = new Catalog(shipped);
    for (const typed of ['Serbuan maut 2011', 'The Raid 2011', 'The Raid: Redemption']) {
      expect(catalog.match(typed), typed).toMatchObject({ kind: 'confident', film: { id: 'the-raid-2011' } });
    }
  });

  it('lists the ids it merged away beside it, each leading to a film it has', async () => {
    const shipped = new Set((await loadCatalogFiles([DEFAULT_CATALOG])).films.map((film) => film.id));
    const retired = await readRetiredIds(retiredIdsFileFor(DEFAULT_CATALOG));
    expect(retired.get('serbuan-maut-2011')).toBe('the-raid-2011');
    for (const [from, to] of retired) {
      expect(shipped.has(from), from).toBe(false);
      expect(shipped.has(to), `${from} → ${to}`).toBe(true);
    }
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
