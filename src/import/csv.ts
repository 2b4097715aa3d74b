import { parse } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import type { RowProblem } from './facts.js';

export interface CsvRow {
  /** 1-based line where the row starts (multi-line quoted fields make rows span lines). */
  line: number;
  /** Field values by normalized header name (see `headerKey`). */
  values: Record<string, string>;
}

export interface CsvTable {
  /** Header names as written. */
  header: string[];
  /** Normalized header keys, same order. */
  keys: string[];
  rows: CsvRow[];
  problems: RowProblem[];
}

/** "Letterboxd URI" → "letterboxduri", " Watched Date " → "watcheddate": headers compared loosely. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Windows-1252's characters for the bytes 0x80–0x9F, where Latin-1 has invisible control codes (five bytes are unassigned). */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Text of an uploaded file: UTF-16 (what Excel's "Unicode Text" writes) when it starts with a UTF-16 byte
 * order mark, or without one when its ASCII characters show as every other byte zero; otherwise UTF-8 (a BOM
 * is dropped), or Windows-1252 when the bytes are not valid UTF-8 (what Excel and older IMDb exports write).
 * Node's TextDecoder decodes the "windows-1252" label as plain Latin-1, which turns ’ “ ” – € into control
 * codes, so the 0x80–0x9F range is mapped here.
 */
export function decodeText(bytes: Uint8Array): string {
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      // Not UTF-16 after all: read as the other encodings below (a binary file stays binary and is refused).
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!);
  }
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  // Without a BOM: a CSV header is ASCII, so in UTF-16 one byte of each of its first pairs is zero, always the same one.
  const pairs = Math.min(64, bytes.length / 2);
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let i = 0; i < pairs; i++) {
    const first = bytes[2 * i]!;
    const second = bytes[2 * i + 1]!;
    if (first !== 0 && second === 0) zeroHigh++;
    else if (first === 0 && second !== 0) zeroLow++;
  }
  if (zeroHigh === pairs) return 'utf-16le';
  if (zeroLow === pairs) return 'utf-16be';
  return undefined;
}

/**
 * Whether decoded text is really a binary file: a zero character, or control characters (other than tab and line
 * ends) in more than 1% of it. Random bytes have ~11%; a real CSV has none, or a stray one from an old editor.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const controls = text.match(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls > text.length / 100;
}

const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The delimiter of a CSV, decided once for the whole file from its header: the first line (of the first few)
 * holding a comma, semicolon or tab outside quotes, and of those the most frequent (a comma on a tie or without
 * any). Deciding per row would split a comma file's unquoted text at its semicolons ("Tense; moving; long").
 */
export function detectDelimiter(text: string): Delimiter {
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/, 10)) {
    const counts = new Map<Delimiter, number>();
    let quoted = false;
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    return DELIMITERS.reduce((best, delimiter) => ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0) ? delimiter : best));
  }
  return ',';
}

/**
 * Parses a CSV with a header line, its delimiter (comma, semicolon or tab) read once from the header. A malformed
 * record (an unclosed quote, a stray quote) becomes a problem and parsing goes on; a row with the wrong number of
 * fields too. Empty lines are skipped.
 */
/** Far more than any export has (Letterboxd's widest file has 10), few enough that a row object stays small. */
export const MAX_COLUMNS = 1000;

export function readCsv(file: string, text: string): CsvTable {
  const problems: RowProblem[] = [];
  let unclosed: RowProblem | undefined;
  const records = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    delimiter: detectDelimiter(text),
    on_skip: (error) => {
      if (error) {
        const problem: RowProblem = { file, line: typeof error.lines === 'number' ? error.lines : undefined, message: `unreadable CSV: ${error.message.replace(/ at line \d+.*$/, '')}` };
        if (error.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = problem;
        problems.push(problem);
      }
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  // csv-parse names the file's last line for a quote never closed; the member needs the line where it opens, the one
  // after the last record read (the rest of the file is that one unfinished field).
  if (unclosed) unclosed.line = (records.at(-1)?.info.lines ?? 0) + 1;
  const first = records[0];
  if (!first) return { header: [], keys: [], rows: [], problems };
  if (first.record.length > MAX_COLUMNS) {
    throw new UserError(`${file} has ${first.record.length.toLocaleString('en-US')} columns; a film export has at most a few dozen.`);
  }
  const header = first.record.map((name) => name.trim());
  const keys = header.map(headerKey);
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const spanned = record.reduce((count, field) => count + (field.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - spanned;
    if (record.every((field) => field.trim() === '')) continue;
    if (record.length !== keys.length) {
      problems.push({ file, line, message: `expected ${keys.length} fields (${header.join(', ')}), found ${record.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    keys.forEach((key, index) => (values[key] = record[index] ?? ''));
    rows.push({ line, values });
  }
  return { header, keys, rows, problems };
}

/** A CSV field, quoted when it must be (commas, quotes, line breaks, surrounding spaces). */
function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes a CSV the way Letterboxd does: a header line, LF line ends, quotes only where needed. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}
