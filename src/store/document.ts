import type { Change, Layout, Shelf } from './layout.js';

type Plain = Record<string, unknown>;

/** A server's data with nothing stored yet: every shelf at its default. */
export function emptyDocument(layout: Layout): Plain {
  const document: Plain = { version: layout.version };
  for (const shelf of layout.shelves) document[shelf.field] = emptyShelf(shelf);
  return document;
}

export function emptyShelf(shelf: Shelf): unknown {
  return shelf.kind === 'value' ? shelf.schema.parse(undefined) : shelf.kind === 'log' ? [] : {};
}

/**
 * The document after `changes`, sharing every untouched record with `document` (copy on write): a change costs
 * copies of the maps on its path, not of the server. The result is frozen like its input; `document` is unchanged.
 * Changes must be validated already (see Draft). With `replay`, a log item already present is not added again, so
 * applying journal changes over partitions that already hold some of them gives the same result.
 */
export function applyChanges(layout: Layout, document: Readonly<Plain>, changes: readonly Change[], options: { replay?: boolean } = {}): Readonly<Plain> {
  if (changes.length === 0) return document;
  const next: Plain = { ...document };
  const copied = new Set<object>();
  const writable = (map: Plain, owner: Plain, key: string): Plain => {
    if (copied.has(map)) return map;
    const copy = { ...map };
    copied.add(copy);
    owner[key] = copy;
    return copy;
  };
  for (const change of changes) {
    const shelf = layout.shelves.find((candidate) => candidate.field === change.field);
    if (!shelf) throw new Error(`No shelf ${change.field} in this layout`);
    if (change.kind === 'value') {
      next[change.field] = deepFreeze(change.value);
    } else if (change.kind === 'log') {
      const id = (shelf as Extract<Shelf, { kind: 'log' }>).id;
      const items = next[change.field] as unknown[];
      // Usually the oldest items go (the log is capped): skip them without looking further.
      let from = 0;
      while (from < change.removed.length && from < items.length && id(items[from]) === change.removed[from]) from++;
      const removed = new Set(change.removed.slice(from));
      const kept: unknown[] = [];
      for (let i = from; i < items.length; i++) if (!removed.size || !removed.has(id(items[i]))) kept.push(items[i]);
      // Ids come from the server's counter, so outside replay an added item is never already there.
      const present = options.replay && change.added.length ? new Set(kept.map(id)) : undefined;
      for (const item of change.added) if (!present?.has(id(item))) kept.push(deepFreeze(item));
      next[change.field] = kept;
    } else {
      let map = writable(next[change.field] as Plain, next, change.field);
      const path = change.key;
      const parents: [Plain, string][] = [];
      for (const part of path.slice(0, -1)) {
        const child = (Object.hasOwn(map, part) ? map[part] : undefined) as Plain | undefined;
        if (child === undefined && change.value === undefined) break;
        parents.push([map, part]);
        map = writable(child ?? {}, map, part);
      }
      const leaf = path.at(-1)!;
      if (parents.length < path.length - 1) continue; // deleting under a key that is not there
      if (change.value === undefined) delete map[leaf];
      else map[leaf] = deepFreeze(change.value);
      // A member with no records left has no entry at all, as if never stored.
      for (let i = parents.length - 1; i >= 0 && Object.keys(map).length === 0; i--) {
        const [owner, key] = parents[i]!;
        delete owner[key];
        map = owner;
      }
    }
  }
  for (const map of copied) Object.freeze(map);
  for (const shelf of layout.shelves) if (shelf.kind === 'log') Object.freeze(next[shelf.field]);
  return Object.freeze(next);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
