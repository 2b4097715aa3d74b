import { z } from 'zod';
import { quote, UserError } from '../../errors.js';
import { decodeText, looksBinary } from '../../import/csv.js';

/** 1 MiB holds a list of several thousand films (a Letterboxd row is ~60 bytes); anything bigger is not a list. */
export const IMPORT_MAX_BYTES = 1024 * 1024;

/** What Discord tells about an attachment before it is downloaded. */
export const AttachmentInfo = z.object({
  name: z.string().max(1024),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(255).nullish(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

// Windows often labels .csv files as Excel; some clients send text/plain. Anything else is not a CSV.
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel', 'text/plain']);

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A size over the limit, never shown as equal to it. */
function overLimit(bytes: number): string {
  return sizeText(bytes) === sizeText(IMPORT_MAX_BYTES) ? `just over ${sizeText(IMPORT_MAX_BYTES)}` : sizeText(bytes);
}

/**
 * Checks an attachment before downloading it: a .csv file (by name, or by content type when the name has no
 * extension), not empty, at most IMPORT_MAX_BYTES.
 */
export function checkAttachment(raw: AttachmentInfo): AttachmentInfo {
  const parsed = AttachmentInfo.safeParse(raw);
  if (!parsed.success) throw new UserError('That attachment cannot be read; attach the list as a .csv file.');
  const info = parsed.data;
  const extension = /\.([^./\\]+)$/.exec(info.name)?.[1]?.toLowerCase();
  const type = info.contentType?.split(';')[0]?.trim().toLowerCase();
  const isCsv = extension === 'csv' || (extension === undefined && type !== undefined && CSV_TYPES.has(type));
  if (!isCsv) {
    throw new UserError(
      `${quote(info.name, 80)} is not a CSV file. Attach a .csv file: Letterboxd's list export, or rows of title,year.`,
    );
  }
  if (type !== undefined && !CSV_TYPES.has(type)) {
    throw new UserError(`${quote(info.name, 80)} is named .csv but Discord says it is ${type.slice(0, 60)}; attach a plain CSV file.`);
  }
  if (info.size === 0) throw new UserError('That file is empty: there is no row to import.');
  if (info.size > IMPORT_MAX_BYTES) {
    throw new UserError(`That file is ${overLimit(info.size)}; imports are limited to ${sizeText(IMPORT_MAX_BYTES)}.`);
  }
  return info;
}

/**
 * The downloaded file as text, within the size limit, and text rather than binary: UTF-8 (a BOM is fine), UTF-16
 * (Excel's "Unicode Text") or Windows-1252 (Excel's plain "CSV" on Windows), decoded as the member import does.
 */
export function decodeCsvText(content: Uint8Array | string): string {
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (size > IMPORT_MAX_BYTES) throw new UserError(`That file is ${overLimit(size)}; imports are limited to ${sizeText(IMPORT_MAX_BYTES)}.`);
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    text = decodeText(content);
  }
  if (looksBinary(text)) throw new UserError('That file is binary, not a CSV text file.');
  if (!text.trim()) throw new UserError('That file is empty: there is no row to import.');
  return text;
}
