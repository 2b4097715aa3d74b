import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { buildPreview } from '../../src/import/preview.js';
import { type ImportFile, readImportFiles } from '../../src/import/read.js';
import type { SourceFilm } from '../../src/import/facts.js';
import { csvFile, fixture, letterboxdCsv, letterboxdFolder, NOW, testCatalog, zipOf } from './helpers.js';

const read = (files: ImportFile[], now = NOW) => readImportFiles(files, { source: 'letterboxd', now });
const film = (films: SourceFilm[], title: string, year?: number) => {
  const found = films.find((candidate) => candidate.title === title && candidate.year === year);
  if (!found) throw new Error(`no ${title} (${year}) in ${films.map((f) => f.title).join(', ')}`);
  return found;
};

const HISTORY_FILES = ['diary.csv', 'likes/films.csv', 'ratings.csv', 'reviews.csv', 'watched.csv', 'watchlist.csv'];

describe('Letterboxd export files', () => {
  it('reads every history CSV of the export ZIP and leaves out the rest', () => {
    const parsed = read([fixture('letterboxd-export.zip')]);
    expect(parsed.source).toBe('letterboxd');
    expect(parsed.files.map((file) => [file.name, file.kind, file.rows])).toEqual([
      ['diary.csv', 'diary', 11],
      ['likes/films.csv', 'likes', 3],
      ['ratings.csv', 'ratings', 9],
      ['reviews.csv', 'reviews', 4],
      ['watched.csv', 'watched', 18],
      ['watchlist.csv', 'watchlist', 6],
    ]);
    // Deleted diary entries, lists and the profile are not the member's history.
    expect(parsed.ignoredFiles.map((file) => file.name).sort()).toEqual(['deleted/diary.csv', 'lists/favourites.csv', 'profile.csv']);
    expect(parsed.films.some((candidate) => candidate.facts.viewings.some((viewing) => viewing.watchedOn === '2019-12-31'))).toBe(false);
  });

  it('reads the same history from the loose CSVs as from the ZIP', () => {
    const zipped = read([fixture('letterboxd-export.zip')]);
    const loose = read(HISTORY_FILES.map(letterboxdCsv));
    const byKey = (films: SourceFilm[]) => Object.fromEntries(films.map((candidate) => [candidate.key, candidate.facts]));
    expect(byKey(loose.films)).toEqual(byKey(zipped.films));
    expect(loose.problems).toEqual(zipped.problems);
  });

  it('keeps a quoted review spanning lines, with commas, doubled quotes and a blank line, on its diary entry', () => {
    const holyMotors = film(read([fixture('letterboxd-export.zip')]).films, 'Holy Motors', 2012);
    expect(holyMotors.facts.viewings).toEqual([
      {
        watchedOn: '2019-03-01',
        loggedAt: '2019-03-02T00:00:00.000Z',
        stars: 4.5,
        rewatch: false,
        review: {
          text: 'Line one of a review, with a comma.\nSecond line with "quotes".\n\nA paragraph after a blank line.',
          spoiler: false,
          createdAt: '2019-03-02T00:00:00.000Z',
        },
      },
      {
        watchedOn: '2024-01-19',
        loggedAt: '2024-01-20T00:00:00.000Z',
        stars: 5,
        rewatch: true,
        // Letterboxd's bits of HTML become Markdown and plain characters.
        review: { text: 'Even better the second time. *Merde!* & more', spoiler: false, createdAt: '2024-01-20T00:00:00.000Z' },
      },
    ]);
    expect(holyMotors.facts.rating).toEqual({ stars: 5, at: '2024-01-20T00:00:00.000Z' });
    expect(holyMotors.facts.favoriteSince).toBe('2019-03-03T00:00:00.000Z');
  });

  it('keeps half stars and same-day rewatches, with the review on the viewing it belongs to', () => {
    const parasite = film(read([fixture('letterboxd-export.zip')]).films, 'Parasite', 2019);
    expect(parasite.facts.viewings.map(({ watchedOn, stars, rewatch, review }) => ({ watchedOn, stars, rewatch, review: review?.text }))).toEqual([
      { watchedOn: '2022-02-01', stars: 0.5, rewatch: false, review: undefined },
      { watchedOn: '2022-02-01', stars: 1.5, rewatch: true, review: 'Second viewing, same day: the stairs…' },
    ]);
    expect(parasite.facts.rating?.stars).toBe(1.5);
  });

  it('turns a review without a diary row into a viewing of its own', () => {
    const possession = film(read([letterboxdCsv('reviews.csv')]).films, 'Possession', 1981);
    expect(possession.facts.viewings).toEqual([
      {
        watchedOn: '2021-09-08',
        loggedAt: '2021-09-09T00:00:00.000Z',
        stars: 4,
        rewatch: false,
        review: { text: 'A review whose viewing is not in diary.csv.', spoiler: false, createdAt: '2021-09-09T00:00:00.000Z' },
      },
    ]);
  });

  it('takes watched, watchlist, likes and ratings rows as what they are', () => {
    const films = read([fixture('letterboxd-export.zip')]).films;
    expect(film(films, 'Seven Samurai', 1954).facts).toEqual({
      viewings: [],
      watchedAt: '2023-01-15T00:00:00.000Z',
      rating: { stars: 4.5, at: '2023-01-15T00:00:00.000Z' },
      favoriteSince: '2023-01-16T00:00:00.000Z',
    });
    expect(film(films, 'Past Lives', 2023).facts).toEqual({ viewings: [], watchlistSince: '2023-10-01T00:00:00.000Z' });
    expect(film(films, 'A Star Is Born').year).toBeUndefined();
  });

  it('without ratings.csv, takes the rating of the latest rated viewing', () => {
    const parsed = read([letterboxdCsv('diary.csv')]);
    expect(film(parsed.films, 'Holy Motors', 2012).facts.rating).toEqual({ stars: 5, at: '2024-01-20T00:00:00.000Z' });
    expect(film(parsed.films, 'Aftersun', 2022).facts.rating).toBeUndefined();
  });

  it('reports bad rows with file, line and film, and keeps the others', () => {
    const parsed = read([fixture('letterboxd-export.zip')]);
    expect(parsed.problems).toEqual([
      { file: 'diary.csv', line: 11, title: 'Nosferatu', message: 'Rating: expected a rating from 0.5 to 5 in half steps (got “6”); row skipped' },
      { file: 'ratings.csv', line: 10, title: 'Mulholland Dr.', message: 'Rating: expected a rating from 0.5 to 5 in half steps (got “7”); row skipped' },
      { file: 'watchlist.csv', line: 7, title: 'Close-Up', message: 'Date: expected a date such as 2024-05-17 (got “2023-13-01”); row skipped' },
    ]);
    // The same film's valid rows are kept.
    expect(film(parsed.films, 'Nosferatu', 1922).facts.viewings.map((viewing) => viewing.watchedOn)).toEqual(['2023-06-05']);
    expect(parsed.notes).toContain('2 diary rows have tags; Marquee has no tags, so they are left out.');
    expect(parsed.notes.some((note) => note.startsWith('1 film’s first logged viewing is marked as a rewatch'))).toBe(true);
  });

  it('reports the line where a broken quote starts and keeps the rows before it', () => {
    const text = 'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,,4\n2024-01-02,"Irma Vep,1996,,3\n2024-01-03,Stalker,1979,,5\n';
    const parsed = read([csvFile('ratings.csv', text)]);
    expect(parsed.films.map((candidate) => candidate.title)).toEqual(['Heat']);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ file: 'ratings.csv', message: expect.stringMatching(/^unreadable CSV: Quote Not Closed/) });
  });

  it('refuses dates in the future and shortens over-long reviews, saying so', () => {
    const long = 'word '.repeat(600).trim();
    const text = [
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date',
      '2024-06-10,Heat,1995,,4,,Fine.,,2024-07-01',
      `2024-06-10,Stalker,1979,,4.5,,${long},,2024-06-09`,
    ].join('\n');
    const parsed = read([csvFile('reviews.csv', text)]);
    expect(parsed.problems).toEqual([
      { file: 'reviews.csv', line: 2, title: 'Heat', message: '2024-07-01 is in the future; row skipped' },
      { file: 'reviews.csv', line: 3, title: 'Stalker', message: "review shortened to Marquee's limit of 2000 characters (it had 2999)" },
    ]);
    const review = film(parsed.films, 'Stalker', 1979).facts.viewings[0]!.review!;
    expect(review.text.length).toBeLessThanOrEqual(2000);
    expect(review.text.endsWith('word…')).toBe(true);
  });

  it('reads Marquee’s own additions: dislikes.csv and the Spoilers column', () => {
    const parsed = read([
      csvFile('dislikes.csv', 'Date,Name,Year,Letterboxd URI\n2024-02-02,Heat,1995,\n'),
      csvFile('reviews.csv', 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date,Spoilers\n2024-02-02,Stalker,1979,,4,,The ending!,,2024-02-01,Yes\n'),
    ]);
    expect(film(parsed.films, 'Heat', 1995).facts.dislikeSince).toBe('2024-02-02T00:00:00.000Z');
    expect(film(parsed.films, 'Stalker', 1979).facts.viewings[0]!.review).toMatchObject({ text: 'The ending!', spoiler: true });
  });

  it('takes the film slug from film and diary-entry URIs for matching', () => {
    const parsed = read([
      csvFile('watched.csv', 'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat (director’s cut),1995,https://letterboxd.com/film/heat-1995/\n'),
    ]);
    expect(parsed.films[0]!.letterboxdSlug).toBe('heat-1995');
  });

  it('knows likes/films.csv sent on its own as films.csv', () => {
    const parsed = read([csvFile('films.csv', 'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat,1995,\n')]);
    expect(parsed.files).toEqual([{ name: 'films.csv', kind: 'likes', rows: 1 }]);
    expect(parsed.films[0]!.facts.favoriteSince).toBe('2024-01-01T00:00:00.000Z');
  });

  it('says which file it cannot place, and which site a file comes from', () => {
    const fourColumns = 'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat,1995,\n';
    expect(() => read([csvFile('export (3).csv', fourColumns)])).toThrow(UserError);
    expect(() => read([csvFile('export (3).csv', fourColumns)])).toThrow(/keep its Letterboxd name/);
    expect(() => read([fixture('icheckmovies.csv')])).toThrow('icheckmovies.csv is an export from iCheckMovies; choose iCheckMovies as the source.');
    expect(() => read([csvFile('notes.csv', 'a,b\n1,2\n')])).toThrow(/not a Letterboxd export file/);
    expect(() => read([csvFile('photo.csv', '\u0000\u0001PNG')])).toThrow(/not a CSV or ZIP/);
    expect(() => read([zipOf('other.zip', { 'notes.txt': 'hello' })])).toThrow(/found no Letterboxd history/);
  });

  it('finds the export inside a folder of the ZIP, as a re-zipped export has it', () => {
    const nested = Object.fromEntries(Object.entries(letterboxdFolder()).map(([path, text]) => [`letterboxd-cinephile-2024/${path}`, text]));
    const parsed = read([zipOf('again.zip', nested)]);
    expect(parsed.files.map((file) => file.kind).sort()).toEqual(['diary', 'likes', 'ratings', 'reviews', 'watched', 'watchlist']);
    expect(parsed.ignoredFiles).toHaveLength(3);
  });

  it('matches the export to the catalog: matched, ambiguous and unmatched films', async () => {
    const preview = await buildPreview(read([fixture('letterboxd-export.zip')]), { catalog: testCatalog(), now: NOW });
    expect(preview.counts).toMatchObject({ rows: 51, films: 23, matched: 17, ambiguous: 3, unmatched: 3, problems: 3 });
    const how = Object.fromEntries(preview.matched.map((matched) => [matched.filmId, matched.how]));
    expect(how).toMatchObject({
      'amelie-2001': 'title',
      'bicycle-thieves-1948': 'title',
      'mulholland-drive-2001': 'title',
      'paris-texas-1984': 'title',
      'nosferatu-1922': 'title',
    });
    // A year one off (Oldboy, 2003 here) or a near title, with nothing else to go by, needs a choice (first-evening).
    expect(preview.ambiguous.map((film) => [film.source.title, film.candidates.map((candidate) => candidate.filmId)])).toEqual([
      ['Oldboy', ['oldboy-2003']],
      ['Portrait of a Lady on Fier', ['portrait-of-a-lady-on-fire-2019']],
      ['A Star Is Born', ['a-star-is-born-1937', 'a-star-is-born-1954', 'a-star-is-born-2018']],
    ]);
    expect(preview.ambiguous.at(-1)).toEqual(
      {
        key: 'star is born|',
        source: { title: 'A Star Is Born' },
        candidates: [
          { filmId: 'a-star-is-born-1937', title: 'A Star Is Born', year: 1937 },
          { filmId: 'a-star-is-born-1954', title: 'A Star Is Born', year: 1954 },
          { filmId: 'a-star-is-born-2018', title: 'A Star Is Born', year: 2018 },
        ],
        facts: { viewings: [], watchedAt: '2023-08-08T00:00:00.000Z' },
      },
    );
    expect(preview.unmatched.map(({ source, reason }) => [source.title, reason])).toEqual([
      ['Some Obscure Short', 'no film with this title from 2014–2016 in the catalog'],
      ['Solaris', 'the catalog has this title from 1972, 2002, not 1987'],
      ['Not A Real Film At All', 'no film with this title from 2019–2021 in the catalog'],
    ]);
    expect(JSON.parse(JSON.stringify(preview))).toEqual(preview);
  });
});
