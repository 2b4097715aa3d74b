import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { FIRST_FILM_YEAR } from '../catalog/schema.js';

/**
 * The MovieTweetings dataset (github.com/sidooms/MovieTweetings): real people's IMDb ratings.
 * `movies.dat` lines are `imdb_id::Title (Year)::Genre|Genre` and `ratings.dat` lines are
 * `user_id::imdb_id::rating 0–10::unix seconds`; the IMDb id is written without its `tt`
 * (`0104257`). Fields are separated by "::"; a title may itself hold "::", so the id is taken
 * before the first separator and the genres after the last.
 */

const SEPARATOR = '::';

/** `tt` and at least 7 digits, the way IMDb writes ids; the file's bare digits gain the `tt`. */
export const MovieTweetingsImdbId = z
  .string()
  .trim()
  .regex(/^(?:tt)?\d{7,10}$/, 'an IMDb id of 7 to 10 digits such as 0104257')
  .transform((id) => (id.startsWith('tt') ? id : `tt${id}`));

const TITLE_WITH_YEAR = /^(.*\S)\s*\((\d{4})\)$/;

const MovieLine = z.object({
  imdb: MovieTweetingsImdbId,
  titleWithYear: z
    .string()
    .trim()
    .regex(TITLE_WITH_YEAR, 'expected "Title (Year)"')
    .transform((text) => {
      const [, title, year] = TITLE_WITH_YEAR.exec(text)!;
      return { title: title!.trim(), year: Number(year) };
    })
    .pipe(
      z.object({
        title: z.string().min(1, 'the film has no title').max(300, 'the title is over 300 characters'),
        year: z.number().int().min(FIRST_FILM_YEAR, `a year from ${FIRST_FILM_YEAR}`).max(2100, 'a year up to 2100'),
      }),
    ),
  genres: z.string().transform((text) => [...new Set(text.split('|').map((genre) => genre.trim()).filter(Boolean))].slice(0, 20)),
});

export interface MovieTweetingsMovie {
  /** `tt` + digits. */
  imdb: string;
  title: string;
  year: number;
  genres: string[];
}

const RatingLine = z.object({
  user: z.string().trim().regex(/^\d{1,12}$/, 'a numeric user id'),
  imdb: MovieTweetingsImdbId,
  rating: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, 'a whole rating from 0 to 10')
    .transform(Number)
    .pipe(z.number().int().min(0, 'a rating from 0 to 10').max(10, 'a rating from 0 to 10')),
  at: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'a Unix time in seconds')
    .transform(Number),
});

export interface MovieTweetingsRating {
  user: string;
  /** `tt` + digits. */
  imdb: string;
  /** 0–10, whole. */
  rating: number;
  /** Unix seconds. */
  at: number;
}

export type LineResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function failure(error: z.ZodError): { ok: false; reason: string } {
  const issue = error.issues[0]!;
  // The title and year share a column: name the part that failed.
  const field = issue.path[0] === 'titleWithYear' ? String(issue.path[1] ?? 'title') : issue.path.map(String).join('.');
  return { ok: false, reason: `${field || 'line'}: ${issue.message}` };
}

/** One `movies.dat` line. */
export function parseMovieLine(line: string): LineResult<MovieTweetingsMovie> {
  const first = line.indexOf(SEPARATOR);
  const last = line.lastIndexOf(SEPARATOR);
  if (first < 0 || last === first) return { ok: false, reason: 'line: expected imdb_id::Title (Year)::Genres' };
  const parsed = MovieLine.safeParse({
    imdb: line.slice(0, first),
    titleWithYear: line.slice(first + SEPARATOR.length, last),
    genres: line.slice(last + SEPARATOR.length),
  });
  if (!parsed.success) return failure(parsed.error);
  const { imdb, titleWithYear, genres } = parsed.data;
  return { ok: true, value: { imdb, title: titleWithYear.title, year: titleWithYear.year, genres } };
}

/** One `ratings.dat` line. */
export function parseRatingLine(line: string): LineResult<MovieTweetingsRating> {
  const parts = line.split(SEPARATOR);
  if (parts.length !== 4) return { ok: false, reason: 'line: expected user_id::imdb_id::rating::time' };
  const parsed = RatingLine.safeParse({ user: parts[0], imdb: parts[1], rating: parts[2], at: parts[3] });
  if (!parsed.success) return failure(parsed.error);
  return { ok: true, value: parsed.data };
}

export interface LineProblem {
  /** 1-based. */
  line: number;
  reason: string;
}

export interface Parsed<T> {
  values: T[];
  problems: LineProblem[];
}

/**
 * The non-blank lines of a file, read as a stream (the full dataset is ~1M ratings), with their
 * 1-based numbers so that a bad line can be reported where it is.
 */
export async function* readDatLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() !== '') yield { line: number, text };
  }
}

/** Every line parsed on its own: a bad line is reported and skipped. */
async function collect<T>(file: string, parse: (line: string) => LineResult<T>): Promise<Parsed<T>> {
  const result: Parsed<T> = { values: [], problems: [] };
  for await (const { line, text } of readDatLines(file)) {
    const parsed = parse(text);
    if (parsed.ok) result.values.push(parsed.value);
    else result.problems.push({ line, reason: parsed.reason });
  }
  return result;
}

export const readMovieTweetingsMovies = (file: string) => collect(file, parseMovieLine);
export const readMovieTweetingsRatings = (file: string) => collect(file, parseRatingLine);
