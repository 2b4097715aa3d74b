import type { GuildData } from './schema.js';

/** Deeply read-only view of stored data: what `read()` hands out must not be mutated (it is frozen at run time). */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Storage of per-server data. Everything (commands, domain modules) goes through this interface; the backends
 * (partitioned lowdb files, PostgreSQL, memory) sit under RecordStore and never show through.
 */
export interface GuildStore {
  /**
   * The guild's last durable state (defaults when nothing is stored yet). Read-only: never mutate it (writes
   * throw). Every record in it is immutable: a later write replaces a record, never changes it. The member maps
   * (`members`, `memberFilms`, `undo`: one entry per member) are live views, though: after a later write they
   * show that write's members too, so read what you need from one snapshot before awaiting anything, or keep the
   * records themselves. (Copying a map of thousands of members on every write would cost more than the write.)
   */
  read(guildId: string): Promise<DeepReadonly<GuildData>>;
  /**
   * Runs `fn` on a draft of the guild's data, serialized with every other update of that guild. The draft copies
   * a record only when `fn` reads it, and afterwards only the records that differ are validated (each against its
   * own schema, see Layout) and stored, so an update costs what it touches. Resolves with fn's return value only
   * once the change is durable. If fn throws, or a changed record fails its schema, or the write fails, nothing
   * changes and the returned promise rejects with that error. `fn` must be synchronous and should only change
   * `data`; logs such as `activity` may only be appended to or have items removed.
   */
  update<T>(guildId: string, fn: (data: GuildData) => T): Promise<T>;
  /**
   * One per-server record (a `value` shelf of the Layout, e.g. `parties`) as last stored, its default when nothing
   * is stored. Unlike `read`, it does not load the server when the backend can read that record alone (the
   * partitioned files read its own small file and the journal), so a start-up that only needs this record of every
   * server (the reminder schedule) does not grow with the servers' diaries. Optional: callers fall back to `read`.
   */
  readValue?(guildId: string, field: string): Promise<unknown>;
  /** Guilds that have stored data. */
  guildIds(): Promise<string[]>;
  /** Waits for pending updates, then releases the backend; later calls reject with StoreClosedError. */
  close(): Promise<void>;
}
