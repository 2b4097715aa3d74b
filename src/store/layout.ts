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
 *
 * A value shelf may say which entries inside it hold ranked places (`ordered`: a list's films and their positions).
 * The schema already keeps positions unique in one record; a database backend also keeps those entries as rows with
 * a uniqueness constraint, so that no writer (another process on a stale copy, a future bug) can store two entries
 * at one place.
 */
export type Shelf =
  | { kind: 'value'; field: string; schema: ZodType; ordered?: (value: unknown) => Iterable<OrderedEntry> }
  | { kind: 'keyed'; field: string; keys: readonly [ZodType] | readonly [ZodType, ZodType]; value: ZodType }
  | { kind: 'log'; field: string; item: ZodType; id: (item: unknown) => string };

export interface Layout {
  /** Stored beside the data; a store refuses data written with a newer version. */
  version: number;
  shelves: readonly Shelf[];
}

/** An entry of a value shelf at a ranked place: `position` is unique among the entries of one `group`, `item` too. */
export interface OrderedEntry {
  group: string;
  item: string;
  position: number;
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
