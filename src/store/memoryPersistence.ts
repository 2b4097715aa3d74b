import type { Change } from './layout.js';
import type { RecordPersistence } from './recordStore.js';

type Doc = Readonly<Record<string, unknown>>;

/**
 * Keeps each server's last committed document in memory. Every commit's changes go through JSON, as a real
 * backend's would: values that do not survive serialization (Dates, undefined in lists, class instances) fail
 * in fast unit tests instead of only on disk.
 */
export class MemoryPersistence implements RecordPersistence {
  readonly #documents = new Map<string, Doc>();

  async load(guildId: string): Promise<Doc | undefined> {
    return this.#documents.get(guildId);
  }

  async commit(guildId: string, changes: readonly Change[], after: Doc): Promise<void> {
    const text = JSON.stringify(changes);
    if (!isDeepJsonEqual(JSON.parse(text), changes)) throw new TypeError('A change holds values JSON cannot store');
    this.#documents.set(guildId, after);
  }

  async list(): Promise<string[]> {
    return [...this.#documents.keys()];
  }

  async close(): Promise<void> {}
}

function isDeepJsonEqual(parsed: unknown, original: unknown): boolean {
  if (original === undefined) return parsed === undefined || parsed === null;
  if (typeof original !== 'object' || original === null) return Object.is(parsed, original);
  if (Array.isArray(original)) {
    return Array.isArray(parsed) && parsed.length === original.length && original.every((item, i) => isDeepJsonEqual(parsed[i], item));
  }
  if (Object.getPrototypeOf(original) !== Object.prototype) return false;
  const record = parsed as Record<string, unknown>;
  return Object.entries(original).every(([key, value]) => (value === undefined ? !(key in record) : isDeepJsonEqual(record[key], value)));
}
