import { join } from 'node:path';
import { readMovieTweetingsMovies, readMovieTweetingsRatings } from '../../src/import/movietweetings.js';
import type { ImportFile } from '../../src/import/index.js';

/** A CSV field, quoted when it must be (as IMDb and Letterboxd write theirs). */
const field = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csv = (rows: readonly (string | number)[][]) => `${rows.map((row) => row.map(field).join(',')).join('\n')}\n`;

/**
 * One MovieTweetings rater's history (the rater with the most rated films) as the exports a member would upload:
 * IMDb's "Your Ratings" CSV (with each film's IMDb id) and Letterboxd's ratings.csv (title, year and a rating only).
 * For `npm run bench:match` when no real export is at hand.
 */
export async function sampleExports(dir: string): Promise<{ user: string; films: number; uploads: { what: string; file: ImportFile }[] }> {
  const movies = new Map((await readMovieTweetingsMovies(join(dir, 'movies.dat'))).values.map((movie) => [movie.imdb, movie]));
  const byUser = new Map<string, Map<string, { rating: number; at: number }>>();
  for (const rating of (await readMovieTweetingsRatings(join(dir, 'ratings.dat'))).values) {
    if (!movies.has(rating.imdb)) continue;
    let films = byUser.get(rating.user);
    if (!films) byUser.set(rating.user, (films = new Map()));
    films.set(rating.imdb, { rating: rating.rating, at: rating.at });
  }
  const [user, rated] = [...byUser.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0]!;
  const history = [...rated.entries()].map(([imdb, { rating, at }]) => ({ movie: movies.get(imdb)!, rating, day: new Date(at * 1000).toISOString().slice(0, 10) }));
  const imdb = csv([
    ['Const', 'Your Rating', 'Date Rated', 'Title', 'URL', 'Title Type', 'IMDb Rating', 'Runtime (mins)', 'Year', 'Genres', 'Num Votes', 'Release Date', 'Directors'],
    ...history.map(({ movie, rating, day }) => [movie.imdb, Math.max(1, rating), day, movie.title, `https://www.imdb.com/title/${movie.imdb}/`, 'Movie', '', '', movie.year, movie.genres.join(', '), '', '', '']),
  ]);
  const letterboxd = csv([
    ['Date', 'Name', 'Year', 'Letterboxd URI', 'Rating'],
    ...history.map(({ movie, rating, day }) => [day, movie.title, movie.year, '', Math.max(0.5, Math.round(rating) / 2)]),
  ]);
  const encode = (text: string) => new TextEncoder().encode(text);
  return {
    user,
    films: history.length,
    uploads: [
      { what: 'an IMDb ratings export (IMDb ids)', file: { name: 'ratings.csv', bytes: encode(imdb) } },
      { what: 'a Letterboxd ratings export (title and year only)', file: { name: 'ratings.csv', bytes: encode(letterboxd) } },
    ],
  };
}
