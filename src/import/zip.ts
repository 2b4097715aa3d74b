import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { UserError } from '../errors.js';
import { formatBytes, type ImportLimits } from './limits.js';

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/**
 * The CSV files of a ZIP (folders, macOS resource forks and other files left out). The sizes the ZIP
 * declares are checked before anything is inflated, and the inflated sizes again after, so a small
 * file that would expand to gigabytes is refused instead of filling memory.
 */
export function readZipCsvs(name: string, bytes: Uint8Array, limits: ImportLimits): { path: string; bytes: Uint8Array }[] {
  let entries = 0;
  let declared = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter(file) {
        entries += 1;
        if (entries > limits.maxZipEntries) throw new UserError(`${name} holds more than ${limits.maxZipEntries} files; that is not a film export.`);
        if (!/\.csv$/i.test(file.name) || /(^|\/)__MACOSX\//.test(file.name)) return false;
        declared += file.originalSize;
        if (declared > limits.maxUnzippedBytes) throw tooBig(name, limits);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${name} is not a ZIP file I can open (${(error as Error).message}).`);
  }
  const files = Object.entries(unzipped).map(([path, data]) => ({ path, bytes: data }));
  const total = files.reduce((sum, file) => sum + file.bytes.length, 0);
  if (total > limits.maxUnzippedBytes) throw tooBig(name, limits);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function tooBig(name: string, limits: ImportLimits): UserError {
  return new UserError(
    `${name} unpacks to more than ${formatBytes(limits.maxUnzippedBytes)} of CSV; send its CSVs one at a time.`,
  );
}

/** A ZIP of text files, dated `mtime` so that the same export gives the same bytes. */
export function writeZip(files: Record<string, string>, mtime: Date): Uint8Array {
  const zippable: Zippable = {};
  for (const [path, text] of Object.entries(files)) zippable[path] = [strToU8(text), { mtime, level: 6 }];
  return zipSync(zippable);
}
