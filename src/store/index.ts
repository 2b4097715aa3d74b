export type { DeepReadonly, GuildStore } from './GuildStore.js';
export type { Change, Layout, Shelf } from './layout.js';
export { lineageOf, membersChangedBetween, RecordStore, type RecordPersistence } from './recordStore.js';
export { createMemoryGuildStore, MemoryPersistence } from './memoryStore.js';
export { openFileGuildStore, type FileStoreOptions } from './fileStore.js';
export { DurableJsonFile } from './durableJsonFile.js';
export { CorruptGuildDataError, InvalidGuildIdError, StoreClosedError } from './errors.js';
export { assertGuildId, parseGuildData } from './guildData.js';
export * from './schema.js';
