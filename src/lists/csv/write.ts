import { neutralizeFormula } from '../../spreadsheetFormulas.js';

/** One CSV field, quoted when it holds a comma, a quote, a line break or edge spaces (RFC 4180 quoting). */
export function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | undefined)[]): string {
  return values.map(csvField).join(',');
}

export interface ExportRow {
  position: number;
  title: string;
  year?: number;
  url?: string;
  note?: string;
}

export interface ExportList {
  /** YYYY-MM-DD. */
  date: string;
  name: string;
  description: string;
  rows: readonly ExportRow[];
}

/**
 * A list in the layout of Letterboxd's list export (v7): the signature line, the list's header and details, a
 * blank line, then one row per film. Importing the result (here or on Letterboxd) gives the same list back.
 */
export function writeLetterboxdList(list: ExportList): string {
  const lines = [
    'Letterboxd list export v7',
    csvLine(['Date', 'Name', 'Tags', 'URL', 'Description']),
    // The list's name, description and notes are members' text: neutralized for spreadsheets. Titles are left
    // as they are (Letterboxd matches rows on them; they come from the catalog).
    csvLine([list.date, neutralizeFormula(list.name), '', '', neutralizeFormula(list.description)]),
    '',
    csvLine(['Position', 'Name', 'Year', 'URL', 'Description']),
    ...list.rows.map((row) => csvLine([row.position, row.title, row.year, row.url, row.note === undefined ? undefined : neutralizeFormula(row.note)])),
  ];
  return lines.join('\n') + '\n';
}

/** A file name for a list: its name as a slug ("TSPDT: 21st Century" → "tspdt-21st-century.csv"). */
export function csvFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${slug || 'list'}.csv`;
}
