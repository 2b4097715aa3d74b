import type { FilmRecords } from '../catalog/packedFilms.js';
import { FIRST_FILM_YEAR, type Film } from '../catalog/schema.js';
import { prefixOrder, searchPrior } from './prior.js';
import { normalize, normalizeTitle } from './normalize.js';
import { AppendOnlyLists, ByteVector, FloatVector, PostingLists, ShortVector } from './packedLists.js';
import { collectGarbage } from './collectGarbage.js';
import { SlotTable } from './slotTable.js';
import { TitlePrefixes } from './titlePrefixes.js';
import { Vocabulary } from './vocabulary.js';

/**
 * A built index in arrays, to be saved beside the catalog and loaded at the next start instead of
 * rebuilt (see indexCache.ts). Valid only for the very films, in the same order, it was built from.
 */
export interface IndexSnapshot {
  words: readonly string[];
  sortedWords: Int32Array<ArrayBuffer>;
  deletionHashes: Int32Array<ArrayBuffer>;
  deletionIds: Int32Array<ArrayBuffer>;
  /** Title, director and cast postings: offsets (one per word, plus one) and slots. */
  postingOffsets: [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>];
  postingSlots: [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>];
  titleWordData: Int32Array<ArrayBuffer>;
  titleWordOffsets: Int32Array<ArrayBuffer>;
  /** By slot: the title without its article where it differs, else null. */
  bareTitles: readonly (string | null)[];
  /** [slot, [text, bare, …]] for the slots with other titles. */
  others: readonly (readonly [number, readonly string[]])[];
  titleLengths: Uint8Array<ArrayBuffer>;
  priors: Float32Array<ArrayBuffer>;
  years: Int16Array<ArrayBuffer>;
  literalEntries: Int32Array<ArrayBuffer>;
  literalRanks: Float32Array<ArrayBuffer>;
  bareEntries: Int32Array<ArrayBuffer>;
  bareRanks: Float32Array<ArrayBuffer>;
}

/** An Int32Array as saved: itself when it is backed by a plain ArrayBuffer (a view, not a copy). */
function own(array: Int32Array): Int32Array<ArrayBuffer> {
  return array.buffer instanceof ArrayBuffer ? (array as Int32Array<ArrayBuffer>) : new Int32Array(array);
}

/** Where a word occurs in a film's record. */
export const TITLE = 0;
export const DIRECTOR = 1;
export const CAST = 2;
export type Role = typeof TITLE | typeof DIRECTOR | typeof CAST;

// "Spider-Man" is also typed "spiderman", "L'Atalante" "latalante": words joined by a hyphen or
// an apostrophe are indexed joined as well.
const JOINED = /[\p{L}\p{N}]+(?:[-‐‑–'’ʼ][\p{L}\p{N}]+)+/gu;
const JOINERS = /[-‐‑–'’ʼ]/g;

/** A person as the index knows them: the normalised name and its word ids. */
interface Person {
  normalized: string;
  words: readonly number[];
}

const PEOPLE_CACHED_AFTER_BUILD = 5_000;
/**
 * A 700k-film catalog names millions of people, most once: past this many the cache is emptied. Kept small enough
 * that its entries die young: at 300,000 each emptying left that many people as garbage in the old generation, which
 * the collector let pile up (a cold build of the 700k synthetic catalog peaked at 1.6 GB RSS; 1.47 GB with 2,000, for
 * the same CPU time: most names there are not met again soon enough for a larger cache to pay).
 */
const PEOPLE_CACHED_IN_BULK = 2_000;

/** A bulk build from packed records collects its garbage this often (see collectGarbage.ts). */
const COLLECT_EVERY = 100_000;

/** Title forms of a slot in the prefix index: 0 the title, 1 without article, 2+ other titles. */
const FORMS = 128;
const TEXT_FORM = 0;
const BARE_FORM = 1;
const OTHER_FORMS = 2;

/**
 * The search index proper: every film in a numbered slot, its normalised titles, the words of its
 * titles and people with postings back to slots, and all titles sorted for prefix look-ups. Slots
 * are append-only; replacing or removing a film retires its slot, and `garbageRatio` tells the
 * owner when a rebuild would pay off. Per-film data lives in flat arrays: at half a million films
 * every object per film costs tens of megabytes.
 */
export class FilmIndex {
  readonly vocabulary = new Vocabulary();
  readonly postings: readonly [PostingLists, PostingLists, PostingLists] = [new PostingLists(), new PostingLists(), new PostingLists()];
  /** Distinct title word ids of each slot. */
  readonly titleWords: AppendOnlyLists;
  /**
   * Films by slot: the first `packedCount` in `records` (a large catalog kept packed, see
   * packedFilms.ts), the rest, added since, as objects. A retired slot keeps its record (until the
   * next rebuild) because the prefix indexes still hold its titles, sorted: their keys must not change.
   */
  private readonly records: FilmRecords | undefined;
  private readonly packedCount: number;
  private readonly films: Film[] = [];
  /**
   * `normalizeTitle(title)` by slot where it differs from `normalize(title)` (a leading article).
   * `normalize(title)` itself is not kept but recomputed: it is cheap, and half a million kept
   * strings cost tens of megabytes.
   */
  private readonly bareTitles: (string | undefined)[] = [];
  private readonly slots: SlotTable;
  /** Original and alternative titles as [text, bare, text, bare, ...], for the slots that have any. */
  private readonly others = new Map<number, readonly string[]>();
  private readonly titleLengths = new ByteVector(1024);
  private readonly priors = new FloatVector();
  /** Release year and liveness by slot: compact, for the prefilter's hot loop. */
  private readonly years = new ShortVector(1024);
  private readonly alive = new ByteVector(1024);
  /**
   * People already normalised and split into word ids: the same actors recur across thousands of
   * films, so building in bulk pays this once per person. Emptied after the bulk build and kept
   * small afterwards: at half a million films it would hold tens of megabytes for nothing.
   */
  private readonly people = new Map<string, Person>();
  /** Titles as written, and titles without their leading article (every title, so as to be complete). */
  private readonly literalPrefixes = this.prefixIndex();
  private readonly barePrefixes = this.prefixIndex();
  readonly isLive = (slot: number): boolean => this.alive.get(slot) === 1;
  private live = 0;
  /** While building in bulk, people's words are gathered per slot and turned into postings at the end. */
  private bulk: { directors: AppendOnlyLists; cast: AppendOnlyLists } | null;
  /** Scratch for de-duplicating a film's words: `marks[word] === stamp` when already taken. */
  private marks = new Int32Array(1024);
  private stamp = 0;
  private readonly wordScratch: number[] = [];

  /**
   * `films`: the films, or packed records of them (kept, read when asked for). `saved`: this index
   * as `save()` gave it for these same films (checked by the caller).
   */
  constructor(films: readonly Film[] | FilmRecords, saved?: IndexSnapshot) {
    const packed = !Array.isArray(films);
    this.records = packed ? (films as FilmRecords) : undefined;
    this.packedCount = this.records?.count ?? 0;
    const count = packed ? this.packedCount : (films as readonly Film[]).length;
    this.slots = new SlotTable((slot) => this.idOf(slot), count);
    if (saved) {
      this.titleWords = new AppendOnlyLists(0, 0);
      this.bulk = null;
      this.restore(films, saved);
      return;
    }
    let castNames = count * 8;
    let directorNames = count;
    if (!packed) {
      castNames = directorNames = 0;
      for (const film of films as readonly Film[]) {
        castNames += film.cast.length;
        directorNames += film.directors.length;
      }
    }
    this.titleWords = new AppendOnlyLists(count, count * 4);
    this.bulk = {
      directors: new AppendOnlyLists(count, directorNames * 2),
      cast: new AppendOnlyLists(count, castNames * 2),
    };
    if (this.records) {
      // Each record read once and let go: the index keeps what it needs, the records the rest.
      for (let slot = 0; slot < this.packedCount; slot++) {
        this.index(this.records.read(slot), slot);
        if (slot % COLLECT_EVERY === COLLECT_EVERY - 1) collectGarbage();
      }
    } else {
      for (const film of films as readonly Film[]) this.add(film);
    }
    const { directors, cast } = this.bulk;
    this.bulk = null;
    this.postings[TITLE].rebuildFromLists(this.vocabulary.size, this.titleWords);
    this.postings[DIRECTOR].rebuildFromLists(this.vocabulary.size, directors);
    this.postings[CAST].rebuildFromLists(this.vocabulary.size, cast);
    this.titleWords.trim();
    this.titleLengths.trim();
    this.priors.trim();
    this.years.trim();
    this.alive.trim();
    this.people.clear();
    // The per-slot lists the postings were made from are garbage now; sorting the titles makes more.
    const large = this.packedCount >= COLLECT_EVERY;
    if (large) collectGarbage();
    this.vocabulary.seal();
    this.literalPrefixes.seal();
    if (large) collectGarbage();
    this.barePrefixes.seal();
    if (large) collectGarbage();
  }

  get size(): number {
    return this.live;
  }

  /**
   * This index as arrays; only right after the bulk build (no film added, replaced or removed since).
   * The arrays are views of the index's own (a 700k-film index is a few hundred megabytes: copying
   * it to save it raised the peak of a cold start by as much): write them out before changing films.
   */
  save(): IndexSnapshot {
    if (this.live !== this.slotCount || this.pendingRatio > 0) throw new Error('only a freshly built index can be saved');
    const postings = this.postings.map((lists) => lists.save());
    const words = this.vocabulary.save();
    const titleWords = this.titleWords.save();
    const literal = this.literalPrefixes.save();
    const bare = this.barePrefixes.save();
    return {
      words: words.words,
      sortedWords: own(words.sorted),
      deletionHashes: own(words.deletionHashes),
      deletionIds: own(words.deletionIds),
      postingOffsets: [own(postings[0]!.offsets), own(postings[1]!.offsets), own(postings[2]!.offsets)],
      postingSlots: [own(postings[0]!.data), own(postings[1]!.data), own(postings[2]!.data)],
      titleWordData: own(titleWords.data),
      titleWordOffsets: own(titleWords.offsets),
      bareTitles: this.bareTitles.map((title) => title ?? null),
      others: [...this.others.entries()],
      titleLengths: this.titleLengths.view() as Uint8Array<ArrayBuffer>,
      priors: this.priors.view() as Float32Array<ArrayBuffer>,
      years: this.years.view() as Int16Array<ArrayBuffer>,
      literalEntries: own(literal.entries),
      literalRanks: literal.ranks as Float32Array<ArrayBuffer>,
      bareEntries: own(bare.entries),
      bareRanks: bare.ranks as Float32Array<ArrayBuffer>,
    };
  }

  private restore(films: readonly Film[] | FilmRecords, saved: IndexSnapshot): void {
    this.vocabulary.load({ words: saved.words, sorted: saved.sortedWords, deletionHashes: saved.deletionHashes, deletionIds: saved.deletionIds });
    for (let role = 0; role < 3; role++) this.postings[role]!.load(saved.postingOffsets[role]!, saved.postingSlots[role]!);
    this.titleWords.load(saved.titleWordData, saved.titleWordOffsets);
    if (this.records) {
      for (let slot = 0; slot < this.packedCount; slot++) this.slots.set(this.records.id(slot), slot);
    } else {
      for (const film of films as readonly Film[]) {
        this.slots.set(film.id, this.films.length);
        this.films.push(film);
      }
    }
    this.live = this.slotCount;
    for (const title of saved.bareTitles) this.bareTitles.push(title ?? undefined);
    for (const [slot, titles] of saved.others) this.others.set(slot, titles);
    this.titleLengths.load(saved.titleLengths);
    this.priors.load(saved.priors);
    this.years.load(saved.years);
    this.alive.load(new Uint8Array(this.slotCount).fill(1));
    this.literalPrefixes.load(saved.literalEntries, saved.literalRanks);
    this.barePrefixes.load(saved.bareEntries, saved.bareRanks);
  }

  get slotCount(): number {
    return this.packedCount + this.films.length;
  }

  /** Share of slots retired by removals and replacements. */
  get garbageRatio(): number {
    return this.slotCount ? 1 - this.live / this.slotCount : 0;
  }

  /** Share of postings added since the last bulk build (kept outside the packed arrays). */
  get pendingRatio(): number {
    return Math.max(...this.postings.map((lists) => lists.pendingRatio));
  }

  film(slot: number): Film | undefined {
    return this.isLive(slot) ? this.filmAt(slot) : undefined;
  }

  /** The live film of an id. */
  filmOf(id: string): Film | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.filmAt(slot);
  }

  /** The film id of a slot (a retired slot keeps it). */
  idOf(slot: number): string {
    return slot < this.packedCount ? this.records!.id(slot) : this.films[slot - this.packedCount]!.id;
  }

  /** The title of a slot's film as written. */
  titleOf(slot: number): string {
    return slot < this.packedCount ? this.records!.title(slot) : this.films[slot - this.packedCount]!.title;
  }

  private filmAt(slot: number): Film {
    return slot < this.packedCount ? this.records!.film(slot) : this.films[slot - this.packedCount]!;
  }

  /** The live slot of a film id. */
  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  /** `fresh`: packed films read as copies nobody else gets (a pass over all of them need not remember each). */
  *liveFilms(fresh = false): IterableIterator<Film> {
    for (let slot = 0; slot < this.slotCount; slot++) {
      if (!this.isLive(slot)) continue;
      yield fresh && slot < this.packedCount ? this.records!.read(slot) : this.filmAt(slot);
    }
  }

  /** `normalize(title)` of the slot's film. */
  titleText(slot: number): string {
    return normalize(this.titleOf(slot));
  }

  /** `normalizeTitle(title)` of the slot's film: its title without a leading article. */
  titleBare(slot: number): string {
    return this.bareTitles[slot] ?? this.titleText(slot);
  }

  /** Original and alternative titles of a slot as [text, bare, text, bare, ...]. */
  otherTitles(slot: number): readonly string[] | undefined {
    return this.others.get(slot);
  }

  /** Words in the slot's title without article: shorter titles win ties. */
  titleLength(slot: number): number {
    return this.titleLengths.get(slot);
  }

  /** The release year of the slot's film (kept after the slot retires). */
  yearOf(slot: number): number {
    return this.years.get(slot);
  }

  /** `searchPrior` of the slot's film: how well known it is. */
  prior(slot: number): number {
    return this.priors.get(slot);
  }

  normalizedName(name: string): string {
    return this.people.get(name)?.normalized ?? normalize(name);
  }

  /** Adds a film, or replaces the film with the same id. */
  add(film: Film): void {
    this.remove(film.id);
    const slot = this.slotCount;
    this.films.push(film);
    this.index(film, slot);
  }

  /** Indexes `film` in `slot`, the next one (its record already kept). */
  private index(film: Film, slot: number): void {
    this.slots.set(film.id, slot);
    this.live++;

    const text = normalize(film.title);
    const bareTitle = normalizeTitle(film.title);
    const bare = bareTitle === text ? text : bareTitle;
    this.bareTitles.push(bare === text ? undefined : bare);
    this.priors.push(searchPrior(film));
    let others: string[] | undefined;
    if (film.originalTitle || film.altTitles.length) {
      for (const title of [film.originalTitle, ...film.altTitles]) {
        if (!title) continue;
        const otherText = normalize(title);
        if (!otherText || otherText === text || others?.includes(otherText)) continue;
        const otherBare = normalizeTitle(title);
        (others ??= []).push(otherText, otherBare === otherText ? otherText : otherBare);
      }
      if (others && others.length > FORMS - OTHER_FORMS) others.length = FORMS - OTHER_FORMS;
      if (others) this.others.set(slot, others);
    }

    this.literalPrefixes.add(slot * FORMS + TEXT_FORM);
    this.barePrefixes.add(slot * FORMS + BARE_FORM);
    const words = this.beginWords();
    this.addWords(text, words);
    if (others) {
      for (let i = 0; i < others.length; i += 2) {
        this.literalPrefixes.add(slot * FORMS + OTHER_FORMS + i);
        this.barePrefixes.add(slot * FORMS + OTHER_FORMS + i + 1);
        this.addWords(others[i]!, words);
      }
    }
    this.addJoined(film.title, words);
    if (film.originalTitle) this.addJoined(film.originalTitle, words);
    for (const title of film.altTitles) this.addJoined(title, words);
    this.titleLengths.push(bare ? Math.min(255, bare.split(' ').length) : 0);
    this.years.push(film.year);
    this.alive.push(1);
    this.titleWords.append(words);
    if (!this.bulk) for (const word of words) this.postings[TITLE].add(word, slot);

    this.addPeople(film.directors, this.bulk?.directors, DIRECTOR, slot);
    this.addPeople(film.cast, this.bulk?.cast, CAST, slot);
  }

  /** Retires the slot of `id`; returns whether there was one. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.alive.set(slot, 0);
    this.live--;
    return true;
  }

  /**
   * Up to `limit` slots whose title (as written, or without its article when `bare`) starts with
   * `prefix`: in the order Fuse.js ranks such matches (fewest words, most complete, earliest).
   */
  titlesStartingWith(prefix: string, limit: number, bare: boolean): number[] {
    return (bare ? this.barePrefixes : this.literalPrefixes).find(prefix, limit, this.isLive);
  }

  /** The live slots with a title (or other title) that is `bare` once articles are dropped: every film of that name. */
  titlesEqualTo(bare: string): number[] {
    return this.barePrefixes.equalTo(bare, this.isLive);
  }

  private prefixIndex(): TitlePrefixes {
    return new TitlePrefixes(
      (entry) => this.titleForm(entry >>> 7, entry & (FORMS - 1)),
      (entry, key) => this.prefixRank(entry >>> 7, key),
      (entry) => entry >>> 7,
    );
  }

  /** `prefixOrder` of one form of the slot's title, the earliest film first among equals. */
  private prefixRank(slot: number, key: string): number {
    let words = 1;
    for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) words++;
    // Years apart by steps a Float32 rank still tells apart, all together worth less than a word.
    return prefixOrder(this.priors.get(slot), words) + Math.max(0, this.years.get(slot) - FIRST_FILM_YEAR) * 2e-6;
  }

  private titleForm(slot: number, form: number): string {
    if (form === TEXT_FORM) return this.titleText(slot);
    if (form === BARE_FORM) return this.titleBare(slot);
    return this.others.get(slot)?.[form - OTHER_FORMS] ?? '';
  }

  private person(name: string): Person {
    let person = this.people.get(name);
    if (!person) {
      const normalized = normalize(name);
      const words: number[] = [];
      for (const word of normalized.split(' ')) if (word) words.push(this.vocabulary.intern(word));
      person = { normalized, words };
      if (this.people.size >= (this.bulk ? PEOPLE_CACHED_IN_BULK : PEOPLE_CACHED_AFTER_BUILD)) this.people.clear();
      this.people.set(name, person);
    }
    return person;
  }

  private addPeople(people: readonly (string | { name: string })[], bulkLists: AppendOnlyLists | undefined, role: Role, slot: number): void {
    const words = this.beginWords();
    for (const entry of people) {
      for (const word of this.person(typeof entry === 'string' ? entry : entry.name).words) this.take(word, words);
    }
    if (bulkLists) bulkLists.append(words);
    else for (const word of words) this.postings[role].add(word, slot);
  }

  private addWords(normalized: string, words: number[]): void {
    if (!normalized) return;
    for (const word of normalized.split(' ')) this.take(this.vocabulary.intern(word), words);
  }

  private addJoined(title: string, words: number[]): void {
    if (!JOINERS.test(title)) return;
    JOINERS.lastIndex = 0;
    for (const parts of title.match(JOINED) ?? []) {
      const joined = normalize(parts.replace(JOINERS, ''));
      if (joined && !joined.includes(' ')) this.take(this.vocabulary.intern(joined), words);
    }
  }

  /** Starts a fresh, de-duplicated word list (valid until the next call). */
  private beginWords(): number[] {
    this.stamp++;
    this.wordScratch.length = 0;
    return this.wordScratch;
  }

  private take(word: number, words: number[]): void {
    if (word >= this.marks.length) {
      const grown = new Int32Array(Math.max(word + 1, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    if (this.marks[word] === this.stamp) return;
    this.marks[word] = this.stamp;
    words.push(word);
  }
}
