import { parseGuildData } from './guildData.js';
import type { GuildStore } from './GuildStore.js';
import type { GuildPersistence } from './persistence.js';
import type { GuildData } from './schema.js';
import { SerializedGuildStore } from './serializedStore.js';

/**
 * Keeps each guild as a JSON string, as a real backend would: values that do not survive serialization
 * (Dates, undefined, class instances) show up in fast unit tests instead of only with files on disk.
 */
export class MemoryPersistence implements GuildPersistence {
  readonly #documents = new Map<string, string>();

  async load(guildId: string): Promise<GuildData | undefined> {
    const text = this.#documents.get(guildId);
    return text === undefined ? undefined : parseGuildData(JSON.parse(text), `memory:${guildId}`);
  }

  async save(guildId: string, data: GuildData): Promise<void> {
    this.#documents.set(guildId, JSON.stringify(data));
  }

  async list(): Promise<string[]> {
    return [...this.#documents.keys()];
  }

  async close(): Promise<void> {}
}

/** A store that lives and dies with the process: for tests and the playground. */
export function createMemoryGuildStore(): GuildStore {
  return new SerializedGuildStore(new MemoryPersistence());
}
