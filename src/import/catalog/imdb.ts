import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { type CandidateFilm, validateCandidate } from './convert.js';
import { forEachLine } from '../../catalog/lines.js';
import { IntPool, TextPool } from './pools.js';

/**
 * IMDb's non-commercial datasets (https://developer.imdb.com/non-commercial-datasets/): gzipped
 * TSV files, one header line, `\N` for null, no quoting at all — a quote is a character like any
 * other. Read one file at a time, line by line, keeping only the films asked for and, of the people,
 * only the names those films need: the full set is ~11M titles, ~90M principals and ~14M names.
 */
export const IMDB_FILES = {
  basics: 'title.basics.tsv.gz',
  ratings: 'title.ratings.tsv.gz',
  crew: 'title.crew.tsv.gz',
  principals: 'title.principals.tsv.gz',
  akas: 'title.akas.tsv.gz',
  names: 'name.basics.tsv.gz',
} as const;
export type ImdbFile = keyof typeof IMDB_FILES;

/** IMDb's `titleType`s that are films; `movie` is read by default. */
export const IMDB_FILM_TYPES = ['movie', 'short', 'tvMovie', 'video'] as const;
export type ImdbFilmType = (typeof IMDB_FILM_TYPES)[number];

const NULL = '\\N';
const CAST_CATEGORIES = new Set(['actor', 'actress', 'self']);
export const IMDB_LIMITS = { cast: 15, directors: 20, writers: 30, altTitles: 30 };

/**
 * What the reader keeps of one film. People are numbers (nconst) in the reader's pools until the
 * names are read last; `…At`/`…Count` say where a film's run of them is.
 */
interface TitleRecord {
  tconst: number;
  title: string;
  original?: string;
  year: number;
  runtime?: number;
  genres?: string;
  akas?: string[];
  directorsAt?: number;
  directorsCount?: number;
  writersAt?: number;
  writersCount?: number;
  castAt?: number;
  castCount?: number;
  rating?: number;
  votes?: number;
}

export interface ImdbReadReport {
  /** Title rows read in title.basics. */
  titles: number;
  films: number;
  adult: number;
  /** Films of the chosen types without a year (announced, never released). */
  noYear: number;
  /** Lines whose columns could not be made out, per file. */
  malformed: Partial<Record<ImdbFile, number>>;
}

export interface ImdbProgress {
  file: ImdbFile;
  /** Compressed bytes read so far, of all files together. */
  done: number;
  total: number;
}

/**
 * A copy of a string cut from a line that does not keep the line's whole chunk alive: V8 makes a
 * substring a view of its parent, so a kept title would otherwise hold a megabyte of the file.
 */
const own = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/** The number of the id that starts a line ("tt0068646\t…" → 68646), read in place: no substring per row. */
function leadingNumber(line: string): number {
  let number = 0;
  let index = 2;
  for (let code = line.charCodeAt(index); code >= 48 && code <= 57; code = line.charCodeAt(++index)) number = number * 10 + (code - 48);
  return index > 2 && line.charCodeAt(index) === 9 ? number : NaN;
}

const tconstNumber = (text: string): number => (text.startsWith('tt') ? Number(text.slice(2)) : NaN);
const nconstNumber = (text: string): number => (text.startsWith('nm') ? Number(text.slice(2)) : NaN);
export const imdbTitleId = (tconst: number): string => `tt${String(tconst).padStart(7, '0')}`;
const value = (text: string | undefined): string | undefined => (text === undefined || text === NULL || text === '' ? undefined : text);

/**
 * A row's fields when free text may itself hold a tab (IMDb does not escape them): the columns before
 * `free` and after it are fixed, so whatever is left in between is the free column, its tabs spaces.
 */
function columns(line: string, expected: number, free: number): string[] | undefined {
  const fields = line.split('\t');
  if (fields.length === expected) return fields;
  if (fields.length < expected) return undefined;
  const extra = fields.length - expected;
  return [...fields.slice(0, free), fields.slice(free, free + extra + 1).join(' '), ...fields.slice(free + extra + 1)];
}

/** title.basics: the two titles are both free text; a tab is put where it leaves them equal when it can. */
function basicsColumns(line: string): string[] | undefined {
  const fields = line.split('\t');
  if (fields.length === 9) return fields;
  if (fields.length < 9) return undefined;
  const extra = fields.length - 9;
  const tail = fields.slice(4 + extra);
  const titles = fields.slice(2, 4 + extra);
  for (let split = 1; split < titles.length; split++) {
    const primary = titles.slice(0, split).join(' ');
    const original = titles.slice(split).join(' ');
    if (primary === original) return [fields[0]!, fields[1]!, primary, original, ...tail];
  }
  return [fields[0]!, fields[1]!, titles.slice(0, titles.length - 1).join(' '), titles[titles.length - 1]!, ...tail];
}

/** `["Lisa","Maid"]` → "Lisa / Maid"; anything that is not a JSON list of strings is left out. */
function characterOf(text: string | undefined): string | undefined {
  if (!text || text === NULL) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    const names = parsed.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
    const joined = names.join(' / ').replace(/\s+/g, ' ');
    return joined && joined.length <= 200 ? joined : undefined;
  } catch {
    return undefined;
  }
}

/** The people of a crew column, appended to `pool`: where they start and how many. */
function people(text: string | undefined, max: number, pool: IntPool): { at: number; count: number } | undefined {
  if (!value(text)) return undefined;
  const at = pool.length;
  let count = 0;
  for (const id of text!.split(',')) {
    const person = nconstNumber(id);
    if (!Number.isFinite(person) || count >= max) continue;
    pool.push(person);
    count += 1;
  }
  return count ? { at, count } : undefined;
}

/**
 * The names of the people the films need, read from name.basics (sorted by nconst, as IMDb writes
 * it; sorted here otherwise): ids in one typed array, names in one byte buffer.
 */
class PeopleNames {
  #needed = new Uint8Array(1 << 21);
  readonly #ids = new IntPool();
  readonly #names = new TextPool();
  #order?: Int32Array;
  #sorted = true;

  need(person: number): void {
    if (person >> 3 >= this.#needed.length) {
      const bigger = new Uint8Array(Math.max(this.#needed.length * 2, (person >> 3) + 1));
      bigger.set(this.#needed);
      this.#needed = bigger;
    }
    this.#needed[person >> 3]! |= 1 << (person & 7);
  }

  needs(person: number): boolean {
    return person >> 3 < this.#needed.length && (this.#needed[person >> 3]! & (1 << (person & 7))) !== 0;
  }

  add(person: number, name: string): void {
    if (this.#ids.length && person <= this.#ids.at(this.#ids.length - 1)) this.#sorted = false;
    this.#ids.push(person);
    this.#names.push(name);
  }

  /** Call once every name is in. */
  seal(): void {
    this.#needed = new Uint8Array(0);
    if (this.#sorted) return;
    const order = Int32Array.from({ length: this.#ids.length }, (_, index) => index);
    order.sort((a, b) => this.#ids.at(a) - this.#ids.at(b));
    this.#order = order;
  }

  get(person: number): string | undefined {
    let low = 0;
    let high = this.#ids.length - 1;
    const slot = (index: number) => (this.#order ? this.#order[index]! : index);
    while (low <= high) {
      const middle = (low + high) >> 1;
      const id = this.#ids.at(slot(middle));
      if (id === person) return this.#names.at(slot(middle));
      if (id < person) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}

export class ImdbDatasetReader {
  readonly #films = new Map<number, TitleRecord>();
  readonly #names = new PeopleNames();
  /** Directors and writers of every film, by run (TitleRecord.directorsAt…). */
  readonly #crew = new IntPool();
  /** Cast of every film, by run, and each one's character at the same position. */
  readonly #cast = new IntPool();
  readonly #characters = new TextPool();
  readonly report: ImdbReadReport = { titles: 0, films: 0, adult: 0, noYear: 0, malformed: {} };

  constructor(
    private readonly dir: string,
    private readonly types: ReadonlySet<string> = new Set(['movie']),
  ) {}

  /** Checks that all six files are there before a long read starts; returns their total size. */
  async totalBytes(): Promise<number> {
    let total = 0;
    const missing: string[] = [];
    for (const name of Object.values(IMDB_FILES)) {
      try {
        total += (await stat(join(this.dir, name))).size;
      } catch {
        missing.push(name);
      }
    }
    if (missing.length) {
      throw new UserError(`${this.dir} lacks ${missing.join(', ')}: download them from https://datasets.imdbws.com/ (README: "IMDb's datasets").`);
    }
    return total;
  }

  /** Reads the six files in the order that keeps memory bounded: films first, names last. */
  async read(onProgress?: (progress: ImdbProgress) => void): Promise<void> {
    const total = await this.totalBytes();
    let done = 0;
    const file = async (kind: ImdbFile, onRow: (line: string) => void) => {
      let header = true;
      await forEachLine(
        join(this.dir, IMDB_FILES[kind]),
        (line) => {
          if (header) header = false;
          else if (line) onRow(line);
        },
        (bytes) => {
          done += bytes;
          onProgress?.({ file: kind, done, total });
        },
      );
    };
    const malformed = (kind: ImdbFile) => (this.report.malformed[kind] = (this.report.malformed[kind] ?? 0) + 1);
    /** The film a row is about, looked up before the rest of the line is split (most rows are about other titles). */
    const filmOf = (line: string) => this.#films.get(leadingNumber(line));
    const genreLists = new Map<string, string>();

    await file('basics', (line) => {
      this.report.titles += 1;
      const type = line.slice(line.indexOf('\t') + 1, line.indexOf('\t', line.indexOf('\t') + 1));
      if (!this.types.has(type)) return;
      const fields = basicsColumns(line);
      const tconst = fields ? tconstNumber(fields[0]!) : NaN;
      if (!fields || !Number.isFinite(tconst)) return void malformed('basics');
      const [, , primary, original, isAdult, startYear, , runtime, genres] = fields;
      if (isAdult === '1') return void (this.report.adult += 1);
      const year = Number(value(startYear));
      const title = value(primary);
      if (!title) return void malformed('basics');
      if (!Number.isInteger(year) || !value(startYear)) return void (this.report.noYear += 1);
      const record: TitleRecord = { tconst, title: own(title), year };
      const originalTitle = value(original);
      if (originalTitle && originalTitle !== title) record.original = own(originalTitle);
      const minutes = Number(value(runtime));
      if (Number.isInteger(minutes) && minutes > 0) record.runtime = minutes;
      // A few hundred genre combinations for hundreds of thousands of films: one string each.
      if (value(genres)) record.genres = genreLists.get(genres!) ?? genreLists.set(genres!, own(genres!)).get(genres!);
      this.#films.set(tconst, record);
      this.report.films += 1;
    });

    await file('ratings', (line) => {
      const film = filmOf(line);
      if (!film) return;
      const fields = line.split('\t');
      const rating = Number(fields[1]);
      const votes = Number(fields[2]);
      if (fields.length !== 3 || !Number.isFinite(rating) || !Number.isInteger(votes)) return void malformed('ratings');
      film.rating = rating;
      film.votes = votes;
    });

    await file('crew', (line) => {
      const film = filmOf(line);
      if (!film) return;
      const fields = line.split('\t');
      if (fields.length !== 3) return void malformed('crew');
      const directors = people(fields[1], IMDB_LIMITS.directors, this.#crew);
      if (directors) [film.directorsAt, film.directorsCount] = [directors.at, directors.count];
      const writers = people(fields[2], IMDB_LIMITS.writers, this.#crew);
      if (writers) [film.writersAt, film.writersCount] = [writers.at, writers.count];
    });

    await file('principals', (line) => {
      const film = filmOf(line);
      if (!film) return;
      const fields = columns(line, 6, 4);
      if (!fields) return void malformed('principals');
      if (!CAST_CATEGORIES.has(fields[3]!)) return;
      const person = nconstNumber(fields[2]!);
      if (!Number.isFinite(person)) return void malformed('principals');
      this.#addCast(film, person, characterOf(fields[5]));
    });

    await file('akas', (line) => {
      const film = filmOf(line);
      if (!film) return;
      const fields = columns(line, 8, 2);
      if (!fields) return void malformed('akas');
      const title = value(fields[2])?.replace(/\s+/g, ' ').trim();
      if (!title || title.length > 200 || title === film.title || title === film.original) return;
      film.akas ??= [];
      if (film.akas.length < IMDB_LIMITS.altTitles && !film.akas.includes(title)) film.akas.push(own(title));
    });

    for (const film of this.#films.values()) {
      for (let i = 0; i < (film.directorsCount ?? 0); i++) this.#names.need(this.#crew.at(film.directorsAt! + i));
      for (let i = 0; i < (film.writersCount ?? 0); i++) this.#names.need(this.#crew.at(film.writersAt! + i));
      for (let i = 0; i < (film.castCount ?? 0); i++) this.#names.need(this.#cast.at(film.castAt! + i));
    }
    await file('names', (line) => {
      const person = leadingNumber(line);
      if (!this.#names.needs(person)) return;
      const fields = columns(line, 6, 1);
      const name = fields && value(fields[1])?.replace(/\s+/g, ' ').trim();
      if (!name) return void malformed('names');
      this.#names.add(person, name);
    });
    this.#names.seal();
  }

  /**
   * Adds one cast member at the end of the film's run. IMDb lists a title's principals together;
   * should a film's rows be split, its run is moved to the end of the pool first.
   */
  #addCast(film: TitleRecord, person: number, character: string | undefined): void {
    const count = film.castCount ?? 0;
    if (count >= IMDB_LIMITS.cast) return;
    for (let i = 0; i < count; i++) if (this.#cast.at(film.castAt! + i) === person) return;
    if (count > 0 && film.castAt! + count !== this.#cast.length) {
      const at = this.#cast.length;
      for (let i = 0; i < count; i++) {
        this.#cast.push(this.#cast.at(film.castAt! + i));
        this.#characters.push(this.#characters.at(film.castAt! + i));
      }
      film.castAt = at;
    }
    if (count === 0) film.castAt = this.#cast.length;
    this.#cast.push(person);
    this.#characters.push(character);
    film.castCount = count + 1;
  }

  get size(): number {
    return this.#films.size;
  }

  /** The films read, in the datasets' order (by IMDb id), as catalog candidates or why not. */
  *films(): Generator<{ imdb: string; title: string } & ({ ok: true; film: CandidateFilm } | { ok: false; reason: string })> {
    for (const record of this.#films.values()) {
      const imdb = imdbTitleId(record.tconst);
      const named = (at: number | undefined, count: number | undefined) => {
        const names: string[] = [];
        for (let i = 0; i < (count ?? 0); i++) {
          const name = this.#names.get(this.#crew.at(at! + i));
          if (name !== undefined && !names.includes(name)) names.push(name);
        }
        return names;
      };
      const cast: { name: string; character?: string }[] = [];
      for (let i = 0; i < (record.castCount ?? 0); i++) {
        const name = this.#names.get(this.#cast.at(record.castAt! + i));
        const character = this.#characters.at(record.castAt! + i);
        if (name) cast.push(character ? { name, character } : { name });
      }
      const input: Record<string, unknown> = {
        title: record.title,
        year: record.year,
        altTitles: record.akas ?? [],
        directors: named(record.directorsAt, record.directorsCount),
        cast,
        genres: record.genres ? record.genres.split(',') : [],
        externalIds: { imdb },
      };
      const writers = named(record.writersAt, record.writersCount);
      if (writers.length) input['writers'] = writers;
      if (record.original) input['originalTitle'] = record.original;
      if (record.runtime !== undefined && record.runtime <= 6000) input['runtime'] = record.runtime;
      if (record.votes !== undefined) input['watchers'] = record.votes;
      if (record.rating !== undefined && record.rating >= 1) input['imdbRating'] = record.rating;
      yield { imdb, title: record.title, ...validateCandidate(input) };
    }
  }
}
