import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { clipDescription, clipNote, validateDescription, validateListName } from './names.js';
import { type MatchCatalog, RowMatcher } from './csv/match.js';
import { parseListCsv, type SourceRow } from './csv/parse.js';
import { LIST_DESCRIPTION_MAX, LIST_NAME_MAX, MAX_LIST_ENTRIES } from './schema.js';
import { UserError } from '../errors.js';

const FilmRefSchema = z.object({ filmId: FilmId, title: z.string(), year: z.number().int().optional() });

const RowBase = z.object({
  /** Line in the file, for the moderator to find the row. */
  line: z.number().int().min(1),
  /** Place in the file's order (by the file's positions when it has them): imported films keep this order. */
  order: z.number().int().nonnegative(),
  sourcePosition: z.number().int().min(1).optional(),
  title: z.string().max(300),
  year: z.number().int().optional(),
  note: z.string().max(1000).optional(),
});

export const MatchedRow = RowBase.extend({
  film: FilmRefSchema,
  how: z.enum(['letterboxd-url', 'title-year', 'title']),
  /** The position the film gets if the preview is confirmed as it is (ambiguous rows left out). */
  rank: z.number().int().min(1),
});
export const AmbiguousRow = RowBase.extend({ candidates: z.array(FilmRefSchema).min(1).max(10) });
export const UnmatchedRow = RowBase.extend({ reason: z.string() });
export const DuplicateRow = RowBase.extend({ film: FilmRefSchema, firstLine: z.number().int().min(1) });
export const InvalidRowSchema = z.object({ line: z.number().int().min(1), reason: z.string(), raw: z.string() });

/**
 * What an import would do, before anything is written: plain data (JSON-safe) the command keeps while the
 * moderator decides, renders as a preview, and hands back to `applyImport` on confirm (which validates it again).
 */
export const ImportPreview = z.object({
  kind: z.literal('list-import'),
  format: z.enum(['letterboxd', 'title-year']),
  fileName: z.string().max(1024),
  list: z.object({
    name: z.string().trim().min(1).max(LIST_NAME_MAX),
    description: z.string().max(LIST_DESCRIPTION_MAX),
    ranked: z.boolean(),
  }),
  /** Film rows in the file (invalid ones included). */
  rowCount: z.number().int().nonnegative(),
  matched: z.array(MatchedRow).max(MAX_LIST_ENTRIES),
  ambiguous: z.array(AmbiguousRow).max(MAX_LIST_ENTRIES),
  unmatched: z.array(UnmatchedRow).max(MAX_LIST_ENTRIES),
  /** Rows naming a film an earlier row already gave. */
  duplicates: z.array(DuplicateRow).max(MAX_LIST_ENTRIES),
  /** Rows that do not parse (no title, a year that is not a year...). */
  invalid: z.array(InvalidRowSchema).max(MAX_LIST_ENTRIES),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
export type MatchedRow = z.infer<typeof MatchedRow>;
export type AmbiguousRow = z.infer<typeof AmbiguousRow>;

export interface ImportOptions {
  /** The list's name; default the name in a Letterboxd export (required for a plain CSV). */
  name?: string;
  /** Default: the export's description. */
  description?: string;
  /** Default: ranked when the file gives positions. */
  ranked?: boolean;
}

/** Reads and matches a list file. Pure: the caller checks permissions and name availability. */
export function buildImportPreview(text: string, fileName: string, catalog: MatchCatalog, options: ImportOptions = {}): ImportPreview {
  const parsed = parseListCsv(text);
  const rawName = options.name?.trim() || parsed.meta.name;
  if (!rawName) throw new UserError('Give the imported list a name (this file does not carry one).');
  const name = validateListName(rawName);
  const description = options.description !== undefined ? validateDescription(options.description) : clipDescription(parsed.meta.description);
  const hasPositions = parsed.rows.length > 0 && parsed.rows.every((row) => row.sourcePosition !== undefined);
  const ranked = options.ranked ?? hasPositions;

  // The file's positions decide the order when every row has one; ties and the rest keep file order.
  const ordered = hasPositions ? [...parsed.rows].sort((a, b) => a.sourcePosition! - b.sourcePosition! || a.line - b.line) : parsed.rows;
  const matcher = new RowMatcher(catalog);
  const preview: ImportPreview = {
    kind: 'list-import',
    format: parsed.format,
    fileName: fileName.slice(0, 1024),
    list: { name, description, ranked },
    rowCount: parsed.rows.length + parsed.invalid.length,
    matched: [],
    ambiguous: [],
    unmatched: [],
    duplicates: [],
    invalid: parsed.invalid,
  };
  const firstLineOf = new Map<string, number>();
  ordered.forEach((row, order) => {
    const base = rowBase(row, order);
    const outcome = matcher.match(row);
    if (outcome.kind === 'matched') {
      const film = { filmId: outcome.film.id, title: outcome.film.title, year: outcome.film.year };
      const firstLine = firstLineOf.get(film.filmId);
      if (firstLine !== undefined) {
        preview.duplicates.push({ ...base, film, firstLine });
        return;
      }
      firstLineOf.set(film.filmId, row.line);
      preview.matched.push({ ...base, film, how: outcome.how, rank: preview.matched.length + 1 });
    } else if (outcome.kind === 'ambiguous') {
      preview.ambiguous.push({ ...base, candidates: outcome.candidates.map((film) => ({ filmId: film.id, title: film.title, year: film.year })) });
    } else {
      preview.unmatched.push({ ...base, reason: outcome.reason });
    }
  });
  return preview;
}

function rowBase(row: SourceRow, order: number): z.infer<typeof RowBase> {
  const base: z.infer<typeof RowBase> = { line: row.line, order, title: row.title };
  if (row.sourcePosition !== undefined) base.sourcePosition = row.sourcePosition;
  if (row.year !== undefined) base.year = row.year;
  const note = clipNote(row.note);
  if (note) base.note = note;
  return base;
}

export interface ApplyChoices {
  /** Another name for the list than the preview's. */
  name?: string;
  /** Line of an ambiguous row → the film it means (any catalog film), or null to leave it out. */
  choices?: Record<string, string | null>;
  /** Take the best guess for ambiguous rows without a choice (otherwise they are left out). */
  takeBestGuesses?: boolean;
}

export interface PlannedEntry {
  filmId: string;
  note?: string;
  line: number;
}

export interface SkippedRow {
  line: number;
  title: string;
  reason: string;
}

/** The films to write, in order, from a confirmed preview and the moderator's choices. */
export function planImport(
  preview: ImportPreview,
  choices: ApplyChoices,
  /** The film's id in the catalog now (a film merged away since the preview leads to the kept one), or undefined. */
  current: (filmId: string) => string | undefined,
): { entries: PlannedEntry[]; skipped: SkippedRow[] } {
  const chosen: (z.infer<typeof RowBase> & { filmId: string })[] = preview.matched.map((row) => ({ ...row, filmId: row.film.filmId }));
  const skipped: SkippedRow[] = [];
  const stated = (row: { line: number }): string | null | undefined => choices.choices?.[String(row.line)];
  const hasStated = (row: { line: number }) => choices.choices !== undefined && String(row.line) in choices.choices;
  // A best guess is the first candidate no other row brings in (a list naming "Solaris, 1972" and "Solaris" means both).
  const taken = new Set([...chosen.map((row) => row.filmId), ...preview.ambiguous.filter(hasStated).map(stated).filter((id): id is string => !!id)]);
  for (const row of preview.ambiguous) {
    let choice: string | null = null;
    if (hasStated(row)) choice = stated(row) ?? null;
    else if (choices.takeBestGuesses) {
      choice = (row.candidates.find((candidate) => !taken.has(candidate.filmId)) ?? row.candidates[0]!).filmId;
      taken.add(choice);
    }
    if (choice) chosen.push({ ...row, filmId: choice });
    else skipped.push({ line: row.line, title: row.title, reason: 'ambiguous, no film chosen' });
  }
  chosen.sort((a, b) => a.order - b.order);
  const seen = new Set<string>();
  const entries: PlannedEntry[] = [];
  for (const row of chosen) {
    const filmId = current(row.filmId);
    if (filmId === undefined) {
      skipped.push({ line: row.line, title: row.title, reason: 'not a film in the catalog (any more)' });
    } else if (seen.has(filmId)) {
      skipped.push({ line: row.line, title: row.title, reason: 'the same film as an earlier row' });
    } else {
      seen.add(filmId);
      const entry: PlannedEntry = { filmId, line: row.line };
      if (row.note) entry.note = row.note;
      entries.push(entry);
    }
  }
  skipped.sort((a, b) => a.line - b.line);
  return { entries, skipped };
}
