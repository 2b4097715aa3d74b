import { createHash } from 'node:crypto';
import { quote, UserError } from '../errors.js';
import { type CsvTable, decodeText, looksBinary, readCsv } from './csv.js';
import { IMPORT_SOURCES, type ImportSource, type RowProblem, type SourceFilm } from './facts.js';
import { looksLikeICheckMovies, readICheckMoviesFile } from './icheckmovies.js';
import { type ImdbExportKind, imdbExportKind, readImdbExportFile } from './imdbExport.js';
import {
  isLetterboxdHistoryPath,
  type LetterboxdFileInput,
  letterboxdKind,
  type LetterboxdKind,
  looksLikeLetterboxd,
  readLetterboxdFiles,
} from './letterboxd.js';
import { assertFileSize, assertRowCount, IMPORT_LIMITS, type ImportLimits } from './limits.js';
import { isZip, readZipCsvs } from './zip.js';

/** An uploaded file: its name (as the member's device called it) and its bytes. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export type FileKind = LetterboxdKind | 'icheckmovies' | ImdbExportKind;

export interface ParsedImport {
  source: ImportSource;
  /** Identifies the uploaded bytes: the same file imported again has the same fingerprint. */
  fingerprint: string;
  /** The files read, with their kind and number of data rows. */
  files: { name: string; kind: FileKind; rows: number }[];
  /** Files of a ZIP left out, with why. */
  ignoredFiles: { name: string; reason: string }[];
  films: SourceFilm[];
  problems: RowProblem[];
  notes: string[];
}

export interface ReadOptions {
  /** Checked against the files' columns; detected from them when absent. */
  source?: ImportSource;
  now: Date;
  limits?: ImportLimits;
}

const SOURCE_NAMES: Record<ImportSource, string> = { letterboxd: 'Letterboxd', icheckmovies: 'iCheckMovies', imdb: 'IMDb' };

/**
 * Reads what a member uploaded: a Letterboxd export ZIP, any of its CSVs, or an iCheckMovies CSV
 * (several files at once are fine). Anything unusable as a whole (too big, not CSV, not an export
 * of the chosen site) is a UserError; bad rows become problems and the rest is kept.
 */
export function readImportFiles(uploads: readonly ImportFile[], options: ReadOptions): ParsedImport {
  const limits = options.limits ?? IMPORT_LIMITS;
  if (uploads.length === 0) throw new UserError('Attach your export: a Letterboxd ZIP or CSV, an iCheckMovies CSV, or an IMDb ratings or watchlist CSV.');
  const hash = createHash('sha256');
  const tables: { name: string; table: CsvTable; fromZip: boolean }[] = [];
  for (const upload of uploads) {
    assertFileSize(upload.name, upload.bytes.length, limits);
    hash.update(upload.bytes);
    if (isZip(upload.bytes)) {
      for (const entry of readZipCsvs(upload.name, upload.bytes, limits)) {
        const text = decodeText(entry.bytes);
        if (looksBinary(text)) throw new UserError(`${quote(entry.path, 80)} in ${upload.name} is not a CSV file.`);
        tables.push({ name: entry.path, table: readCsv(entry.path, text), fromZip: true });
      }
    } else {
      const text = decodeText(upload.bytes);
      if (looksBinary(text)) throw new UserError(`${upload.name} is not a CSV or ZIP file.`);
      tables.push({ name: upload.name, table: readCsv(upload.name, text), fromZip: false });
    }
  }

  const source = options.source ?? detectSource(tables);
  const ignoredFiles: ParsedImport['ignoredFiles'] = [];
  const files: ParsedImport['files'] = [];
  const letterboxd: LetterboxdFileInput[] = [];
  const icm: { name: string; table: CsvTable }[] = [];
  const kindsSeen = new Map<FileKind, string>();

  const imdb: { name: string; kind: ImdbExportKind; table: CsvTable }[] = [];

  for (const { name, table, fromZip } of tables) {
    const other = sourceOf(table);
    if (other && other !== source && !fromZip) {
      throw new UserError(`${name} is an export from ${SOURCE_NAMES[other]}; choose ${SOURCE_NAMES[other]} as the source.`);
    }
    let kind: FileKind | undefined;
    if (source === 'icheckmovies') {
      if (looksLikeICheckMovies(table.keys)) kind = 'icheckmovies';
    } else if (source === 'imdb') {
      kind = imdbExportKind(table.keys);
    } else if (!isLetterboxdHistoryPath(name)) {
      ignoredFiles.push({ name, reason: 'not part of your film history' });
      continue;
    } else {
      const detected = letterboxdKind(name, table.keys);
      if (detected === 'unknown-list') {
        if (!fromZip) {
          throw new UserError(
            `${name} has the columns of Letterboxd's watched, watchlist and likes files; keep its Letterboxd name ` +
              '(watched.csv, watchlist.csv, or films.csv from the likes folder) so I know which it is.',
          );
        }
        ignoredFiles.push({ name, reason: 'not a file Marquee imports' });
        continue;
      }
      kind = detected;
    }
    if (!kind) {
      if (!fromZip) throw new UserError(notAnExport(name, source));
      ignoredFiles.push({ name, reason: 'not a file Marquee imports' });
      continue;
    }
    const first = kindsSeen.get(kind);
    if (first !== undefined) {
      ignoredFiles.push({ name, reason: `a second ${kind} file (${first} was used)` });
      continue;
    }
    kindsSeen.set(kind, name);
    files.push({ name, kind, rows: table.rows.length });
    if (kind === 'icheckmovies') icm.push({ name, table });
    else if (kind === 'imdb-ratings' || kind === 'imdb-watchlist') imdb.push({ name, kind, table });
    else letterboxd.push({ name, kind, table });
  }

  if (files.length === 0) {
    throw new UserError(
      {
        letterboxd:
          "I found no Letterboxd history in that upload: send the export ZIP, or diary.csv, reviews.csv, ratings.csv, watched.csv, watchlist.csv or likes' films.csv.",
        icheckmovies: 'I found no iCheckMovies export in that upload: send the CSV iCheckMovies gives you (columns title, year, …, checked, favorite, disliked, watchlist).',
        imdb: 'I found no IMDb export in that upload: send the CSV of Your Ratings or of your Watchlist (IMDb: ⋯ → Export; columns Const, Your Rating, Date Rated, Title…).',
      }[source],
    );
  }
  // Not one film row: nothing to preview, so say why now (the first unreadable row when there is one).
  if (files.every((file) => file.rows === 0)) {
    const problem = tables.filter(({ name }) => files.some((file) => file.name === name)).flatMap(({ table }) => table.problems)[0];
    const names = files.map((file) => quote(file.name, 40)).join(', ');
    throw new UserError(
      problem
        ? `${names}: I could not read a single film row (${problem.message}${problem.line ? `, line ${problem.line}` : ''}).`
        : files.length === 1
          ? `${names} has its header line but no film rows.`
          : `Those files (${names}) have their header lines but no film rows.`,
    );
  }
  assertRowCount(
    files.reduce((sum, file) => sum + file.rows, 0),
    limits,
  );

  const parsed =
    source === 'letterboxd'
      ? readLetterboxdFiles(letterboxd, options.now)
      : [
          ...icm.map(({ name, table }) => readICheckMoviesFile(name, table, options.now)),
          ...imdb.map(({ name, kind, table }) => readImdbExportFile(name, kind, table, options.now)),
        ].reduce(
          (all, one) => ({ films: [...all.films, ...one.films], problems: [...all.problems, ...one.problems], notes: [...all.notes, ...one.notes] }),
          { films: [], problems: [], notes: [] },
        );
  return {
    source,
    fingerprint: hash.digest('hex').slice(0, 32),
    files,
    ignoredFiles,
    films: parsed.films,
    problems: parsed.problems,
    notes: parsed.notes,
  };
}

/** The site a CSV comes from, by its columns. */
function sourceOf(table: CsvTable): ImportSource | undefined {
  if (looksLikeLetterboxd(table.keys)) return 'letterboxd';
  if (looksLikeICheckMovies(table.keys)) return 'icheckmovies';
  if (imdbExportKind(table.keys)) return 'imdb';
  return undefined;
}

function detectSource(tables: readonly { table: CsvTable }[]): ImportSource {
  for (const source of IMPORT_SOURCES) if (tables.some(({ table }) => sourceOf(table) === source)) return source;
  throw new UserError(
    'That is not a Letterboxd export (columns Date, Name, Year, Letterboxd URI…), an iCheckMovies export (columns title, year, …, checked) ' +
      'or an IMDb export (columns Const, Your Rating, Date Rated, Title…).',
  );
}

function notAnExport(name: string, source: ImportSource): string {
  return {
    letterboxd: `${name} is not a Letterboxd export file: its first line should start with Date,Name,Year,Letterboxd URI.`,
    icheckmovies: `${name} is not an iCheckMovies export: it needs the columns title, year, checked, favorite, disliked and watchlist.`,
    imdb: `${name} is not an IMDb ratings or watchlist export: its first line should start with Const,Your Rating,Date Rated,Title or Position,Const,Created.`,
  }[source];
}
