import { UserError } from '../errors.js';

/**
 * How much one member import may hold. A Letterboxd export of a decade of daily logging is a few
 * thousand rows per CSV and well under 5 MB zipped; these bounds leave room for that while keeping
 * one import's memory and its single store write reasonable, and they stop zip bombs early.
 */
export const IMPORT_LIMITS = {
  /** The uploaded file (CSV or ZIP). */
  maxFileBytes: 20 * 1024 * 1024,
  /** Sum of the CSVs taken out of a ZIP, as declared and as actually inflated. */
  maxUnzippedBytes: 60 * 1024 * 1024,
  /** Entries a ZIP may list (a Letterboxd export has a few dozen). */
  maxZipEntries: 2_000,
  /** Data rows over all files of one import. */
  maxRows: 50_000,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof IMPORT_LIMITS]: number };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** The size of a file over a limit, never shown as equal to it ("20.0 MB; … up to 20.0 MB" reads as a bug). */
export function sizeOver(bytes: number, limit: number): string {
  return formatBytes(bytes) === formatBytes(limit) ? `just over ${formatBytes(limit)}` : formatBytes(bytes);
}

export function assertFileSize(name: string, bytes: number, limits: ImportLimits): void {
  if (bytes > limits.maxFileBytes) {
    throw new UserError(
      `${name} is ${sizeOver(bytes, limits.maxFileBytes)}; an import takes files up to ${formatBytes(limits.maxFileBytes)}. ` +
        'Send the CSVs one at a time instead of the whole ZIP.',
    );
  }
  if (bytes === 0) throw new UserError(`${name} is empty.`);
}

export function assertRowCount(rows: number, limits: ImportLimits): void {
  if (rows > limits.maxRows) {
    throw new UserError(
      `That import has ${formatCount(rows)} rows; one import takes at most ${formatCount(limits.maxRows)}. ` +
        'Send its CSVs one at a time (diary.csv, ratings.csv, watchlist.csv…).',
    );
  }
}
