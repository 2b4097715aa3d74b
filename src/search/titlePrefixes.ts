/**
 * Every form of every title, for "titles beginning with what has been typed" (autocomplete).
 * Entries are numbers (the owner encodes film slot and title form), kept in alphabetical order to
 * find the range of titles sharing a prefix, each with its rank beside it, so that picking the
 * best few of a range (a one-letter prefix is shared by a tenth of the catalog) reads two typed
 * arrays and never a title. Half a million films cost a few megabytes here.
 */
export class TitlePrefixes {
  private entries: Int32Array = new Int32Array(0);
  /** `rankOf(entries[i])`, computed once when the entry is sorted in. */
  private ranks: Float32Array = new Float32Array(0);
  private pending: number[] = [];

  /**
   * `keyOf(entry)`: the title text of an entry; `rankOf(entry, key)`: lower comes first among titles
   * sharing a prefix. Both must stay the same for the life of the entry.
   */
  constructor(
    private readonly keyOf: (entry: number) => string,
    private readonly rankOf: (entry: number, key: string) => number,
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
    // The best ranks of the range, sorted; twice the limit, as a film may be listed under two forms.
    const keep = limit * 2;
    const bestRanks: number[] = [];
    const bestSlots: number[] = [];
    for (let i = low; i < high; i++) {
      const rank = this.ranks[i]!;
      if (bestRanks.length >= keep && rank >= bestRanks[keep - 1]!) continue;
      const slot = this.slotOf(this.entries[i]!);
      if (!live(slot)) continue;
      let at = bestRanks.length;
      while (at > 0 && bestRanks[at - 1]! > rank) at--;
      bestRanks.splice(at, 0, rank);
      bestSlots.splice(at, 0, slot);
      if (bestRanks.length > keep) {
        bestRanks.pop();
        bestSlots.pop();
      }
    }
    const taken = new Set<number>();
    for (const slot of bestSlots) {
      if (taken.size >= limit) break;
      taken.add(slot);
    }
    return [...taken];
  }

  /** The distinct slots, accepted by `live`, with a title form exactly `key`. */
  equalTo(key: string, live: (slot: number) => boolean): number[] {
    this.flush();
    const slots = new Set<number>();
    for (let i = this.lowerBound(key); i < this.entries.length && this.keyOf(this.entries[i]!) === key; i++) {
      const slot = this.slotOf(this.entries[i]!);
      if (live(slot)) slots.add(slot);
    }
    return [...slots];
  }

  /** Sorts pending entries in (also done lazily by `find`). */
  seal(): void {
    this.flush();
  }

  /** The sorted entries and their ranks, for saving a built index. */
  save(): { entries: Int32Array; ranks: Float32Array } {
    this.flush();
    return { entries: this.entries, ranks: this.ranks };
  }

  /** Takes saved entries, in the order `save` gave them, with their ranks. */
  load(entries: Int32Array<ArrayBuffer>, ranks: Float32Array<ArrayBuffer>): void {
    this.entries = entries;
    this.ranks = ranks;
    this.pending = [];
  }

  /** First index whose key is not below `key` (entries with equal keys stay in entry order). */
  private lowerBound(key: string, entry = -1): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.entries[middle]!;
      const otherKey = this.keyOf(other);
      if (otherKey < key || (otherKey === key && other < entry)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private flush(): void {
    if (!this.pending.length) return;
    const pending = this.pending;
    this.pending = [];
    const keys = pending.map(this.keyOf);
    const order = pending.map((_, i) => i);
    order.sort((i, j) => (keys[i]! < keys[j]! ? -1 : keys[i]! > keys[j]! ? 1 : pending[i]! - pending[j]!));
    const total = this.entries.length + pending.length;
    const entries = new Int32Array(total);
    const ranks = new Float32Array(total);
    // New entries are few beside the index (or the index is empty): each finds its place by a
    // binary search, and the old entries between are copied in runs.
    let copied = 0;
    let out = 0;
    for (const i of order) {
      const entry = pending[i]!;
      const at = this.lowerBound(keys[i]!, entry);
      entries.set(this.entries.subarray(copied, at), out);
      ranks.set(this.ranks.subarray(copied, at), out);
      out += at - copied;
      copied = at;
      entries[out] = entry;
      ranks[out] = this.rankOf(entry, keys[i]!);
      out++;
    }
    entries.set(this.entries.subarray(copied), out);
    ranks.set(this.ranks.subarray(copied), out);
    this.entries = entries;
    this.ranks = ranks;
  }
}
