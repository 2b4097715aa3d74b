/**
 * Film id → slot, as an open-addressing hash table in one Int32Array: a Map of half a million
 * string keys costs tens of megabytes, this costs four bytes a bucket. Keys are not stored; the
 * caller's `idOf(slot)` gives them back for comparison.
 */
const EMPTY = 0;
const DELETED = -1;

function hash(text: string): number {
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class SlotTable {
  private buckets: Int32Array;
  private used = 0;

  constructor(
    private readonly idOf: (slot: number) => string | undefined,
    expected = 0,
  ) {
    let size = 1024;
    while (size < expected * 2.7) size *= 2;
    this.buckets = new Int32Array(size);
  }

  get(id: string): number | undefined {
    const mask = this.buckets.length - 1;
    for (let i = hash(id) & mask; ; i = (i + 1) & mask) {
      const entry = this.buckets[i]!;
      if (entry === EMPTY) return undefined;
      if (entry !== DELETED && this.idOf(entry - 1) === id) return entry - 1;
    }
  }

  /** Maps `id` to `slot`; the id must not be present (remove it first). */
  set(id: string, slot: number): void {
    if ((this.used + 1) * 2 > this.buckets.length) this.grow();
    const mask = this.buckets.length - 1;
    let i = hash(id) & mask;
    while (this.buckets[i] !== EMPTY && this.buckets[i] !== DELETED) i = (i + 1) & mask;
    if (this.buckets[i] === EMPTY) this.used++;
    this.buckets[i] = slot + 1;
  }

  /** Forgets `id`; call before the slot stops answering to it. */
  delete(id: string): void {
    const mask = this.buckets.length - 1;
    for (let i = hash(id) & mask; ; i = (i + 1) & mask) {
      const entry = this.buckets[i]!;
      if (entry === EMPTY) return;
      if (entry !== DELETED && this.idOf(entry - 1) === id) {
        this.buckets[i] = DELETED;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.buckets;
    let live = 0;
    for (const entry of old) if (entry > 0) live++;
    let size = old.length;
    while ((live + 1) * 2 > size * 0.75) size *= 2;
    this.buckets = new Int32Array(size);
    this.used = 0;
    const mask = size - 1;
    for (const entry of old) {
      if (entry <= 0) continue;
      let i = hash(this.idOf(entry - 1)!) & mask;
      while (this.buckets[i] !== EMPTY) i = (i + 1) & mask;
      this.buckets[i] = entry;
      this.used++;
    }
  }
}
