import { loadCatalogFiles } from '../../catalog/loader.js';
import type { Film } from '../../catalog/schema.js';
import { UserError } from '../../errors.js';
import { CatalogStreamWriter, readCatalogFile } from './catalogFile.js';
import { ImdbDatasetReader, type ImdbFilmType, type ImdbProgress, type ImdbReadReport } from './imdb.js';
import { CatalogMerger } from './merge.js';

export interface ImdbImportOptions {
  /** The folder holding the six .tsv.gz files. */
  dir: string;
  into: string;
  /** IMDb title types to take (default: feature films only). */
  types?: readonly ImdbFilmType[];
  /** Catalog files the bot loads besides `into`: films already there are not copied into it. */
  reference?: readonly string[];
  dryRun?: boolean;
  /** While reading: compressed bytes of the six files; then films written. */
  onProgress?: (stage: 'reading' | 'writing', done: number, total: number, file?: ImdbProgress['file']) => void;
}

export interface ImdbImportReport {
  into: string;
  read: ImdbReadReport;
  added: number;
  /** Films already in `into` that gained fields or fresher figures (votes, rating). */
  updated: number;
  unchanged: number;
  /** Films of another catalog file the bot loads, left there. */
  elsewhere: number;
  /** Films that failed validation, with the first reasons. */
  skipped: number;
  problems: { imdb: string; title: string; reason: string }[];
  total: number;
  written: boolean;
  /** How long reading the datasets and converting and writing the films took. */
  timings: { readMs: number; writeMs: number };
}

const PROBLEMS_KEPT = 100;

/**
 * Builds or updates a catalog from IMDb's datasets. Films already in `into` are found by IMDb id
 * (then title, year and cast) and keep their ids, so members' diaries, lists and parties still point
 * at them after a re-import; they gain what they lack and IMDb's fresher votes and rating. New films
 * are written as they are converted, never all held at once; the file is replaced atomically at the end.
 */
export async function importImdbCatalog(options: ImdbImportOptions): Promise<ImdbImportReport> {
  const reader = new ImdbDatasetReader(options.dir, new Set(options.types?.length ? options.types : ['movie']));
  await reader.totalBytes();
  const target = await readCatalogFile(options.into);
  if (target.problems.length > 0) {
    throw new UserError(
      `${options.into} has ${target.problems.length} invalid entries (first: ${target.problems[0]!.message}); ` +
        'fix them first (npm run catalog -- validate) so that merging does not drop them.',
    );
  }
  const reference: Film[] = options.reference?.length ? (await loadCatalogFiles(options.reference)).films : [];
  const started = Date.now();
  await reader.read((progress) => options.onProgress?.('reading', progress.done, progress.total, progress.file));
  const read = Date.now();

  const merger = new CatalogMerger(target.films, { reference });
  target.films.length = 0;
  const report: ImdbImportReport = {
    into: options.into,
    read: reader.report,
    added: 0,
    updated: 0,
    unchanged: 0,
    elsewhere: 0,
    skipped: 0,
    problems: [],
    total: 0,
    written: false,
    timings: { readMs: read - started, writeMs: 0 },
  };
  // New films go straight to the new file; the known ones follow, once every row has had its say.
  const writer = options.dryRun ? undefined : new CatalogStreamWriter(options.into);
  try {
    let done = 0;
    const total = reader.size;
    const every = Math.max(1, Math.floor(total / 200));
    const fresh: Film[] = [];
    for (const row of reader.films()) {
      if (++done % every === 0) options.onProgress?.('writing', done, total);
      if (!row.ok) {
        report.skipped += 1;
        if (report.problems.length < PROBLEMS_KEPT) report.problems.push({ imdb: row.imdb, title: row.title, reason: row.reason });
        continue;
      }
      const outcome = merger.add(row.film, { keep: false, refresh: ['watchers', 'imdbRating'] });
      if (outcome.status === 'added') {
        report.added += 1;
        fresh.push({ ...row.film, id: outcome.id });
        // Written in batches, in order, without holding them all.
        if (writer && fresh.length >= 1000) await flush(writer, fresh);
        else if (!writer) fresh.length = 0;
      } else if (outcome.status === 'merged') report.updated += 1;
      else if (outcome.status === 'elsewhere') report.elsewhere += 1;
      else report.unchanged += 1;
    }
    if (writer) {
      await flush(writer, fresh);
      for (const film of merger.films()) await writer.write(film);
      report.total = writer.count;
      await writer.finish({ keepBackup: target.exists });
      report.written = true;
    } else report.total = merger.size + report.added;
    options.onProgress?.('writing', total, total);
    report.timings.writeMs = Date.now() - read;
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  return report;
}

async function flush(writer: CatalogStreamWriter, films: Film[]): Promise<void> {
  for (const film of films) await writer.write(film);
  films.length = 0;
}
