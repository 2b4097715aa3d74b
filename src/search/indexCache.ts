import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { endianness } from 'node:os';
import type { CatalogProblem } from '../catalog/loader.js';
import type { FilmRecords, PackedLayout } from '../catalog/packedFilms.js';
import type { Film } from '../catalog/schema.js';
import { CAST, DIRECTOR, FilmIndex, TITLE, type IndexSnapshot } from './filmIndex.js';
import type { PostingLists } from './packedLists.js';

/**
 * The search index saved as one binary file, so that a start-up with an unchanged catalog loads
 * typed arrays instead of normalising and sorting 40k titles again. Layout: magic, format version,
 * SHA-256 of the rest, header length, a JSON header (the key, the strings, the arrays' shapes),
 * then the arrays' bytes. Any doubt (other key, checksum, shape, a sampled film that the saved
 * index does not describe as a fresh build would) rejects the file: the caller then builds.
 * A catalog kept packed (see packedFilms.ts) saves its ids, titles and record offsets here too, and
 * the problems found in the catalog files, so that a start with a saved index reads no film.
 */

/** Bump when the layout or what the index holds (normalisation, words, ranks, priors) changes. */
export const INDEX_FORMAT_VERSION = 2;
const MAGIC = 'MQSI';
const CHECKSUM_AT = 8;
const BODY_AT = 40;

type ArrayKind = 'i32' | 'f32' | 'f64' | 'i16' | 'u8';
type Section = [name: string, kind: ArrayKind, length: number];

const ARRAYS = {
  i32: { bytes: 4, make: (length: number) => new Int32Array(length), view: (buffer: ArrayBuffer, at: number, length: number) => new Int32Array(buffer, at, length) },
  f32: { bytes: 4, make: (length: number) => new Float32Array(length), view: (buffer: ArrayBuffer, at: number, length: number) => new Float32Array(buffer, at, length) },
  f64: { bytes: 8, make: (length: number) => new Float64Array(length), view: (buffer: ArrayBuffer, at: number, length: number) => new Float64Array(buffer, at, length) },
  i16: { bytes: 2, make: (length: number) => new Int16Array(length), view: (buffer: ArrayBuffer, at: number, length: number) => new Int16Array(buffer, at, length) },
  u8: { bytes: 1, make: (length: number) => new Uint8Array(length), view: (buffer: ArrayBuffer, at: number, length: number) => new Uint8Array(buffer, at, length) },
} as const;

type Numeric = Int32Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Int16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

function kindOf(array: Numeric): ArrayKind {
  if (array instanceof Int32Array) return 'i32';
  if (array instanceof Float32Array) return 'f32';
  if (array instanceof Float64Array) return 'f64';
  if (array instanceof Int16Array) return 'i16';
  return 'u8';
}

function numericArrays(snapshot: IndexSnapshot, packed: PackedLayout | undefined): [string, Numeric][] {
  const films: [string, Numeric][] = packed
    ? [
        ['idEnds', packed.idEnds],
        ['titleEnds', packed.titleEnds],
        ['recordEnds', packed.recordEnds],
      ]
    : [];
  return [
    ...films,
    ['sortedWords', snapshot.sortedWords],
    ['deletionHashes', snapshot.deletionHashes],
    ['deletionIds', snapshot.deletionIds],
    ['postingOffsets0', snapshot.postingOffsets[0]],
    ['postingOffsets1', snapshot.postingOffsets[1]],
    ['postingOffsets2', snapshot.postingOffsets[2]],
    ['postingSlots0', snapshot.postingSlots[0]],
    ['postingSlots1', snapshot.postingSlots[1]],
    ['postingSlots2', snapshot.postingSlots[2]],
    ['titleWordData', snapshot.titleWordData],
    ['titleWordOffsets', snapshot.titleWordOffsets],
    ['titleLengths', snapshot.titleLengths],
    ['priors', snapshot.priors],
    ['years', snapshot.years],
    ['literalEntries', snapshot.literalEntries],
    ['literalRanks', snapshot.literalRanks],
    ['bareEntries', snapshot.bareEntries],
    ['bareRanks', snapshot.bareRanks],
  ];
}

/**
 * What a saved index is valid for: the catalog files' bytes (in the order read), the format
 * version and the byte order. `contents` are the files' raw bytes.
 */
export function indexKey(contents: readonly Uint8Array[]): string {
  return indexKeyOfHashes(contents.map((bytes) => createHash('sha256').update(bytes).digest('hex')));
}

/** `indexKey` from the files' SHA-256 (hex), hashed as they are read rather than held whole. */
export function indexKeyOfHashes(fileHashes: readonly string[]): string {
  const hash = createHash('sha256').update(`${MAGIC} v${INDEX_FORMAT_VERSION} ${endianness()} ${fileHashes.length}\n`);
  for (const fileHash of fileHashes) hash.update(fileHash);
  return hash.digest('hex');
}

const align = (offset: number) => (offset + 7) & ~7;

/** What is saved with the index besides it. */
export interface SavedExtras {
  /** The films' packed tables, when the catalog keeps its films packed. */
  packed?: PackedLayout;
  /** Problems found reading the catalog files (reported again at every start). */
  problems?: CatalogProblem[];
}

/** The file's parts after the fixed prelude (magic, version, checksum): the header, then each array at an aligned offset. */
function* bodyParts(snapshot: IndexSnapshot, key: string, films: number, extras: SavedExtras): Generator<Uint8Array> {
  const arrays = numericArrays(snapshot, extras.packed);
  const header = Buffer.from(
    JSON.stringify({
      key,
      films,
      problems: extras.problems ?? [],
      packed: extras.packed ? { ids: extras.packed.ids, titles: extras.packed.titles, recordsCrc: extras.packed.recordsCrc } : null,
      words: snapshot.words,
      bareTitles: snapshot.bareTitles,
      others: snapshot.others,
      sections: arrays.map(([name, array]): Section => [name, kindOf(array), array.length]),
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  yield length;
  yield header;
  let at = BODY_AT + 4 + header.length;
  const padding = (to: number) => new Uint8Array(to - at);
  for (const [, array] of arrays) {
    yield padding(align(at));
    at = align(at) + array.byteLength;
    yield new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  }
  yield padding(align(at));
}

function prelude(checksum: Uint8Array): Buffer {
  const out = Buffer.alloc(BODY_AT);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(INDEX_FORMAT_VERSION, 4);
  out.set(checksum, CHECKSUM_AT);
  return out;
}

export function encodeIndex(snapshot: IndexSnapshot, key: string, films: number, extras: SavedExtras = {}): Buffer {
  const body = Buffer.concat([...bodyParts(snapshot, key, films, extras)]);
  return Buffer.concat([prelude(createHash('sha256').update(body).digest()), body]);
}

/**
 * `encodeIndex`'s bytes written to `file` part by part, never all in memory (a 700k-film index
 * is a few hundred megabytes, on top of the index itself), through a temporary file renamed into
 * place: a reader sees the old file or the new one, whole.
 */
export async function writeIndexFile(file: string, snapshot: IndexSnapshot, key: string, films: number, extras: SavedExtras = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    const hash = createHash('sha256');
    let at = BODY_AT;
    for (const part of bodyParts(snapshot, key, films, extras)) {
      hash.update(part);
      for (let written = 0; written < part.byteLength; ) written += (await handle.write(part, written, part.byteLength - written, at + written)).bytesWritten;
      at += part.byteLength;
    }
    await handle.write(prelude(hash.digest()), 0, BODY_AT, 0);
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Why a saved index cannot be used. */
export class StaleIndex extends Error {}

const isInt = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The snapshot in `file`, if it is whole and was saved for `key`; throws StaleIndex otherwise. */
export function decodeIndex(file: Uint8Array, key: string): IndexSnapshot {
  return decodeSaved(file, key).snapshot;
}

const isProblem = (value: unknown): value is CatalogProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as CatalogProblem).file === 'string' &&
  typeof (value as CatalogProblem).message === 'string' &&
  ((value as CatalogProblem).index === undefined || isInt((value as CatalogProblem).index)) &&
  ((value as CatalogProblem).id === undefined || typeof (value as CatalogProblem).id === 'string');

/** The snapshot and what was saved with it (see SavedExtras), if whole and saved for `key`; throws StaleIndex otherwise. */
export function decodeSaved(file: Uint8Array, key: string): { snapshot: IndexSnapshot; films: number; packed?: PackedLayout; problems: CatalogProblem[] } {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < BODY_AT + 4 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new StaleIndex('not a saved search index');
  if (bytes.readUInt32LE(4) !== INDEX_FORMAT_VERSION) throw new StaleIndex(`format ${bytes.readUInt32LE(4)}, expected ${INDEX_FORMAT_VERSION}`);
  const checksum = createHash('sha256').update(bytes.subarray(BODY_AT)).digest();
  if (!checksum.equals(bytes.subarray(CHECKSUM_AT, BODY_AT))) throw new StaleIndex('checksum mismatch (damaged file)');
  const headerLength = bytes.readUInt32LE(BODY_AT);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.toString('utf8', BODY_AT + 4, BODY_AT + 4 + headerLength)) as Record<string, unknown>;
  } catch {
    throw new StaleIndex('unreadable header');
  }
  if (header.key !== key) throw new StaleIndex('saved for other catalog files');
  const { words, bareTitles, others, sections, packed, problems, films } = header;
  if (!isInt(films)) throw new StaleIndex('bad film count');
  if (!Array.isArray(problems) || !problems.every(isProblem)) throw new StaleIndex('bad problems');
  const packedText = packed as { ids?: unknown; titles?: unknown; recordsCrc?: unknown } | null;
  if (packedText !== null && (typeof packedText !== 'object' || typeof packedText.ids !== 'string' || typeof packedText.titles !== 'string' || !isInt(packedText.recordsCrc))) {
    throw new StaleIndex('bad packed films');
  }
  if (!isStrings(words)) throw new StaleIndex('bad words');
  if (!Array.isArray(bareTitles) || !bareTitles.every((title) => title === null || typeof title === 'string')) throw new StaleIndex('bad titles');
  if (!Array.isArray(others) || !others.every((entry) => Array.isArray(entry) && isInt(entry[0]) && isStrings(entry[1]))) {
    throw new StaleIndex('bad other titles');
  }
  if (!Array.isArray(sections)) throw new StaleIndex('bad sections');
  const arrays = new Map<string, Numeric>();
  let at = align(BODY_AT + 4 + headerLength);
  for (const section of sections as unknown[]) {
    const [name, kind, length] = Array.isArray(section) ? (section as unknown[]) : [];
    if (typeof name !== 'string' || !(typeof kind === 'string' && kind in ARRAYS) || !isInt(length)) throw new StaleIndex('bad section');
    const spec = ARRAYS[kind as ArrayKind];
    const byteLength = length * spec.bytes;
    if (at + byteLength > bytes.length) throw new StaleIndex('truncated');
    // Viewed in place when the file's bytes sit at an aligned offset (they do when read whole: a
    // large catalog's index is hundreds of megabytes, not worth holding twice), else copied.
    const offset = bytes.byteOffset + at;
    let array: Numeric;
    if (offset % spec.bytes === 0) array = spec.view(bytes.buffer as ArrayBuffer, offset, length);
    else {
      array = spec.make(length);
      new Uint8Array(array.buffer).set(bytes.subarray(at, at + byteLength));
    }
    arrays.set(name, array);
    at = align(at + byteLength);
  }
  const get = <T extends Numeric>(name: string, type: new (length: number) => T): T => {
    const array = arrays.get(name);
    if (!(array instanceof type)) throw new StaleIndex(`missing ${name}`);
    return array;
  };
  const snapshot: IndexSnapshot = {
    words,
    sortedWords: get('sortedWords', Int32Array),
    deletionHashes: get('deletionHashes', Int32Array),
    deletionIds: get('deletionIds', Int32Array),
    postingOffsets: [get('postingOffsets0', Int32Array), get('postingOffsets1', Int32Array), get('postingOffsets2', Int32Array)],
    postingSlots: [get('postingSlots0', Int32Array), get('postingSlots1', Int32Array), get('postingSlots2', Int32Array)],
    titleWordData: get('titleWordData', Int32Array),
    titleWordOffsets: get('titleWordOffsets', Int32Array),
    bareTitles: bareTitles as (string | null)[],
    others: others as [number, string[]][],
    titleLengths: get('titleLengths', Uint8Array),
    priors: get('priors', Float32Array),
    years: get('years', Int16Array),
    literalEntries: get('literalEntries', Int32Array),
    literalRanks: get('literalRanks', Float32Array),
    bareEntries: get('bareEntries', Int32Array),
    bareRanks: get('bareRanks', Float32Array),
  };
  const layout: PackedLayout | undefined = packedText
    ? {
        ids: packedText.ids as string,
        titles: packedText.titles as string,
        recordsCrc: packedText.recordsCrc as number,
        idEnds: get('idEnds', Int32Array),
        titleEnds: get('titleEnds', Int32Array),
        recordEnds: get('recordEnds', Float64Array),
      }
    : undefined;
  if (layout && layout.recordEnds.length !== films) throw new StaleIndex('packed films differ in number');
  return { snapshot, films, problems: problems as CatalogProblem[], ...(layout ? { packed: layout } : {}) };
}

function checkRange(values: ArrayLike<number>, below: number, what: string): void {
  for (let i = 0; i < values.length; i++) if (!(values[i]! >= 0 && values[i]! < below)) throw new StaleIndex(`${what} out of range`);
}

function checkOffsets(offsets: Int32Array, lists: number, total: number, what: string): void {
  if (offsets.length !== lists + 1 || offsets[0] !== 0 || offsets[lists] !== total) throw new StaleIndex(`${what}: bad offsets`);
  for (let i = 1; i <= lists; i++) if (offsets[i]! < offsets[i - 1]!) throw new StaleIndex(`${what}: bad offsets`);
}

/** Films of the catalog compared in full with a fresh build of each: evenly spread, so a shift anywhere shows. */
const SAMPLED_FILMS = 200;

/**
 * Checks that `snapshot` fits `films` (the shapes, and a sample of films rebuilt and compared) so
 * that a saved index from other films or older code is rejected rather than answering wrongly.
 */
export function checkSnapshot(films: readonly Film[] | FilmRecords, snapshot: IndexSnapshot): void {
  const slots = Array.isArray(films) ? films.length : (films as FilmRecords).count;
  const filmAt = Array.isArray(films)
    ? (slot: number) => (films as readonly Film[])[slot]!
    : (slot: number) => {
        // A packed record must be the film its id and title say it is.
        const records = films as FilmRecords;
        const film = records.read(slot);
        if (film.id !== records.id(slot) || film.title !== records.title(slot)) throw new StaleIndex(`film record ${slot} is not ${records.id(slot)}`);
        return film;
      };
  const words = snapshot.words.length;
  const ids = new Map(snapshot.words.map((word, id) => [word, id]));
  if (ids.size !== words) throw new StaleIndex('repeated words');
  if (snapshot.sortedWords.length !== words) throw new StaleIndex('word order');
  checkRange(snapshot.sortedWords, words, 'word order');
  if (snapshot.deletionHashes.length !== snapshot.deletionIds.length) throw new StaleIndex('deletions');
  checkRange(snapshot.deletionIds, words, 'deletions');
  for (let role = 0; role < 3; role++) {
    checkOffsets(snapshot.postingOffsets[role]!, words, snapshot.postingSlots[role]!.length, 'postings');
    checkRange(snapshot.postingSlots[role]!, slots, 'postings');
  }
  checkOffsets(snapshot.titleWordOffsets, slots, snapshot.titleWordData.length, 'title words');
  checkRange(snapshot.titleWordData, words, 'title words');
  for (const perSlot of [snapshot.bareTitles, snapshot.titleLengths, snapshot.priors, snapshot.years]) {
    if (perSlot.length !== slots) throw new StaleIndex('films differ');
  }
  // How many other title forms each slot has: a typed array, as a 700k-film catalog has ~500k slots with some.
  const otherForms = new Int32Array(slots);
  for (const [slot, titles] of snapshot.others) {
    if (slot >= slots || titles.length % 2 || !titles.length || otherForms[slot]) throw new StaleIndex('other titles');
    otherForms[slot] = titles.length;
  }
  for (const [entries, ranks] of [
    [snapshot.literalEntries, snapshot.literalRanks],
    [snapshot.bareEntries, snapshot.bareRanks],
  ] as const) {
    if (entries.length !== ranks.length) throw new StaleIndex('title prefixes');
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const slot = entry >>> 7;
      const form = entry & 127;
      if (entry < 0 || slot >= slots || (form >= 2 && form - 2 >= otherForms[slot]!)) throw new StaleIndex('title prefixes');
    }
  }
  const step = Math.max(1, Math.floor(slots / SAMPLED_FILMS));
  const sampled: number[] = [];
  for (let slot = 0; slot < slots; slot += step) sampled.push(slot);
  if (slots) sampled.push(slots - 1);
  const wanted = new Set(sampled);
  const othersBySlot = new Map<number, readonly string[]>();
  for (const [slot, titles] of snapshot.others) if (wanted.has(slot)) othersBySlot.set(slot, titles);
  const saved: Saved = { snapshot, ids, othersBySlot };
  for (const slot of sampled) checkFilm(saved, slot, filmAt(slot));
}

interface Saved {
  snapshot: IndexSnapshot;
  ids: ReadonlyMap<string, number>;
  othersBySlot: ReadonlyMap<number, readonly string[]>;
}

/** Builds `film` alone and checks the snapshot says the same of its slot. */
function checkFilm(saved: Saved, slot: number, film: Film): void {
  const { snapshot } = saved;
  const fresh = new FilmIndex([film]);
  const wordsOf = (data: Int32Array, offsets: Int32Array, at: number, wordAt: (id: number) => string) => {
    const found: string[] = [];
    for (let p = offsets[at]!; p < offsets[at + 1]!; p++) found.push(wordAt(data[p]!));
    return found.sort().join(' ');
  };
  const freshTitle = fresh.titleWords.save();
  const savedWord = (id: number) => snapshot.words[id]!;
  const freshWord = (id: number) => fresh.vocabulary.wordAt(id);
  const differs =
    wordsOf(snapshot.titleWordData, snapshot.titleWordOffsets, slot, savedWord) !== wordsOf(freshTitle.data, freshTitle.offsets, 0, freshWord) ||
    (snapshot.bareTitles[slot] ?? fresh.titleText(0)) !== fresh.titleBare(0) ||
    snapshot.titleLengths[slot] !== fresh.titleLength(0) ||
    snapshot.priors[slot] !== fresh.prior(0) ||
    snapshot.years[slot] !== fresh.yearOf(0) ||
    JSON.stringify(saved.othersBySlot.get(slot) ?? null) !== JSON.stringify(fresh.otherTitles(0) ?? null) ||
    !postedAlike(saved, slot, fresh, TITLE) ||
    !postedAlike(saved, slot, fresh, DIRECTOR) ||
    !postedAlike(saved, slot, fresh, CAST);
  if (differs) throw new StaleIndex(`film ${film.id} is not indexed as it would be now`);
}

/** Every word the fresh build posts for its one film is posted for `slot` in the snapshot. */
function postedAlike({ snapshot, ids }: Saved, slot: number, fresh: FilmIndex, role: number): boolean {
  const lists: PostingLists = fresh.postings[role as 0 | 1 | 2];
  for (let word = 0; word < fresh.vocabulary.size; word++) {
    if (lists.end(word) === lists.start(word)) continue;
    const id = ids.get(fresh.vocabulary.wordAt(word));
    if (id === undefined) return false;
    const offsets = snapshot.postingOffsets[role]!;
    if (!holds(snapshot.postingSlots[role]!, offsets[id]!, offsets[id + 1]!, slot)) return false;
  }
  return true;
}

/**
 * Whether `slots[from .. to]` holds `slot`: a binary search, as a build posts each word's slots in
 * ascending order (a common word's list is a good part of the catalog long). A list out of order
 * fails the search, and the index is rebuilt: never trusted wrongly.
 */
function holds(slots: Int32Array, from: number, to: number, slot: number): boolean {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (slots[middle]! < slot) low = middle + 1;
    else high = middle;
  }
  return low < to && slots[low] === slot;
}
