import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { type CandidateFilm, validateCandidate } from './convert.js';
import { forEachLine } from './lines.js';

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

/** What the reader keeps of one film; people are numbers (nconst) until names are read last. */
interface TitleRecord {
  tconst: number;
  title: string;
  original?: string;
  year: number;
  runtime?: number;
  genres?: string;
  akas?: string[];
  directors?: number[];
  writers?: number[];
  cast?: number[];
  characters?: (string | undefined)[];
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

function people(text: string | undefined, max: number): number[] | undefined {
  if (!value(text)) return undefined;
  const ids = text!.split(',').map(nconstNumber).filter(Number.isFinite).slice(0, max);
  return ids.length ? ids : undefined;
}

export class ImdbDatasetReader {
  readonly #films = new Map<number, TitleRecord>();
  readonly #names = new Map<number, string>();
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
    /** The film a row is about, looked up before the rest of the line is split. */
    const filmOf = (line: string) => this.#films.get(tconstNumber(line.slice(0, line.indexOf('\t'))));

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
      const record: TitleRecord = { tconst, title, year };
      const originalTitle = value(original);
      if (originalTitle && originalTitle !== title) record.original = originalTitle;
      const minutes = Number(value(runtime));
      if (Number.isInteger(minutes) && minutes > 0) record.runtime = minutes;
      if (value(genres)) record.genres = genres;
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
      film.directors = people(fields[1], IMDB_LIMITS.directors);
      film.writers = people(fields[2], IMDB_LIMITS.writers);
    });

    await file('principals', (line) => {
      const film = filmOf(line);
      if (!film) return;
      const fields = columns(line, 6, 4);
      if (!fields) return void malformed('principals');
      if (!CAST_CATEGORIES.has(fields[3]!)) return;
      const person = nconstNumber(fields[2]!);
      if (!Number.isFinite(person)) return void malformed('principals');
      film.cast ??= [];
      film.characters ??= [];
      if (film.cast.length >= IMDB_LIMITS.cast || film.cast.includes(person)) return;
      film.cast.push(person);
      film.characters.push(characterOf(fields[5]));
    });

    await file('akas', (line) => {
      const film = filmOf(line);
      if (!film) return;
      const fields = columns(line, 8, 2);
      if (!fields) return void malformed('akas');
      const title = value(fields[2])?.replace(/\s+/g, ' ').trim();
      if (!title || title.length > 200 || title === film.title || title === film.original) return;
      film.akas ??= [];
      if (film.akas.length < IMDB_LIMITS.altTitles && !film.akas.includes(title)) film.akas.push(title);
    });

    const needed = new Set<number>();
    for (const film of this.#films.values()) {
      for (const list of [film.directors, film.writers, film.cast]) for (const person of list ?? []) needed.add(person);
    }
    await file('names', (line) => {
      const tab = line.indexOf('\t');
      const person = nconstNumber(line.slice(0, tab));
      if (!needed.has(person)) return;
      const fields = columns(line, 6, 1);
      const name = fields && value(fields[1])?.replace(/\s+/g, ' ').trim();
      if (!name) return void malformed('names');
      this.#names.set(person, name);
    });
  }

  get size(): number {
    return this.#films.size;
  }

  /** The films read, in the datasets' order (by IMDb id), as catalog candidates or why not. */
  *films(): Generator<{ imdb: string; title: string } & ({ ok: true; film: CandidateFilm } | { ok: false; reason: string })> {
    for (const record of this.#films.values()) {
      const imdb = imdbTitleId(record.tconst);
      const named = (list: number[] | undefined) => (list ?? []).map((person) => this.#names.get(person)).filter((name): name is string => name !== undefined);
      const cast: { name: string; character?: string }[] = [];
      record.cast?.forEach((person, index) => {
        const name = this.#names.get(person);
        const character = record.characters?.[index];
        if (name) cast.push(character ? { name, character } : { name });
      });
      const input: Record<string, unknown> = {
        title: record.title,
        year: record.year,
        altTitles: record.akas ?? [],
        directors: named(record.directors),
        cast,
        genres: record.genres ? record.genres.split(',') : [],
        externalIds: { imdb },
      };
      const writers = named(record.writers);
      if (writers.length) input['writers'] = writers;
      if (record.original) input['originalTitle'] = record.original;
      if (record.runtime !== undefined && record.runtime <= 6000) input['runtime'] = record.runtime;
      if (record.votes !== undefined) input['watchers'] = record.votes;
      if (record.rating !== undefined && record.rating >= 1) input['imdbRating'] = record.rating;
      yield { imdb, title: record.title, ...validateCandidate(input) };
    }
  }
}
