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
  const builder = new DocumentBuilder(layout, document, options);
  builder.apply(changes);
  return builder.finish();
}

/**
 * Applies the changes of a whole write batch (hundreds of updates in a burst) to one working copy of the
 * document: each map on a changed record's path and each changed log is copied once per batch, the first time it
 * is touched, and changed in place afterwards. Copying per update instead would copy the server's member map and
 * its 10,000-event feed once per press. `current` is what the batch's next update reads (never mutate it from
 * outside); `finish()` freezes it and returns it as the new snapshot. `base` is never changed.
 */
export class DocumentBuilder {
  readonly #layout: Layout;
  readonly #replay: boolean;
  readonly #base: Readonly<Plain>;
  #next: Plain | undefined;
  /** Maps and logs copied in this batch (ours to change in place). */
  readonly #copied = new Set<object>();
  /** With replay: ids present in each log touched, kept up to date as items come and go. */
  readonly #present = new Map<string, Set<string>>();

  constructor(layout: Layout, base: Readonly<Plain>, options: { replay?: boolean } = {}) {
    this.#layout = layout;
    this.#base = base;
    this.#replay = options.replay ?? false;
  }

  get current(): Readonly<Plain> {
    return this.#next ?? this.#base;
  }

  apply(changes: readonly Change[]): void {
    const shelves = changes.map((change) => {
      const shelf = this.#layout.shelves.find((candidate) => candidate.field === change.field);
      if (!shelf || shelf.kind !== change.kind) throw new Error(`No ${change.kind} shelf ${change.field} in this layout`);
      return shelf;
    });
    if (changes.length === 0) return;
    const next = (this.#next ??= { ...this.#base });
    changes.forEach((change, i) => {
      if (change.kind === 'value') next[change.field] = deepFreeze(change.value);
      else if (change.kind === 'log') this.#applyLog(next, shelves[i] as Extract<Shelf, { kind: 'log' }>, change);
      else this.#applyKeyed(next, change);
    });
  }

  /** The batch's result, frozen (the base itself when nothing changed). */
  finish(): Readonly<Plain> {
    if (!this.#next) return this.#base;
    for (const object of this.#copied) Object.freeze(object);
    this.#copied.clear();
    return Object.freeze(this.#next);
  }

  #writable(owner: Plain, key: string, fallback: Plain | unknown[] = {}): Plain {
    const current = Object.hasOwn(owner, key) ? (owner[key] as Plain | undefined) : undefined;
    if (current && this.#copied.has(current)) return current;
    const copy = Array.isArray(current) ? [...current] : { ...(current ?? fallback) };
    this.#copied.add(copy);
    owner[key] = copy;
    return copy as Plain;
  }

  #applyLog(next: Plain, shelf: Extract<Shelf, { kind: 'log' }>, change: Extract<Change, { kind: 'log' }>): void {
    const items = this.#writable(next, change.field) as unknown as unknown[];
    const present = this.#replay ? this.#presentIds(shelf, items) : undefined;
    if (change.removed.length) {
      // Usually the oldest items go (the log is capped): drop them from the front without looking further.
      let from = 0;
      while (from < change.removed.length && from < items.length && shelf.id(items[from]) === change.removed[from]) from++;
      items.splice(0, from);
      if (from < change.removed.length) {
        const removed = new Set(change.removed.slice(from));
        let kept = 0;
        for (const item of items) if (!removed.has(shelf.id(item))) items[kept++] = item;
        items.length = kept;
      }
      if (present) for (const id of change.removed) present.delete(id);
    }
    for (const item of change.added) {
      // Ids come from the server's counter, so outside replay an added item is never already there.
      if (present) {
        const id = shelf.id(item);
        if (present.has(id)) continue;
        present.add(id);
      }
      items.push(deepFreeze(item));
    }
  }

  #presentIds(shelf: Extract<Shelf, { kind: 'log' }>, items: unknown[]): Set<string> {
    let ids = this.#present.get(shelf.field);
    if (!ids) this.#present.set(shelf.field, (ids = new Set(items.map(shelf.id))));
    return ids;
  }

  #applyKeyed(next: Plain, change: Extract<Change, { kind: 'keyed' }>): void {
    const path = change.key;
    const leaf = path.at(-1)!;
    if (change.value === undefined) {
      // Deleting: nothing to do when a map on the path is missing.
      let node = next[change.field] as Plain | undefined;
      for (const part of path) {
        if (!node || !Object.hasOwn(node, part)) return;
        node = node[part] as Plain | undefined;
      }
    }
    let map = this.#writable(next, change.field);
    const parents: [Plain, string][] = [];
    for (const part of path.slice(0, -1)) {
      parents.push([map, part]);
      map = this.#writable(map, part);
    }
    if (change.value === undefined) delete map[leaf];
    else map[leaf] = deepFreeze(change.value);
    // A member with no records left has no entry at all, as if never stored.
    for (let i = parents.length - 1; i >= 0 && change.value === undefined && isEmpty(map); i--) {
      const [owner, key] = parents[i]!;
      delete owner[key];
      map = owner;
    }
  }
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function isEmpty(map: Plain): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return false;
  return true;
}
