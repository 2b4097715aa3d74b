import { CsvError, parse } from 'csv-parse/sync';
import { FIRST_FILM_YEAR } from '../../catalog/schema.js';
import { quote, UserError } from '../../errors.js';
import { detectDelimiter } from '../../import/csv.js';
import { MAX_LIST_ENTRIES } from '../schema.js';
import { restoreFormula } from '../../spreadsheetFormulas.js';

/** One film row of an imported file, before matching. */
export interface SourceRow {
  /** 1-based line where the row starts in the file (rows may span lines inside quotes). */
  line: number;
  /** The rank the file gives, when it has a position column with a value. */
  sourcePosition?: number;
  title: string;
  year?: number;
  url?: string;
  note?: string;
}

/** A row that could not be read as a film (no title, a year that is not a year...). */
export interface InvalidRow {
  line: number;
  reason: string;
  /** The row as found, clipped, so the preview can show it. */
  raw: string;
}

export interface ListFileMeta {
  name?: string;
  description?: string;
  /** The list's date in the export (YYYY-MM-DD as Letterboxd writes it). */
  date?: string;
  url?: string;
}

export type ListFileFormat = 'letterboxd' | 'title-year';

export interface ParsedListFile {
  format: ListFileFormat;
  meta: ListFileMeta;
  rows: SourceRow[];
  invalid: InvalidRow[];
}

const LETTERBOXD_SIGNATURE = /^letterboxd list export v(\d+)$/i;
const MAX_TITLE_LENGTH = 300;
/** Letterboxd's list export has 5 columns; far more is not a list (and a million would make every row huge). */
const MAX_COLUMNS = 1000;
const LAST_YEAR = 2100;

interface Record_ {
  cells: string[];
  line: number;
}

/**
 * Reads a list file: Letterboxd's list export (a "Letterboxd list export v7" line, the list's own header and
 * metadata row, a blank line, then `Position,Name,Year,URL,Description` rows), or a plain CSV of title and
 * year, with or without a header row naming its columns. A real CSV parser handles quoted fields, commas and
 * line breaks inside them. The file's shape being wrong, or the CSV itself being broken (a quote never closed),
 * is a UserError; a single row that does not make sense becomes an `invalid` row and the rest still import.
 */
export function parseListCsv(text: string): ParsedListFile {
  const records = readRecords(text);
  const first = records.find((record) => !isBlank(record));
  if (!first) throw new UserError('That file is empty: there is no row to import.');
  const signature = LETTERBOXD_SIGNATURE.exec((first.cells[0] ?? '').trim());
  const parsed = signature && first.cells.slice(1).every((cell) => !cell.trim()) ? parseLetterboxd(records, records.indexOf(first)) : parsePlain(records);
  if (parsed.rows.length + parsed.invalid.length > MAX_LIST_ENTRIES) {
    throw new UserError(
      `That file has ${parsed.rows.length + parsed.invalid.length} rows; a list holds at most ${MAX_LIST_ENTRIES} films.`,
    );
  }
  if (parsed.rows.length === 0 && parsed.invalid.length === 0) throw new UserError('That file has no film rows to import.');
  return parsed;
}

function readRecords(text: string): Record_[] {
  let raw: { record: string[]; info: { lines: number } }[];
  try {
    raw = parse(text, {
      bom: true,
      info: true,
      // Once per file, from its header: a semicolon or tab CSV (spreadsheets in many locales) reads as well.
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      // A stray quote inside an unquoted field ("12" Angry Men) is part of the text, as spreadsheets read it.
      relax_quotes: true,
      skip_empty_lines: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const where = typeof line === 'number' ? ` (near line ${line})` : '';
      const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : 'it is not valid CSV';
      throw new UserError(`That file cannot be read as CSV${where}: ${what}. Nothing was imported.`);
    }
    throw error;
  }
  const widest = raw.reduce((most, { record }) => Math.max(most, record.length), 0);
  if (widest > MAX_COLUMNS) {
    throw new UserError(`That file has a row of ${widest.toLocaleString('en-US')} columns; a list file has a handful (title, year…). Nothing was imported.`);
  }
  // `info.lines` is the line a record ends on; every line belongs to a record (blank ones included), so a
  // record starts on the line after the previous one ended.
  let previousEnd = 0;
  return raw.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { cells: record, line };
  });
}

function isBlank(record: Record_): boolean {
  return record.cells.every((cell) => !cell.trim());
}

const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/[\s_-]+/g, '');

type Column = 'title' | 'year' | 'position' | 'url' | 'note';
const COLUMN_NAMES: Record<string, Column> = {
  name: 'title',
  title: 'title',
  film: 'title',
  movie: 'title',
  year: 'year',
  releaseyear: 'year',
  position: 'position',
  rank: 'position',
  '#': 'position',
  url: 'url',
  letterboxduri: 'url',
  letterboxdurl: 'url',
  link: 'url',
  description: 'note',
  note: 'note',
  notes: 'note',
  comment: 'note',
};

/** Column positions named by a header row, or undefined when the row is not a header (it names no title column). */
function columnsOf(header: string[]): Partial<Record<Column, number>> | undefined {
  const columns: Partial<Record<Column, number>> = {};
  header.forEach((cell, index) => {
    const column = COLUMN_NAMES[headerKey(cell)];
    if (column && columns[column] === undefined) columns[column] = index;
  });
  return columns.title === undefined ? undefined : columns;
}

function parseLetterboxd(records: Record_[], start: number): ParsedListFile {
  const expect = (index: number, what: string): Record_ => {
    const record = records[index];
    if (!record) throw new UserError(`That Letterboxd export ends early: expected ${what}. Export the list again from Letterboxd.`);
    return record;
  };
  const listHeader = expect(start + 1, 'the list header (Date,Name,Tags,URL,Description) on line 2');
  const listColumns = new Map(listHeader.cells.map((cell, index) => [headerKey(cell), index]));
  if (!listColumns.has('name')) {
    throw new UserError(
      `Line ${listHeader.line} of that Letterboxd export should be Date,Name,Tags,URL,Description. Export the list again from Letterboxd.`,
    );
  }
  const metaRow = expect(start + 2, 'the list details row on line 3');
  const cell = (column: string) => {
    const index = listColumns.get(column);
    const value = index === undefined ? undefined : metaRow.cells[index]?.trim();
    return value ? value : undefined;
  };
  const meta: ListFileMeta = {};
  // Marquee's exports neutralize spreadsheet formulas in these free-text cells; take the added apostrophe off.
  const name = cell('name');
  if (name) meta.name = restoreFormula(name);
  const description = cell('description');
  if (description) meta.description = restoreFormula(description);
  const date = cell('date');
  if (date) meta.date = date;
  const url = cell('url');
  if (url) meta.url = url;

  let index = start + 3;
  while (records[index] && isBlank(records[index]!)) index++;
  const filmsHeader = records[index];
  const columns = filmsHeader ? columnsOf(filmsHeader.cells) : undefined;
  if (!filmsHeader || !columns) {
    throw new UserError(
      'That Letterboxd export has no films section: after the list details there should be a blank line, then ' +
        'Position,Name,Year,URL,Description and one row per film.',
    );
  }
  const { rows, invalid } = readRows(records.slice(index + 1), columns);
  return { format: 'letterboxd', meta, rows, invalid };
}

function parsePlain(records: Record_[]): ParsedListFile {
  const firstIndex = records.findIndex((record) => !isBlank(record));
  const first = records[firstIndex]!;
  const named = columnsOf(first.cells);
  // Without a header: title, then year.
  const columns = named ?? { title: 0, year: 1 };
  const body = named ? records.slice(firstIndex + 1) : records.slice(firstIndex);
  const { rows, invalid } = readRows(body, columns);
  return { format: 'title-year', meta: {}, rows, invalid };
}

function readRows(records: Record_[], columns: Partial<Record<Column, number>>): { rows: SourceRow[]; invalid: InvalidRow[] } {
  const rows: SourceRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const record of records) {
    if (isBlank(record)) continue;
    const value = (column: Column) => {
      const index = columns[column];
      return index === undefined ? '' : (record.cells[index] ?? '').trim();
    };
    const fail = (reason: string) => invalid.push({ line: record.line, reason, raw: rawText(record.cells) });
    const title = value('title');
    if (!title) {
      fail('no title');
      continue;
    }
    if (title.length > MAX_TITLE_LENGTH) {
      fail(`the title is longer than ${MAX_TITLE_LENGTH} characters`);
      continue;
    }
    const row: SourceRow = { line: record.line, title };
    const year = value('year');
    if (year) {
      const parsed = /^\d{4}$/.test(year) ? Number(year) : NaN;
      if (!(parsed >= FIRST_FILM_YEAR && parsed <= LAST_YEAR)) {
        fail(`${quote(year, 20)} is not a release year`);
        continue;
      }
      row.year = parsed;
    }
    const position = value('position');
    if (position) {
      if (!/^\d{1,6}$/.test(position) || Number(position) < 1) {
        fail(`${quote(position, 20)} is not a position`);
        continue;
      }
      row.sourcePosition = Number(position);
    }
    const url = value('url');
    if (url) row.url = url;
    const note = value('note');
    if (note) row.note = restoreFormula(note);
    rows.push(row);
  }
  return { rows, invalid };
}

function rawText(cells: string[]): string {
  const text = cells.join(',').replace(/\s+/g, ' ').trim();
  return text.length <= 120 ? text : text.slice(0, 119) + '…';
}
