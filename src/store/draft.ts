import type { z } from 'zod';
import { cloneJson } from './cloneJson.js';
import type { Change, Layout, Shelf } from './layout.js';

type Doc = Readonly<Record<string, unknown>>;
type Plain = Record<string, unknown>;

const DELETED = Symbol('deleted');

/** One shelf as an update sees it, set up the first time the update reads or assigns it. */
interface Mounted {
  get(): unknown;
  set(value: unknown): void;
  /** The validated changes made through it (throws, naming the record, when one fails its schema). */
  changes(): Change[];
}

/** Each layout's shelves by field, with their place in the layout (changes are reported in layout order). */
const shelfIndexes = new WeakMap<Layout, Map<string, number>>();

function shelfIndex(layout: Layout): Map<string, number> {
  let index = shelfIndexes.get(layout);
  if (!index) {
    index = new Map(layout.shelves.map((shelf, i) => [shelf.field, i]));
    shelfIndexes.set(layout, index);
  }
  return index;
}

/** The draft behind each document proxy's target. */
const drafts = new WeakMap<object, Draft>();

/**
 * A writable view of a server's data for one update, that copies only what the update touches and reports the
 * records it changed. A record is copied when it is first read through the draft (so the update can change it in
 * place), and compared with the stored one at the end: only records that really differ become changes, each
 * validated alone against its shelf's schema. So an update costs what it touches, not the size of the server.
 *
 * The document is a proxy with one handler for every draft, and a shelf is set up only when the update first
 * reads or assigns it: a recorded watch touches five of the layout's fifteen shelves, and defining an accessor
 * per shelf per update (a closure and a hidden class each) was a fifth of a burst's CPU time, measured.
 */
export class Draft {
  readonly document: Plain;
  readonly #layout: Layout;
  readonly #base: Doc;
  readonly #index: Map<string, number>;
  readonly #mounted: (Mounted | undefined)[];

  constructor(layout: Layout, base: Doc) {
    this.#layout = layout;
    this.#base = base;
    this.#index = shelfIndex(layout);
    this.#mounted = new Array<Mounted | undefined>(layout.shelves.length);
    const target = {} as Plain;
    drafts.set(target, this);
    this.document = new Proxy(target, DRAFT_HANDLER);
  }

  /** The validated changes the update made; throws (naming the record) when one fails its schema. */
  changes(): Change[] {
    const changes: Change[] = [];
    for (const mounted of this.#mounted) if (mounted) for (const change of mounted.changes()) changes.push(change);
    return changes;
  }

  static handler: ProxyHandler<Plain> = {
    get: (target, key, receiver) => {
      const draft = drafts.get(target)!;
      if (key === 'version') return draft.#base['version'];
      const mounted = typeof key === 'string' ? draft.#shelf(key) : undefined;
      return mounted ? mounted.get() : Reflect.get(target, key, receiver);
    },
    set: (target, key, value, receiver) => {
      const draft = drafts.get(target)!;
      if (key === 'version') {
        if (value !== draft.#base['version']) throw new TypeError(`The data's version is ${String(draft.#base['version'])}; it cannot be set to ${String(value)}`);
        return true;
      }
      const mounted = typeof key === 'string' ? draft.#shelf(key) : undefined;
      if (!mounted) return Reflect.set(target, key, value, receiver);
      mounted.set(value);
      return true;
    },
    has: (target, key) => key === 'version' || (typeof key === 'string' && drafts.get(target)!.#index.has(key)) || Reflect.has(target, key),
    ownKeys: (target) => ['version', ...drafts.get(target)!.#index.keys(), ...Reflect.ownKeys(target)],
    getOwnPropertyDescriptor: (target, key) => {
      const draft = drafts.get(target)!;
      if (key !== 'version' && (typeof key !== 'string' || !draft.#index.has(key))) return Reflect.getOwnPropertyDescriptor(target, key);
      // Shelves look like the accessors they stand for: enumerable, neither deletable nor redefinable.
      const proxy = draft.document;
      return { get: () => proxy[key], set: (value: unknown) => void (proxy[key] = value), enumerable: true, configurable: true };
    },
    deleteProperty: (target, key) => (key === 'version' || (typeof key === 'string' && drafts.get(target)!.#index.has(key)) ? false : Reflect.deleteProperty(target, key)),
    defineProperty: (target, key, descriptor) =>
      key === 'version' || (typeof key === 'string' && drafts.get(target)!.#index.has(key)) ? false : Reflect.defineProperty(target, key, descriptor),
  };

  #shelf(field: string): Mounted | undefined {
    const i = this.#index.get(field);
    if (i === undefined) return undefined;
    return (this.#mounted[i] ??= mount(this.#layout.shelves[i]!, this.#base[field]));
  }
}

const DRAFT_HANDLER = Draft.handler;

function mount(shelf: Shelf, base: unknown): Mounted {
  switch (shelf.kind) {
    case 'value': {
      let current: unknown;
      let touched = false;
      return {
        get: () => {
          if (!touched) [current, touched] = [cloneJson(base), true];
          return current;
        },
        set: (value) => ([current, touched] = [value, true]),
        changes: () => {
          if (!touched) return [];
          const value = parse(shelf.schema, current, shelf.field);
          return sameJson(value, base) ? [] : [{ kind: 'value', field: shelf.field, value }];
        },
      };
    }
    case 'log': {
      let view: LogView | undefined;
      let replaced: unknown[] | undefined;
      return {
        get: () => replaced ?? (view ??= new LogView(base as readonly unknown[])).proxy,
        set: (value) => (replaced = value as unknown[]),
        changes: () => {
          if (replaced !== undefined) return diffLog(shelf, base as readonly unknown[], replaced);
          return view ? view.changes(shelf) : [];
        },
      };
    }
    case 'keyed': {
      let level = new KeyedLevel(base as Plain, shelf.keys.length);
      let replaced: unknown;
      return {
        get: () => (replaced !== undefined ? replaced : level.proxy),
        set: (value) => {
          // A whole new map: every stored record of the shelf is compared with it.
          replaced = value;
          level = new KeyedLevel(base as Plain, shelf.keys.length);
        },
        changes: () => {
          const raw: { key: string[]; value: unknown }[] = [];
          if (replaced !== undefined) level.replaceAll(replaced, [], raw);
          else level.collect([], raw);
          return raw.flatMap(({ key, value }) => keyedChange(shelf, key, value, leafOf(base as Plain, key)));
        },
      };
    }
  }
}

/**
 * A log as the update sees it: an array whose common uses (append, drop the oldest, read by index) cost what they
 * change. Anything else (filter, sort, assigning an index…) first copies the log into the proxy's own array, and
 * the result is compared with the stored log at the end.
 */
class LogView {
  readonly #base: readonly unknown[];
  /** Items dropped from the front. */
  #dropped = 0;
  readonly #appended: unknown[] = [];
  readonly #target: unknown[] = [];
  #copied = false;
  readonly proxy: unknown[];

  constructor(base: readonly unknown[]) {
    this.#base = base;
    const keep = () => this.#base.length - this.#dropped;
    this.proxy = new Proxy(this.#target, {
      get: (target, key, receiver) => {
        if (this.#copied) return Reflect.get(target, key, receiver);
        if (key === 'length') return keep() + this.#appended.length;
        if (key === 'push') return (...items: unknown[]) => this.#appended.push(...items) + keep();
        if (key === 'splice') return (start: number, count: number, ...items: unknown[]) => this.#splice(start, count, items);
        if (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)) {
          const i = Number(key);
          return i < keep() ? this.#base[this.#dropped + i] : this.#appended[i - keep()];
        }
        this.#copy();
        return Reflect.get(target, key, receiver);
      },
      set: (target, key, value, receiver) => (this.#copy(), Reflect.set(target, key, value, receiver)),
      has: (target, key) => (this.#copy(), Reflect.has(target, key)),
      ownKeys: (target) => (this.#copy(), Reflect.ownKeys(target)),
      getOwnPropertyDescriptor: (target, key) => (this.#copy(), Reflect.getOwnPropertyDescriptor(target, key)),
      deleteProperty: (target, key) => (this.#copy(), Reflect.deleteProperty(target, key)),
      defineProperty: (target, key, descriptor) => (this.#copy(), Reflect.defineProperty(target, key, descriptor)),
    });
  }

  #splice(start: number, count: number, items: unknown[]): unknown[] {
    if (start === 0 && items.length === 0 && count >= 0 && count <= this.#base.length - this.#dropped) {
      // By index: the stored log may be a view whose methods would copy it whole (see logView).
      const removed: unknown[] = [];
      for (let i = this.#dropped; i < this.#dropped + count; i++) removed.push(this.#base[i]);
      this.#dropped += count;
      return removed;
    }
    this.#copy();
    return this.#target.splice(start, count, ...items);
  }

  #copy(): void {
    if (this.#copied) return;
    this.#copied = true;
    for (let i = this.#dropped; i < this.#base.length; i++) this.#target.push(this.#base[i]);
    for (const item of this.#appended) this.#target.push(item);
  }

  changes(shelf: Extract<Shelf, { kind: 'log' }>): Change[] {
    if (this.#copied) return diffLog(shelf, this.#base, this.#target);
    if (this.#dropped === 0 && this.#appended.length === 0) return [];
    const removed: string[] = [];
    for (let i = 0; i < this.#dropped; i++) removed.push(shelf.id(this.#base[i]));
    if (this.#appended.some((item) => Object.isFrozen(item))) return diffLog(shelf, this.#base, [...this.#base.slice(this.#dropped), ...this.#appended]);
    const added = this.#appended.map((item, i) => parse(shelf.item, item, `${shelf.field}[+${i}]`));
    return [{ kind: 'log', field: shelf.field, added, removed }];
  }
}

/** The level behind each proxy target. */
const levels = new WeakMap<object, KeyedLevel>();

/** One level of a keyed shelf (members → films): a proxy over the stored map that records what is touched. */
class KeyedLevel {
  readonly #base: Plain;
  readonly #depth: number;
  /** key → a copied leaf, a nested level, a replacing plain value, or DELETED. */
  readonly #overlay = new Map<string, unknown>();
  readonly proxy: Plain;

  constructor(base: Plain, depth: number) {
    this.#base = base;
    this.#depth = depth;
    // One handler for every level (a draft makes a level per member it touches): closures per proxy cost more
    // than the rest of a small update.
    const target = {} as Plain;
    levels.set(target, this);
    this.proxy = new Proxy(target, LEVEL_HANDLER);
  }

  static handler: ProxyHandler<Plain> = {
    get: (target, key) => (typeof key === 'string' ? levels.get(target)!.#get(key) : undefined),
    set: (target, key, value) => {
      if (typeof key !== 'string') return false;
      levels.get(target)!.#overlay.set(key, value === undefined ? DELETED : value);
      return true;
    },
    deleteProperty: (target, key) => {
      if (typeof key === 'string') levels.get(target)!.#overlay.set(key, DELETED);
      return true;
    },
    defineProperty: (target, key, descriptor) => {
      if (typeof key !== 'string' || !('value' in descriptor)) return false;
      levels.get(target)!.#overlay.set(key, descriptor.value === undefined ? DELETED : descriptor.value);
      return true;
    },
    has: (target, key) => typeof key === 'string' && levels.get(target)!.#has(key),
    ownKeys: (target) => levels.get(target)!.#keys(),
    getOwnPropertyDescriptor: (target, key) => {
      const level = levels.get(target)!;
      if (typeof key !== 'string' || !level.#has(key)) return undefined;
      // Listing keys must not copy every record: the value here is the stored one (frozen) unless already touched.
      const value = level.#overlay.has(key) ? level.#get(key) : level.#base[key];
      return { value, writable: true, enumerable: true, configurable: true };
    },
  };

  #has(key: string): boolean {
    const entry = this.#overlay.get(key);
    return entry !== undefined ? entry !== DELETED : Object.hasOwn(this.#base, key);
  }

  #keys(): string[] {
    const keys = Object.keys(this.#base).filter((key) => this.#overlay.get(key) !== DELETED);
    for (const [key, entry] of this.#overlay) if (entry !== DELETED && !Object.hasOwn(this.#base, key)) keys.push(key);
    return keys;
  }

  #get(key: string): unknown {
    const entry = this.#overlay.get(key);
    if (entry !== undefined) {
      if (entry === DELETED) return undefined;
      return entry instanceof KeyedLevel ? entry.proxy : entry;
    }
    if (!Object.hasOwn(this.#base, key)) return undefined;
    const stored = this.#base[key];
    if (this.#depth > 1) {
      const level = new KeyedLevel(stored as Plain, this.#depth - 1);
      this.#overlay.set(key, level);
      return level.proxy;
    }
    if (typeof stored !== 'object' || stored === null) return stored;
    const copy = cloneJson(stored);
    this.#overlay.set(key, copy);
    return copy;
  }

  /** Every leaf the update may have changed, with its full key and new value (undefined: deleted). */
  collect(prefix: string[], out: { key: string[]; value: unknown }[]): void {
    for (const [key, entry] of this.#overlay) {
      const path = [...prefix, key];
      const stored = Object.hasOwn(this.#base, key) ? this.#base[key] : undefined;
      if (entry instanceof KeyedLevel) entry.collect(path, out);
      else if (this.#depth === 1) out.push({ key: path, value: entry === DELETED ? undefined : entry });
      else new KeyedLevel((stored ?? {}) as Plain, this.#depth - 1).replaceAll(entry === DELETED ? {} : entry, path, out);
    }
  }

  /** This level's map replaced by `value` (a plain object): every stored and every new key is a candidate. */
  replaceAll(value: unknown, prefix: string[], out: { key: string[]; value: unknown }[]): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(`Expected a map of records at ${prefix.join('.') || 'the shelf'}`);
    }
    const next = value as Plain;
    for (const key of new Set([...Object.keys(this.#base), ...Object.keys(next)])) {
      const entry = Object.hasOwn(next, key) ? next[key] : undefined;
      this.#overlay.set(key, entry === undefined ? DELETED : entry);
    }
    this.collect(prefix, out);
  }
}

const LEVEL_HANDLER = KeyedLevel.handler;

function leafOf(base: Plain, key: readonly string[]): unknown {
  let node: unknown = base;
  for (const part of key) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Plain)[part];
  }
  return node;
}

function keyedChange(shelf: Extract<Shelf, { kind: 'keyed' }>, key: string[], value: unknown, stored: unknown): Change[] {
  key.forEach((part, i) => parse(shelf.keys[i]!, part, `${shelf.field} key ${JSON.stringify(part.slice(0, 40))}`));
  const where = `${shelf.field}.${key.join('.')}`;
  if (value === undefined) return stored === undefined ? [] : [{ kind: 'keyed', field: shelf.field, key, value: undefined }];
  const parsed = parse(shelf.value, value, where);
  return sameJson(parsed, stored) ? [] : [{ kind: 'keyed', field: shelf.field, key, value: parsed }];
}

/**
 * Log changes: items appended at the end and items removed. Existing items keep their order and cannot change
 * (they are frozen), so one pass over both lists finds the difference.
 */
function diffLog(shelf: Extract<Shelf, { kind: 'log' }>, base: readonly unknown[], current: unknown[]): Change[] {
  if (!Array.isArray(current)) throw new TypeError(`${shelf.field} must stay a list`);
  const removed: string[] = [];
  let j = 0;
  for (const item of base) {
    if (current[j] === item) j++;
    else removed.push(shelf.id(item));
  }
  // A stored item among the additions was moved, which a log does not allow. Stored items are frozen, so only
  // frozen additions (rare: data copied from another store's snapshot) need the full check.
  if (current.slice(j).some((item) => Object.isFrozen(item))) {
    const stored = new Set(base);
    if (current.slice(j).some((item) => stored.has(item))) throw new TypeError(`${shelf.field}: items are appended or removed, never moved`);
  }
  const added = current.slice(j).map((item, i) => parse(shelf.item, item, `${shelf.field}[${j + i}]`));
  if (removed.length === 0 && added.length === 0) return [];
  return [{ kind: 'log', field: shelf.field, added, removed }];
}

function parse(schema: z.ZodType, value: unknown, where: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  throw new TypeError(`Invalid data for ${where}: ${issues.join('; ')}`);
}

/** Equality as stored (JSON): key order and undefined-valued keys do not matter. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] === undefined ? null : a[i], b[i] === undefined ? null : b[i])) return false;
    return true;
  }
  const left = a as Plain;
  const right = b as Plain;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    count += 1;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) count -= 1;
  return count === 0;
}
