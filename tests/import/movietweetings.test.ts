import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCatalogCli } from '../../src/cli/catalogCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import {
  parseMovieLine,
  parseRatingLine,
  readMovieTweetingsMovies,
  readMovieTweetingsRatings,
} from '../../src/import/movietweetings.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/import/movietweetings');

describe('MovieTweetings reader', () => {
  it('reads movies.dat: tt ids, title and year apart, distinct genres; bad lines reported by number', async () => {
    const { values, problems } = await readMovieTweetingsMovies(join(FIXTURES, 'movies.dat'));
    expect(values).toEqual([
      { imdb: 'tt0069293', title: 'Solaris', year: 1972, genres: ['Drama', 'Mystery', 'Sci-Fi'] },
      { imdb: 'tt0060107', title: 'Andrei Rublev', year: 1966, genres: ['Biography', 'Drama', 'History'] },
      { imdb: 'tt2101441', title: 'Holy Motors', year: 2012, genres: ['Drama', 'Fantasy'] },
      { imdb: 'tt0116625', title: 'Irma Vep', year: 1996, genres: ['Comedy', 'Drama'] },
      { imdb: 'tt0099999', title: 'A Film Without Genres', year: 1999, genres: [] },
      // "::" inside a title: the id is before the first separator, the genres after the last.
      { imdb: 'tt0088888', title: 'Two: Parts :: The Sequel', year: 2003, genres: ['Drama', 'Thriller'] },
    ]);
    expect(problems).toEqual([
      { line: 6, reason: 'title: expected "Title (Year)"' },
      { line: 7, reason: 'imdb: an IMDb id of 7 to 10 digits such as 0104257' },
      { line: 10, reason: 'year: a year from 1870' },
      { line: 11, reason: 'line: expected imdb_id::Title (Year)::Genres' },
    ]);
  });

  it('reads ratings.dat: user, tt id, whole rating 0–10, Unix time', async () => {
    const { values, problems } = await readMovieTweetingsRatings(join(FIXTURES, 'ratings.dat'));
    expect(values).toEqual([
      { user: '1', imdb: 'tt0069293', rating: 9, at: 1364690142 },
      { user: '1', imdb: 'tt0060107', rating: 10, at: 1364690200 },
      { user: '1', imdb: 'tt0116625', rating: 3, at: 1364690300 },
      { user: '2', imdb: 'tt2101441', rating: 7, at: 1364118447 },
      // An id already written with its tt is kept as is.
      { user: '3', imdb: 'tt0116625', rating: 0, at: 1364000000 },
    ]);
    expect(problems).toEqual([
      { line: 5, reason: 'rating: a rating from 0 to 10' },
      { line: 6, reason: 'line: expected user_id::imdb_id::rating::time' },
      { line: 9, reason: 'user: a numeric user id' },
    ]);
  });

  it('parses single lines without a file', () => {
    expect(parseMovieLine('0060107::Andrei Rublev (1966)::Drama')).toEqual({
      ok: true,
      value: { imdb: 'tt0060107', title: 'Andrei Rublev', year: 1966, genres: ['Drama'] },
    });
    expect(parseRatingLine('5::0060107::4.5::1')).toEqual({ ok: false, reason: 'rating: a whole rating from 0 to 10' });
    expect(parseRatingLine('5::0060107::4::')).toEqual({ ok: false, reason: 'at: a Unix time in seconds' });
  });
});

describe('npm run catalog -- import … --format movietweetings', () => {
  it('adds the films of movies.dat (a folder names its movies.dat) with their IMDb ids; bad lines are skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-movietweetings-'));
    try {
      const into = join(dir, 'films.json');
      const out: string[] = [];
      const io: CliIO = {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
        progress: { isTTY: false, columns: 100, write: () => {} },
        env: {},
        now: () => new Date('2024-06-15T12:00:00.000Z'),
        defaultCatalog: into,
        catalogFiles: [],
      };
      expect(await runCatalogCli(['import', FIXTURES, '--format', 'movietweetings', '--into', into], io)).toBe(0);
      expect(out[0]).toBe(`Merged 10 rows from 1 file(s) (movietweetings) into ${into}:`);
      const source = join(FIXTURES, 'movies.dat');
      expect(out.slice(4, 11)).toEqual([
        '  skipped    4  (not films, or invalid)',
        '  catalog    6 films',
        'Skipped rows (4):',
        `  ${source}[6] “No Year Here”: title: expected "Title (Year)"`,
        `  ${source}[7] “Short Id (2001)”: imdb: an IMDb id of 7 to 10 digits such as 0104257`,
        `  ${source}[10] “Too Early (1700)”: year: a year from 1870`,
        `  ${source}[11]: line: expected imdb_id::Title (Year)::Genres`,
      ]);
      const films = JSON.parse(await readFile(into, 'utf8')) as { id: string; genres: string[]; externalIds: { imdb?: string } }[];
      expect(films.map((film) => film.id)).toEqual([
        'solaris-1972',
        'andrei-rublev-1966',
        'holy-motors-2012',
        'irma-vep-1996',
        'a-film-without-genres-1999',
        'two-parts-the-sequel-2003',
      ]);
      expect(films[1]).toMatchObject({ genres: ['Biography', 'Drama', 'History'], externalIds: { imdb: 'tt0060107' } });
      // Without --format, a .dat file is taken for MovieTweetings; its films are all there already, so nothing is written.
      out.length = 0;
      expect(await runCatalogCli(['import', join(FIXTURES, 'movies.dat'), '--into', into], io)).toBe(0);
      expect(out[0]).toBe(`Would merge 10 rows from 1 file(s) (movietweetings) into ${into}:`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
