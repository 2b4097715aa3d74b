import { type Film, FILM_ID_PATTERN, filmIdFor } from '../../catalog/schema.js';
import { normalizeTitle } from '../../search/normalize.js';
import { MAX_YEAR_GAP } from '../match.js';
import type { CandidateFilm } from './convert.js';

export type MergeOutcome =
  | { status: 'added'; id: string }
  /** The film was known: fields it lacked were filled in. */
  | { status: 'merged'; id: string; fields: string[] }
  /** The film was known and the row adds nothing. */
  | { status: 'duplicate'; id: string }
  /** The film is in one of the reference catalogs (another file the bot loads), which is not changed. */
  | { status: 'elsewhere'; id: string };

type ExternalKind = keyof Film['externalIds'];
export type RefreshedField = 'watchers' | 'imdbRating';
const EXTERNAL_KINDS: ExternalKind[] = ['imdb', 'tmdb', 'letterboxd', 'wikipedia'];
const LIST_FIELDS = ['directors', 'cast', 'countries', 'languages', 'genres', 'themes'] as const;
const SCALAR_FIELDS = ['originalTitle', 'writers', 'runtime', 'poster', 'watchers', 'imdbRating'] as const;

export interface MergerOptions {
  /** Films of the other catalog files the bot loads with this one: a row naming one is not copied, and new ids never collide with theirs. */
  reference?: readonly Film[];
  /**
   * Also match rows on the known films' alternative titles (always: on their title and original title). Worth it
   * for catalogs of tens of thousands of films (the bundled default: "Sunset Blvd." is Sunset Boulevard's), not
   * for IMDb's 700k with their dozens of regional titles each, whose rows carry IMDb ids anyway.
   */
  matchAltTitles?: boolean;
  /**
   * Ids that must not be given to new films (ids a previous build gave films that are gone or merged away: members'
   * records may still name them). A row asking for one of them by id still gets it.
   */
  retiredIds?: Iterable<string>;
}

/**
 * Merges films into a catalog. A row is the same film as one already there when they share an
 * external id (IMDb, TMDB, Letterboxd, Wikipedia) and their years are at most a year apart; failing
 * that, when one of the row's titles (title, original or alternative title) is one of the known film's
 * (its title or original title, and its alternative titles with `matchAltTitles`), articles and
 * punctuation aside, the years are equal, no external id of the same kind says otherwise (two 1915
 * "Carmen" with different Wikipedia pages are two films) and their casts, when both are known, share a
 * name: "Serbuan maut" (2011) is the original title of The Raid (2011). The same title a year apart is
 * the same film only when both casts are known and share two names (a release year against a festival
 * year: "The Raid: Redemption" (2012) is The Raid (2011); a remake a year later shares no cast). A
 * known film only gains what it lacks: curated fields are never overwritten, and the row's other
 * titles become alternative titles. New films get the canonical id for their title and year ("-2",
 * "-3"… when that is taken).
 */
export class CatalogMerger {
  readonly #films: Film[] = [];
  readonly #byId = new Map<string, Film>();
  readonly #byExternal = new Map<string, Film[]>();
  readonly #byTitleYear = new Map<string, Film[]>();
  /** Notes about the last merge (an external id dropped as conflicting…). */
  readonly warnings: string[] = [];

  readonly #reference = new Set<Film>();
  /** Ids given to films added with `keep: false`. */
  readonly #detached = new Set<string>();
  readonly #matchAltTitles: boolean;
  readonly #retired: ReadonlySet<string>;

  /** `existing`: the films of the catalog being written; see MergerOptions for the rest. */
  constructor(existing: readonly Film[] = [], options: MergerOptions = {}) {
    this.#matchAltTitles = options.matchAltTitles ?? false;
    this.#retired = new Set(options.retiredIds ?? []);
    for (const film of options.reference ?? []) {
      if (this.#byId.has(film.id)) continue;
      this.#reference.add(film);
      this.#byId.set(film.id, film);
      this.#reindex(film);
    }
    for (const film of existing) {
      const copy = structuredClone(film);
      // The catalog being written wins over a reference film with its id (the bot loads whichever comes first).
      const shadowed = this.#byId.get(film.id);
      if (shadowed) this.#reference.delete(shadowed);
      this.#index(copy);
    }
  }

  get size(): number {
    return this.#films.length;
  }

  films(): Film[] {
    return this.#films;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /**
   * Merges one film. `keep: false` (for sources too large to hold, whose rows never repeat: IMDb's
   * datasets) reserves a new film's id but leaves the film to the caller, who writes it out; it is not
   * matched against later rows. `refresh` names figures that a known film takes from the row even when
   * it has them (IMDb's votes and rating move; a re-import brings them up to date).
   */
  add(candidate: CandidateFilm, options: { keep?: boolean; refresh?: readonly RefreshedField[] } = {}): MergeOutcome {
    this.warnings.length = 0;
    const incoming = structuredClone(candidate);
    const known = this.#findByExternalId(incoming) ?? this.#findByTitleYear(incoming);
    if (known && this.#reference.has(known)) return { status: 'elsewhere', id: known.id };
    if (known) {
      const fields = fillGaps(known, incoming);
      for (const field of options.refresh ?? []) {
        if (incoming[field] !== undefined && known[field] !== incoming[field] && !fields.includes(field)) {
          known[field] = incoming[field];
          fields.push(field);
        }
      }
      if (fields.length === 0) return { status: 'duplicate', id: known.id };
      this.#reindex(known);
      return { status: 'merged', id: known.id, fields };
    }
    const { id: wanted, ...rest } = incoming;
    const film: Film = { id: this.#freeId(wanted, incoming.title, incoming.year), ...rest };
    if (wanted !== undefined && film.id !== wanted) this.warnings.push(`its id ${wanted} is taken or invalid; added as ${film.id}`);
    if (options.keep === false) this.#detached.add(film.id);
    else this.#index(film);
    return { status: 'added', id: film.id };
  }

  #findByExternalId(incoming: CandidateFilm): Film | undefined {
    for (const kind of EXTERNAL_KINDS) {
      const value = incoming.externalIds[kind];
      if (value === undefined) continue;
      const matches = this.#byExternal.get(`${kind}:${value}`) ?? [];
      const near = matches.find((film) => Math.abs(film.year - incoming.year) <= MAX_YEAR_GAP);
      if (near) return near;
      if (matches.length > 0) {
        // One of the two links is wrong (the scraped lists link remakes to the original's page): keep them apart.
        this.warnings.push(`its ${kind} id ${value} belongs to ${matches[0]!.id}; kept as a separate film without that id`);
        delete incoming.externalIds[kind];
      }
    }
    return undefined;
  }

  #findByTitleYear(incoming: CandidateFilm): Film | undefined {
    const titles = titlesOf(incoming);
    const idsAgree = (film: Film) =>
      EXTERNAL_KINDS.every((kind) => {
        const mine = film.externalIds[kind];
        const theirs = incoming.externalIds[kind];
        return mine === undefined || theirs === undefined || mine === theirs;
      });
    // The row's own title first, then its other titles; the same year first, then a year apart.
    for (const title of titles) {
      const found = this.#byTitleYear.get(titleYearKey(title, incoming.year))?.find((film) => idsAgree(film) && castsMayMatch(film, incoming));
      if (found) return found;
    }
    for (const title of titles) {
      for (const year of [incoming.year - 1, incoming.year + 1]) {
        const found = this.#byTitleYear.get(titleYearKey(title, year))?.find((film) => idsAgree(film) && castsShare(film, incoming, 2));
        if (found) return found;
      }
    }
    return undefined;
  }

  #freeId(wanted: string | undefined, title: string, year: number): string {
    const taken = (id: string) => this.#byId.has(id) || this.#detached.has(id);
    if (wanted && FILM_ID_PATTERN.test(wanted) && wanted.length <= 90 && !taken(wanted)) return wanted;
    const base = filmIdFor(title, year);
    let id = base;
    for (let n = 2; taken(id) || this.#retired.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  #index(film: Film): void {
    this.#films.push(film);
    this.#byId.set(film.id, film);
    this.#reindex(film);
  }

  /** Adds the film's keys to the look-ups (keys only grow: fillGaps never removes anything). */
  #reindex(film: Film): void {
    for (const kind of EXTERNAL_KINDS) {
      const value = film.externalIds[kind];
      if (value !== undefined) push(this.#byExternal, `${kind}:${value}`, film);
    }
    for (const title of this.#matchAltTitles ? titlesOf(film) : [film.title, film.originalTitle]) {
      if (title) push(this.#byTitleYear, titleYearKey(title, film.year), film);
    }
  }
}

/** A film's title, original title and alternative titles, each once (articles and punctuation aside). */
function titlesOf(film: Pick<Film, 'title' | 'originalTitle' | 'altTitles'>): string[] {
  const seen = new Set<string>();
  const titles: string[] = [];
  for (const title of [film.title, film.originalTitle, ...film.altTitles]) {
    if (!title) continue;
    const key = normalizeTitle(title);
    if (seen.has(key)) continue;
    seen.add(key);
    titles.push(title);
  }
  return titles;
}

/** Whether both casts are known and have at least `least` names in common (fewer when a cast is shorter). */
function castsShare(film: Film, incoming: CandidateFilm, least: number): boolean {
  if (film.cast.length === 0 || incoming.cast.length === 0) return false;
  const names = new Set(film.cast.map((member) => normalizeTitle(member.name)));
  const needed = Math.min(least, film.cast.length, incoming.cast.length);
  let shared = 0;
  for (const member of incoming.cast) if (names.has(normalizeTitle(member.name)) && ++shared >= needed) return true;
  return false;
}

/** Two casts known on both sides with no name in common are two films that share a title and a year. */
function castsMayMatch(film: Film, incoming: CandidateFilm): boolean {
  if (film.cast.length === 0 || incoming.cast.length === 0) return true;
  const names = new Set(film.cast.map((member) => normalizeTitle(member.name)));
  return incoming.cast.some((member) => names.has(normalizeTitle(member.name)));
}

function titleYearKey(title: string, year: number): string {
  return `${normalizeTitle(title)}|${year}`;
}

function push(map: Map<string, Film[]>, key: string, film: Film): void {
  const list = map.get(key);
  if (!list) map.set(key, [film]);
  else if (!list.includes(film)) list.push(film);
}

/** Copies into `known` what it lacks from `incoming`; returns the fields that changed. */
function fillGaps(known: Film, incoming: CandidateFilm): string[] {
  const changed: string[] = [];
  for (const field of LIST_FIELDS) {
    if (known[field].length === 0 && incoming[field].length > 0) {
      (known as Record<string, unknown>)[field] = incoming[field];
      changed.push(field);
    }
  }
  for (const field of SCALAR_FIELDS) {
    if (known[field] === undefined && incoming[field] !== undefined) {
      (known as Record<string, unknown>)[field] = incoming[field];
      changed.push(field);
    }
  }
  if (!known.synopsis && incoming.synopsis) {
    known.synopsis = incoming.synopsis;
    changed.push('synopsis');
  }
  for (const kind of EXTERNAL_KINDS) {
    const value = incoming.externalIds[kind];
    if (known.externalIds[kind] === undefined && value !== undefined) {
      (known.externalIds as Record<string, unknown>)[kind] = value;
      changed.push(`externalIds.${kind}`);
    }
  }
  // The row's other names become alternative titles.
  const names = new Set([known.title, known.originalTitle, ...known.altTitles].filter(Boolean).map((name) => normalizeTitle(name!)));
  for (const name of [incoming.title, incoming.originalTitle, ...incoming.altTitles]) {
    if (name && !names.has(normalizeTitle(name)) && known.altTitles.length < 50) {
      known.altTitles.push(name);
      names.add(normalizeTitle(name));
      if (!changed.includes('altTitles')) changed.push('altTitles');
    }
  }
  return changed;
}
