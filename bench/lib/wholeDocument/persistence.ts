import type { GuildData } from '../../../src/store/schema.js';

/**
 * What a backend must provide to be wrapped by SerializedGuildStore: whole-document load and save of one guild.
 * The wrapper does the serialization, validation and failure atomicity; a backend only has to make `save`
 * all-or-nothing and durable when it resolves.
 */
export interface GuildPersistence {
  /** The stored document, validated (see parseGuildData), or undefined when the guild has none yet. */
  load(guildId: string): Promise<GuildData | undefined>;
  /** Stores the whole document atomically; durable when the promise resolves. Never called concurrently for one guild. */
  save(guildId: string, data: GuildData): Promise<void>;
  list(): Promise<string[]>;
  close(): Promise<void>;
}
