import { z } from 'zod';
import type { CsvTable } from './csv.js';
import { dayStart, type RowProblem, type SourceFilm, sourceFilm } from './facts.js';
import { dateProblem, FilmName, OptionalYear, plural } from './fields.js';
import type { ParsedFiles } from './letterboxd.js';
import { headerNames, parseRow } from './rows.js';

/**
 * IMDb's own exports of a member's lists (Your Ratings → Export, Watchlist → Export): CSVs with
 * `Const,Your Rating,Date Rated,Title,[Original Title,]URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,…`
 * for ratings, and `Position,Const,Created,Modified,Description,Title,…,Your Rating,Date Rated` for the
 * watchlist. `Const` is the IMDb id, which the catalog matches exactly; the titles are the fallback.
 * Older exports are Windows-1252, not UTF-8: decodeText takes care of that before the rows get here.
 */
export type ImdbExportKind = 'imdb-ratings' | 'imdb-watchlist';

export function imdbExportKind(keys: readonly string[]): ImdbExportKind | undefined {
  if (!keys.includes('const') || !keys.includes('title')) return undefined;
  if (keys.includes('position') || keys.includes('created')) return 'imdb-watchlist';
  if (keys.includes('yourrating')) return 'imdb-ratings';
  return undefined;
}

/** Title types that are not films: a series or an episode has no place in a film diary. */
const NOT_FILMS = /^(?:tv ?series|tv ?mini ?series|tv ?episode|tv ?special|podcast|video ?game|music ?video|tvseries|tvminiseries|tvepisode)/i;

const ImdbDate = z
  .string()
  .trim()
  .optional()
  .transform((text, context) => {
    if (!text) return undefined;
    // 2019-05-03 (current exports), or a full date the way older exports wrote it ("Fri May 03 00:00:00 2019").
    const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
    const date = iso ?? (Number.isNaN(Date.parse(`${text} UTC`)) ? undefined : new Date(`${text} UTC`).toISOString().slice(0, 10));
    if (!date) {
      context.addIssue({ code: 'custom', message: 'expected a date such as 2019-05-03' });
      return z.NEVER;
    }
    return date;
  });

const Row = z.object({
  const: z.string().trim().regex(/^tt\d{5,10}$/, 'an IMDb id such as tt0068646'),
  title: FilmName,
  originaltitle: z.string().trim().max(300).optional(),
  titletype: z.string().trim().max(60).optional(),
  year: OptionalYear.optional(),
  yourrating: z
    .string()
    .trim()
    .optional()
    .transform((text) => (text ? Number(text) : undefined))
    .pipe(z.number({ error: 'a rating from 1 to 10' }).int('a whole rating from 1 to 10').min(1, 'a rating from 1 to 10').max(10, 'a rating from 1 to 10').optional()),
  daterated: ImdbDate,
  created: ImdbDate,
});

export function readImdbExportFile(file: string, kind: ImdbExportKind, table: CsvTable, now: Date): ParsedFiles {
  const films = new Map<string, SourceFilm>();
  const problems: RowProblem[] = [...table.problems];
  const names = headerNames(table.header, table.keys);
  const importedAt = now.toISOString();
  let notFilms = 0;
  for (const row of table.rows) {
    const parsed = parseRow(Row, row, file, names);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const value = parsed.value;
    if (value.titletype && NOT_FILMS.test(value.titletype)) {
      notFilms += 1;
      continue;
    }
    const day = value.daterated ?? value.created;
    const bad = day ? dateProblem(day, now) : undefined;
    if (bad) {
      problems.push({ file, line: row.line, title: value.title, message: `${bad}; row skipped` });
      continue;
    }
    const film = sourceFilm(films, value.title, value.year);
    film.imdb ??= value.const;
    if (value.originaltitle && value.originaltitle !== value.title && !film.akaTitles.includes(value.originaltitle)) film.akaTitles.push(value.originaltitle);
    const facts = film.facts;
    if (value.yourrating !== undefined) {
      // A rating says the member saw the film; IMDb's 1–10 is Marquee's half stars.
      const at = value.daterated ? dayStart(value.daterated) : importedAt;
      facts.rating = { stars: value.yourrating / 2, at };
      if (!facts.watchedAt || at < facts.watchedAt) facts.watchedAt = at;
    }
    if (kind === 'imdb-watchlist' && value.yourrating === undefined) facts.watchlistSince = value.created ? dayStart(value.created) : importedAt;
  }
  const notes: string[] = [];
  if (notFilms) notes.push(`${plural(notFilms, 'row is a TV series or episode', 'rows are TV series or episodes')}, not films; left out.`);
  return { films: [...films.values()], problems, notes };
}
