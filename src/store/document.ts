import type { Change, Layout, Shelf } from './layout.js';
import { isLogView, type LogSpan, logSpanOf, logView } from './logView.js';

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

/** Dead items a log's backing may hold before it is compacted (see #applyLog). */
const COMPACT_AFTER = 1024;

/** A log's items as a span: a view's own, or a plain array's (copied once, the first time a batch changes it). */
function spanOf(items: readonly unknown[]): LogSpan {
  return logSpanOf(items) ?? { backing: [...items], start: 0, end: items.length };
}

/** A member removed by the batch (the overlay's marker). */
const REMOVED = Symbol('removed');

/**
 * Applies the changes of a whole write batch (hundreds of updates in a burst) to one working copy of the
 * document. Each log and each member's map on a changed record's path is copied once per batch, the first time
 * it is touched, and changed in place afterwards. The members' maps themselves (a keyed shelf's first level, one
 * entry per member: thousands at a million diary entries) are never copied: the batch keeps the members it
 * changes in an overlay, which `overlays()` hands to the store to write into its live map once the batch is
 * durable (copying a 10,000-key object costs tens of milliseconds). `current` is what the batch's next update
 * reads (never mutate it from outside). `base` is never changed.
 */
export class DocumentBuilder {
  readonly #layout: Layout;
  readonly #replay: boolean;
  readonly #base: Readonly<Plain>;
  #next: Plain | undefined;
  /** Member maps copied in this batch (ours to change in place). */
  readonly #copied = new Set<object>();
  /** Per keyed shelf: the members this batch changed → their new map or record (REMOVED: gone). */
  readonly #overlays = new Map<string, Map<string, unknown>>();
  /** Per log changed in this batch: where its items now are. */
  readonly #logs = new Map<string, LogSpan>();
  /** With replay: ids present in each log touched, kept up to date as items come and go. */
  readonly #present = new Map<string, Set<string>>();

  constructor(layout: Layout, base: Readonly<Plain>, options: { replay?: boolean } = {}) {
    this.#layout = layout;
    this.#base = base;
    this.#replay = options.replay ?? false;
  }

  /** Keyed shelves changed since `current` was last read, whose merged view it has yet to build. */
  readonly #unviewed = new Set<string>();

  get current(): Readonly<Plain> {
    // The views are built only when a next update reads them: a batch of one (a lone write) never does.
    for (const field of this.#unviewed) this.#next![field] = mergedView(this.#base[field] as Plain, this.#overlays.get(field)!);
    this.#unviewed.clear();
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
      else this.#applyKeyed(change);
    });
  }

  /**
   * The members each keyed shelf's batch changed: key → new value, undefined when removed. The store writes
   * them into its live member maps once the batch is durable.
   */
  overlays(): Map<string, Map<string, unknown>> {
    const result = new Map<string, Map<string, unknown>>();
    for (const [field, overlay] of this.#overlays) {
      result.set(field, new Map([...overlay].map(([key, value]) => [key, value === REMOVED ? undefined : value])));
    }
    return result;
  }

  /**
   * The batch's document, frozen, with the keyed shelves' member maps as `members(field, overlay)` gives them:
   * by default a copy of the base's map with the overlay applied (loading, tests); the store passes its live maps.
   */
  finish(members?: (field: string, overlay: ReadonlyMap<string, unknown>) => unknown, seal: (document: Plain) => Readonly<Plain> = Object.freeze): Readonly<Plain> {
    if (!this.#next) return this.#base;
    this.#unviewed.clear();
    for (const object of this.#copied) Object.freeze(object);
    this.#copied.clear();
    const overlays = this.overlays();
    for (const [field, overlay] of overlays) {
      this.#next[field] = members ? members(field, overlay) : Object.freeze(withOverlay(this.#base[field] as Plain, overlay));
    }
    return seal(this.#next);
  }

  /**
   * Appends and removals on a log cost what they change: the batch extends the backing its base shares with
   * earlier snapshots (see logView), so the feed is not copied per batch. Each change leaves a fresh view in
   * `next`, which is what the batch's next update reads.
   */
  #applyLog(next: Plain, shelf: Extract<Shelf, { kind: 'log' }>, change: Extract<Change, { kind: 'log' }>): void {
    let span = this.#logs.get(change.field) ?? spanOf(next[change.field] as readonly unknown[]);
    const present = this.#replay ? this.#presentIds(shelf, span) : undefined;
    if (change.removed.length) {
      // Usually the oldest items go (the log is capped): drop them from the front without looking further.
      let from = 0;
      while (from < change.removed.length && span.start + from < span.end && shelf.id(span.backing[span.start + from]) === change.removed[from]) from++;
      span = { backing: span.backing, start: span.start + from, end: span.end };
      if (from < change.removed.length) {
        // Removing from the middle (an undo): a new backing, so no snapshot's items move.
        const removed = new Set(change.removed.slice(from));
        const kept: unknown[] = [];
        for (let i = span.start; i < span.end; i++) if (!removed.has(shelf.id(span.backing[i]))) kept.push(span.backing[i]);
        span = { backing: kept, start: 0, end: kept.length };
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
      // Items past `end` belong to a batch that was never committed (or to another builder): leave them alone.
      if (span.backing.length !== span.end) span = { backing: span.backing.slice(span.start, span.end), start: 0, end: span.end - span.start };
      span.backing.push(deepFreeze(item));
      span = { backing: span.backing, start: span.start, end: span.end + 1 };
    }
    // Dropped items stay in the backing until more than half of it is dead; then the live ones move to a new one.
    if (span.start > COMPACT_AFTER && span.start * 2 > span.backing.length) span = { backing: span.backing.slice(span.start, span.end), start: 0, end: span.end - span.start };
    this.#logs.set(change.field, span);
    next[change.field] = logView(span);
  }

  #presentIds(shelf: Extract<Shelf, { kind: 'log' }>, span: LogSpan): Set<string> {
    let ids = this.#present.get(shelf.field);
    if (!ids) {
      ids = new Set();
      for (let i = span.start; i < span.end; i++) ids.add(shelf.id(span.backing[i]));
      this.#present.set(shelf.field, ids);
    }
    return ids;
  }

  /** The overlay of a keyed shelf; after the first change, `current` shows a merged view of it. */
  #overlay(field: string): Map<string, unknown> {
    let overlay = this.#overlays.get(field);
    if (!overlay) {
      overlay = new Map();
      this.#overlays.set(field, overlay);
      this.#unviewed.add(field);
    }
    return overlay;
  }

  #applyKeyed(change: Extract<Change, { kind: 'keyed' }>): void {
    const [member, key] = change.key as [string, string | undefined];
    const overlay = this.#overlay(change.field);
    if (key === undefined) {
      overlay.set(member, change.value === undefined ? REMOVED : deepFreeze(change.value));
      return;
    }
    const current = overlay.has(member) ? overlay.get(member) : ownValue(this.#base[change.field] as Plain, member);
    const stored = current === REMOVED ? undefined : (current as Plain | undefined);
    if (change.value === undefined && (!stored || !Object.hasOwn(stored, key))) return;
    let map = stored;
    if (!map || !this.#copied.has(map)) {
      // Object.assign, not spread: spreading a map whose keys no other object shares builds a hidden class per
      // key (~35 KB and ~0.5 ms for a member's 100 films, measured); assign makes a plain dictionary copy.
      map = Object.assign({}, map);
      this.#copied.add(map);
      overlay.set(member, map);
    }
    if (change.value === undefined) {
      delete map[key];
      // A member with no records left has no entry at all, as if never stored.
      if (isEmpty(map)) overlay.set(member, REMOVED);
    } else map[key] = deepFreeze(change.value);
  }
}

function ownValue(map: Plain, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A copy of `map` with the batch's members written in (undefined: removed). */
export function withOverlay(map: Plain, overlay: ReadonlyMap<string, unknown>): Plain {
  const copy = Object.assign({}, map);
  writeOverlay(copy, overlay);
  return copy;
}

/** Writes the batch's members into a live map, in place. */
export function writeOverlay(map: Plain, overlay: ReadonlyMap<string, unknown>): void {
  for (const [key, value] of overlay) {
    if (value === undefined) delete map[key];
    else map[key] = value;
  }
}

/** What the batch's next update sees of a member map: the batch's members over the stored ones. */
function mergedView(base: Plain, overlay: Map<string, unknown>): Plain {
  const has = (key: string | symbol) =>
    typeof key === 'string' && (overlay.has(key) ? overlay.get(key) !== REMOVED : Object.hasOwn(base, key));
  const get = (key: string) => (overlay.has(key) ? (overlay.get(key) === REMOVED ? undefined : overlay.get(key)) : ownValue(base, key));
  const refuse = () => {
    throw new TypeError('Stored data is read-only; change it through GuildStore.update');
  };
  return new Proxy({} as Plain, {
    get: (_target, key) => (typeof key === 'string' ? get(key) : undefined),
    has: (_target, key) => has(key),
    ownKeys: () => {
      const keys = Object.keys(base).filter((key) => overlay.get(key) !== REMOVED);
      for (const [key, value] of overlay) if (value !== REMOVED && !Object.hasOwn(base, key)) keys.push(key);
      return keys;
    },
    getOwnPropertyDescriptor: (_target, key) =>
      has(key) ? { value: get(key as string), writable: false, enumerable: true, configurable: true } : undefined,
    set: refuse,
    deleteProperty: refuse,
    defineProperty: refuse,
  });
}

const READ_ONLY: ProxyHandler<Plain> = {
  set: () => {
    throw new TypeError('Stored data is read-only; change it through GuildStore.update');
  },
  deleteProperty: () => {
    throw new TypeError('Stored data is read-only; change it through GuildStore.update');
  },
  defineProperty: () => {
    throw new TypeError('Stored data is read-only; change it through GuildStore.update');
  },
  setPrototypeOf: () => false,
  preventExtensions: () => false,
};

/**
 * A read-only view of a live member map: readers get it in every snapshot, the store writes each durable batch's
 * members into the map behind it.
 */
export function readOnlyView(map: Plain): Plain {
  const view = new Proxy(map, READ_ONLY);
  views.add(view);
  return view;
}

/** Views are not frozen (their map changes) and must not be: deepFreeze leaves them alone. */
const views = new WeakSet<object>();

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !views.has(value) && !isLogView(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function isEmpty(map: Plain): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return false;
  return true;
}
