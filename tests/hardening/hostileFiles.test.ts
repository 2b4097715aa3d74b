/**
 * Hostile files for the two upload paths: `/import` (MemberImports.preview → readImportFiles, ZIP or CSV) and
 * `/list import` (ClubLists.previewImport → checkAttachment, decodeCsvText, parseListCsv). Every file is built
 * here (no committed binaries), at sizes just past the limits rather than gigabytes. Each one is either refused
 * with a UserError that says what is wrong, with the stored data left exactly as it was, or read correctly and
 * then applied, to show the films it names are recorded. The suite prints one summary line the README quotes.
 */
import { recordReliability } from './reliability.js';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { IMPORT_LIMITS, type ImportFile, type ImportLimits, MemberImports } from '../../src/import/index.js';
import { IMPORT_MAX_BYTES } from '../../src/lists/csv/attachment.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, fixedClock, GUILD, testCatalog } from '../import/helpers.js';
import { MOD, setup as listSetup } from '../lists/helpers.js';

// ── Building the files ─────────────────────────────────────────────────────────────────────────────────────────

const DIARY_HEADER = 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date';
/** Two films both catalogs know, one with a non-ASCII title so a wrong decoding shows. */
const DIARY = `${DIARY_HEADER}\n2024-01-02,Amélie,2001,,4,,,2024-01-01\n2024-01-03,Tár,2022,,4.5,,,2024-01-02\n`;
const DIARY_FILMS = ['amelie-2001', 'tar-2022'];
const LIST = 'Title,Year\nAmélie,2001\nTár,2022\n';
const LIST_FILMS = ['amelie-2001', 'tar-2022'];

const utf8 = (text: string) => strToU8(text);
const withBom = (bom: number[], bytes: Uint8Array) => new Uint8Array([...bom, ...bytes]);
const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
function utf16be(text: string): Uint8Array {
  const bytes = utf16le(text);
  for (let i = 0; i < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  return bytes;
}
/** Windows-1252 (Latin-1 for these characters): é and á are one byte each, not valid UTF-8. */
const windows1252 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Deterministic pseudo-random bytes (a fixed linear congruential generator), with or without zero bytes. */
function binary(length: number, zeros: boolean): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const byte = state >>> 24;
    bytes[i] = zeros ? byte : byte || 1;
  }
  return bytes;
}

const zip = (files: Record<string, Uint8Array | string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([path, data]) => [path, typeof data === 'string' ? utf8(data) : data])), { level: 9 });

/** Overwrites the uncompressed size a ZIP declares for every entry, in its local headers and its central directory. */
function lieAboutSizes(bytes: Uint8Array, size: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50) view.setUint32(i + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

/** Replaces every occurrence of one ASCII name with another of the same length (to forge duplicate entry names). */
function renameEntries(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = bytes.slice();
  const [a, b] = [utf8(from), utf8(to)];
  for (let i = 0; i + a.length <= out.length; i++) if (a.every((byte, k) => out[i + k] === byte)) out.set(b, i);
  return out;
}

/** A single line of `length` bytes (a header so the file is otherwise plausible). */
const longLine = (length: number, header = DIARY_HEADER) => utf8(header + '\n' + 'x'.repeat(length - header.length - 1));

/** A header of `columns` columns: the real ones, then empty names. */
const wideHeader = (columns: number, header: string) => header + ','.repeat(columns - header.split(',').length);

// ── The cases ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Refused with a message matching; or read, recording these film ids, with these row problems reported (none by default). */
type Outcome = { refused: RegExp } | { reads: string[]; problems?: RegExp[] };

interface ImportCase {
  name: string;
  files: () => ImportFile[];
  outcome: Outcome;
  /** Smaller limits, so "just past the limit" stays a few MB. */
  limits?: Partial<ImportLimits>;
}

interface ListCase {
  name: string;
  fileName?: string;
  content: () => Uint8Array;
  outcome: Outcome;
}

const MB = 1024 * 1024;

const IMPORT_CASES: ImportCase[] = [
  // ZIP bombs
  {
    name: 'zip bomb: one CSV inflating past the limit at a ratio of ~1000:1',
    files: () => [{ name: 'export.zip', bytes: zip({ 'diary.csv': new Uint8Array(IMPORT_LIMITS.maxUnzippedBytes + 1).fill(0x61) }) }],
    outcome: { refused: /export\.zip unpacks to more than 60\.0 MB of CSV/ },
  },
  {
    name: 'zip bomb: several CSVs, each under the limit, together past it',
    limits: { maxUnzippedBytes: 1 * MB },
    files: () => {
      const part = new Uint8Array(MB / 4 + 1).fill(0x61);
      return [{ name: 'export.zip', bytes: zip({ 'a.csv': part, 'b.csv': part, 'c.csv': part, 'diary.csv': part }) }];
    },
    outcome: { refused: /export\.zip unpacks to more than 1\.0 MB of CSV/ },
  },
  {
    name: 'zip bomb: an entry declaring 1 KB that inflates to 2 MB',
    files: () => [{ name: 'export.zip', bytes: lieAboutSizes(zip({ 'diary.csv': DIARY + 'x'.repeat(2 * MB) }), 1024) }],
    outcome: { refused: /export\.zip is damaged: “diary\.csv” does not unpack to the size and contents the ZIP declares/ },
  },
  {
    name: 'zip bomb: an entry declaring more than it holds',
    files: () => [{ name: 'export.zip', bytes: lieAboutSizes(zip({ 'diary.csv': DIARY }), 4 * MB) }],
    // fflate inflates into a buffer of the declared size and returns what it holds: the CRC matches, the data is whole.
    outcome: { reads: DIARY_FILMS },
  },
  {
    name: 'zip bomb: an entry declaring a size past the limit (refused before inflating)',
    files: () => [{ name: 'export.zip', bytes: lieAboutSizes(zip({ 'diary.csv': DIARY }), IMPORT_LIMITS.maxUnzippedBytes + 1) }],
    outcome: { refused: /export\.zip unpacks to more than 60\.0 MB of CSV/ },
  },
  // Names inside the ZIP
  {
    name: 'path traversal: ../diary.csv',
    files: () => [{ name: 'export.zip', bytes: zip({ '../diary.csv': DIARY }) }],
    outcome: { refused: /export\.zip holds a file named “\.\.\/diary\.csv”, outside the archive's own folder/ },
  },
  {
    name: 'path traversal: deeper, a/../../diary.csv',
    files: () => [{ name: 'export.zip', bytes: zip({ 'a/../../diary.csv': DIARY }) }],
    outcome: { refused: /holds a file named “a\/\.\.\/\.\.\/diary\.csv”, outside the archive's own folder/ },
  },
  {
    name: 'absolute name: /tmp/diary.csv',
    files: () => [{ name: 'export.zip', bytes: zip({ '/tmp/diary.csv': DIARY }) }],
    outcome: { refused: /holds a file named “\/tmp\/diary\.csv”, outside the archive's own folder/ },
  },
  {
    name: 'absolute name: C:\\diary.csv',
    files: () => [{ name: 'export.zip', bytes: zip({ 'C:\\diary.csv': DIARY }) }],
    outcome: { refused: /holds a file named “C:\\\\diary\.csv”, outside the archive's own folder/ },
  },
  {
    name: 'two entries with the same name',
    files: () => [{ name: 'export.zip', bytes: renameEntries(zip({ 'diary.csv': DIARY, 'diarz.csv': DIARY }), 'diarz.csv', 'diary.csv') }],
    outcome: { refused: /export\.zip holds two files named “diary\.csv”/ },
  },
  // Nesting and entry counts
  {
    name: 'nested ZIP: the export inside a ZIP',
    files: () => [{ name: 'outer.zip', bytes: zip({ 'letterboxd.zip': zip({ 'diary.csv': DIARY }) }) }],
    outcome: { refused: /outer\.zip holds another ZIP \(“letterboxd\.zip”\); unzip it and send the export inside/ },
  },
  {
    name: 'nested ZIP named .csv',
    files: () => [{ name: 'outer.zip', bytes: zip({ 'diary.csv': zip({ 'diary.csv': DIARY }) }) }],
    outcome: { refused: /“diary\.csv” in outer\.zip is not a CSV file/ },
  },
  {
    name: 'too many entries: one past the limit',
    files: () => {
      const files: Record<string, string> = { 'diary.csv': DIARY };
      for (let i = 0; i < IMPORT_LIMITS.maxZipEntries; i++) files[`notes/${i}.txt`] = '';
      return [{ name: 'export.zip', bytes: zip(files) }];
    },
    outcome: { refused: /export\.zip holds more than 2000 files; that is not a film export/ },
  },
  {
    name: 'a ZIP cut short',
    files: () => [{ name: 'export.zip', bytes: zip({ 'diary.csv': DIARY }).slice(0, 40) }],
    outcome: { refused: /export\.zip is not a ZIP file I can open/ },
  },
  // Binary posing as CSV
  {
    name: 'binary data named diary.csv',
    files: () => [{ name: 'diary.csv', bytes: binary(64 * 1024, true) }],
    outcome: { refused: /diary\.csv is not a CSV or ZIP file/ },
  },
  {
    name: 'binary data without a zero byte named diary.csv',
    files: () => [{ name: 'diary.csv', bytes: binary(64 * 1024, false) }],
    outcome: { refused: /diary\.csv is not a CSV or ZIP file/ },
  },
  {
    name: 'binary data inside a ZIP as diary.csv',
    files: () => [{ name: 'export.zip', bytes: zip({ 'diary.csv': binary(64 * 1024, true) }) }],
    outcome: { refused: /“diary\.csv” in export\.zip is not a CSV file/ },
  },
  // Encodings that are legitimate
  { name: 'UTF-8', files: () => [{ name: 'diary.csv', bytes: utf8(DIARY) }], outcome: { reads: DIARY_FILMS } },
  { name: 'UTF-8 with BOM', files: () => [{ name: 'diary.csv', bytes: withBom([0xef, 0xbb, 0xbf], utf8(DIARY)) }], outcome: { reads: DIARY_FILMS } },
  { name: 'UTF-16 LE with BOM', files: () => [{ name: 'diary.csv', bytes: withBom([0xff, 0xfe], utf16le(DIARY)) }], outcome: { reads: DIARY_FILMS } },
  { name: 'UTF-16 BE with BOM', files: () => [{ name: 'diary.csv', bytes: withBom([0xfe, 0xff], utf16be(DIARY)) }], outcome: { reads: DIARY_FILMS } },
  { name: 'UTF-16 LE without BOM', files: () => [{ name: 'diary.csv', bytes: utf16le(DIARY) }], outcome: { reads: DIARY_FILMS } },
  { name: 'UTF-16 BE without BOM', files: () => [{ name: 'diary.csv', bytes: utf16be(DIARY) }], outcome: { reads: DIARY_FILMS } },
  {
    name: 'UTF-16 LE with BOM, tab-separated (Excel "Unicode Text")',
    files: () => [{ name: 'diary.csv', bytes: withBom([0xff, 0xfe], utf16le(DIARY.replace(/,/g, '\t'))) }],
    outcome: { reads: DIARY_FILMS },
  },
  { name: 'Windows-1252', files: () => [{ name: 'diary.csv', bytes: windows1252(DIARY) }], outcome: { reads: DIARY_FILMS } },
  { name: 'CRLF line ends', files: () => [{ name: 'diary.csv', bytes: utf8(crlf(DIARY)) }], outcome: { reads: DIARY_FILMS } },
  {
    name: 'UTF-16 LE CSV inside a ZIP',
    files: () => [{ name: 'export.zip', bytes: zip({ 'diary.csv': withBom([0xff, 0xfe], utf16le(DIARY)) }) }],
    outcome: { reads: DIARY_FILMS },
  },
  // Shapes
  {
    name: 'a million columns',
    files: () => [{ name: 'diary.csv', bytes: utf8(wideHeader(1_000_000, DIARY_HEADER) + '\n') }],
    outcome: { refused: /diary\.csv has 1,000,000 columns; a film export has at most a few dozen/ },
  },
  {
    name: 'a row of a million fields under a normal header',
    files: () => [{ name: 'diary.csv', bytes: utf8(DIARY + wideHeader(1_000_000, '2024-01-04,Heat,1972') + '\n') }],
    // The row is reported and skipped; the rest of the file is read.
    outcome: { reads: DIARY_FILMS, problems: [/^expected 8 fields \(Date, Name, .*\), found 1000000$/] },
  },
  {
    name: 'one line just past the file size limit',
    files: () => [{ name: 'diary.csv', bytes: longLine(IMPORT_LIMITS.maxFileBytes + 1) }],
    outcome: { refused: /diary\.csv is just over 20\.0 MB; an import takes files up to 20\.0 MB/ },
  },
  {
    name: 'one line just past the unzipped size limit, inside a ZIP',
    limits: { maxUnzippedBytes: 1 * MB },
    files: () => [{ name: 'export.zip', bytes: zip({ 'diary.csv': longLine(MB + 1) }) }],
    outcome: { refused: /export\.zip unpacks to more than 1\.0 MB of CSV/ },
  },
  {
    // The rows before it are kept; the member is told where the broken quote starts (everything after is one field).
    name: 'a quote that never closes, on the second row',
    files: () => [{ name: 'diary.csv', bytes: utf8(`${DIARY_HEADER}\n2024-01-02,Amélie,2001,,4,,,2024-01-01\n2024-01-03,"Tár,2022,,4.5,,,2024-01-02\n2024-01-04,Heat,1972,,3,,,2024-01-03\n`) }],
    outcome: { reads: ['amelie-2001'], problems: [/^unreadable CSV: Quote Not Closed/] },
  },
  {
    name: 'a quote that never closes, on the first row',
    files: () => [{ name: 'diary.csv', bytes: utf8(`${DIARY_HEADER}\n2024-01-02,"Amélie,2001,,4,,,2024-01-01\n2024-01-03,Tár,2022,,4.5,,,2024-01-02\n`) }],
    outcome: { refused: /“diary\.csv”: I could not read a single film row \(unreadable CSV: Quote Not Closed.*, line 2\)/ },
  },
  { name: 'an empty file', files: () => [{ name: 'diary.csv', bytes: new Uint8Array(0) }], outcome: { refused: /diary\.csv is empty/ } },
  {
    name: 'a file of blank lines',
    files: () => [{ name: 'diary.csv', bytes: utf8('\n\r\n\n') }],
    outcome: { refused: /That is not a Letterboxd export/ },
  },
  {
    name: 'a header and no rows',
    files: () => [{ name: 'diary.csv', bytes: utf8(DIARY_HEADER + '\n') }],
    outcome: { refused: /“diary\.csv” has its header line but no film rows/ },
  },
];

const LIST_CASES: ListCase[] = [
  { name: 'a ZIP named .csv', content: () => zip({ 'list.csv': LIST }), outcome: { refused: /That file is binary, not a CSV text file/ } },
  { name: 'binary data', content: () => binary(64 * 1024, true), outcome: { refused: /That file is binary, not a CSV text file/ } },
  {
    name: 'binary data without a zero byte',
    content: () => binary(64 * 1024, false),
    outcome: { refused: /That file is binary, not a CSV text file/ },
  },
  { name: 'UTF-8', content: () => utf8(LIST), outcome: { reads: LIST_FILMS } },
  { name: 'UTF-8 with BOM', content: () => withBom([0xef, 0xbb, 0xbf], utf8(LIST)), outcome: { reads: LIST_FILMS } },
  { name: 'UTF-16 LE with BOM', content: () => withBom([0xff, 0xfe], utf16le(LIST)), outcome: { reads: LIST_FILMS } },
  { name: 'UTF-16 BE with BOM', content: () => withBom([0xfe, 0xff], utf16be(LIST)), outcome: { reads: LIST_FILMS } },
  { name: 'UTF-16 LE without BOM', content: () => utf16le(LIST), outcome: { reads: LIST_FILMS } },
  { name: 'UTF-16 BE without BOM', content: () => utf16be(LIST), outcome: { reads: LIST_FILMS } },
  { name: 'Windows-1252', content: () => windows1252(LIST), outcome: { reads: LIST_FILMS } },
  { name: 'CRLF line ends', content: () => utf8(crlf(LIST)), outcome: { reads: LIST_FILMS } },
  {
    name: 'a million columns',
    content: () => utf8(wideHeader(1_000_000, 'Title,Year') + '\n'),
    outcome: { refused: /That file has a row of 1,000,000 columns; a list file has a handful/ },
  },
  {
    name: 'one line just past the size limit',
    content: () => longLine(IMPORT_MAX_BYTES + 1, 'Title,Year'),
    outcome: { refused: /That file is just over 1\.0 MB; imports are limited to 1\.0 MB/ },
  },
  {
    name: 'a quote that never closes',
    content: () => utf8('Title,Year\n"Amélie,2001\nTár,2022\n'),
    outcome: { refused: /That file cannot be read as CSV \(near line \d+\): a quoted field is never closed\. Nothing was imported/ },
  },
  { name: 'an empty file', content: () => new Uint8Array(0), outcome: { refused: /That file is empty: there is no row to import/ } },
  { name: 'a file of blank lines', content: () => utf8('\n\r\n\n'), outcome: { refused: /That file is empty: there is no row to import/ } },
  { name: 'a header and no rows', content: () => utf8('Title,Year\n'), outcome: { refused: /That file has no film rows to import/ } },
  { name: 'a name climbing folders', fileName: '../../list.csv', content: () => utf8(LIST), outcome: { reads: LIST_FILMS } },
];

// ── Running them ──────────────────────────────────────────────────────────────────────────────────────────────

const tally = { tried: 0, refused: 0, read: 0 };

afterAll(() => {
  console.log(`hostile files: ${tally.tried} tried, ${tally.refused} refused clearly, ${tally.read} read correctly`);
  recordReliability('hostile-files', [
    {
      area: 'hostile files',
      what: '/import, /list import and the catalog CLI',
      tried: tally.tried,
      refused: tally.refused,
      lost: 0,
      note: `${tally.read} read correctly; nothing recorded from a refused file`,
    },
  ]);
});

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'the file was accepted').toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe('hostile files for /import (member history)', () => {
  it.each(IMPORT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    tally.tried++;
    const store = createMemoryGuildStore();
    const catalog = testCatalog();
    const limits = { ...IMPORT_LIMITS, ...hostile.limits };
    const imports = new MemberImports({ store, catalog, now: fixedClock().now, limits });
    const before = JSON.stringify(await store.read(GUILD));
    const files = hostile.files();
    if ('refused' in hostile.outcome) {
      const message = await refusal(() => imports.preview(ALICE, files));
      expect(message).toMatch(hostile.outcome.refused);
      expect(JSON.stringify(await store.read(GUILD)), 'a refused file changed the stored data').toBe(before);
      tally.refused++;
    } else {
      const preview = await imports.preview(ALICE, files, { source: 'letterboxd' });
      const expected = hostile.outcome.problems ?? [];
      expect(preview.problems).toHaveLength(expected.length);
      preview.problems.forEach((problem, index) => expect(problem.message).toMatch(expected[index]!));
      await imports.apply(ALICE, preview);
      const recorded = Object.keys((await store.read(GUILD)).memberFilms[ALICE.userId] ?? {}).sort();
      expect(recorded).toEqual(hostile.outcome.reads);
      tally.read++;
    }
  });
});

describe('hostile files for /list import', () => {
  it.each(LIST_CASES.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    tally.tried++;
    const { lists, store } = await listSetup(createMemoryGuildStore());
    const before = JSON.stringify(await store.read(GUILD));
    const content = hostile.content();
    // What Discord says of the attachment is the real size: the declared size is checked, then the content again.
    const file = { attachment: { name: hostile.fileName ?? 'list.csv', size: content.length, contentType: 'text/csv' }, content };
    if ('refused' in hostile.outcome) {
      const message = await refusal(() => lists.previewImport(MOD, file, { name: 'Hostile' }));
      expect(message).toMatch(hostile.outcome.refused);
      expect(JSON.stringify(await store.read(GUILD)), 'a refused file changed the stored data').toBe(before);
      tally.refused++;
    } else {
      const preview = await lists.previewImport(MOD, file, { name: 'Hostile' });
      expect(preview.invalid).toEqual([]);
      expect(preview.matched.map((row) => row.film.filmId).sort()).toEqual(hostile.outcome.reads);
      const result = await lists.applyImport(MOD, preview);
      expect(result.imported).toBe(hostile.outcome.reads.length);
      tally.read++;
    }
  });
});
