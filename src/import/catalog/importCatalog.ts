import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalogFiles } from '../../catalog/loader.js';
import { UserError } from '../../errors.js';
import { decodeText, readCsv } from '../csv.js';
import { catalogFileBytes, readCatalogFile, writeFileAtomic } from './catalogFile.js';
import type { Converted } from './convert.js';
import { readDatLines } from '../movietweetings.js';
import { type CatalogFormat, converterFor, fromCatalogCsv, fromMovieTweetingsLine } from './formats.js';
import { CatalogMerger } from './merge.js';

export interface CatalogRowProblem {
  file: string;
  /** Index in the file's array (JSON) or line (CSV). */
  row?: number;
  title?: string;
  message: string;
  /** `skipped`: the row was not imported; `note`: imported, with something cleaned up or left out. */
  severity: 'skipped' | 'note';
}

export interface CatalogImportReport {
  into: string;
  format: CatalogFormat;
  sources: string[];
  /** Rows read from the sources. */
  rows: number;
  /** New films. */
  added: number;
  /** Known films that gained fields from a row. */
  merged: number;
  /** Rows naming a film already in the catalog (or earlier in the sources) that added nothing. */
  duplicates: number;
  /** Rows naming a film of a reference catalog (see `reference`), left there. */
  elsewhere: number;
  /** Rows that are not films or fail validation. */
  skipped: number;
  /** Films in the catalog file afterwards. */
  total: number;
  problems: CatalogRowProblem[];
  /** Ids of the films added, in order. */
  addedIds: string[];
  /** Whether the catalog file was written (not with `dryRun`, nor when nothing changed). */
  written: boolean;
}

export interface CatalogImportOptions {
  sources: readonly string[];
  format: CatalogFormat;
  into: string;
  onProgress?: (done: number, total: number) => void;
  /** Report what would change without writing. */
  dryRun?: boolean;
  /** Catalog files the bot loads besides `into`: films already there are not copied into it. */
  reference?: readonly string[];
}

interface SourceRow {
  file: string;
  row: number;
  title?: string;
  convert: () => Converted;
}

/** The files a source argument names: a file, or every .json/.csv file of a directory. */
export async function expandSources(sources: readonly string[], format: CatalogFormat): Promise<string[]> {
  const files: string[] = [];
  for (const source of sources) {
    let info;
    try {
      info = await stat(source);
    } catch {
      throw new UserError(`${source}: no such file or directory`);
    }
    if (!info.isDirectory()) {
      files.push(source);
      continue;
    }
    const extension = format === 'csv' ? '.csv' : format === 'movietweetings' ? 'movies.dat' : '.json';
    const names = (await readdir(source)).filter((name) => name.endsWith(extension)).sort();
    if (names.length === 0) throw new UserError(`${source} holds no ${extension} files`);
    files.push(...names.map((name) => join(source, name)));
  }
  return files;
}

async function readRows(file: string, format: CatalogFormat): Promise<SourceRow[]> {
  if (format === 'movietweetings') {
    const rows: SourceRow[] = [];
    for await (const { line, text } of readDatLines(file)) {
      rows.push({ file, row: line, title: text.split('::')[1], convert: () => fromMovieTweetingsLine(text) });
    }
    return rows;
  }
  const bytes = await readFile(file);
  if (format === 'csv') {
    const table = readCsv(file, decodeText(bytes));
    if (!table.keys.includes('title') || !table.keys.includes('year')) {
      throw new UserError(`${file}: a catalog CSV needs at least the columns title and year`);
    }
    return table.rows.map((row) => ({ file, row: row.line, title: row.values['title'], convert: () => fromCatalogCsv(row.values) }));
  }
  let entries: unknown;
  try {
    entries = JSON.parse(decodeText(bytes));
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(entries)) throw new UserError(`${file}: expected a JSON array of films`);
  if (format === 'imdb') throw new UserError('IMDb datasets are read by importImdbCatalog, not as catalog rows.');
  const convert = converterFor(format);
  return entries.map((entry, index) => ({
    file,
    row: index,
    title: typeof (entry as { title?: unknown } | null)?.title === 'string' ? (entry as { title: string }).title : undefined,
    convert: () => convert(entry),
  }));
}

/**
 * Merges the films of `sources` into the catalog file `into` (created if missing). Each row that is
 * not a film or fails validation is reported and skipped; the others are merged (see CatalogMerger).
 * The file is rewritten once, atomically, after all rows; a file that already holds invalid entries
 * is refused rather than rewritten without them.
 */
export async function importIntoCatalog(options: CatalogImportOptions): Promise<CatalogImportReport> {
  const target = await readCatalogFile(options.into);
  if (target.problems.length > 0) {
    throw new UserError(
      `${options.into} has ${target.problems.length} invalid entries (first: ${target.problems[0]!.message}); ` +
        'fix them first (npm run catalog -- validate) so that merging does not drop them.',
    );
  }
  const files = await expandSources(options.sources, options.format);
  const rows: SourceRow[] = [];
  for (const file of files) rows.push(...(await readRows(file, options.format)));

  const reference = options.reference?.length ? (await loadCatalogFiles(options.reference)).films : [];
  const merger = new CatalogMerger(target.films, { reference });
  const report: CatalogImportReport = {
    into: options.into,
    format: options.format,
    sources: files,
    rows: rows.length,
    added: 0,
    merged: 0,
    duplicates: 0,
    elsewhere: 0,
    skipped: 0,
    total: 0,
    problems: [],
    addedIds: [],
    written: false,
  };
  const problem = (row: SourceRow, message: string, severity: CatalogRowProblem['severity']) => {
    const entry: CatalogRowProblem = { file: row.file, row: row.row, message, severity };
    if (row.title?.trim()) entry.title = row.title.trim().slice(0, 200);
    report.problems.push(entry);
  };
  const every = Math.max(1, Math.floor(rows.length / 200));
  rows.forEach((row, index) => {
    if (index % every === 0) options.onProgress?.(index, rows.length);
    const converted = row.convert();
    if (!converted.ok) {
      report.skipped += 1;
      problem(row, converted.reason, 'skipped');
      return;
    }
    const outcome = merger.add(converted.film);
    for (const note of [...converted.notes, ...merger.warnings]) problem(row, note, 'note');
    if (outcome.status === 'added') {
      report.added += 1;
      report.addedIds.push(outcome.id);
    } else if (outcome.status === 'merged') report.merged += 1;
    else if (outcome.status === 'elsewhere') {
      report.elsewhere += 1;
      problem(row, `already in another catalog file the bot loads, as ${outcome.id}`, 'skipped');
    } else {
      report.duplicates += 1;
      problem(row, `already in the catalog as ${outcome.id}; nothing new`, 'skipped');
    }
  });
  options.onProgress?.(rows.length, rows.length);
  report.total = merger.size;
  // Nothing new: leave the file (and its modification time) alone.
  if (!options.dryRun && (report.added > 0 || report.merged > 0 || !target.exists)) {
    await writeFileAtomic(options.into, await catalogFileBytes(options.into, merger.films()), { keepBackup: target.exists });
    report.written = true;
  }
  return report;
}
