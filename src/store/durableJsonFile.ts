import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { CorruptGuildDataError } from './errors.js';

/**
 * A lowdb adapter whose write is durable when it resolves. lowdb's JSONFile writes through steno, which
 * writes a temp file and renames it but never fsyncs, so an acknowledged write could still be lost on power
 * failure. Here: write the temp file, fsync it, rename it over the target, fsync the directory (the rename
 * itself lives in the directory). A crash at any point leaves either the old or the new file, never a mix.
 *
 * Callers must not write the same file concurrently (the file store writes a partition from one checkpoint at a time).
 */
export class DurableJsonFile implements Adapter<unknown> {
  readonly #path: string;
  readonly #tempPath: string;
  readonly #syncDirectory: boolean;

  /** `syncDirectory: false` when the caller renames several files and syncs their directory once itself. */
  constructor(path: string, options: { syncDirectory?: boolean } = {}) {
    this.#path = path;
    this.#tempPath = join(dirname(path), `.${basename(path)}.tmp`);
    this.#syncDirectory = options.syncDirectory ?? true;
  }

  get path(): string {
    return this.#path;
  }

  /** The parsed JSON object, or null when the file does not exist. Anything else throws CorruptGuildDataError. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CorruptGuildDataError(this.#path, `not valid JSON (${(error as Error).message})`);
    }
    // lowdb's Low.read() ignores falsy data, which would let the next write replace a file holding `null` or `0`.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new CorruptGuildDataError(this.#path, 'expected a JSON object');
    }
    return parsed;
  }

  async write(data: unknown): Promise<void> {
    // Indented so an operator can read and, if need be, repair the file by hand.
    const text = JSON.stringify(data, null, 2) + '\n';
    const file = await open(this.#tempPath, 'w', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.#tempPath, this.#path);
    if (this.#syncDirectory) await syncDirectory(dirname(this.#path));
  }
}

/** Makes a rename or file creation in `dir` durable. Some platforms cannot open directories; nothing to do there. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!['EINVAL', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
