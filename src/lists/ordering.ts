/**
 * The ordering invariant of a list: the entry at index i has position i + 1, so positions are always 1..n with
 * no gap and no repeat. Every change goes through these functions, which edit the array and renumber it; the
 * schema (./schema.ts) rejects any stored list that breaks the invariant.
 */

interface Positioned {
  filmId: string;
  position: number;
}

export interface Placement {
  /** Where it ended up. */
  position: number;
  /** What was asked, when it was out of range and had to be clamped. */
  requested?: number;
  clamped: boolean;
}

/** `requested` brought into 1..max (a Discord integer option can carry anything; clamping is said in the result). */
export function clampPosition(requested: number | undefined, max: number): Placement {
  if (requested === undefined) return { position: max, clamped: false };
  const position = Math.min(max, Math.max(1, requested));
  return position === requested ? { position, clamped: false } : { position, requested, clamped: true };
}

export function renumber(entries: Positioned[], from = 0): void {
  for (let index = from; index < entries.length; index++) entries[index]!.position = index + 1;
}

/** Inserts at `requested` (1..n+1, clamped), or at the end without one. */
export function insertEntry<T extends Positioned>(entries: T[], entry: T, requested?: number): Placement {
  const placement = clampPosition(requested, entries.length + 1);
  entries.splice(placement.position - 1, 0, entry);
  renumber(entries, placement.position - 1);
  return placement;
}

/** Removes a film; returns the entry with the position it had, or undefined when it is not in the list. */
export function removeEntry<T extends Positioned>(entries: T[], filmId: string): { entry: T; position: number } | undefined {
  const index = entries.findIndex((entry) => entry.filmId === filmId);
  if (index < 0) return undefined;
  const [entry] = entries.splice(index, 1);
  renumber(entries, index);
  return { entry: entry!, position: index + 1 };
}

/** Moves a film to `requested` (clamped to 1..n); undefined when the film is not in the list. */
export function moveEntry<T extends Positioned>(entries: T[], filmId: string, requested: number): (Placement & { from: number }) | undefined {
  const index = entries.findIndex((entry) => entry.filmId === filmId);
  if (index < 0) return undefined;
  const placement = clampPosition(requested, entries.length);
  const [entry] = entries.splice(index, 1);
  entries.splice(placement.position - 1, 0, entry!);
  renumber(entries, Math.min(index, placement.position - 1));
  return { ...placement, from: index + 1 };
}

/** True when positions are exactly 1..n in array order. */
export function isContiguous(entries: readonly { readonly position: number }[]): boolean {
  return entries.every((entry, index) => entry.position === index + 1);
}
