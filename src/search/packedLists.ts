/**
 * Integer lists packed into flat typed arrays. Half a million films carry millions of word ids and
 * postings; as separate JS arrays they would cost several times the memory and keep the garbage
 * collector busy.
 */

type TypedArray = Int32Array | Float32Array | Int16Array | Uint8Array;

/** A growable typed array. */
class TypedVector<T extends TypedArray> {
  private items: T;
  length = 0;

  constructor(
    private readonly make: (length: number) => T,
    capacity: number,
  ) {
    this.items = make(Math.max(4, capacity));
  }

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = this.make(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  get(index: number): number {
    return this.items[index]!;
  }

  set(index: number, value: number): void {
    this.items[index] = value;
  }

  /** The items as one typed array (a view: copy before changing either). */
  view(): T {
    return this.items.subarray(0, this.length) as T;
  }

  /** Takes `items` as the whole content (restoring a saved index). */
  load(items: T): void {
    this.items = items;
    this.length = items.length;
  }

  /** Gives back the spare capacity (after a bulk build). */
  trim(): void {
    if (this.items.length > this.length + 16) {
      const trimmed = this.make(Math.max(4, this.length));
      trimmed.set(this.items.subarray(0, trimmed.length));
      this.items = trimmed;
    }
  }
}

export class IntVector extends TypedVector<Int32Array> {
  constructor(capacity = 16) {
    super((length) => new Int32Array(length), capacity);
  }
}

export class FloatVector extends TypedVector<Float32Array> {
  constructor(capacity = 64) {
    super((length) => new Float32Array(length), capacity);
  }
}

export class ShortVector extends TypedVector<Int16Array> {
  constructor(capacity = 64) {
    super((length) => new Int16Array(length), capacity);
  }
}

export class ByteVector extends TypedVector<Uint8Array> {
  constructor(capacity = 64) {
    super((length) => new Uint8Array(length), capacity);
  }
}

/**
 * Append-only list of int lists, stored end to end: list `i` is `data[offsets[i] .. offsets[i+1]]`.
 * Used for "the words of film slot i", since slots are only ever appended.
 */
export class AppendOnlyLists {
  private readonly data: IntVector;
  private readonly offsets: IntVector;

  constructor(expectedLists = 256, expectedItems = 1024) {
    this.data = new IntVector(expectedItems);
    this.offsets = new IntVector(expectedLists + 1);
    this.offsets.push(0);
  }

  get count(): number {
    return this.offsets.length - 1;
  }

  append(values: ArrayLike<number>, count = values.length): number {
    for (let i = 0; i < count; i++) this.data.push(values[i]!);
    this.offsets.push(this.data.length);
    return this.count - 1;
  }

  trim(): void {
    this.data.trim();
    this.offsets.trim();
  }

  /** The packed form, for saving a built index: `offsets` has one more entry than there are lists. */
  save(): { data: Int32Array; offsets: Int32Array } {
    return { data: this.data.view(), offsets: this.offsets.view() };
  }

  load(data: Int32Array, offsets: Int32Array): void {
    this.data.load(data);
    this.offsets.load(offsets);
  }

  /** List `index` is `at(start(index)) .. at(end(index) - 1)`. */
  start(index: number): number {
    return this.offsets.get(index);
  }

  end(index: number): number {
    return this.offsets.get(index + 1);
  }

  at(position: number): number {
    return this.data.get(position);
  }
}

/**
 * Postings (key → slots) built in bulk into one flat array, with small per-key overflow arrays for
 * incremental additions; the owner rebuilds when the overflow grows large (`pendingRatio`).
 */
export class PostingLists {
  private offsets = new Int32Array(1);
  private data = new Int32Array(0);
  private overflow = new Map<number, number[]>();
  private overflowSize = 0;

  /** Number of postings of `key` (its document frequency, dead slots included). */
  size(key: number): number {
    const base = key + 1 < this.offsets.length ? this.offsets[key + 1]! - this.offsets[key]! : 0;
    return base + (this.overflow.get(key)?.length ?? 0);
  }

  get pendingRatio(): number {
    return this.data.length ? this.overflowSize / this.data.length : this.overflowSize > 0 ? 1 : 0;
  }

  add(key: number, slot: number): void {
    let list = this.overflow.get(key);
    if (!list) {
      list = [];
      this.overflow.set(key, list);
    }
    list.push(slot);
    this.overflowSize++;
  }

  /** The flat part of `key`'s postings, for tight loops: `data[start .. end]`, then `extra(key)`. */
  get flat(): Int32Array {
    return this.data;
  }

  start(key: number): number {
    return key + 1 < this.offsets.length ? this.offsets[key]! : 0;
  }

  end(key: number): number {
    return key + 1 < this.offsets.length ? this.offsets[key + 1]! : 0;
  }

  extra(key: number): readonly number[] | undefined {
    return this.overflow.get(key);
  }

  forEach(key: number, visit: (slot: number) => void): void {
    if (key + 1 < this.offsets.length) {
      for (let p = this.offsets[key]!, end = this.offsets[key + 1]!; p < end; p++) visit(this.data[p]!);
    }
    const extra = this.overflow.get(key);
    if (extra) for (const slot of extra) visit(slot);
  }

  /** The flat arrays, for saving a built index (only without incremental additions). */
  save(): { offsets: Int32Array; data: Int32Array } {
    if (this.overflowSize) throw new Error('postings with pending additions cannot be saved');
    return { offsets: this.offsets, data: this.data };
  }

  load(offsets: Int32Array<ArrayBuffer>, data: Int32Array<ArrayBuffer>): void {
    this.offsets = offsets;
    this.data = data;
    this.overflow = new Map();
    this.overflowSize = 0;
  }

  /** Rebuilds the flat arrays from per-slot lists: list `slot` holds the keys of `slot`. */
  rebuildFromLists(keyCount: number, lists: AppendOnlyLists): void {
    this.rebuild(keyCount, (emit) => {
      for (let slot = 0; slot < lists.count; slot++) {
        for (let p = lists.start(slot), end = lists.end(slot); p < end; p++) emit(lists.at(p), slot);
      }
    });
  }

  /**
   * Rebuilds the flat arrays from `pairs(emit)`, which must emit every (key, slot) posting in
   * ascending slot order. `keyCount` bounds the keys.
   */
  private rebuild(keyCount: number, pairs: (emit: (key: number, slot: number) => void) => void): void {
    const counts = new Int32Array(keyCount + 1);
    pairs((key) => {
      counts[key + 1]!++;
    });
    for (let k = 1; k <= keyCount; k++) counts[k]! += counts[k - 1]!;
    const data = new Int32Array(counts[keyCount]!);
    const cursor = counts.slice(0, keyCount);
    pairs((key, slot) => {
      data[cursor[key]!++] = slot;
    });
    this.offsets = counts;
    this.data = data;
    this.overflow = new Map();
    this.overflowSize = 0;
  }
}
