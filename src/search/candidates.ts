import { typoAllowance } from './editDistance.js';
import { CAST, DIRECTOR, TITLE, type FilmIndex } from './filmIndex.js';
import type { PostingLists } from './packedLists.js';
import type { ParsedQuery } from './query.js';

/**
 * The prefilter in front of Fuse.js: from the query's words (each widened to the catalog words
 * within a few typos, and the last one to the words it begins) it scores the films sharing those
 * words and keeps the few best, plus the films whose title starts with the query as typed. Only
 * these reach the Fuse.js ranking, so a query costs a few posting lists, not a catalog scan.
 */

export interface CandidateOptions {
  /** Films kept from the word scoring. */
  limit: number;
  /** Films kept from the title-prefix look-up. */
  prefixLimit: number;
  /** Only slots passing this test are kept (search filters). */
  allowed?: (slot: number) => boolean;
}

export interface Candidate {
  slot: number;
  /** Share of the query's weight matched, about 0..1 (a matching year adds up to 30 %). */
  prescore: number;
  /** Whether query words matched the film's director or cast (else Fuse.js need not look at them). */
  people: boolean;
}

/**
 * A query word, widened: catalog word id → similarity 0..1. A class so that every expansion has
 * the same shape: the hot loops below stay monomorphic.
 */
class Expansion {
  /** `similarity` as an array by word id, built when the word rescores (faster than the Map). */
  table: Float32Array | undefined = undefined;

  constructor(
    readonly similarity: ReadonlyMap<number, number>,
    /** The same as two arrays, for the hot loops (iterating a Map allocates). */
    readonly words: readonly number[],
    readonly similarities: readonly number[],
    readonly weight: number,
    /** Postings the word would visit if used to generate candidates. */
    readonly cost: number,
    readonly isYear: boolean,
  ) {}
}

/** Sums of the weights of the query's words: the trailing year's, and all the others'. */
class Weights {
  total = 0;
  year = 0;

  constructor(expansions: readonly Expansion[]) {
    for (const expansion of expansions) {
      if (expansion.isYear) this.year += expansion.weight;
      else this.total += expansion.weight;
    }
  }
}

const PREFIX_WORDS_SCANNED = 400;
const PREFIX_WORDS_KEPT = 60;
/**
 * Postings budgets. The rarest word finds the films (up to the first-word budget of postings);
 * further words join in while their total stays under the later-words budget, otherwise they only
 * rescore the films found, and at most RESCORE_LIMIT of those (the best so far). On half a million
 * films each posting costs a cache miss or two, hence the caps. A first word found in one film in
 * twenty ("the", "of") finds nothing in particular anyway: the title-prefix look-up serves such
 * queries.
 */
const COMPLETION_BUDGET = 6_000;
function firstWordBudget(slots: number): number {
  return Math.min(20_000, Math.max(2_000, slots * 0.05));
}
const LATER_WORDS_BUDGET = 8_000;
/** A later word in more than one film in twenty ("of", "in") only rescores. */
function laterWordCap(slots: number): number {
  return Math.max(500, slots * 0.05);
}
const RESCORE_LIMIT = 2_000;
/** A query this short is a title being typed: only the title-prefix look-up is worth doing. */
const PREFIX_ONLY_LENGTH = 2;
const CAST_DISCOUNT = 0.9;
/** Films matching this much less of the query than the best one are not worth Fuse.js's time. */
const PRESCORE_MARGIN = 0.35;
/** Most a matching release year multiplies a title match by (see `combine`). */
const YEAR_BONUS = 0.3;
/** Among equal matches, each word of the title costs this much: shorter titles leave less unexplained. */
const LENGTH_PENALTY = 0.01;

/**
 * Per-slot scratch, interleaved so that everything about one slot shares a cache line (at half a
 * million films, separate arrays cost a cache miss each per posting). Reused across queries:
 * search is single-threaded. Every field is back to 0 when a query ends.
 */
const STRIDE = 8;
const TITLE_SCORE = 0;
const PERSON_SCORE = 1;
const YEAR_SCORE = 2;
const WORD_TITLE = 3;
const WORD_PERSON = 4;
const SEEN = 5;
let scratch = new Float32Array(0);
/** Slots touched by the query, and by the current word: preallocated, a query may touch many. */
let touched = new Int32Array(0);
let touchedCount = 0;
let wordTouched = new Int32Array(0);
let wordTouchedCount = 0;

function ensureScratch(slots: number): void {
  if (touched.length >= slots) return;
  const capacity = Math.max(1024, Math.ceil(slots * 1.25));
  scratch = new Float32Array(capacity * STRIDE);
  touched = new Int32Array(capacity);
  wordTouched = new Int32Array(capacity);
}

function documentFrequency(index: FilmIndex, word: number): number {
  return index.postings[TITLE].size(word) + index.postings[DIRECTOR].size(word) + index.postings[CAST].size(word);
}

function expand(index: FilmIndex, word: string, open: boolean, isYear: boolean): Expansion {
  const vocabulary = index.vocabulary;
  const similarity = new Map<number, number>();
  for (const match of vocabulary.fuzzy(word, isYear ? 0 : typoAllowance(word.length))) {
    similarity.set(match.word, match.distance === 0 ? 1 : match.distance === 1 ? 0.8 : 0.6);
  }
  if (open) {
    const prefixed = vocabulary.withPrefix(word, PREFIX_WORDS_SCANNED);
    // Keep the closest completions, within a postings budget: a word barely begun says little
    // about which long word it will be, and the title-prefix look-up covers titles it begins.
    prefixed.sort((a, b) => vocabulary.wordAt(a).length - vocabulary.wordAt(b).length);
    let completionCost = 0;
    for (const id of prefixed.slice(0, PREFIX_WORDS_KEPT)) {
      if (similarity.has(id)) continue;
      completionCost += documentFrequency(index, id);
      if (completionCost > COMPLETION_BUDGET && similarity.size) break;
      similarity.set(id, 0.55 + (0.4 * word.length) / vocabulary.wordAt(id).length);
    }
  }
  let cost = 0;
  let bestDf = 0;
  let bestSimilarity = -1;
  for (const [id, value] of similarity) {
    const df = documentFrequency(index, id);
    cost += df;
    if (value > bestSimilarity || (value === bestSimilarity && df > bestDf)) {
      bestSimilarity = value;
      bestDf = df;
    }
  }
  // Rare words say more about which film is meant than "the" or "love" do.
  const weight = Math.log(1 + index.slotCount / (1 + bestDf)) + 0.1;
  return new Expansion(similarity, [...similarity.keys()], [...similarity.values()], weight, cost, isYear);
}

/** Raises the slot's best similarity for the current word (column WORD_TITLE or WORD_PERSON) to `value`. */
function generate(postings: PostingLists, word: number, value: number, column: number): void {
  const s = scratch;
  const flat = postings.flat;
  for (let p = postings.start(word), end = postings.end(word); p < end; p++) {
    const slot = flat[p]!;
    const base = slot * STRIDE;
    if (s[base + column]! < value) {
      if (s[base + WORD_TITLE] === 0 && s[base + WORD_PERSON] === 0) wordTouched[wordTouchedCount++] = slot;
      s[base + column] = value;
    }
  }
  const extra = postings.extra(word);
  if (!extra) return;
  for (const slot of extra) {
    const base = slot * STRIDE;
    if (s[base + column]! < value) {
      if (s[base + WORD_TITLE] === 0 && s[base + WORD_PERSON] === 0) wordTouched[wordTouchedCount++] = slot;
      s[base + column] = value;
    }
  }
}

/** Best similarity between the expansion and a word of the film's titles. */
function titleWordSimilarity(index: FilmIndex, slot: number, expansion: Expansion): number {
  const table = expansion.table ?? tableFor(index, expansion);
  let best = 0;
  const words = index.titleWords;
  for (let p = words.start(slot), end = words.end(slot); p < end; p++) {
    const similarity = table[words.at(p)]!;
    if (similarity > best) best = similarity;
  }
  return best;
}

/** Similarity tables by word id, pooled: one per query word, cleared when the query ends. */
const tablePool: Float32Array[] = [];
const tablesInUse: Expansion[] = [];

function tableFor(index: FilmIndex, expansion: Expansion): Float32Array {
  let table = tablePool.pop();
  if (!table || table.length < index.vocabulary.size) table = new Float32Array(Math.ceil(index.vocabulary.size * 1.25));
  for (let w = 0; w < expansion.words.length; w++) table[expansion.words[w]!] = expansion.similarities[w]!;
  expansion.table = table;
  tablesInUse.push(expansion);
  return table;
}

function releaseTables(): void {
  for (const expansion of tablesInUse) {
    const table = expansion.table!;
    for (const word of expansion.words) table[word] = 0;
    expansion.table = undefined;
    tablePool.push(table);
  }
  tablesInUse.length = 0;
}

/**
 * The share of the query's weight a film matches: through its titles or its people, with a
 * trailing year read either as a title word or as the release year.
 */
function combine(
  index: FilmIndex,
  slot: number,
  filmYear: number,
  askedYear: number | undefined,
  weights: Weights,
  titleScore: number,
  yearScore: number,
  personScore: number,
): number {
  const whole = weights.total + weights.year;
  let prescore = whole > 0 ? Math.max(titleScore + yearScore, personScore) / whole : 0;
  if (askedYear !== undefined && weights.total > 0) {
    const distance = Math.abs(filmYear - askedYear);
    // The year confirms a title match; on its own it says nothing.
    const bonus = distance === 0 ? YEAR_BONUS : distance === 1 ? YEAR_BONUS / 3 : 0;
    prescore = Math.max(prescore, (Math.max(titleScore, personScore) / weights.total) * (1 + bonus));
  }
  return prescore - LENGTH_PENALTY * index.titleLength(slot);
}

/** The slots worth rescoring: the RESCORE_LIMIT best so far, shorter titles first among equals. */
function bestSoFar(index: FilmIndex): ArrayLike<number> {
  if (touchedCount <= RESCORE_LIMIT) return touched.subarray(0, touchedCount);
  const heap = new CandidateHeap(RESCORE_LIMIT);
  for (let i = 0; i < touchedCount; i++) {
    const slot = touched[i]!;
    const base = slot * STRIDE;
    const partial = Math.max(scratch[base + TITLE_SCORE]! + scratch[base + YEAR_SCORE]!, scratch[base + PERSON_SCORE]!);
    heap.offer(slot, partial - LENGTH_PENALTY * index.titleLength(slot), false);
  }
  return heap.slotsKept();
}

export function findCandidates(index: FilmIndex, query: ParsedQuery, options: CandidateOptions): Candidate[] {
  ensureScratch(index.slotCount);
  const words = query.readings[0]!.text.length <= PREFIX_ONLY_LENGTH ? [] : query.words;
  const expansions = words.map((word, i) =>
    expand(index, word, query.lastWordOpen && i === words.length - 1, i === query.yearWordIndex),
  );
  const weights = new Weights(expansions);
  const rescoring = generateAll(index, expansions);
  if (rescoring.length) rescore(index, rescoring);
  const best = collect(index, query.readings[1]?.year, weights, options);
  addTitlePrefixes(index, query, expansions, weights, options, best);
  releaseTables();
  return best;
}

/**
 * Generates candidates from the query's words, rarest first, within the postings budgets; returns
 * the words left to rescore. Scores accumulate in the scratch, the films found in `touched`.
 */
function generateAll(index: FilmIndex, expansions: readonly Expansion[]): Expansion[] {
  touchedCount = 0;
  const rescoring: Expansion[] = [];
  let generating = 0;
  let laterSpent = 0;
  for (const expansion of [...expansions].sort((a, b) => a.cost - b.cost)) {
    if (!expansion.words.length) continue;
    // A word too common to start with ("the") leaves the query to the title-prefix look-up.
    const budget =
      generating === 0 ? firstWordBudget(index.slotCount) : Math.min(LATER_WORDS_BUDGET - laterSpent, laterWordCap(index.slotCount));
    if (expansion.cost > budget) {
      rescoring.push(expansion);
      continue;
    }
    if (generating++ > 0) laterSpent += expansion.cost;
    generateWord(index, expansion);
  }
  return rescoring;
}

function generateWord(index: FilmIndex, expansion: Expansion): void {
  const s = scratch;
  wordTouchedCount = 0;
  for (let w = 0; w < expansion.words.length; w++) {
    const word = expansion.words[w]!;
    const value = expansion.similarities[w]! * expansion.weight;
    generate(index.postings[TITLE], word, value, WORD_TITLE);
    if (!expansion.isYear) {
      generate(index.postings[DIRECTOR], word, value, WORD_PERSON);
      generate(index.postings[CAST], word, value * CAST_DISCOUNT, WORD_PERSON);
    }
  }
  const scoreColumn = expansion.isYear ? YEAR_SCORE : TITLE_SCORE;
  for (let i = 0; i < wordTouchedCount; i++) {
    const slot = wordTouched[i]!;
    const base = slot * STRIDE;
    if (s[base + SEEN] === 0) {
      s[base + SEEN] = 1;
      touched[touchedCount++] = slot;
    }
    s[base + scoreColumn]! += s[base + WORD_TITLE]!;
    s[base + PERSON_SCORE]! += s[base + WORD_PERSON]!;
    s[base + WORD_TITLE] = 0;
    s[base + WORD_PERSON] = 0;
  }
}

/** Common words rescore the films already found, through each film's own title words. */
function rescore(index: FilmIndex, rescoring: readonly Expansion[]): void {
  const s = scratch;
  const survivors = bestSoFar(index);
  for (let i = 0; i < survivors.length; i++) {
    const slot = survivors[i]!;
    const base = slot * STRIDE;
    for (const expansion of rescoring) {
      const value = titleWordSimilarity(index, slot, expansion) * expansion.weight;
      s[base + (expansion.isYear ? YEAR_SCORE : TITLE_SCORE)]! += value;
    }
  }
}

/** The best `limit` films found, clearing the scratch as it goes. */
function collect(index: FilmIndex, askedYear: number | undefined, weights: Weights, options: CandidateOptions): Candidate[] {
  const s = scratch;
  const allowed = options.allowed;
  const heap = new CandidateHeap(options.limit);
  const whole = weights.total + weights.year;
  for (let i = 0; i < touchedCount; i++) {
    const slot = touched[i]!;
    const base = slot * STRIDE;
    const titleScore = s[base + TITLE_SCORE]!;
    const personScore = s[base + PERSON_SCORE]!;
    const yearScore = s[base + YEAR_SCORE]!;
    s[base + TITLE_SCORE] = 0;
    s[base + PERSON_SCORE] = 0;
    s[base + YEAR_SCORE] = 0;
    s[base + SEEN] = 0;
    if (!index.isLive(slot) || (allowed && !allowed(slot))) continue;
    const prescore = combine(index, slot, index.yearOf(slot), askedYear, weights, titleScore, yearScore, personScore);
    if (prescore <= heap.lowest()) continue;
    // People matter when they explain the query at least as well as the title, or half of it.
    const people = personScore > 0 && (personScore >= titleScore || personScore >= 0.5 * whole);
    heap.offer(slot, prescore, people);
  }
  const ranked = heap.drain();
  const floor = (ranked[0]?.prescore ?? 0) - PRESCORE_MARGIN;
  return ranked.filter((candidate) => candidate.prescore >= floor);
}

/** Adds the titles starting with the query as typed, scored the same way through their title words. */
function addTitlePrefixes(
  index: FilmIndex,
  query: ParsedQuery,
  expansions: readonly Expansion[],
  weights: Weights,
  options: CandidateOptions,
  best: Candidate[],
): void {
  const allowed = options.allowed;
  const askedYear = query.readings[1]?.year;
  const taken = new Set(best.map((candidate) => candidate.slot));
  for (const reading of query.readings) {
    if (!reading.text) continue;
    for (const [prefix, bare] of [[reading.prefix, false], [reading.barePrefix, true]] as const) {
      for (const slot of index.titlesStartingWith(prefix, options.prefixLimit, bare)) {
        if (taken.has(slot) || (allowed && !allowed(slot))) continue;
        taken.add(slot);
        let titleScore = 0;
        let yearScore = 0;
        for (const expansion of expansions) {
          const value = titleWordSimilarity(index, slot, expansion) * expansion.weight;
          if (expansion.isYear) yearScore += value;
          else titleScore += value;
        }
        const prescore = combine(index, slot, index.yearOf(slot), askedYear, weights, titleScore, yearScore, 0);
        best.push({ slot, prescore, people: false });
      }
    }
  }
}

/** Keeps the `limit` highest-scoring slots offered (a min-heap on score). */
class CandidateHeap {
  private readonly slots: number[] = [];
  private readonly scores: number[] = [];
  private readonly people: boolean[] = [];

  constructor(private readonly limit: number) {}

  offer(slot: number, score: number, people: boolean): void {
    if (this.limit <= 0) return;
    if (this.slots.length < this.limit) {
      this.slots.push(slot);
      this.scores.push(score);
      this.people.push(people);
      this.up(this.slots.length - 1);
    } else if (score > this.scores[0]!) {
      this.slots[0] = slot;
      this.scores[0] = score;
      this.people[0] = people;
      this.down(0);
    }
  }

  /** The lowest score kept (-Infinity while not full): anything at or below it is not taken. */
  lowest(): number {
    return this.slots.length < this.limit ? -Infinity : this.scores[0]!;
  }

  slotsKept(): readonly number[] {
    return this.slots;
  }

  drain(): Candidate[] {
    return this.slots
      .map((slot, i) => ({ slot, prescore: this.scores[i]!, people: this.people[i]! }))
      .sort((a, b) => b.prescore - a.prescore);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= this.scores[i]!) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const size = this.slots.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < size && this.scores[left]! < this.scores[smallest]!) smallest = left;
      if (right < size && this.scores[right]! < this.scores[smallest]!) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const slot = this.slots[a]!;
    this.slots[a] = this.slots[b]!;
    this.slots[b] = slot;
    const score = this.scores[a]!;
    this.scores[a] = this.scores[b]!;
    this.scores[b] = score;
    const people = this.people[a]!;
    this.people[a] = this.people[b]!;
    this.people[b] = people;
  }
}
