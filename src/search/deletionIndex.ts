/**
 * "Which words become this string when one letter is deleted?", for finding words one typo away.
 * Keys are 32-bit hashes of the shortened strings, kept in two sorted typed arrays rather than a
 * Map of strings (a tenth of the memory); a hash collision only adds a candidate that the caller's
 * edit-distance check throws out.
 */
export class DeletionIndex {
  private hashes: Int32Array = new Int32Array(0);
  private ids: Int32Array = new Int32Array(0);
  private pendingHashes: number[] = [];
  private pendingIds: number[] = [];

  /** Records every one-letter deletion of `word` as leading to `id`. */
  add(word: string, id: number): void {
    for (let skip = 0; skip < word.length; skip++) {
      // Deleting either of two equal neighbours leaves the same string: record it once.
      if (skip > 0 && word.charCodeAt(skip) === word.charCodeAt(skip - 1)) continue;
      this.pendingHashes.push(hashWithout(word, skip));
      this.pendingIds.push(id);
    }
  }

  /** Calls `visit` with every id recorded under the hash of `text`. */
  forEach(text: string, visit: (id: number) => void): void {
    this.forEachHash(hashWithout(text, -1), visit);
  }

  /** Calls `visit` with the ids recorded under `text` minus its letter at `skip`. */
  forEachWithout(text: string, skip: number, visit: (id: number) => void): void {
    this.forEachHash(hashWithout(text, skip), visit);
  }

  /** Sorts what was added since the last call into the typed arrays. */
  seal(): void {
    if (!this.pendingHashes.length) return;
    // Each (hash, id) pair as one exact float64, so the engine's native numeric sort does the work.
    const total = this.hashes.length + this.pendingHashes.length;
    const packed = new Float64Array(total);
    for (let i = 0; i < this.hashes.length; i++) packed[i] = pack(this.hashes[i]!, this.ids[i]!);
    for (let i = 0; i < this.pendingHashes.length; i++) packed[this.hashes.length + i] = pack(this.pendingHashes[i]!, this.pendingIds[i]!);
    packed.sort();
    this.hashes = new Int32Array(total);
    this.ids = new Int32Array(total);
    for (let i = 0; i < total; i++) {
      const value = packed[i]!;
      const id = value % ID_RANGE;
      this.ids[i] = id;
      this.hashes[i] = (value - id) / ID_RANGE - HASH_OFFSET;
    }
    this.pendingHashes = [];
    this.pendingIds = [];
  }

  /** The sorted arrays, for saving a built index. */
  save(): { hashes: Int32Array; ids: Int32Array } {
    this.seal();
    return { hashes: this.hashes, ids: this.ids };
  }

  /** Takes saved arrays (sorted by hash, as `save` gave them). */
  load(hashes: Int32Array<ArrayBuffer>, ids: Int32Array<ArrayBuffer>): void {
    this.hashes = hashes;
    this.ids = ids;
    this.pendingHashes = [];
    this.pendingIds = [];
  }

  private forEachHash(h: number, visit: (id: number) => void): void {
    // Words added after a build stay in a short unsorted list until it is worth sorting.
    if (this.pendingHashes.length > 4096) this.seal();
    let low = 0;
    let high = this.hashes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.hashes[middle]! < h) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.hashes.length && this.hashes[i] === h; i++) visit(this.ids[i]!);
    for (let i = 0; i < this.pendingHashes.length; i++) if (this.pendingHashes[i] === h) visit(this.pendingIds[i]!);
  }
}

const ID_RANGE = 2 ** 21;
const HASH_OFFSET = 2 ** 31;

function pack(hash: number, id: number): number {
  if (id >= ID_RANGE) throw new RangeError('vocabulary too large for the deletion index');
  return (hash + HASH_OFFSET) * ID_RANGE + id;
}

/** FNV-1a of `text` without its code unit at `skip` (-1: the whole text), as a signed 32-bit int. */
function hashWithout(text: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    if (i === skip) continue;
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
