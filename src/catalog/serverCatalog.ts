import { FilmSearch, type SearchFilters, type SearchHit } from '../search/filmSearch.js';
import { normalize } from '../search/normalize.js';
import type { TypedTitleMatch } from '../search/typedTitle.js';
import type { ClubBoost } from '../search/clubPrior.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { Catalog, NameKind } from './catalog.js';
import type { RetiredIds } from './retiredIds.js';
import type { Film } from './schema.js';
import type { FilmFacts, ServerCatalogSection } from './serverSchema.js';

export type { FilmOrigin } from './serverSchema.js';

/** What every reader of film facts uses; `Catalog` and `ServerCatalog` both provide it. */
export interface CatalogReads {
  readonly size: number;
  get(id: string): Film | undefined;
  has(id: string): boolean;
  all(): Iterable<Film>;
  search(query: string, options?: { limit?: number; filters?: SearchFilters; boost?: ClubBoost }): SearchHit[];
  resolve(query: string, options?: { filters?: SearchFilters }): { best: Film; contenders: Film[] } | null;
  match(query: string): TypedTitleMatch;
  spread(limit: number): Film[];
  suggestNames(kind: NameKind, typed: string, limit: number): string[];
}

/** A service built once for every server, or one that reads films per server: both are accepted. */
export type PerServer<T> = T | ((guildId: string) => T);

export function perServer<T extends object>(films: PerServer<T>): (guildId: string) => T {
  return typeof films === 'function' ? (films as (guildId: string) => T) : () => films;
}

const NO_RETIRED_IDS: RetiredIds = new Map();

/** Merge chains are followed this far at most (a merge always points at a live film; this only bounds bad data). */
const ALIAS_HOPS = 8;

/** The facts of `film` with a server's corrections applied. */
export function withFacts(film: Film, facts: DeepReadonly<FilmFacts>): Film {
  const edited: Film = { ...film };
  if (facts.title !== undefined) edited.title = facts.title;
  if (facts.year !== undefined) edited.year = facts.year;
  if (facts.directors !== undefined) edited.directors = [...facts.directors];
  if (facts.cast !== undefined) edited.cast = facts.cast.map((member) => ({ ...member }));
  if (facts.synopsis !== undefined) edited.synopsis = facts.synopsis;
  if (facts.poster === null) delete edited.poster;
  else if (facts.poster !== undefined) edited.poster = facts.poster;
  return edited;
}

/**
 * One server's catalog: the shared catalog plus the films this server added, its corrections and its merges.
 * The shared search index is used as is; films this server added or corrected get a small index of their own,
 * and results of both are merged (the shared index is never rebuilt per server). Immutable: a change to the
 * server's records builds a new view (see ServerCatalogs).
 */
export class ServerCatalog implements CatalogReads {
  readonly #global: Catalog;
  readonly #own = new Map<string, Film>();
  readonly #edited = new Map<string, Film>();
  readonly #aliases: ReadonlyMap<string, string>;
  /** Ids the shared catalog retired (merged into another of its films by a rebuild, src/catalog/retiredIds.ts). */
  readonly #retired: RetiredIds;
  readonly #section: DeepReadonly<ServerCatalogSection> | undefined;
  /** Films this server added or corrected, indexed on first search (a write reads facts only); null when there are none. */
  #ownIndex: FilmSearch | null | undefined;

  constructor(global: Catalog, section?: DeepReadonly<ServerCatalogSection>, retired: RetiredIds = NO_RETIRED_IDS) {
    this.#global = global;
    this.#section = section;
    this.#retired = retired;
    this.#aliases = new Map(Object.entries(section?.aliases ?? {}));
    for (const [id, stored] of Object.entries(section?.films ?? {})) this.#own.set(id, stored.film as Film);
    for (const [id, edit] of Object.entries(section?.edits ?? {})) {
      const shared = global.get(id);
      if (shared) this.#edited.set(id, withFacts(shared, edit.facts));
    }
  }

  get #index(): FilmSearch | undefined {
    if (this.#ownIndex === undefined) {
      const indexed = [...this.#own.values(), ...this.#edited.values()];
      this.#ownIndex = indexed.length > 0 ? new FilmSearch(indexed) : null;
    }
    return this.#ownIndex ?? undefined;
  }

  /** The server's stored records this view was built from (undefined: none yet). */
  get records(): DeepReadonly<ServerCatalogSection> | undefined {
    return this.#section;
  }

  get size(): number {
    let hidden = 0;
    for (const id of this.#aliases.keys()) if (this.#global.has(id)) hidden++;
    return this.#global.size + this.#own.size - hidden;
  }

  /**
   * The id a film is known by here: a merged-away id leads to the film it was merged into, by this server's merges
   * or by the shared catalog's (an id a rebuild retired, unless a film still bears it here).
   */
  canonicalId(id: string): string {
    let current = id;
    for (let hop = 0; hop < ALIAS_HOPS; hop++) {
      const next = this.#aliases.get(current) ?? this.#retiredTarget(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  #retiredTarget(id: string): string | undefined {
    if (this.#retired.size === 0 || this.#own.has(id) || this.#global.has(id)) return undefined;
    return this.#retired.get(id);
  }

  get(id: string): Film | undefined {
    const canonical = this.canonicalId(id);
    return this.#own.get(canonical) ?? this.#edited.get(canonical) ?? (this.#aliases.has(canonical) ? undefined : this.#global.get(canonical));
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Whether this server added, corrected or merged any film: otherwise it sees the shared catalog as is. */
  get hasOwnFacts(): boolean {
    return this.#own.size > 0 || this.#edited.size > 0 || this.#aliases.size > 0;
  }

  /** Whether the film is one this server added (not in the shared catalog). */
  isOwn(id: string): boolean {
    return this.#own.has(this.canonicalId(id));
  }

  /** How this server came to have the film, for films it added. */
  originOf(id: string): DeepReadonly<ServerCatalogSection['films'][string]> | undefined {
    return this.#section?.films[this.canonicalId(id)];
  }

  /** The server's correction of a shared film, if any. */
  editOf(id: string): DeepReadonly<ServerCatalogSection['edits'][string]> | undefined {
    return this.#section?.edits[this.canonicalId(id)];
  }

  *all(): IterableIterator<Film> {
    for (const film of this.#global.all()) {
      if (this.#aliases.has(film.id)) continue;
      yield this.#edited.get(film.id) ?? film;
    }
    yield* this.#own.values();
  }

  /** A film as this server sees it (its correction, or the film it was merged into), or undefined when merged twice over. */
  #present(film: Film): Film | undefined {
    if (this.#aliases.has(film.id)) return this.get(film.id);
    return this.#own.get(film.id) ?? this.#edited.get(film.id) ?? film;
  }

  /** Hits of both indexes, best score first (the server's own first on a tie), each film once, as this server sees it. */
  #mergeHits(shared: SearchHit[], own: SearchHit[], limit: number): SearchHit[] {
    const merged: SearchHit[] = [];
    const seen = new Set<string>();
    let i = 0;
    let j = 0;
    while (merged.length < limit && (i < shared.length || j < own.length)) {
      const takeOwn = j < own.length && (i >= shared.length || own[j]!.score <= shared[i]!.score);
      const hit = takeOwn ? own[j++]! : shared[i++]!;
      const film = this.#present(hit.film);
      if (!film || seen.has(film.id)) continue;
      seen.add(film.id);
      merged.push(film === hit.film ? hit : { film, score: hit.score });
    }
    return merged;
  }

  search(query: string, options?: { limit?: number; filters?: SearchFilters; boost?: ClubBoost }): SearchHit[] {
    const limit = options?.limit ?? 10;
    // A few more from the shared index, for the merged-away films the server hides.
    const extra = Math.min(this.#aliases.size, 10);
    const shared = this.#global.search(query, { ...options, limit: Math.min(1000, limit + extra) });
    if (!this.#index && extra === 0 && this.#edited.size === 0) return shared;
    const own = this.#index ? this.#index.search(query, { ...options, limit }) : [];
    return this.#mergeHits(shared, own, limit);
  }

  resolve(query: string, options?: { filters?: SearchFilters }): { best: Film; contenders: Film[] } | null {
    const shared = this.#global.resolve(query, options);
    const own = this.#index?.resolve(query, options) ?? null;
    if (!own && this.#aliases.size === 0 && this.#edited.size === 0) return shared;
    const answers = [own, shared].filter((answer) => answer !== null);
    if (answers.length === 0) return null;
    // Which index's best answer is better: scored the same way as search, the server's own film first on a tie.
    let first = answers[0]!;
    let second = answers[1];
    if (own && shared) {
      const ownScore = this.#index!.search(query, { limit: 1, ...(options?.filters ? { filters: options.filters } : {}) })[0]?.score ?? 1;
      const sharedScore = this.#global.search(query, { limit: 1, ...(options?.filters ? { filters: options.filters } : {}) })[0]?.score ?? 1;
      if (sharedScore < ownScore) [first, second] = [shared, own];
    }
    const films: Film[] = [];
    const seen = new Set<string>();
    const take = (film: Film) => {
      const shown = this.#present(film);
      if (shown && !seen.has(shown.id)) {
        seen.add(shown.id);
        films.push(shown);
      }
    };
    take(first.best);
    first.contenders.forEach(take);
    if (second && normalize(second.best.title) === normalize(first.best.title)) {
      take(second.best);
      second.contenders.forEach(take);
    }
    if (films.length === 0) return null;
    return { best: films[0]!, contenders: films.slice(1) };
  }

  match(query: string): TypedTitleMatch {
    const shared = this.#global.match(query);
    if (!this.#index && this.#aliases.size === 0 && this.#edited.size === 0) return shared;
    const own = this.#index?.match(query) ?? { kind: 'ask' as const, candidates: [] };
    const present = (films: Film[]) => {
      const out: Film[] = [];
      for (const film of films) {
        const shown = this.#present(film);
        if (shown && !out.some((other) => other.id === shown.id)) out.push(shown);
      }
      return out;
    };
    const sharedFilms = present(shared.kind === 'confident' ? [shared.film] : shared.candidates);
    const ownFilms = present(own.kind === 'confident' ? [own.film] : own.candidates);
    if (own.kind === 'confident') {
      const key = normalize(own.film.title);
      // Confident only when no shared film bears that title too (then both are asked about).
      const sameTitle = sharedFilms.filter((film) => film.id !== ownFilms[0]!.id && normalize(film.title) === key);
      if (sameTitle.length === 0) return { kind: 'confident', film: ownFilms[0]! };
      return { kind: 'ask', candidates: [...ownFilms, ...sameTitle] };
    }
    if (shared.kind === 'confident') {
      const film = sharedFilms[0];
      const key = film && normalize(film.title);
      const sameTitle = ownFilms.filter((other) => other.id !== film?.id && normalize(other.title) === key);
      if (film && sameTitle.length === 0) return { kind: 'confident', film };
      return { kind: 'ask', candidates: [...sameTitle, ...sharedFilms] };
    }
    const candidates = [...ownFilms];
    for (const film of sharedFilms) if (!candidates.some((other) => other.id === film.id)) candidates.push(film);
    return { kind: 'ask', candidates: candidates.slice(0, Math.max(shared.candidates.length, own.candidates.length, 5)) };
  }

  /**
   * The shared spread, led by the films this server added (newest first, at most a third of the list): before
   * anything is typed a member sees what the club brought in, and the spread still shows the catalog's range.
   */
  spread(limit: number): Film[] {
    const films: Film[] = [];
    const seen = new Set<string>();
    const added = this.#section?.films ?? {};
    const own = [...this.#own.values()].sort((a, b) => (added[b.id]?.addedAt ?? '').localeCompare(added[a.id]?.addedAt ?? '') || a.title.localeCompare(b.title));
    for (const film of own.slice(0, Math.ceil(limit / 3))) {
      seen.add(film.id);
      films.push(film);
    }
    for (const film of this.#global.spread(limit + Math.min(this.#aliases.size, 10))) {
      const shown = this.#present(film);
      if (shown && !seen.has(shown.id) && films.length < limit) {
        seen.add(shown.id);
        films.push(shown);
      }
    }
    return films;
  }

  suggestNames(kind: NameKind, typed: string, limit: number): string[] {
    const names = this.#global.suggestNames(kind, typed, limit);
    if (!this.#index || names.length >= limit) return names;
    const key = normalize(typed);
    const known = new Set(names);
    for (const film of [...this.#own.values(), ...this.#edited.values()]) {
      const candidates = kind === 'director' ? film.directors : kind === 'actor' ? film.cast.map((member) => member.name) : film.genres;
      for (const name of candidates) {
        if (names.length >= limit) return names;
        if (!known.has(name) && normalize(name).includes(key)) {
          known.add(name);
          names.push(name);
        }
      }
    }
    return names;
  }
}

/** Who gave the server a film it added, for its card ("Added by Mona", "Suggested by Alice, approved by Mona"). */
export function originText(origin: DeepReadonly<ServerCatalogSection['films'][string]['origin']>, nameOf: (userId: string) => string): string {
  switch (origin.kind) {
    case 'moderator':
      return `Added to this server’s catalog by ${nameOf(origin.userId)}`;
    case 'suggestion':
      return `Added to this server’s catalog: suggested by ${nameOf(origin.userId)}, approved by ${nameOf(origin.approvedBy)}`;
    case 'tmdb':
      return 'Added to this server’s catalog from TMDB';
  }
}
