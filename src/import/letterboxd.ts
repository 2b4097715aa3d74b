import { z } from 'zod';
import type { CsvTable } from './csv.js';
import { dayStart, type ImportedViewing, type RowProblem, type SourceFilm, sourceFilm } from './facts.js';
import { dateProblem, Day, FilmName, fitReview, OptionalDay, OptionalStars, OptionalYear, plural, reviewText, YesNo } from './fields.js';
import { headerNames, parseRow } from './rows.js';
import { restoreFormula } from '../spreadsheetFormulas.js';

/**
 * Letterboxd's export, file by file. Every file starts with `Date,Name,Year,Letterboxd URI`:
 * - watched.csv, watchlist.csv, likes/films.csv: just those (told apart by file name);
 * - ratings.csv: + Rating;
 * - diary.csv: + Rating, Rewatch, Tags, Watched Date;
 * - reviews.csv: + Rating, Rewatch, Review, Tags, Watched Date.
 * `Date` is when the row was logged; `Watched Date` when the film was seen. Diary and review URIs
 * point at the diary entry, the others at the film. dislikes.csv is Marquee's own addition (same
 * columns as likes), so that an export from Marquee comes back whole.
 */
export const LETTERBOXD_KINDS = ['diary', 'reviews', 'ratings', 'watched', 'watchlist', 'likes', 'dislikes'] as const;
export type LetterboxdKind = (typeof LETTERBOXD_KINDS)[number];

const BASE = ['date', 'name', 'year', 'letterboxduri'];
const COLUMNS: Record<LetterboxdKind, string[]> = {
  diary: [...BASE, 'rating', 'rewatch', 'tags', 'watcheddate'],
  reviews: [...BASE, 'rating', 'rewatch', 'review', 'tags', 'watcheddate'],
  ratings: [...BASE, 'rating'],
  watched: BASE,
  watchlist: BASE,
  likes: BASE,
  dislikes: BASE,
};

/** Export files that hold no film history of the member's own, or history deleted on Letterboxd. */
const NOT_HISTORY = /(^|\/)(deleted|orphaned|lists)\/|(^|\/)(profile|comments)\.csv$|(^|\/)likes\/(reviews|lists)\.csv$/i;

export function isLetterboxdHistoryPath(path: string): boolean {
  return !NOT_HISTORY.test(path);
}

/** Which Letterboxd file this is, from its columns and (for the four-column files) its name. */
export function letterboxdKind(path: string, keys: readonly string[]): LetterboxdKind | 'unknown-list' | undefined {
  const has = (columns: string[]) => columns.every((column) => keys.includes(column));
  if (has(COLUMNS.reviews)) return 'reviews';
  if (has(COLUMNS.diary)) return 'diary';
  if (has(COLUMNS.ratings)) return 'ratings';
  if (!has(BASE)) return undefined;
  const name = path.toLowerCase();
  if (/dislike/.test(name)) return 'dislikes';
  // likes/films.csv arrives as "films.csv" when sent on its own.
  if (/like|(^|\/)films\.csv$/.test(name)) return 'likes';
  if (/watchlist/.test(name)) return 'watchlist';
  if (/watched/.test(name)) return 'watched';
  return 'unknown-list';
}

export function looksLikeLetterboxd(keys: readonly string[]): boolean {
  return BASE.every((column) => keys.includes(column));
}

const Base = z.object({ date: Day, name: FilmName, year: OptionalYear, letterboxduri: z.string().trim().max(300) });
const Ratings = Base.extend({ rating: OptionalStars });
const Diary = Base.extend({ rating: OptionalStars, rewatch: YesNo, tags: z.string(), watcheddate: OptionalDay });
const Reviews = Diary.extend({
  review: z.string(),
  // Marquee's exports add a Spoilers column; Letterboxd's importer ignores it.
  spoilers: YesNo.optional(),
});

export interface LetterboxdFileInput {
  name: string;
  kind: LetterboxdKind;
  table: CsvTable;
}

export interface ParsedFiles {
  films: SourceFilm[];
  problems: RowProblem[];
  notes: string[];
}

interface PendingViewing {
  viewing: ImportedViewing;
  uri: string;
}

interface PendingReview extends PendingViewing {
  joined?: boolean;
}

const FILM_SLUG = /letterboxd\.com\/(?:[^/\s]+\/)?film\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?/i;

export function letterboxdSlug(uri: string): string | undefined {
  return FILM_SLUG.exec(uri)?.[1]?.toLowerCase();
}

/**
 * Turns Letterboxd CSVs (any subset of an export) into facts per film. Rows with bad values or
 * impossible dates become problems; the rest are kept. A review joins the diary entry it belongs to
 * (same entry URI, else same film, day and rating); a review without one is a viewing of its own.
 */
export function readLetterboxdFiles(files: readonly LetterboxdFileInput[], now: Date): ParsedFiles {
  const films = new Map<string, SourceFilm>();
  const diary = new Map<string, PendingViewing[]>();
  const reviews = new Map<string, PendingReview[]>();
  const problems: RowProblem[] = [];
  let taggedRows = 0;
  let shortenedReviews = 0;
  let firstRewatches = 0;
  const hasRatingsFile = files.some((file) => file.kind === 'ratings');

  for (const { name: file, kind, table } of files) {
    problems.push(...table.problems);
    const names = headerNames(table.header, table.keys);
    const schema = kind === 'reviews' ? Reviews : kind === 'diary' ? Diary : kind === 'ratings' ? Ratings : Base;
    for (const row of table.rows) {
      const parsed = parseRow(schema, row, file, names);
      if (!parsed.ok) {
        problems.push(parsed.problem);
        continue;
      }
      const value = parsed.value as z.output<typeof Reviews>;
      const problem = (message: string) => problems.push({ file, line: row.line, title: value.name, message });
      const watchedOn = value.watcheddate ?? value.date;
      const badDate = dateProblem(value.date, now) ?? (watchedOn === value.date ? undefined : dateProblem(watchedOn, now));
      if (badDate) {
        problem(`${badDate}; row skipped`);
        continue;
      }
      const film = sourceFilm(films, value.name, value.year);
      film.letterboxdSlug ??= letterboxdSlug(value.letterboxduri);
      const at = dayStart(value.date);
      const facts = film.facts;
      switch (kind) {
        case 'watched':
          if (!facts.watchedAt || at < facts.watchedAt) facts.watchedAt = at;
          break;
        case 'watchlist':
          if (!facts.watchlistSince || at < facts.watchlistSince) facts.watchlistSince = at;
          break;
        case 'likes':
          if (!facts.favoriteSince || at < facts.favoriteSince) facts.favoriteSince = at;
          break;
        case 'dislikes':
          if (!facts.dislikeSince || at < facts.dislikeSince) facts.dislikeSince = at;
          break;
        case 'ratings':
          if (value.rating === undefined) {
            film.rows -= 1;
            problem('Rating: empty; row skipped');
            break;
          }
          if (!facts.rating || at > facts.rating.at) facts.rating = { stars: value.rating, at };
          break;
        case 'diary':
        case 'reviews': {
          if (value.tags.trim()) taggedRows += 1;
          const viewing: ImportedViewing = { watchedOn, loggedAt: at, rewatch: value.rewatch };
          if (value.rating !== undefined) viewing.stars = value.rating;
          if (kind === 'diary') {
            push(diary, film.key, { viewing, uri: value.letterboxduri });
            break;
          }
          // Marquee's exports neutralize spreadsheet formulas in reviews; take the added apostrophe off.
          const text = reviewText(restoreFormula(value.review));
          if (!text) {
            // A reviews.csv row without text is still a viewing.
            push(reviews, film.key, { viewing, uri: value.letterboxduri });
            break;
          }
          const fitted = fitReview(text);
          if (fitted.shortened) {
            shortenedReviews += 1;
            problem(`review shortened to Marquee's limit of 2000 characters (it had ${text.length})`);
          }
          viewing.review = { text: fitted.text, spoiler: value.spoilers ?? false, createdAt: at };
          push(reviews, film.key, { viewing, uri: value.letterboxduri });
          break;
        }
      }
    }
  }

  for (const film of films.values()) {
    const viewings = joinReviews(diary.get(film.key) ?? [], reviews.get(film.key) ?? []);
    viewings.sort((a, b) => a.watchedOn.localeCompare(b.watchedOn) || a.loggedAt.localeCompare(b.loggedAt));
    film.facts.viewings = viewings;
    if (viewings[0]?.rewatch) firstRewatches += 1;
    if (!hasRatingsFile && !film.facts.rating) {
      // Without ratings.csv, the film's rating is the one given with its latest rated viewing, as on Letterboxd.
      const rated = viewings.findLast((viewing) => viewing.stars !== undefined);
      if (rated) film.facts.rating = { stars: rated.stars!, at: rated.loggedAt };
    }
  }

  const notes: string[] = [];
  if (taggedRows) notes.push(`${plural(taggedRows, 'diary row has', 'diary rows have')} tags; Marquee has no tags, so they are left out.`);
  if (shortenedReviews) notes.push(`${plural(shortenedReviews, 'review is', 'reviews are')} longer than 2000 characters and will be shortened.`);
  if (firstRewatches) {
    notes.push(
      `${plural(firstRewatches, 'film’s', 'films’')} first logged viewing is marked as a rewatch; Marquee counts rewatches from your diary, so it shows as a first viewing.`,
    );
  }
  return { films: [...films.values()].filter((film) => film.rows > 0), problems, notes };
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** Diary and review rows link their diary entry (one link per viewing); a film page link says nothing about which viewing. */
function isEntryUri(uri: string): boolean {
  return uri.trim() !== '' && !/letterboxd\.com\/film\//i.test(uri);
}

function sameRating(a: PendingViewing, b: PendingViewing): boolean {
  return a.viewing.stars === b.viewing.stars;
}

function joinReviews(diary: PendingViewing[], reviews: PendingReview[]): ImportedViewing[] {
  const joined = new Set<PendingViewing>();
  const standalone: ImportedViewing[] = [];
  for (const review of reviews) {
    const open = diary.filter((entry) => !joined.has(entry) && entry.viewing.watchedOn === review.viewing.watchedOn);
    const entry =
      (isEntryUri(review.uri) ? diary.find((candidate) => !joined.has(candidate) && candidate.uri === review.uri && !candidate.viewing.review) : undefined) ??
      open.find((candidate) => sameRating(candidate, review) && candidate.viewing.rewatch === review.viewing.rewatch && !candidate.viewing.review) ??
      open.find((candidate) => sameRating(candidate, review) && !candidate.viewing.review) ??
      open.find((candidate) => !candidate.viewing.review);
    if (!entry) {
      standalone.push(review.viewing);
      continue;
    }
    joined.add(entry);
    if (review.viewing.review) entry.viewing.review = review.viewing.review;
    if (entry.viewing.stars === undefined && review.viewing.stars !== undefined) entry.viewing.stars = review.viewing.stars;
  }
  return [...diary.map((entry) => entry.viewing), ...standalone];
}
