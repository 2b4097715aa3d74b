import { compareEntries } from '../club/records.js';
import { type FilmLookup, filmRef, type FilmRef } from '../club/types.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { neutralizeFormula } from '../spreadsheetFormulas.js';
import { writeCsv } from './csv.js';
import { writeZip } from './zip.js';

/**
 * A member's records as Letterboxd's own export lays them out, so Letterboxd's importer (and ours)
 * reads them back: diary.csv, reviews.csv, ratings.csv, watched.csv, watchlist.csv, likes/films.csv.
 * Two additions Letterboxd has no place for, so that an export comes back into Marquee whole:
 * dislikes.csv (same columns as likes) and a trailing Spoilers column in reviews.csv (importers
 * that do not know it ignore it). The files carry days, not times of day.
 */
const BASE = ['Date', 'Name', 'Year', 'Letterboxd URI'];
export const EXPORT_HEADERS = {
  'diary.csv': [...BASE, 'Rating', 'Rewatch', 'Tags', 'Watched Date'],
  'reviews.csv': [...BASE, 'Rating', 'Rewatch', 'Review', 'Tags', 'Watched Date', 'Spoilers'],
  'ratings.csv': [...BASE, 'Rating'],
  'watched.csv': BASE,
  'watchlist.csv': BASE,
  'likes/films.csv': BASE,
  'dislikes.csv': BASE,
} as const;
export type ExportFileName = keyof typeof EXPORT_HEADERS;

export interface MemberExport {
  /** A name for the attachment. */
  fileName: string;
  zip: Uint8Array;
  /** The CSV texts, by path in the ZIP. */
  files: Record<ExportFileName | 'README.txt', string>;
  counts: { films: number; viewings: number; reviews: number; ratings: number; watchlist: number; favorites: number; dislikes: number };
}

type Row = { sortKey: string; cells: string[] };

const day = (iso: string) => iso.slice(0, 10);
const stars = (value: number | undefined) => (value === undefined ? '' : String(value));

function filmCells(ref: FilmRef, films: FilmLookup): string[] {
  const slug = films.get(ref.filmId)?.externalIds.letterboxd;
  return [ref.title, ref.year === undefined ? '' : String(ref.year), slug ? `https://letterboxd.com/film/${slug}/` : ''];
}

export function exportMember(data: DeepReadonly<GuildData>, films: FilmLookup, userId: string, now: Date): MemberExport {
  const rows: Record<ExportFileName, Row[]> = {
    'diary.csv': [],
    'reviews.csv': [],
    'ratings.csv': [],
    'watched.csv': [],
    'watchlist.csv': [],
    'likes/films.csv': [],
    'dislikes.csv': [],
  };
  const counts = { films: 0, viewings: 0, reviews: 0, ratings: 0, watchlist: 0, favorites: 0, dislikes: 0 };
  const add = (file: ExportFileName, date: string, film: string[], extra: string[] = [], after: string[] = []) =>
    rows[file].push({ sortKey: `${date}|${film[0]}|${rows[file].length.toString().padStart(6, '0')}`, cells: [date, ...film, ...extra, ...after] });

  for (const [filmId, record] of Object.entries(data.memberFilms[userId] ?? {})) {
    const film = filmCells(filmRef(films, filmId), films);
    counts.films += 1;
    const diary = [...record.diary].sort(compareEntries);
    diary.forEach((entry, index) => {
      const rewatch = index > 0 ? 'Yes' : '';
      add('diary.csv', day(entry.loggedAt), film, [stars(entry.stars), rewatch, '', entry.watchedOn]);
      counts.viewings += 1;
      if (entry.review) {
        const spoiler = entry.review.spoiler ? 'Yes' : '';
        // The review is the member's own text: neutralized for spreadsheets (titles stay as they are, see README).
        add('reviews.csv', day(entry.review.createdAt), film, [stars(entry.stars), rewatch, neutralizeFormula(entry.review.text), '', entry.watchedOn, spoiler]);
        counts.reviews += 1;
      }
    });
    if (diary.length > 0) {
      const firstLogged = diary.map((entry) => entry.loggedAt).sort()[0]!;
      add('watched.csv', day(firstLogged), film);
    } else if (record.seenSince) {
      // Seen without a dated viewing: Letterboxd's "watched" without a diary entry.
      add('watched.csv', day(record.seenSince), film);
    }
    if (record.rating) {
      add('ratings.csv', day(record.rating.at), film, [stars(record.rating.stars)]);
      counts.ratings += 1;
    }
    if (record.watchlistSince) {
      add('watchlist.csv', day(record.watchlistSince), film);
      counts.watchlist += 1;
    }
    if (record.favoriteSince) {
      add('likes/films.csv', day(record.favoriteSince), film);
      counts.favorites += 1;
    }
    if (record.dislikeSince) {
      add('dislikes.csv', day(record.dislikeSince), film);
      counts.dislikes += 1;
    }
  }

  const files = {} as MemberExport['files'];
  for (const [name, header] of Object.entries(EXPORT_HEADERS) as [ExportFileName, readonly string[]][]) {
    const sorted = rows[name].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    files[name] = writeCsv(header, sorted.map((row) => row.cells));
  }
  files['README.txt'] = readme(now);
  return {
    fileName: `marquee-letterboxd-${day(now.toISOString())}.zip`,
    zip: writeZip(files, now),
    files,
    counts,
  };
}

function readme(now: Date): string {
  return [
    `Exported from Marquee on ${day(now.toISOString())}.`,
    '',
    "These files follow Letterboxd's export format, so Letterboxd's importer",
    '(letterboxd.com/import) reads them: diary.csv carries every viewing with its date',
    'and rating, reviews.csv the reviews, ratings.csv your current ratings,',
    'watchlist.csv your watchlist and likes/films.csv your favorites.',
    '',
    'dislikes.csv and the Spoilers column of reviews.csv are Marquee additions:',
    "Letterboxd has no place for them; Marquee's /import reads them back.",
    '',
    'A review that starts with = + - @ (which a spreadsheet would run as a formula)',
    "starts with an apostrophe here; Marquee's /import removes it again.",
    '',
  ].join('\n');
}
