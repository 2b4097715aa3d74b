import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { quote, UserError } from '../errors.js';
import { formatBytes, type ImportLimits } from './limits.js';

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/**
 * The CSV files of a ZIP (folders, macOS resource forks and other files left out). The sizes the ZIP
 * declares are checked before anything is inflated, and the inflated sizes again after, so a small
 * file that would expand to gigabytes is refused instead of filling memory. fflate inflates an entry
 * into a buffer of its declared size, so a lying size cannot grow memory either; it would silently cut
 * the file, which the CRC check below catches. Entry names are only labels here (nothing is written to
 * disk), but a name climbing out of the archive or a ZIP inside the ZIP is not a film export: refused.
 */
export function readZipCsvs(name: string, bytes: Uint8Array, limits: ImportLimits): { path: string; bytes: Uint8Array }[] {
  let entries = 0;
  let declared = 0;
  const seen = new Set<string>();
  const crcs = centralCrcs(bytes);
  const expectedCrc = new Map<string, number | undefined>();
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter(file) {
        const index = entries;
        entries += 1;
        if (entries > limits.maxZipEntries) throw new UserError(`${name} holds more than ${limits.maxZipEntries} files; that is not a film export.`);
        if (/^([/\\]|[a-z]:)/i.test(file.name) || /(^|[/\\])\.\.([/\\]|$)/.test(file.name)) {
          throw new UserError(`${name} holds a file named ${quote(file.name, 80)}, outside the archive's own folder; that is not a film export.`);
        }
        if (/\.zip$/i.test(file.name)) {
          throw new UserError(`${name} holds another ZIP (${quote(file.name, 80)}); unzip it and send the export inside.`);
        }
        if (!/\.csv$/i.test(file.name) || /(^|\/)__MACOSX\//.test(file.name)) return false;
        if (seen.has(file.name)) throw new UserError(`${name} holds two files named ${quote(file.name, 80)}; that is not a film export.`);
        seen.add(file.name);
        expectedCrc.set(file.name, crcs?.[index]);
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
  for (const file of files) {
    const expected = expectedCrc.get(file.path);
    if (expected !== undefined && crc32(file.bytes) !== expected) {
      throw new UserError(`${name} is damaged: ${quote(file.path, 80)} does not unpack to the size and contents the ZIP declares.`);
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The CRC-32 of each entry, in central directory order (the order fflate's filter sees them); undefined when the directory cannot be found. */
function centralCrcs(bytes: Uint8Array): number[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65,535.
  for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 0xffff); end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const count = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    const crcs: number[] = [];
    for (let i = 0; i < count; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return undefined;
      crcs.push(view.getUint32(offset + 16, true));
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return crcs;
  }
  return undefined;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
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
