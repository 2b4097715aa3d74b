import type { GuildData } from './schema.js';

/** Deeply read-only view of stored data: what `read()` hands out must not be mutated (it is frozen at run time). */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Storage of per-server data. Everything (commands, domain modules) goes through this interface, so a second
 * backend (PostgreSQL) can replace the lowdb one without touching callers.
 */
export interface GuildStore {
  /** The guild's last durable state (defaults when nothing is stored yet). Frozen: never mutate it. */
  read(guildId: string): Promise<DeepReadonly<GuildData>>;
  /**
   * Runs `fn` on a private copy of the guild's data, serialized with every other update of that guild, then
   * validates the result and stores it. Resolves with fn's return value only once the change is durable (on disk
   * for the file backend). If fn throws, or the result fails the schema, or the write fails, nothing changes and
   * the returned promise rejects with that error. `fn` must be synchronous and should only change `data`: in the
   * rare case where an update of the same write batch produces data the schema rejects (a bug), the batch is
   * re-applied one update at a time, so `fn` may run twice.
   */
  update<T>(guildId: string, fn: (data: GuildData) => T): Promise<T>;
  /** Guilds that have stored data. */
  guildIds(): Promise<string[]>;
  /** Waits for pending updates, then releases the backend; later calls reject with StoreClosedError. */
  close(): Promise<void>;
}
