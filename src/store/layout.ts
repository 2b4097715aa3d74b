import type { ZodType } from 'zod';

/**
 * How one field of a server's data is stored: the unit a write touches, validates and persists. Features declare
 * their shelves; the store knows nothing else about them.
 *
 * - `value`: one small record per server (settings, lists, parties…), validated and stored whole, in its own file.
 * - `keyed`: a map of records keyed by member id (and, with two keys, by a second id under it: a member's record
 *   of a film). Each record is validated alone; every keyed shelf of one member lives in that member's partition.
 * - `log`: an append-only list, oldest first, whose items carry a unique id; items are added at the end or
 *   removed, never changed in place.
 */
export type Shelf =
  | { kind: 'value'; field: string; schema: ZodType }
  | { kind: 'keyed'; field: string; keys: readonly [ZodType] | readonly [ZodType, ZodType]; value: ZodType }
  | { kind: 'log'; field: string; item: ZodType; id: (item: unknown) => string };

export interface Layout {
  /** Stored beside the data; a store refuses data written with a newer version. */
  version: number;
  shelves: readonly Shelf[];
}

/** One record changed by a write, already validated (`value` undefined: deleted). */
export type Change =
  | { kind: 'value'; field: string; value: unknown }
  | { kind: 'keyed'; field: string; key: readonly string[]; value: unknown }
  | { kind: 'log'; field: string; added: readonly unknown[]; removed: readonly string[] };

/** The member (first key) whose partition a change belongs to, if any. */
export function partitionOf(change: Change): string | undefined {
  return change.kind === 'keyed' ? change.key[0] : undefined;
}
