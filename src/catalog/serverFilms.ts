import { z } from 'zod';
import { ActorSchema, type Actor } from '../club/types.js';
import { literal, quote, UserError } from '../errors.js';
import { isModerator, type MemberAccess } from '../permissions.js';
import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { normalize } from '../search/normalize.js';
import type { Catalog } from './catalog.js';
import { filmIdsNamed, moveFilmRecords, type MergeCounts } from './mergeRecords.js';
import type { RetiredIds } from './retiredIds.js';
import { Film, filmIdFor, type FilmInput } from './schema.js';
import { ServerCatalog, withFacts } from './serverCatalog.js';
import { FilmFacts, FilmOrigin, NewFilmFacts, ServerCatalogSection, SUGGESTIONS_MAX, type Suggestion } from './serverSchema.js';

export interface CatalogActor extends Actor {
  access: MemberAccess;
}

const NOT_MODERATOR = 'Only moderators can change the server’s catalog (Manage Server, or the moderator role set with `/config moderator-role`). Use `/catalog suggest` to propose a film.';

/** A film as given to `add`: a full record, its id optional (one is assigned). */
export type NewFilm = Omit<FilmInput, 'id'> & { id?: string };


type Section = DeepReadonly<ServerCatalogSection>;

/**
 * Films a server adds (by a moderator, an approved suggestion, or a pick from TMDB), its corrections of shared
 * films and its merges, stored as the server's own records; and each server's catalog view (`catalogFor`), kept in
 * step with those records. The shared catalog is never changed.
 */
export class ServerFilms {
  readonly #store: GuildStore;
  readonly #catalog: Catalog;
  readonly #now: () => Date;
  readonly #views = new Map<string, ServerCatalog>();
  readonly #shared: ServerCatalog;
  /** IMDb and TMDB ids of the shared catalog → film id; built on first use, for the shared catalog of that size. */
  #external?: { size: number; imdb: Map<string, string>; tmdb: Map<number, string> };

  readonly #retired: RetiredIds;

  /** `retiredIds`: ids the shared catalog merged into other films of its own (src/catalog/retiredIds.ts). */
  constructor(options: { store: GuildStore; catalog: Catalog; now?: () => Date; retiredIds?: RetiredIds }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#retired = options.retiredIds ?? new Map();
    this.#now = options.now ?? (() => new Date());
    this.#shared = new ServerCatalog(this.#catalog, undefined, this.#retired);
  }

  /** Servers whose records have been read (or are being read): guild id → that first read. */
  readonly #prepared = new Map<string, Promise<void>>();

  /**
   * Nothing is read at start: a process serving a thousand servers would read every one of them (and their
   * members' data, which a server's first read loads) before answering anyone. Each server's records are read
   * on its first use instead (`prepare`). Kept so callers need not know.
   */
  async load(): Promise<void> {}

  /**
   * Reads a server's records once, so `catalogFor` then answers at once (autocomplete cannot wait). The Discord
   * layer awaits it before handling a server's interaction, and the reminders before sending; a failed read is
   * tried again on the next use.
   */
  prepare(guildId: string): Promise<void> {
    let prepared = this.#prepared.get(guildId);
    if (!prepared) {
      prepared = this.#moveFromRetiredIds(guildId).then(() => this.#refresh(guildId)).then(
        () => undefined,
        (error: unknown) => {
          this.#prepared.delete(guildId);
          throw error;
        },
      );
      this.#prepared.set(guildId, prepared);
    }
    return prepared;
  }

  /** One server's catalog: the shared films plus its own (the shared films alone until the server was prepared, which this starts). */
  catalogFor(guildId: string): ServerCatalog {
    const view = this.#views.get(guildId);
    if (view) return view;
    if (!this.#prepared.has(guildId)) this.prepare(guildId).catch(() => undefined);
    return this.#shared;
  }

  /**
   * Records of this server that still name an id the shared catalog retired (a rebuild found the film twice and
   * kept one) move to the kept film, as a moderator's merge moves them: one diary, one rating, one place in a list,
   * whichever entry members had used. Done once per process on the server's first read; nothing is written when
   * nothing names a retired id, and the ids keep resolving in the meantime (ServerCatalog.canonicalId).
   */
  async #moveFromRetiredIds(guildId: string): Promise<void> {
    if (this.#retired.size === 0) return;
    const movable = (data: DeepReadonly<GuildData>) => {
      const view = new ServerCatalog(this.#catalog, data.catalog as Section, this.#retired);
      return filmIdsNamed(data, this.#retired.keys()).flatMap((id) => {
        const kept = view.get(id);
        return kept && kept.id !== id ? [{ from: id, to: kept.id }] : [];
      });
    };
    if (movable(await this.#store.read(guildId)).length === 0) return;
    await this.#store.update(guildId, (data) => {
      for (const { from, to } of movable(data as DeepReadonly<GuildData>)) moveFilmRecords(data, to, from);
    });
  }

  async #refresh(guildId: string): Promise<ServerCatalog> {
    const section = (await this.#store.read(guildId)).catalog as Section;
    const current = this.#views.get(guildId);
    if (current?.records === section) return current;
    const view = new ServerCatalog(this.#catalog, section, this.#retired);
    this.#views.set(guildId, view);
    return view;
  }

  /** Runs a change of the server's catalog records and returns its result once durable, with the view up to date. */
  async #change<T>(guildId: string, fn: (data: GuildData, view: ServerCatalog) => T): Promise<T> {
    const result = await this.#store.update(guildId, (data) => fn(data, new ServerCatalog(this.#catalog, data.catalog as Section, this.#retired)));
    await this.#refresh(guildId);
    return result;
  }

  #externalIndex() {
    if (this.#external?.size !== this.#catalog.size) {
      const imdb = new Map<string, string>();
      const tmdb = new Map<number, string>();
      for (const film of this.#catalog.all()) {
        if (film.externalIds.imdb) imdb.set(film.externalIds.imdb, film.id);
        if (film.externalIds.tmdb) tmdb.set(film.externalIds.tmdb, film.id);
      }
      this.#external = { size: this.#catalog.size, imdb, tmdb };
    }
    return this.#external;
  }

  /** The film this server already knows under one of `ids`' external ids, if any. */
  #known(view: ServerCatalog, ids: Film['externalIds']): Film | undefined {
    const index = this.#externalIndex();
    const shared = (ids.imdb && index.imdb.get(ids.imdb)) || (ids.tmdb && index.tmdb.get(ids.tmdb));
    if (shared) return view.get(shared);
    for (const stored of Object.values(view.records?.films ?? {})) {
      const known = stored.film.externalIds;
      if ((ids.imdb && known.imdb === ids.imdb) || (ids.tmdb && known.tmdb === ids.tmdb)) return view.get(stored.film.id);
    }
    return undefined;
  }

  /** A film id for a title and year that no film of the shared catalog nor of this server uses. */
  #freeId(section: ServerCatalogSection, title: string, year: number): string {
    const base = filmIdFor(title, year);
    const taken = (id: string) => this.#catalog.has(id) || Object.hasOwn(section.films, id) || Object.hasOwn(section.aliases, id);
    if (!taken(base)) return base;
    for (let n = 2; ; n++) {
      const id = `${base.slice(0, 76)}-${n}`;
      if (!taken(id)) return id;
    }
  }

  /**
   * Adds a film to this server's catalog (validated with the Film schema, given a stable id of its own). When the
   * server already knows a film with the same IMDb or TMDB id, that film is returned and nothing is added.
   * Resolves once the film is durable.
   */
  async add(guildId: string, input: NewFilm, origin: FilmOrigin): Promise<Film> {
    return this.#add(guildId, input, origin);
  }

  /** `add`, remembering the acting member's display name (cards print it, never a mention). */
  async #add(guildId: string, input: NewFilm, origin: FilmOrigin, actor?: Actor): Promise<Film> {
    const parsedOrigin = FilmOrigin.parse(origin);
    const checked = Film.safeParse({ ...input, id: 'pending' });
    if (!checked.success) throw new UserError(`That film cannot be added: ${describeIssues(checked.error)}.`);
    return this.#change(guildId, (data, view) => {
      if (actor?.name.trim()) data.members[actor.userId] = actor.name.trim().slice(0, 100);
      const known = this.#known(view, checked.data.externalIds);
      if (known) return known;
      const film: Film = { ...checked.data, id: this.#freeId(data.catalog, checked.data.title, checked.data.year) };
      data.catalog.films[film.id] = { film, origin: parsedOrigin, addedAt: this.#now().toISOString() };
      return film;
    });
  }

  /** `/catalog add`: a moderator adds a film by hand. */
  async addByHand(actor: CatalogActor, facts: NewFilmFacts): Promise<Film> {
    const { guildId, userId } = await this.#checkModerator(actor);
    const parsed = NewFilmFacts.parse(facts);
    const same = this.#sameFilm(guildId, parsed);
    if (same) throw new UserError(`The catalog already has ${quote(same.title)} (${same.year}); correct it with /catalog edit if its facts are wrong.`);
    return this.#add(guildId, factsToFilm(parsed), { kind: 'moderator', userId }, actor);
  }

  /** A film of this server's catalog with that very title (any of its titles) and year, if any. */
  #sameFilm(guildId: string, facts: NewFilmFacts): Film | undefined {
    const match = this.catalogFor(guildId).match(`${facts.title} ${facts.year}`);
    const films = match.kind === 'confident' ? [match.film] : match.candidates;
    const key = normalize(facts.title);
    return films.find((film) => film.year === facts.year && [film.title, film.originalTitle, ...film.altTitles].some((title) => title && normalize(title) === key));
  }

  /**
   * `/catalog edit`: corrects a film's facts for this server only. A film the server added is changed in place; a
   * shared film gets a correction layered over it (the shared record stays as it is for other servers).
   */
  async edit(actor: CatalogActor, filmId: string, facts: FilmFacts): Promise<Film> {
    const { guildId, userId } = await this.#checkModerator(actor);
    const parsed = FilmFacts.parse(facts);
    return this.#change(guildId, (data, view) => {
      this.#assertModerator(data, actor.access);
      const film = view.get(filmId);
      if (!film) throw new UserError('That film is not in the catalog.');
      const own = data.catalog.films[film.id];
      if (own) {
        own.film = Film.parse(withFacts(own.film, parsed));
      } else {
        const previous = data.catalog.edits[film.id]?.facts ?? {};
        data.catalog.edits[film.id] = { facts: { ...previous, ...parsed }, by: userId, at: this.#now().toISOString() };
        Film.parse(withFacts(this.#catalog.get(film.id)!, data.catalog.edits[film.id]!.facts));
      }
      return new ServerCatalog(this.#catalog, data.catalog as Section, this.#retired).get(film.id)!;
    });
  }

  /**
   * `/catalog merge`: two entries of the same film become one. Everything recorded against `removeId` moves to
   * `keepId` (see moveFilmRecords), and `removeId` becomes an alias of it, so old buttons and links still work.
   */
  async merge(actor: CatalogActor, keepId: string, removeId: string): Promise<{ kept: Film; removed: Film; counts: MergeCounts }> {
    const { guildId } = await this.#checkModerator(actor);
    return this.#change(guildId, (data, view) => {
      this.#assertModerator(data, actor.access);
      const kept = view.get(keepId);
      const removed = view.get(removeId);
      if (!kept || !removed) throw new UserError('Both films must be in the catalog.');
      if (kept.id === removed.id) throw new UserError(`${quote(kept.title)} and that entry are already the same film.`);
      const counts = moveFilmRecords(data, kept.id, removed.id);
      delete data.catalog.films[removed.id];
      delete data.catalog.edits[removed.id];
      data.catalog.aliases[removed.id] = kept.id;
      // Earlier merges into the removed film now lead to the kept one directly.
      for (const [from, to] of Object.entries(data.catalog.aliases)) if (to === removed.id) data.catalog.aliases[from] = kept.id;
      return { kept, removed, counts };
    });
  }

  /** What a merge would move, for the confirmation: the two films and how many members' records and viewings. */
  async mergePreview(actor: CatalogActor, keepId: string, removeId: string): Promise<{ kept: Film; removed: Film; members: number; viewings: number }> {
    const { guildId } = await this.#checkModerator(actor);
    const view = this.catalogFor(guildId);
    const kept = view.get(keepId);
    const removed = view.get(removeId);
    if (!kept || !removed) throw new UserError('Both films must be in the catalog: pick them from the suggestions.');
    if (kept.id === removed.id) throw new UserError(`Pick two different entries: both name ${quote(kept.title)} (${kept.year}).`);
    const data = await this.#store.read(guildId);
    let members = 0;
    let viewings = 0;
    for (const films of Object.values(data.memberFilms)) {
      const record = films[removed.id];
      if (record) [members, viewings] = [members + 1, viewings + record.diary.length];
    }
    return { kept, removed, members, viewings };
  }

  /** `/catalog suggest`: any member proposes a film; moderators approve or reject it. */
  async suggest(actor: Actor, facts: NewFilmFacts): Promise<Suggestion> {
    const { guildId, userId, name } = ActorSchema.parse(actor);
    const parsed = NewFilmFacts.parse(facts);
    const same = this.#sameFilm(guildId, parsed);
    if (same) throw new UserError(`The catalog already has ${quote(same.title)} (${same.year}): find it with /film.`);
    return this.#change(guildId, (data) => {
      if (name) data.members[userId] = name;
      const pending = data.catalog.suggestions;
      if (pending.length >= SUGGESTIONS_MAX) throw new UserError('The moderators have too many suggestions to review; try again once they went through them.');
      const key = filmIdFor(parsed.title, parsed.year);
      if (pending.some((other) => filmIdFor(other.facts.title, other.facts.year) === key)) {
        throw new UserError(`${quote(parsed.title)} (${parsed.year}) is already suggested.`);
      }
      data.catalog.seq += 1;
      const suggestion: Suggestion = { id: `s${data.catalog.seq.toString(36)}`, userId, at: this.#now().toISOString(), facts: parsed };
      pending.push(suggestion);
      return suggestion;
    });
  }

  async suggestions(guildId: string): Promise<DeepReadonly<Suggestion[]>> {
    return (await this.#store.read(guildId)).catalog.suggestions;
  }

  /** Whether the member may change the catalog (for what to show; every change checks again). */
  async isModerator(guildId: string, access: MemberAccess): Promise<boolean> {
    return isModerator(access, (await this.#store.read(guildId)).config);
  }

  /** A moderator approves a suggestion: the film is added, credited to the member who suggested it. */
  async approve(actor: CatalogActor, suggestionId: string): Promise<{ film: Film; suggestion: Suggestion }> {
    const { guildId, userId } = await this.#checkModerator(actor);
    const pending = (await this.suggestions(guildId)).find((suggestion) => suggestion.id === suggestionId);
    const same = pending && this.#sameFilm(guildId, pending.facts as NewFilmFacts);
    if (same) throw new UserError(`The catalog already has ${quote(same.title)} (${same.year}); reject the suggestion.`);
    const suggestion = await this.#takeSuggestion(guildId, actor.access, suggestionId);
    const film = await this.#add(guildId, factsToFilm(suggestion.facts), { kind: 'suggestion', userId: suggestion.userId, approvedBy: userId }, actor);
    return { film, suggestion };
  }

  async reject(actor: CatalogActor, suggestionId: string): Promise<Suggestion> {
    const { guildId } = await this.#checkModerator(actor);
    return this.#takeSuggestion(guildId, actor.access, suggestionId);
  }

  #takeSuggestion(guildId: string, access: MemberAccess, suggestionId: string): Promise<Suggestion> {
    return this.#change(guildId, (data) => {
      this.#assertModerator(data, access);
      const at = data.catalog.suggestions.findIndex((suggestion) => suggestion.id === suggestionId);
      if (at < 0) throw new UserError('That suggestion was already approved or rejected.');
      return data.catalog.suggestions.splice(at, 1)[0]!;
    });
  }

  async #checkModerator(actor: CatalogActor): Promise<{ guildId: string; userId: string }> {
    const { guildId, userId } = ActorSchema.parse(actor);
    if (!isModerator(actor.access, (await this.#store.read(guildId)).config)) throw new UserError(NOT_MODERATOR);
    return { guildId, userId };
  }

  /** Checked again inside the write, under the settings of that moment. */
  #assertModerator(data: GuildData, access: MemberAccess): void {
    if (!isModerator(access, data.config)) throw new UserError(NOT_MODERATOR);
  }
}

function factsToFilm(facts: NewFilmFacts): NewFilm {
  const { poster, ...rest } = facts;
  return { ...rest, ...(poster ? { poster } : {}) };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${literal(issue.path.join('.') || 'film')}: ${literal(issue.message)}`)
    .join('; ');
}
