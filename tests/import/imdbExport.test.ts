import { describe, expect, it } from 'vitest';
import { decodeText, readCsv } from '../../src/import/csv.js';
import { imdbExportKind, readImdbExportFile } from '../../src/import/imdbExport.js';

const NOW = new Date('2024-06-15T12:00:00.000Z');

describe('decoding uploaded files', () => {
  it('reads Windows-1252 as Windows-1252: curly quotes, dashes and € are not control codes', () => {
    const bytes = Uint8Array.from([0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x92, 0x20, 0xe9]);
    expect(decodeText(bytes)).toBe('“A” – €5 ’ é');
    expect(decodeText(new TextEncoder().encode('\uFEFFTár “ok”'))).toBe('Tár “ok”');
  });
});

describe('IMDb exports', () => {
  it('tells ratings from the watchlist by their columns', () => {
    const keys = (header: string) => readCsv('f.csv', `${header}\n`).keys;
    expect(imdbExportKind(keys('Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors'))).toBe('imdb-ratings');
    expect(imdbExportKind(keys('Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors'))).toBe('imdb-watchlist');
    expect(imdbExportKind(keys('Date,Name,Year,Letterboxd URI,Rating'))).toBeUndefined();
  });

  it('reads the older exports’ dates, and rated watchlist entries as seen', () => {
    const csv = [
      'Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated',
      '1,tt0068646,Fri May 03 00:00:00 2019,,,The Godfather,,movie,9.2,175,1972,Crime,1,,,,',
      '2,tt0079944,2020-01-01,,,Stalker,,movie,8.0,162,1979,Drama,1,,,8,2020-02-02',
      '3,tt0000009,not a date,,,Bad,,movie,,,1999,,,,,,',
    ].join('\n');
    const parsed = readImdbExportFile('watchlist.csv', 'imdb-watchlist', readCsv('watchlist.csv', csv), NOW);
    expect(parsed.films.map((film) => [film.imdb, film.facts])).toEqual([
      ['tt0068646', { viewings: [], watchlistSince: '2019-05-03T00:00:00.000Z' }],
      ['tt0079944', { viewings: [], rating: { stars: 4, at: '2020-02-02T00:00:00.000Z' }, watchedAt: '2020-02-02T00:00:00.000Z' }],
    ]);
    expect(parsed.problems.map((problem) => problem.message)).toEqual(['Created: expected a date such as 2019-05-03 (got “not a date”); row skipped']);
  });
});
