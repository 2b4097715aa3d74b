import type { ClubBoost } from '../search/clubPrior.js';
import { FilmSearch, type SearchFilters, type SearchHit } from '../search/filmSearch.js';
import type { IndexSnapshot } from '../search/filmIndex.js';
import { normalize } from '../search/normalize.js';
import type { TypedTitleMatch } from '../search/typedTitle.js';
import type { FilmRecords } from './packedFilms.js';
import type { Film } from './schema.js';

export type NameKind = 'director' | 'actor' | 'genre';

/**
 * The films the bot knows, by id, with the search index kept in step. Everything that needs film
 * facts (cards, diary views, lists, recommendations) reads them from here. A large catalog keeps its
 * films packed (see packedFilms.ts): then the index finds them by id and each is read when asked
 * for; otherwise they are objects in a map.
 */
export class Catalog {
  /** The films as objects; undefined when they are packed (then the index answers by id). */
  private readonly byId: Map<string, Film> | undefined;
  private readonly index: FilmSearch;
  /** Distinct names per kind with their normalized form, built on first use and dropped when films change. */
  private names?: Record<NameKind, { name: string; key: string }[]>;
  /** `spread`'s answer, dropped when films change. */
  private spreadCache?: { limit: number; films: Film[] };

  /**
   * `films`: the films, or packed records of them (unique ids). `savedIndex`: the search index of
   * these very films, loaded instead of built (see openCatalog.ts).
   */
  constructor(films: readonly Film[] | FilmRecords, savedIndex?: IndexSnapshot) {
    if (Array.isArray(films)) {
      this.byId = new Map();
      for (const film of films as readonly Film[]) this.byId.set(film.id, film);
      this.index = new FilmSearch([...this.byId.values()], savedIndex);
    } else {
      this.byId = undefined;
      this.index = new FilmSearch(films as FilmRecords, savedIndex);
    }
  }

  /** Whether the films are kept packed and read on demand. */
  get packed(): boolean {
    return this.byId === undefined;
  }

  /** The search index as arrays, to save; only before any film is added or removed. */
  saveIndex(): IndexSnapshot {
    return this.index.saveIndex();
  }

  get size(): number {
    return this.byId ? this.byId.size : this.index.size;
  }

  get(id: string): Film | undefined {
    return this.byId ? this.byId.get(id) : this.index.film(id);
  }

  has(id: string): boolean {
    return this.byId ? this.byId.has(id) : this.index.has(id);
  }

  /** Every film; packed films are read one at a time as the iteration reaches them (seconds for 700k). */
  all(): IterableIterator<Film> {
    return this.byId ? this.byId.values() : this.index.films();
  }

  /** Adds films, or replaces those whose id is already known, and updates the index incrementally. */
  upsert(films: readonly Film[]): void {
    if (this.byId) for (const film of films) this.byId.set(film.id, film);
    this.index.add(films);
    this.names = undefined;
    this.spreadCache = undefined;
  }

  /** Takes films out of the catalog (and the index); cards that show them say so when pressed. */
  remove(ids: readonly string[]): void {
    if (this.byId) for (const id of ids) this.byId.delete(id);
    this.index.remove(ids);
    this.names = undefined;
    this.spreadCache = undefined;
  }

  /** `boost`: the server's club prior (see src/search/clubPrior.ts). */
  search(query: string, options?: { limit?: number; filters?: SearchFilters; boost?: ClubBoost }): SearchHit[] {
    return this.index.search(query, options);
  }

  resolve(query: string, options?: { filters?: SearchFilters }): { best: Film; contenders: Film[] } | null {
    return this.index.resolve(query, options);
  }

  /** Whether typed text names one film for certain, or which films to ask about (see FilmSearch.match). */
  match(query: string): TypedTitleMatch {
    return this.index.match(query);
  }

  /**
   * Films to suggest before anything is typed: a spread across the decades (newest first), the
   * best-known films of each decade first, so the list shows the range of the catalog rather than
   * twenty-five films from one year. Asked on every empty autocomplete: kept until films change.
   */
  spread(limit: number): Film[] {
    if (this.spreadCache?.limit !== limit) this.spreadCache = { limit, films: this.computeSpread(limit) };
    return [...this.spreadCache.films];
  }

  /** The best `limit` films of each decade (one pass over the index, not a sort), dealt out a decade at a time. */
  private computeSpread(limit: number): Film[] {
    const queues = this.index.bestByDecade(limit);
    const picked: Film[] = [];
    for (let round = 0; picked.length < limit; round++) {
      let added = false;
      for (const queue of queues) {
        const film = queue[round];
        if (film && picked.length < limit) {
          picked.push(film);
          added = true;
        }
      }
      if (!added) break;
    }
    return picked;
  }

  /** Directors, actors or genres matching what was typed (word prefixes first), for option autocomplete. */
  suggestNames(kind: NameKind, typed: string, limit: number): string[] {
    this.names ??= this.collectNames();
    const key = normalize(typed);
    const entries = this.names[kind];
    if (!key) return entries.slice(0, limit).map((entry) => entry.name);
    const wordStart: string[] = [];
    const inside: string[] = [];
    for (const entry of entries) {
      const at = entry.key.indexOf(key);
      if (at < 0) continue;
      (at === 0 || entry.key[at - 1] === ' ' ? wordStart : inside).push(entry.name);
      if (wordStart.length >= limit) break;
    }
    return [...wordStart, ...inside].slice(0, limit);
  }

  private collectNames(): Record<NameKind, { name: string; key: string }[]> {
    const counts: Record<NameKind, Map<string, number>> = { director: new Map(), actor: new Map(), genre: new Map() };
    const count = (kind: NameKind, name: string) => counts[kind].set(name, (counts[kind].get(name) ?? 0) + 1);
    for (const film of this.byId ? this.byId.values() : this.index.films(true)) {
      film.directors.forEach((name) => count('director', name));
      film.cast.forEach((member) => count('actor', member.name));
      film.genres.forEach((name) => count('genre', name));
    }
    // Most frequent first, so the names people are likeliest to mean come up first.
    const sorted = (kind: NameKind) =>
      [...counts[kind].entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => ({ name, key: normalize(name) }));
    return { director: sorted('director'), actor: sorted('actor'), genre: sorted('genre') };
  }
}
