import { DeletionIndex } from './deletionIndex.js';
import { boundedEditDistance } from './editDistance.js';

export interface WordMatch {
  word: number;
  /** Typos between the query word and this word (0 for an exact or prefix match). */
  distance: number;
}

const START = 1;
const END = 2;
/** Bigram lists are split by word length, so a look-up reads only words of a reachable length. */
const LENGTH_BUCKETS = 32;
const MAX_VERIFIED = 300;
const ALWAYS_TWO_TYPOS_LENGTH = 8;

function bucketKey(code: number, length: number): number {
  return code * LENGTH_BUCKETS + Math.min(length, LENGTH_BUCKETS - 1);
}

const MIN_DELETION_LENGTH = 4;

/** Distinct letter pairs of `^word$`, the keys of the two-typo look-up. */
function bigramsOf(word: string): number[] {
  const codes = new Set<number>();
  let previous = START;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    codes.add(previous * 65536 + code);
    previous = code;
  }
  codes.add(previous * 65536 + END);
  return [...codes];
}

/**
 * Every distinct word of the catalog (titles and people), with the two look-ups a query word
 * needs: words within a few typos (through shared letter pairs, then a bounded edit distance) and
 * words that start with what has been typed so far (a sorted list).
 */
export class Vocabulary {
  private readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Letter pairs → words, for two-typo look-ups; built when the vocabulary is sealed. */
  private bigrams: Map<number, number[]> | null = null;
  /** Word ids by each string one letter shorter than the word: single typos in a few look-ups. */
  private readonly deletions = new DeletionIndex();
  private sorted: number[] = [];
  private unsorted: number[] = [];
  private counts = new Int32Array(1024);

  get size(): number {
    return this.words.length;
  }

  /**
   * Packs what was added in bulk; look-ups work either way. The letter-pair index only serves
   * two-typo look-ups: it is built by the first one, not at start-up.
   */
  seal(): void {
    this.deletions.seal();
    this.sortPending();
  }

  /** Words, their alphabetical order and the deletion index, for saving a built index. */
  save(): { words: readonly string[]; sorted: Int32Array; deletionHashes: Int32Array; deletionIds: Int32Array } {
    this.sortPending();
    const { hashes, ids } = this.deletions.save();
    return { words: this.words, sorted: Int32Array.from(this.sorted), deletionHashes: hashes, deletionIds: ids };
  }

  /** Restores what `save` gave, into an empty vocabulary. */
  load(saved: { words: readonly string[]; sorted: Int32Array; deletionHashes: Int32Array<ArrayBuffer>; deletionIds: Int32Array<ArrayBuffer> }): void {
    if (this.words.length) throw new Error('only an empty vocabulary can be loaded');
    for (const word of saved.words) {
      this.ids.set(word, this.words.length);
      this.words.push(word);
    }
    this.sorted = Array.from(saved.sorted);
    this.unsorted = [];
    this.deletions.load(saved.deletionHashes, saved.deletionIds);
  }

  wordAt(id: number): string {
    return this.words[id]!;
  }

  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  intern(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    const id = this.words.length;
    this.words.push(word);
    this.ids.set(word, id);
    if (this.bigrams) this.addBigrams(word, id);
    if (word.length >= MIN_DELETION_LENGTH) this.deletions.add(word, id);
    this.unsorted.push(id);
    return id;
  }

  private addBigrams(word: string, id: number): void {
    const bigrams = this.bigrams!;
    for (const code of bigramsOf(word)) {
      const key = bucketKey(code, word.length);
      const list = bigrams.get(key);
      if (list) list.push(id);
      else bigrams.set(key, [id]);
    }
  }

  private bigramIndex(): Map<number, number[]> {
    if (!this.bigrams) {
      this.bigrams = new Map();
      for (let id = 0; id < this.words.length; id++) this.addBigrams(this.words[id]!, id);
    }
    return this.bigrams;
  }

  /**
   * Words within `maxEdits` typos of `token`, the exact word included. Looks for one typo first and
   * for two when nothing closer exists or the token is long; a token that is itself a catalog word
   * is taken to be meant as typed, give or take one typo. Tokens shorter than four letters only
   * match exactly.
   */
  fuzzy(token: string, maxEdits: number): WordMatch[] {
    const matches: WordMatch[] = [];
    const exact = this.ids.get(token);
    if (exact !== undefined) {
      matches.push({ word: exact, distance: 0 });
      maxEdits = Math.min(maxEdits, 1);
    }
    // One-typo look-ups rest on the deletions of words of MIN_DELETION_LENGTH letters and more.
    if (maxEdits <= 0 || token.length < MIN_DELETION_LENGTH) return matches;
    this.withinOne(token, exact, matches);
    // Two typos when nothing closer exists, or when the word is long enough for two to be likely.
    if (maxEdits >= 2 && (!matches.length || token.length >= ALWAYS_TWO_TYPOS_LENGTH)) {
      const oneTypo = new Set(matches.map((match) => match.word));
      const further: WordMatch[] = [];
      this.within(token, bigramsOf(token), 2, exact, further);
      for (const match of further) if (!oneTypo.has(match.word)) matches.push(match);
    }
    return matches;
  }

  /**
   * Words one typo away, through deletions: two strings are within one typo when one is the
   * other minus a letter, or both minus a letter agree (a substitution, or a swap once checked).
   */
  private withinOne(token: string, exact: number | undefined, matches: WordMatch[]): void {
    const found = new Set<number>();
    const consider = (id: number | undefined) => {
      if (id === undefined || id === exact || found.has(id)) return;
      found.add(id);
      if (boundedEditDistance(token, this.words[id]!, 1) <= 1) matches.push({ word: id, distance: 1 });
    };
    this.deletions.forEach(token, consider);
    for (let skip = 0; skip < token.length; skip++) {
      if (skip > 0 && token[skip] === token[skip - 1]) continue; // same string as the previous deletion
      consider(this.ids.get(token.slice(0, skip) + token.slice(skip + 1)));
      this.deletions.forEachWithout(token, skip, consider);
    }
  }

  private within(token: string, grams: readonly number[], edits: number, exact: number | undefined, matches: WordMatch[]): void {
    if (this.counts.length < this.words.length) this.counts = new Int32Array(this.words.length * 2);
    const counts = this.counts;
    const bigrams = this.bigramIndex();
    const touched: number[] = [];
    const shortest = Math.max(1, token.length - edits);
    const longest = Math.min(LENGTH_BUCKETS - 1, token.length + edits);
    for (const code of grams) {
      for (let length = shortest; length <= longest; length++) {
        const list = bigrams.get(bucketKey(code, length));
        if (!list) continue;
        for (let i = 0; i < list.length; i++) {
          const id = list[i]!;
          if (counts[id] === 0) touched.push(id);
          counts[id]! += 1;
        }
      }
    }
    // A typo breaks at most three letter pairs (a swap of neighbours), so a word sharing fewer is
    // out of reach. Two typos leave that bound loose; then only the words sharing the most pairs
    // are checked, which keeps the exact distance computation to a few hundred words.
    let needed = Math.max(1, grams.length - 3 * edits);
    if (touched.length > MAX_VERIFIED) {
      const histogram = new Int32Array(grams.length * 2 + 2);
      for (const id of touched) histogram[Math.min(histogram.length - 1, counts[id]!)]!++;
      let kept = 0;
      for (let count = histogram.length - 1; count > needed; count--) {
        kept += histogram[count]!;
        if (kept >= MAX_VERIFIED) {
          needed = count;
          break;
        }
      }
    }
    for (const id of touched) {
      if (counts[id]! >= needed && id !== exact) {
        const distance = boundedEditDistance(token, this.words[id]!, edits);
        if (distance <= edits) matches.push({ word: id, distance });
      }
      counts[id] = 0;
    }
  }

  /** Ids of the words starting with `prefix`, in alphabetical order, at most `limit` of them scanned. */
  withPrefix(prefix: string, limit: number): number[] {
    this.sortPending();
    const sorted = this.sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.words[sorted[middle]!]! < prefix) low = middle + 1;
      else high = middle;
    }
    const found: number[] = [];
    for (let i = low; i < sorted.length && found.length < limit; i++) {
      const id = sorted[i]!;
      if (!this.words[id]!.startsWith(prefix)) break;
      found.push(id);
    }
    return found;
  }

  private sortPending(): void {
    if (!this.unsorted.length) return;
    const byWord = (a: number, b: number) => (this.words[a]! < this.words[b]! ? -1 : this.words[a]! > this.words[b]! ? 1 : 0);
    if (this.unsorted.length > 256) {
      this.sorted = this.sorted.concat(this.unsorted).sort(byWord);
    } else {
      for (const id of this.unsorted) {
        const word = this.words[id]!;
        let low = 0;
        let high = this.sorted.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if (this.words[this.sorted[middle]!]! < word) low = middle + 1;
          else high = middle;
        }
        this.sorted.splice(low, 0, id);
      }
    }
    this.unsorted = [];
  }
}
