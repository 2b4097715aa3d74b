/**
 * A log's items as snapshots see them, without copying the log on every write.
 *
 * The activity feed holds up to 10,000 items; copying it for each write batch allocated ~80 KB per write, which
 * showed as garbage-collection pauses in the write latency's tail. Instead, the snapshots of one server share a
 * backing array: a batch appends after the last item any snapshot can see and drops items from the front by moving
 * its start, and each snapshot is a read-only array view of its own [start, end) of that backing. A snapshot never
 * sees what a later batch appends (it stops at its end) nor what it drops (the backing keeps them until compacted,
 * which makes a new backing). Anything rarer (removing from the middle: an undo) builds a new backing.
 */

/** What a view shows: `backing[start..end)`. */
export interface LogSpan {
  readonly backing: unknown[];
  readonly start: number;
  readonly end: number;
}

interface ViewState extends LogSpan {
  /** A frozen copy of the items, made the first time a method other than indexing is used (filter, map, for…of…). */
  copy?: readonly unknown[];
}

/** Proxy target (an empty array, so Array.isArray and JSON.stringify treat the view as an array) → its span. */
const states = new WeakMap<object, ViewState>();
/** View → span, for the builder that extends it. */
const spans = new WeakMap<object, LogSpan>();

function refuse(): never {
  throw new TypeError('Stored data is read-only; change it through GuildStore.update');
}

const INDEX = /^(?:0|[1-9]\d*)$/;

function indexIn(state: ViewState, key: string | symbol): number | undefined {
  if (typeof key !== 'string' || !INDEX.test(key)) return undefined;
  const i = Number(key);
  return i < state.end - state.start ? i : undefined;
}

function copyOf(state: ViewState): readonly unknown[] {
  return (state.copy ??= Object.freeze(state.backing.slice(state.start, state.end)));
}

const HANDLER: ProxyHandler<unknown[]> = {
  get(target, key) {
    const state = states.get(target)!;
    if (key === 'length') return state.end - state.start;
    if (typeof key === 'string' && INDEX.test(key)) {
      const i = Number(key);
      return i < state.end - state.start ? state.backing[state.start + i] : undefined;
    }
    // Methods (filter, map, slice, iteration…) run on a plain frozen copy: as fast as on an array, and a reader
    // that uses them pays one copy per snapshot, as every reader did before.
    const copy = copyOf(state);
    const value = Reflect.get(copy, key) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(copy) : value;
  },
  has(target, key) {
    const state = states.get(target)!;
    if (typeof key === 'string' && INDEX.test(key)) return indexIn(state, key) !== undefined;
    return Reflect.has(target, key);
  },
  ownKeys(target) {
    const state = states.get(target)!;
    const keys: string[] = [];
    for (let i = 0; i < state.end - state.start; i++) keys.push(String(i));
    keys.push('length');
    return keys;
  },
  getOwnPropertyDescriptor(target, key) {
    const state = states.get(target)!;
    // `length` must match the target's own (non-configurable, writable) descriptor in kind.
    if (key === 'length') return { value: state.end - state.start, writable: true, enumerable: false, configurable: false };
    const i = indexIn(state, key);
    return i === undefined ? undefined : { value: state.backing[state.start + i], writable: false, enumerable: true, configurable: true };
  },
  set: refuse,
  deleteProperty: refuse,
  defineProperty: refuse,
  setPrototypeOf: () => false,
  preventExtensions: () => false,
};

/** A read-only array view of `backing[start..end)`. The caller must never change that range of `backing`. */
export function logView(span: LogSpan): readonly unknown[] {
  const target: unknown[] = [];
  states.set(target, { backing: span.backing, start: span.start, end: span.end });
  const view = new Proxy(target, HANDLER);
  spans.set(view, { backing: span.backing, start: span.start, end: span.end });
  return view;
}

/** The span behind a view made by logView, or undefined for a plain array. */
export function logSpanOf(items: unknown): LogSpan | undefined {
  return typeof items === 'object' && items !== null ? spans.get(items) : undefined;
}

export function isLogView(items: unknown): boolean {
  return logSpanOf(items) !== undefined;
}
