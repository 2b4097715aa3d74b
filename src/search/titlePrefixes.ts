/**
 * Every form of every title, for "titles beginning with what has been typed" (autocomplete).
 * Entries are numbers (the owner encodes film slot and title form) in two orders: alphabetical, to
 * find the range of titles sharing a prefix, and by rank (shortest, most complete first), because
 * a one- or two-letter prefix is shared by thousands of titles and only the best few are wanted.
 * Typed arrays, merged in batches: half a million films cost a few megabytes here.
 */
export class TitlePrefixes {
  private alphabetical: Int32Array = new Int32Array(0);
  private ranked: Int32Array = new Int32Array(0);
  private pending: number[] = [];

  /** Below this many titles in the prefix's range, the range is read whole. */
  private static readonly RANGE_SCAN = 2_000;

  /**
   * `keyOf(entry)`: the title text of an entry; `rankOf(entry)`: lower comes first among titles
   * sharing a prefix, within [w, w + 1) for a title of w words. Both must stay stable for the
   * life of the entry.
   */
  constructor(
    private readonly keyOf: (entry: number) => string,
    private readonly rankOf: (entry: number) => number,
    private readonly slotOf: (entry: number) => number,
  ) {}

  add(entry: number): void {
    this.pending.push(entry);
  }

  /** Up to `limit` distinct slots, best rank first, whose title starts with `prefix` and that `live` accepts. */
  find(prefix: string, limit: number, live: (slot: number) => boolean): number[] {
    this.flush();
    const low = this.lowerBound(prefix);
    const high = this.lowerBound(`${prefix}\uffff`);
    const taken = new Set<number>();
    if (high - low > TitlePrefixes.RANGE_SCAN) {
      // A crowded prefix: walk titles in rank order, the matches are dense enough to come soon.
      // Ranks grow with the number of words, so titles with fewer words than the prefix has begun
      // are skipped by a binary search.
      let words = 1;
      for (let i = 0; i < prefix.length; i++) if (prefix.charCodeAt(i) === 32) words++;
      for (let i = this.firstRankAtLeast(words); i < this.ranked.length && taken.size < limit; i++) {
        const entry = this.ranked[i]!;
        const slot = this.slotOf(entry);
        if (!taken.has(slot) && this.keyOf(entry).startsWith(prefix) && live(slot)) taken.add(slot);
      }
      return [...taken];
    }
    const best: { slot: number; rank: number }[] = [];
    for (let i = low; i < high; i++) {
      const entry = this.alphabetical[i]!;
      const rank = this.rankOf(entry);
      if (best.length >= limit * 2 && rank >= best[best.length - 1]!.rank) continue;
      const slot = this.slotOf(entry);
      if (!live(slot)) continue;
      // A short sorted list; a film listed under two forms of its title may appear twice.
      let at = best.length;
      while (at > 0 && best[at - 1]!.rank > rank) at--;
      best.splice(at, 0, { slot, rank });
      if (best.length > limit * 2) best.pop();
    }
    for (const entry of best) {
      if (taken.size >= limit) break;
      taken.add(entry.slot);
    }
    return [...taken];
  }

  private firstRankAtLeast(rank: number): number {
    let low = 0;
    let high = this.ranked.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.rankOf(this.ranked[middle]!) < rank) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.alphabetical.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keyOf(this.alphabetical[middle]!) < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Sorts pending entries in (also done lazily by `find`). */
  seal(): void {
    this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const pending = this.pending;
    this.pending = [];
    const keys = pending.map(this.keyOf);
    const ranks = pending.map(this.rankOf);
    const order = pending.map((_, i) => i);
    const byKey = (a: number, b: number, keyA = this.keyOf(a), keyB = this.keyOf(b)) =>
      keyA < keyB ? -1 : keyA > keyB ? 1 : a - b;
    const byRank = (a: number, b: number) => this.rankOf(a) - this.rankOf(b) || a - b;
    order.sort((i, j) => byKey(pending[i]!, pending[j]!, keys[i], keys[j]));
    const sortedByKey = Int32Array.from(order, (i) => pending[i]!);
    order.sort((i, j) => ranks[i]! - ranks[j]! || pending[i]! - pending[j]!);
    const sortedByRank = Int32Array.from(order, (i) => pending[i]!);
    this.alphabetical = merge(this.alphabetical, sortedByKey, byKey);
    this.ranked = merge(this.ranked, sortedByRank, byRank);
  }
}

function merge(a: Int32Array, b: Int32Array, compare: (x: number, y: number) => number): Int32Array {
  if (!a.length) return b;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
