import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import type { Film } from '../../src/catalog/schema.js';
import { runCatalogCli } from '../../src/cli/catalogCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { importImdbCatalog } from '../../src/import/catalog/importImdb.js';
import { FIXTURES } from './helpers.js';

const IMDB_FIXTURES = join(FIXTURES, 'imdb');
const dirs: string[] = [];
let dir: string;
let datasets: string;

/** The fixtures as IMDb publishes them: each TSV gzipped, with its .tsv.gz name. */
async function writeDatasets(target: string, change: (name: string, text: string) => string = (_name, text) => text): Promise<void> {
  for (const name of await readdir(IMDB_FIXTURES)) {
    const text = change(name, await readFile(join(IMDB_FIXTURES, name), 'utf8'));
    await writeFile(join(target, `${name}.gz`), gzipSync(text));
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-imdb-'));
  dirs.push(dir);
  datasets = await mkdtemp(join(dir, 'datasets-'));
  await writeDatasets(datasets);
});
afterAll(async () => {
  await Promise.all(dirs.map((path) => rm(path, { recursive: true, force: true })));
});

const byImdb = (films: Film[]) => new Map(films.map((film) => [film.externalIds.imdb, film]));

describe('importing IMDb’s datasets', () => {
  it('builds feature films with their titles, people, characters, votes and rating', async () => {
    const into = join(dir, 'imdb.json.gz');
    const report = await importImdbCatalog({ dir: datasets, into });
    expect(report.read).toEqual({ titles: 10, films: 4, adult: 1, noYear: 1, malformed: { basics: 1 } });
    expect(report).toMatchObject({ added: 4, updated: 0, skipped: 0, total: 4, written: true });
    const { films, problems } = await loadCatalogFiles([into]);
    expect(problems).toEqual([]);
    const imdb = byImdb(films);
    // Shorts, TV films and series are not feature films; adult titles are never imported.
    expect([...imdb.keys()]).toEqual(['tt0068646', 'tt0118694', 'tt0092493', 'tt9999903']);
    expect(imdb.get('tt0068646')).toEqual({
      id: 'the-godfather-1972',
      title: 'The Godfather',
      altTitles: ['Il padrino', 'Le Parrain'],
      year: 1972,
      directors: ['Francis Ford Coppola'],
      writers: ['Mario Puzo', 'Francis Ford Coppola'],
      // The director listed among the principals is not cast; quotes in a character are the character's.
      cast: [
        { name: 'Marlon Brando', character: 'Don Vito Corleone' },
        { name: 'Al Pacino', character: 'Michael Corleone' },
        { name: 'James Caan', character: 'Sonny "Santino" Corleone' },
      ],
      runtime: 175,
      countries: [],
      languages: [],
      genres: ['Crime', 'Drama'],
      themes: [],
      synopsis: '',
      watchers: 2_100_000,
      imdbRating: 9.2,
      externalIds: { imdb: 'tt0068646' },
    });
    expect(imdb.get('tt0118694')).toMatchObject({
      title: 'In the Mood for Love',
      originalTitle: 'Fa yeung nin wa',
      altTitles: ['花樣年華'],
      cast: [{ name: 'Tony Chiu-Wai Leung', character: 'Chow Mo-wan' }, { name: 'Maggie Cheung', character: 'Su Li-zhen / Mrs. Chan' }],
    });
    // IMDb's TSV has no quoting: quotes are part of the title. A tab inside a title does not shift the columns.
    expect(imdb.get('tt0092493')).toMatchObject({ id: 'crocodile-dundee-ii-1988', title: '"Crocodile" Dundee II', altTitles: ['Crocodile Dundee II'], year: 1988 });
    expect(imdb.get('tt0092493')!.watchers).toBeUndefined();
    expect(imdb.get('tt9999903')).toMatchObject({ title: 'Tab Title', year: 1999, runtime: 80 });
  });

  it('takes shorts and TV films when asked', async () => {
    const into = join(dir, 'all.json');
    const report = await importImdbCatalog({ dir: datasets, into, types: ['movie', 'short', 'tvMovie'] });
    expect(report.added).toBe(6);
    const imdb = byImdb((await loadCatalogFiles([into])).films);
    expect(imdb.get('tt0000001')).toMatchObject({ title: 'Carmencita', year: 1894, runtime: 1, cast: [{ name: 'Carmencita', character: 'Self' }] });
    expect(imdb.get('tt0112641')).toMatchObject({ title: 'A Television Film' });
    expect(imdb.has('tt0944947')).toBe(false);
  });

  it('keeps every film’s id on a re-import, refreshing votes and rating and adding the new films', async () => {
    const into = join(dir, 'imdb.json.gz');
    // A film already there under an id of its own, with a synopsis of ours; one known only by title and year.
    await writeFile(
      into,
      gzipSync(
        JSON.stringify([
          { id: 'mood-for-love', title: 'In the Mood for Love', year: 2000, synopsis: 'Our own words.', externalIds: { imdb: 'tt0118694' } },
          { id: 'godfather', title: 'The Godfather', year: 1972, cast: [{ name: 'Marlon Brando' }] },
        ]),
      ),
    );
    await importImdbCatalog({ dir: datasets, into });
    const first = byImdb((await loadCatalogFiles([into])).films);
    expect(first.get('tt0118694')).toMatchObject({ id: 'mood-for-love', synopsis: 'Our own words.', directors: ['Wong Kar-wai'], watchers: 170_000 });
    expect(first.get('tt0068646')).toMatchObject({ id: 'godfather', directors: ['Francis Ford Coppola'] });

    // A year later: more votes, and a new film with the same title and year as one already there.
    const later = await mkdtemp(join(dir, 'later-'));
    await writeDatasets(later, (name, text) => {
      if (name === 'title.ratings.tsv') return text.replace('tt0118694\t8.1\t170000', 'tt0118694\t8.2\t190000');
      if (name === 'title.basics.tsv') return text + 'tt7777777\tmovie\t"Crocodile" Dundee II\t"Crocodile" Dundee II\t0\t1988\t\\N\t95\tDocumentary\n';
      return text;
    });
    const report = await importImdbCatalog({ dir: later, into });
    expect(report).toMatchObject({ added: 1, updated: 1, unchanged: 3, total: 5 });
    const second = byImdb((await loadCatalogFiles([into])).films);
    for (const [imdb, film] of first) expect(second.get(imdb)!.id, imdb).toBe(film.id);
    expect(second.get('tt0118694')).toMatchObject({ watchers: 190_000, imdbRating: 8.2, synopsis: 'Our own words.' });
    expect(second.get('tt7777777')!.id).toBe('crocodile-dundee-ii-1988-2');
    // The previous file is kept beside the new one.
    expect((await loadCatalogFiles([`${into}.bak`])).films).toHaveLength(4);
  });

  it('runs from npm run catalog with a progress bar, an ETA and a summary', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const drawn: string[] = [];
    const io: CliIO = {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      progress: { isTTY: true, write: (text: string) => drawn.push(text) },
      env: {},
      now: () => new Date(),
      catalogFiles: [],
    };
    const into = join(dir, 'imdb.json');
    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into], io)).toBe(0);
    expect(out[0]).toMatch(new RegExp(`^Wrote 4 films to ${into.replace(/[.\\/]/g, '\\$&')} from 10 IMDb titles \\(read in \\d+s, converted and written in \\d+s\\):$`));
    expect(out).toContain('  films      4  (movie; 1 adult titles and 1 without a year left out)');
    expect(out).toContain('Lines that could not be read: basics 1');
    expect(drawn.some((frame) => /^\rReading IMDb datasets \[[█░]+\]\s+\d+% \d+ kB\/\d+ kB/.test(frame))).toBe(true);
    expect(drawn.at(-1)).toBe('\r\x1b[2K');

    expect(await runCatalogCli(['import', datasets, '--format', 'imdb', '--into', into, '--types', 'movie,series'], io)).toBe(1);
    expect(err.at(-1)).toBe('--types takes movie, short, tvMovie, video (comma-separated), not series.');
    expect(await runCatalogCli(['import', dir, '--format', 'imdb', '--into', into], io)).toBe(1);
    expect(err.at(-1)).toMatch(/lacks title\.basics\.tsv\.gz, .*name\.basics\.tsv\.gz: download them from https:\/\/datasets\.imdbws\.com\//);
  });
});

describe('a film card from IMDb’s facts', () => {
  it('shows writers and the rating beside the director', async () => {
    const { renderFilmCard } = await import('../../src/discord/render/film.js');
    const into = join(dir, 'imdb.json');
    await importImdbCatalog({ dir: datasets, into });
    const godfather = (await loadCatalogFiles([into])).films.find((film) => film.id === 'the-godfather-1972')!;
    const { V2View } = await import('../../src/local-discord/index.js');
    const card = new V2View((await renderFilmCard(godfather)).components as unknown as Record<string, unknown>[]);
    expect(card.text).toContain('Directed by **Francis Ford Coppola** · 2h 55m');
    expect(card.text).toContain('Written by Mario Puzo, Francis Ford Coppola');
    expect(card.text).toContain('IMDb 9.2/10');
    expect(card.block('Genres')).toBe('Crime · Drama');
  });
});
