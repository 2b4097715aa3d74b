import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import { syncDirectory } from '../../store/durableJsonFile.js';
import type { Film } from '../../catalog/schema.js';
import { type CatalogProblem, readCatalogEntries, validateCatalogEntries } from '../../catalog/loader.js';
export { writeFileAtomic } from '../files.js';

/** A catalog file to merge into: its films, or none when it does not exist yet. */
export async function readCatalogFile(path: string): Promise<{ films: Film[]; problems: CatalogProblem[]; exists: boolean }> {
  let parsed: unknown;
  try {
    parsed = await readCatalogEntries(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { films: [], problems: [], exists: false };
    if (error instanceof SyntaxError) return { films: [], problems: [{ file: path, message: `not valid JSON (${error.message})` }], exists: true };
    throw error;
  }
  return { ...validateCatalogEntries(path, parsed), exists: true };
}

const gzipAsync = promisify(gzip);

/** The catalog file format: the films as the schema orders their fields, two-space indented, as data/films.json is. */
export function serializeCatalog(films: readonly Film[]): string {
  return JSON.stringify(films, null, 2) + '\n';
}

/**
 * A film without the fields that hold their default (empty lists, no synopsis, no external ids): the
 * loader fills them back in, and a large catalog is a third of the size without them.
 */
export function compactFilm(film: Film): Record<string, unknown> {
  const compact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(film)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    compact[key] = value;
  }
  return compact;
}

/** One compact film per line: readable with zcat and grep, and it compresses as well as minified JSON. */
export function compactCatalogLines(films: Iterable<Film>): string {
  const lines: string[] = [];
  for (const film of films) lines.push(JSON.stringify(compactFilm(film)));
  return `[\n${lines.join(',\n')}\n]\n`;
}

/** A catalog file's bytes as its name asks: `.json.gz` compact and gzipped, `.json` as data/films.json is written. */
export async function catalogFileBytes(path: string, films: readonly Film[]): Promise<string | Uint8Array> {
  return path.endsWith('.gz') ? gzipAsync(compactCatalogLines(films), { level: 9 }) : serializeCatalog(films);
}

const BATCH_CHARS = 1 << 20;

/**
 * Writes a catalog file film by film (a catalog of 700k films is more text than one string may hold),
 * in the compact one-film-per-line form, gzipped for `.gz`. Atomic like writeFileAtomic: a temp file,
 * fsync, rename, fsync of the directory; the previous version is kept as `<file>.bak`.
 */
export class CatalogStreamWriter {
  readonly #temp: string;
  readonly #out: Writable;
  readonly #file: WriteStream;
  #count = 0;
  #pending: string[] = [];
  #pendingSize = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.#file = createWriteStream(this.#temp, { mode: 0o644 });
    if (path.endsWith('.gz')) {
      const gzip = createGzip({ level: 6 });
      gzip.pipe(this.#file);
      this.#out = gzip;
    } else this.#out = this.#file;
    this.#out.write('[\n');
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Lines are handed to the stream a megabyte at a time: gzip works on the thread pool, and one small
   * write per film left the import waiting on it more than working. Resolves when the stream can take
   * more, so a fast producer waits for the disk.
   */
  async write(film: Film): Promise<void> {
    const line = (this.#count === 0 ? '' : ',\n') + JSON.stringify(compactFilm(film));
    this.#count += 1;
    this.#pending.push(line);
    this.#pendingSize += line.length;
    if (this.#pendingSize >= BATCH_CHARS) await this.#flush();
  }

  async #flush(): Promise<void> {
    const text = this.#pending.join('');
    this.#pending = [];
    this.#pendingSize = 0;
    if (!this.#out.write(text)) await once(this.#out, 'drain');
  }

  async finish(options: { keepBackup?: boolean } = {}): Promise<void> {
    await this.#flush();
    this.#out.end('\n]\n');
    await once(this.#file, 'close');
    const handle = await open(this.#temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.keepBackup) {
      try {
        await copyFile(this.path, `${this.path}.bak`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    await rename(this.#temp, this.path);
    await syncDirectory(dirname(this.path));
  }

  async abort(): Promise<void> {
    this.#out.destroy();
    this.#file.destroy();
    await rm(this.#temp, { force: true });
  }
}
