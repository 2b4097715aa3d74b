import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';
import type { Film } from './schema.js';

/**
 * A large catalog's films kept as compact records instead of objects. Holding 700,000 `Film`
 * objects costs about two gigabytes (each is some forty small objects and strings); here each film
 * is its JSON text in a file beside the search index (DATA_DIR/cache), read and parsed when asked
 * for, and only the film ids and titles — what the index looks up on every keystroke — stay in
 * memory, as two long strings. A film asked for twice while someone still holds it is the same
 * object (a weak reference per slot): the recommender's content model, which compares films by
 * identity to notice changes, keeps seeing the films it was built from. The few hundred films
 * read last are kept whatever happens (autocomplete asks for the same ones keystroke after
 * keystroke).
 */

/** What the search index needs of the films it does not hold: ids and titles at once, whole films on demand. */
export interface FilmRecords {
  readonly count: number;
  id(slot: number): string;
  title(slot: number): string;
  /** The film, the same object as long as something holds it. */
  film(slot: number): Film;
  /** A fresh copy of the film, not remembered (for passes over every film). */
  read(slot: number): Film;
}

/** The in-memory part of packed films, saved inside the search index file. */
export interface PackedLayout {
  /** Every id end to end, and where each ends (UTF-16 offsets). */
  ids: string;
  idEnds: Int32Array<ArrayBuffer>;
  titles: string;
  titleEnds: Int32Array<ArrayBuffer>;
  /** Byte offset in the records file where each film's record ends. */
  recordEnds: Float64Array<ArrayBuffer>;
  /** CRC-32 of the whole records file, checked when it is opened. */
  recordsCrc: number;
}

/** Films read last, kept strongly. */
const RECENT = 512;
const CHUNK = 1 << 20;

/** CRC-32 (zlib's, Node ≥ 20.15); older Node falls back to a plain table-driven one. */
const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib as unknown as { crc32: (data: Uint8Array, value?: number) => number }).crc32 : slowCrc32;

let crcTable: Int32Array | undefined;
function slowCrc32(data: Uint8Array, value = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

export class DamagedRecords extends Error {}

/** Closes the records file of packed films nobody holds any more (a test opens many catalogs; the bot one). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
});
let writers = 0;

export class PackedFilms implements FilmRecords {
  readonly count: number;
  readonly #fd: number;
  readonly #layout: PackedLayout;
  readonly #weak: (WeakRef<Film> | undefined)[];
  #weakSinceSweep = 0;
  readonly #recent: (Film | undefined)[] = new Array(RECENT);
  #recentAt = 0;
  #scratch = Buffer.alloc(64 * 1024);
  #closed = false;

  private constructor(fd: number, layout: PackedLayout) {
    this.#fd = fd;
    this.#layout = layout;
    this.count = layout.recordEnds.length;
    this.#weak = new Array(this.count);
    closer.register(this, fd, this);
  }

  /**
   * Opens the records file `path` for `layout`, after checking it is whole: its size and CRC-32
   * (read through in chunks: the file's bytes never sit in memory). Throws DamagedRecords otherwise.
   * The file stays open: a newer cache written meanwhile replaces it by renaming, which leaves this
   * one readable.
   */
  static open(path: string, layout: PackedLayout): PackedFilms {
    const count = layout.recordEnds.length;
    if (layout.idEnds.length !== count || layout.titleEnds.length !== count) throw new DamagedRecords('film tables differ in length');
    if (count && (layout.idEnds[count - 1] !== layout.ids.length || layout.titleEnds[count - 1] !== layout.titles.length)) {
      throw new DamagedRecords('film tables do not match their text');
    }
    for (let i = 1; i < count; i++) {
      if (!(layout.recordEnds[i]! > layout.recordEnds[i - 1]!) || layout.idEnds[i]! <= layout.idEnds[i - 1]!) throw new DamagedRecords('film tables out of order');
    }
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new DamagedRecords(`cannot open ${path}: ${(error as Error).message}`);
    }
    try {
      const size = fstatSync(fd).size;
      if (size !== (count ? layout.recordEnds[count - 1]! : 0)) throw new DamagedRecords('records file has the wrong size');
      const chunk = Buffer.allocUnsafe(CHUNK);
      let crc = 0;
      for (let at = 0; at < size; ) {
        const read = readSync(fd, chunk, 0, Math.min(CHUNK, size - at), at);
        if (read <= 0) throw new DamagedRecords('records file ends early');
        crc = crc32(chunk.subarray(0, read), crc);
        at += read;
      }
      if (crc !== layout.recordsCrc) throw new DamagedRecords('records checksum mismatch (damaged file)');
      return new PackedFilms(fd, layout);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** The tables to save in the index file. */
  get layout(): PackedLayout {
    return this.#layout;
  }

  id(slot: number): string {
    const { ids, idEnds } = this.#layout;
    return ids.slice(slot ? idEnds[slot - 1] : 0, idEnds[slot]);
  }

  title(slot: number): string {
    const { titles, titleEnds } = this.#layout;
    return titles.slice(slot ? titleEnds[slot - 1] : 0, titleEnds[slot]);
  }

  film(slot: number): Film {
    const known = this.#weak[slot]?.deref();
    if (known) return this.#remember(known);
    const film = this.read(slot);
    this.#weak[slot] = new WeakRef(film);
    if (++this.#weakSinceSweep > Math.max(RECENT, this.count >> 1)) this.#sweep();
    return this.#remember(film);
  }

  read(slot: number): Film {
    if (this.#closed) throw new Error('the catalog was closed');
    const ends = this.#layout.recordEnds;
    const start = slot ? ends[slot - 1]! : 0;
    const length = ends[slot]! - start;
    if (length > this.#scratch.length) this.#scratch = Buffer.alloc(Math.max(length, this.#scratch.length * 2));
    const read = readSync(this.#fd, this.#scratch, 0, length, start);
    if (read !== length) throw new DamagedRecords(`film record ${slot} is cut short`);
    return JSON.parse(this.#scratch.toString('utf8', 0, length)) as Film;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closer.unregister(this);
    closeSync(this.#fd);
  }

  #remember(film: Film): Film {
    this.#recent[this.#recentAt] = film;
    this.#recentAt = (this.#recentAt + 1) % RECENT;
    return film;
  }

  /** Drops the weak references whose film is gone, so that they do not pile up. */
  #sweep(): void {
    this.#weakSinceSweep = 0;
    for (let slot = 0; slot < this.count; slot++) if (this.#weak[slot] && !this.#weak[slot]!.deref()) this.#weak[slot] = undefined;
  }
}

/**
 * Writes packed films: each film's JSON text appended to a temporary file, renamed into place by
 * `finish`. Films are written as given (already validated), so reading one back is a plain parse.
 * Nothing touches the disk before `fileFrom` films have come (a small catalog is not kept packed:
 * its films are taken back with `films()`). A file that cannot be written is not thrown at the
 * caller of `add` (a reading loop): `failure` tells, and films are no longer kept.
 */
export class PackedFilmsWriter {
  readonly #path: string;
  readonly #temporary: string;
  readonly #fileFrom: number;
  #fd: number | undefined;
  /** Why the file could not be written; then `add` keeps nothing. */
  failure: Error | undefined;
  #ids: string[] = [];
  #titles: string[] = [];
  #ends: number[] = [];
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #written = 0;
  #crc = 0;

  constructor(path: string, options: { fileFrom?: number } = {}) {
    this.#path = path;
    this.#temporary = `${path}.${process.pid}-${++writers}.tmp`;
    this.#fileFrom = options.fileFrom ?? 0;
  }

  get count(): number {
    return this.#ends.length;
  }

  add(film: Film): void {
    if (this.failure) return;
    const bytes = Buffer.from(JSON.stringify(film), 'utf8');
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#ids.push(film.id);
    this.#titles.push(film.title);
    this.#ends.push(this.#written + this.#pendingBytes);
    if (this.#pendingBytes >= CHUNK && this.count >= this.#fileFrom) this.#flush();
  }

  /** Every film added, parsed back (for a catalog too small to keep packed). */
  films(): Film[] {
    const films: Film[] = [];
    let buffer = Buffer.concat(this.#pending, this.#pendingBytes);
    if (this.#written) {
      const all = Buffer.alloc(this.#written + this.#pendingBytes);
      readSync(this.#fd!, all, 0, this.#written, 0);
      buffer.copy(all, this.#written);
      buffer = all;
    }
    let start = 0;
    for (const end of this.#ends) {
      films.push(JSON.parse(buffer.toString('utf8', start, end)) as Film);
      start = end;
    }
    return films;
  }

  /** Puts the file in place and opens it. */
  finish(): PackedFilms {
    this.#flush();
    if (this.failure) throw this.failure;
    this.#open();
    fsyncSync(this.#fd!);
    closeSync(this.#fd!);
    this.#fd = undefined;
    renameSync(this.#temporary, this.#path);
    const layout: PackedLayout = {
      ids: this.#ids.join(''),
      idEnds: endsOf(this.#ids),
      titles: this.#titles.join(''),
      titleEnds: endsOf(this.#titles),
      recordEnds: Float64Array.from(this.#ends),
      recordsCrc: this.#crc,
    };
    // The layout holds them now: a 700k-film catalog's ids and titles as separate strings are tens of megabytes.
    this.#ids = [];
    this.#titles = [];
    this.#ends = [];
    return PackedFilms.open(this.#path, layout);
  }

  abort(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#temporary, { force: true });
  }

  #open(): void {
    if (this.#fd !== undefined) return;
    mkdirSync(dirname(this.#path), { recursive: true });
    this.#fd = openSync(this.#temporary, 'w+');
  }

  #flush(): void {
    if (!this.#pendingBytes || this.failure) return;
    const bytes = Buffer.concat(this.#pending, this.#pendingBytes);
    try {
      this.#open();
      for (let at = 0; at < bytes.length; ) at += writeSync(this.#fd!, bytes, at, bytes.length - at, this.#written + at);
    } catch (error) {
      this.failure = error as Error;
      this.#pending = [];
      this.#pendingBytes = 0;
      return;
    }
    this.#crc = crc32(bytes, this.#crc);
    this.#written += bytes.length;
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}

function endsOf(texts: readonly string[]): Int32Array<ArrayBuffer> {
  const ends = new Int32Array(texts.length);
  let at = 0;
  texts.forEach((text, i) => (ends[i] = at += text.length));
  return ends;
}
