import { quote } from '../errors.js';
import { z } from 'zod';
import type { CsvTable } from './csv.js';
import { type RowProblem, type SourceFilm, sourceFilm } from './facts.js';
import { dateProblem, FilmName, OptionalYear, plural, YesNo } from './fields.js';
import type { ParsedFiles } from './letterboxd.js';
import { headerNames, parseRow } from './rows.js';

/**
 * iCheckMovies' export: one row per film,
 * `title,year,url,checkedcount,favouritecount,officialtoplistcount,usertoplistcount,akatitle,imdburl,checked,favorite,disliked,watchlist,owned`.
 * `checked` is when the member checked the film (empty when not checked); the last four are yes/no.
 * The site-wide counts and `owned` have no place in Marquee and are ignored.
 */
export const ICHECKMOVIES_COLUMNS = ['title', 'year', 'checked', 'favorite', 'disliked', 'watchlist'];

export function looksLikeICheckMovies(keys: readonly string[]): boolean {
  return ICHECKMOVIES_COLUMNS.every((column) => keys.includes(column)) && !keys.includes('letterboxduri');
}

/**
 * A check time as iCheckMovies and spreadsheets write it: "2012-05-03 20:15:42", ISO 8601, a bare
 * date, or Unix seconds/milliseconds. Times without a zone are taken as UTC. Empty, "no" or "0": not checked.
 */
export function parseCheckedTime(raw: string): { checked: false } | { checked: true; at?: string } | undefined {
  const value = raw.trim();
  if (['', 'no', 'false', '0', 'n'].includes(value.toLowerCase())) return { checked: false };
  if (['yes', 'true', '1', 'y'].includes(value.toLowerCase())) return { checked: true };
  let date: Date | undefined;
  if (/^\d{9,10}$/.test(value)) date = new Date(Number(value) * 1000);
  else if (/^\d{12,13}$/.test(value)) date = new Date(Number(value));
  else {
    const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
    if (match) {
      const [, day, time = '00:00:00', zone = 'Z'] = match;
      date = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}${zone}`);
      // "2023-02-30" would roll over silently; refuse instead.
      if (!Number.isNaN(date.getTime()) && zone === 'Z' && date.toISOString().slice(0, 10) !== day) date = undefined;
    }
  }
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return { checked: true, at: date.toISOString() };
}

const Row = z.object({
  title: FilmName,
  year: OptionalYear,
  akatitle: z.string().trim().max(300).optional(),
  imdburl: z.string().trim().max(300).optional(),
  checked: z.string(),
  favorite: YesNo,
  disliked: YesNo,
  watchlist: YesNo,
});

const IMDB_ID = /\btt\d{5,10}\b/;

export function readICheckMoviesFile(file: string, table: CsvTable, now: Date): ParsedFiles {
  const films = new Map<string, SourceFilm>();
  const problems: RowProblem[] = [...table.problems];
  const names = headerNames(table.header, table.keys);
  const importedAt = now.toISOString();
  let undatedChecks = 0;
  let emptyRows = 0;
  for (const row of table.rows) {
    const parsed = parseRow(Row, row, file, names);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const value = parsed.value;
    const problem = (message: string) => problems.push({ file, line: row.line, title: value.title, message });
    const checked = parseCheckedTime(value.checked);
    if (!checked) {
      problem(`${names['checked'] ?? 'checked'}: expected a date and time such as 2012-05-03 20:15:42 (got ${quote(value.checked.trim(), 40)})`);
      continue;
    }
    if (checked.checked && checked.at) {
      const bad = dateProblem(checked.at.slice(0, 10), now);
      if (bad) {
        problem(`${bad}; row skipped`);
        continue;
      }
    }
    if (value.favorite && value.disliked) {
      problem('marked both favorite and disliked; neither is imported');
      value.favorite = value.disliked = false;
    }
    const seen = checked.checked || value.favorite || value.disliked;
    if (!seen && !value.watchlist) {
      emptyRows += 1;
      continue;
    }
    const film = sourceFilm(films, value.title, value.year);
    for (const aka of (value.akatitle ?? '').split(/\s+\/\s+/)) {
      if (aka.trim() && !film.akaTitles.includes(aka.trim())) film.akaTitles.push(aka.trim());
    }
    film.imdb ??= IMDB_ID.exec(value.imdburl ?? '')?.[0];
    const checkedAt = checked.checked ? checked.at : undefined;
    // An undated check (or a favorite without a check) is seen since the import; it never becomes a dated viewing.
    const seenAt = checkedAt ?? importedAt;
    const facts = film.facts;
    if (checkedAt) {
      // A dated check is a viewing that day; iCheckMovies has one check per film, so a repeated row is the same viewing.
      const watchedOn = checkedAt.slice(0, 10);
      if (!facts.viewings.some((viewing) => viewing.watchedOn === watchedOn)) facts.viewings.push({ watchedOn, loggedAt: checkedAt, rewatch: false });
    } else if (seen) {
      undatedChecks += 1;
      if (!facts.watchedAt || seenAt < facts.watchedAt) facts.watchedAt = seenAt;
    }
    if (value.favorite) facts.favoriteSince = seenAt;
    if (value.disliked) facts.dislikeSince = seenAt;
    // iCheckMovies does not say when a film went on the watchlist.
    if (value.watchlist) facts.watchlistSince = importedAt;
  }
  const notes: string[] = [];
  if (undatedChecks) notes.push(`${plural(undatedChecks, 'check has', 'checks have')} no date; marked as seen without a diary entry.`);
  if (emptyRows) notes.push(`${plural(emptyRows, 'row is', 'rows are')} neither checked nor on the watchlist; nothing to import there.`);
  return { films: [...films.values()], problems, notes };
}
