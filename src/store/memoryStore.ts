import type { GuildStore } from './GuildStore.js';
import { MemoryPersistence } from './memoryPersistence.js';
import { RecordStore } from './recordStore.js';
import { guildLayout } from './schema.js';

export { MemoryPersistence };

/** A store that lives and dies with the process: for tests and the playground. */
export function createMemoryGuildStore(): GuildStore {
  return new RecordStore(guildLayout(), new MemoryPersistence());
}
