import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { ActorSchema, type Actor, type FilmLookup, filmRef, type FilmRef, type Page, type PageRequest } from '../club/types.js';
import { literal, quote, UserError } from '../errors.js';
import { isModerator, type MemberAccess } from '../permissions.js';
import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { type AttachmentInfo, checkAttachment, decodeCsvText } from './csv/attachment.js';
import type { MatchCatalog } from './csv/match.js';
import { csvFileName, type ExportRow, writeLetterboxdList } from './csv/write.js';
import { type ApplyChoices, buildImportPreview, ImportPreview, type ImportOptions, planImport, type SkippedRow } from './importing.js';
import { listNameKey, validateDescription, validateListName, validateNote } from './names.js';
import { insertEntry, moveEntry, removeEntry } from './ordering.js';
import { type EarnedAward, hasUnsettledAwards, rebaseAwards, settleAwards } from './progress.js';
import { type ClubList, type ListEntry, MAX_DEPARTURES, MAX_LIST_ENTRIES, MAX_LISTS } from './schema.js';
import * as views from './views.js';
import { perServer, type PerServer } from '../catalog/serverCatalog.js';

/** The catalog as lists use it; `Catalog` satisfies it. */
export type ListCatalog = FilmLookup & MatchCatalog;

export interface ClubListsOptions {
  store: GuildStore;
  /** The catalog, or each server's (see src/catalog/serverCatalog.ts). */
  films: PerServer<ListCatalog>;
  now?: () => Date;
}

/** The acting member, with what Discord says about their permissions; moderator status is decided per change. */
export interface ListActor extends Actor {
  access: MemberAccess;
}

const AccessSchema = z.object({ permissions: z.string().max(30), roleIds: z.array(z.string().max(25)).max(500) });
const Position = z.number({ error: 'A position is a whole number.' }).int('A position is a whole number.');

export interface CreateOptions {
  name: string;
  description?: string;
  /** Default true: most shared lists are canons with ranks. */
  ranked?: boolean;
}

export interface ListChange {
  list: views.ListInfo;
}

export interface AddResult extends ListChange {
  film: FilmRef;
  position: number;
  /** Set when the asked position was outside 1..n+1 and was brought into range. */
  requestedPosition?: number;
  clamped: boolean;
}

export interface RemoveResult extends ListChange {
  film: FilmRef;
  /** The position it had. */
  position: number;
}

export interface MoveResult {
  list: views.ListInfo;
  film: FilmRef;
  from: number;
  to: number;
  requestedPosition?: number;
  clamped: boolean;
}

export interface DeleteResult {
  id: string;
  name: string;
  size: number;
}

export interface ImportResult extends ListChange {
  imported: number;
  /** Ambiguous rows without a choice, films gone from the catalog, repeats; unmatched and invalid rows are in the preview. */
  skipped: SkippedRow[];
}

export interface ExportFile {
  fileName: string;
  /** Letterboxd list export v7 layout. */
  text: string;
}

const NOT_MODERATOR =
  'Only moderators can change server lists: members with Manage Server, or the moderator role set with /config moderator-role.';

/**
 * The server's shared lists, curated by moderators: creation and editing (every change checks, inside the same
 * store update, that the actor is a moderator under the guild's current settings), members' progress and
 * awards, the film card's ranks, and CSV import/export. Inputs are plain values and results plain data; what the
 * user got wrong is a UserError with a message fit to show them.
 */
export class ClubLists {
  readonly #store: GuildStore;
  readonly #films: (guildId: string) => ListCatalog;
  readonly #now: () => Date;

  constructor(options: ClubListsOptions) {
    this.#store = options.store;
    this.#films = perServer(options.films);
    this.#now = options.now ?? (() => new Date());
  }

  // ── Editing (moderators) ─────────────────────────────────────────────────────────────────────────────────────

  async create(actor: ListActor, options: CreateOptions): Promise<views.ListInfo> {
    const name = validateListName(options.name);
    const description = validateDescription(options.description);
    return this.#mutate(actor, (data, at, userId) => {
      const list = newList(data, { name, description, ranked: options.ranked ?? true, userId, at });
      return views.listInfo(data, list);
    });
  }

  async rename(actor: ListActor, ref: string, newName: string): Promise<views.ListInfo & { previousName: string }> {
    const name = validateListName(newName);
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      if (list.name === name) throw new UserError(`The list is already called ${quote(name)}.`);
      assertNameFree(data, name, list.id);
      const previousName = list.name;
      list.name = name;
      list.updatedAt = at;
      for (const departure of data.lists.departures) if (departure.listId === list.id) departure.listName = name;
      return { ...views.listInfo(data, list), previousName };
    });
  }

  /** Sets the description; an empty one clears it. */
  async describe(actor: ListActor, ref: string, description: string): Promise<views.ListInfo> {
    const text = validateDescription(description);
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      // Saying "cleared" or "updated" when nothing changed would mislead the moderator.
      if (!text && !list.description) throw new UserError(`${quote(list.name)} has no description to clear; give one with \`description\`.`);
      if (text === list.description) throw new UserError(`${quote(list.name)} already has that description.`);
      list.description = text;
      list.updatedAt = at;
      return views.listInfo(data, list);
    });
  }

  async setRanked(actor: ListActor, ref: string, ranked: boolean): Promise<views.ListInfo> {
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      if (list.ranked === ranked) throw new UserError(`${quote(list.name)} is already ${ranked ? 'ranked' : 'unranked'}.`);
      list.ranked = ranked;
      list.updatedAt = at;
      return views.listInfo(data, list);
    });
  }

  /** Deletes a list (the command asks for confirmation first). Its films keep "has been in" credit for it. */
  async delete(actor: ListActor, ref: string): Promise<DeleteResult> {
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      recordDepartures(data, list, list.entries, at);
      data.lists.items = data.lists.items.filter((candidate) => candidate !== list);
      for (const [userId, awards] of Object.entries(data.lists.awards)) {
        delete awards[list.id];
        if (Object.keys(awards).length === 0) delete data.lists.awards[userId];
      }
      return { id: list.id, name: list.name, size: list.entries.length };
    });
  }

  /** Adds a film at `position` (clamped to 1..n+1, which the result says), or at the end. */
  async add(actor: ListActor, ref: string, filmId: string, options: { position?: number | null; note?: string | null } = {}): Promise<AddResult> {
    const film = this.#film(actor.guildId, filmId);
    // null too: what an unset Discord integer option reads as.
    const requested = options.position == null ? undefined : parse(Position, options.position);
    const note = validateNote(options.note ?? undefined);
    return this.#mutate(actor, (data, at, userId) => {
      const list = views.findList(data, ref);
      const existing = list.entries.find((entry) => entry.filmId === film.id);
      if (existing) throw new UserError(`${literal(film.title)} (${film.year}) is already ${placeText(list, existing.position)} in ${quote(list.name)}.`);
      if (list.entries.length >= MAX_LIST_ENTRIES) throw new UserError(`${quote(list.name)} is full: a list holds at most ${MAX_LIST_ENTRIES} films.`);
      const entry: ListEntry = { filmId: film.id, position: 0, addedAt: at, addedBy: userId };
      if (note) entry.note = note;
      const placement = insertEntry(list.entries, entry, requested);
      list.updatedAt = at;
      // Back in the list: it no longer counts as a former member.
      data.lists.departures = data.lists.departures.filter((departure) => departure.listId !== list.id || departure.filmId !== film.id);
      const result: AddResult = {
        list: views.listInfo(data, list),
        film: filmRef(this.#films(actor.guildId), film.id),
        position: placement.position,
        clamped: placement.clamped,
      };
      rebaseAwards(data, list);
      if (placement.requested !== undefined) result.requestedPosition = placement.requested;
      return result;
    });
  }

  /** Removes a film by id; works for films since dropped from the catalog too. */
  async remove(actor: ListActor, ref: string, filmId: string): Promise<RemoveResult> {
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      const removed = removeEntry(list.entries, filmId);
      if (!removed) throw new UserError(`${literal(filmRef(this.#films(actor.guildId), filmId).title)} is not in ${quote(list.name)}.`);
      list.updatedAt = at;
      recordDepartures(data, list, [{ filmId, position: removed.position }], at);
      rebaseAwards(data, list);
      return { list: views.listInfo(data, list), film: filmRef(this.#films(actor.guildId), filmId), position: removed.position };
    });
  }

  /** Moves a film to `position`, clamped to 1..n (said in the result). */
  async move(actor: ListActor, ref: string, filmId: string, position: number): Promise<MoveResult> {
    const requested = parse(Position, position);
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      const film = filmRef(this.#films(actor.guildId), filmId);
      const current = list.entries.find((entry) => entry.filmId === filmId);
      if (!current) throw new UserError(`${literal(film.title)} is not in ${quote(list.name)}.`);
      const target = Math.min(list.entries.length, Math.max(1, requested));
      if (target === current.position) {
        throw new UserError(`${literal(film.title)} is already ${placeText(list, current.position)} in ${quote(list.name)}${target === requested ? '' : ' (the end of the list)'}.`);
      }
      const moved = moveEntry(list.entries, filmId, requested)!;
      list.updatedAt = at;
      const result: MoveResult = { list: views.listInfo(data, list), film, from: moved.from, to: moved.position, clamped: moved.clamped };
      if (moved.requested !== undefined) result.requestedPosition = moved.requested;
      return result;
    });
  }

  /** Sets or (with an empty text) clears a film's note in a list. */
  async setNote(actor: ListActor, ref: string, filmId: string, note: string): Promise<views.ListItem> {
    const text = validateNote(note);
    return this.#mutate(actor, (data, at) => {
      const list = views.findList(data, ref);
      const entry = list.entries.find((candidate) => candidate.filmId === filmId);
      if (!entry) throw new UserError(`${literal(filmRef(this.#films(actor.guildId), filmId).title)} is not in ${quote(list.name)}.`);
      if (text) entry.note = text;
      else delete entry.note;
      list.updatedAt = at;
      const item: views.ListItem = { position: entry.position, film: filmRef(this.#films(actor.guildId), filmId), addedAt: entry.addedAt };
      if (entry.note) item.note = entry.note;
      return item;
    });
  }

  // ── Import / export ──────────────────────────────────────────────────────────────────────────────────────────

  /** Call before downloading an attachment: refuses non-CSV files and files over the size limit. */
  checkAttachment(info: AttachmentInfo): AttachmentInfo {
    return checkAttachment(info);
  }

  /**
   * Reads a CSV (Letterboxd list export or title,year rows) and matches it to the catalog. Writes nothing: the
   * preview (plain JSON-safe data) goes back to `applyImport` once the moderator confirms it.
   */
  async previewImport(actor: ListActor, file: { attachment: AttachmentInfo; content: Uint8Array | string }, options: ImportOptions = {}): Promise<ImportPreview> {
    const { guildId } = await this.#checkModerator(actor);
    const attachment = checkAttachment(file.attachment);
    const text = decodeCsvText(file.content);
    const preview = buildImportPreview(text, attachment.name, this.#films(guildId), options);
    assertNameFree(await this.#store.read(guildId), preview.list.name);
    return preview;
  }

  /** Creates the list from a confirmed preview. Nothing is written before this, and all of it is written at once. */
  async applyImport(actor: ListActor, preview: ImportPreview, choices: ApplyChoices = {}): Promise<ImportResult> {
    const parsed = ImportPreview.safeParse(preview);
    if (!parsed.success) throw new UserError('That import preview is no longer valid; run /list import again.');
    const { entries, skipped } = planImport(parsed.data, choices, (filmId) => this.#films(actor.guildId).get(filmId)?.id);
    const { description, ranked } = parsed.data.list;
    // The name may be changed at confirm time (another list took it meanwhile).
    const name = validateListName(choices.name ?? parsed.data.list.name);
    return this.#mutate(actor, (data, at, userId) => {
      if (entries.length === 0) throw new UserError('None of the rows matched a film in the catalog, so there is nothing to import.');
      const list = newList(data, { name, description, ranked, userId, at });
      list.entries = entries.map((planned, index) => {
        const entry: ListEntry = { filmId: planned.filmId, position: index + 1, addedAt: at, addedBy: userId };
        if (planned.note) entry.note = planned.note;
        return entry;
      });
      rebaseAwards(data, list);
      return { list: views.listInfo(data, list), imported: entries.length, skipped };
    });
  }

  /** The list in Letterboxd's list export layout, with Letterboxd film URLs where the catalog knows them. */
  async exportCsv(guildId: string, ref: string): Promise<ExportFile> {
    const data = await this.#read(guildId);
    const list = views.findList(data, ref);
    const rows = list.entries.map((entry): ExportRow => {
      const film = this.#films(guildId).get(entry.filmId);
      const row: ExportRow = { position: entry.position, title: film?.title ?? entry.filmId };
      if (film) row.year = film.year;
      if (film?.externalIds.letterboxd) row.url = `https://letterboxd.com/film/${film.externalIds.letterboxd}/`;
      if (entry.note) row.note = entry.note;
      return row;
    });
    const text = writeLetterboxdList({ date: list.createdAt.slice(0, 10), name: list.name, description: list.description, rows });
    return { fileName: csvFileName(list.name), text };
  }

  // ── Awards ───────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Call after any change to a member's diary (watch, delete, undo...), with the film it concerned: returns the
   * awards the member newly reached, each exactly once — announce these. Only lists holding the film are looked
   * at (without a film, all lists). Writes only when there is something new.
   */
  async afterDiaryChange(guildId: string, userId: string, filmId?: string): Promise<EarnedAward[]> {
    const holding = <L extends DeepReadonly<ClubList>>(lists: readonly L[]) =>
      filmId === undefined ? lists : lists.filter((list) => list.entries.some((entry) => entry.filmId === filmId));
    const data = await this.#read(guildId);
    if (!hasUnsettledAwards(data, [userId], holding(data.lists.items))) return [];
    return this.#store.update(guildId, (draft) =>
      settleAwards(draft, { userIds: [userId], lists: holding(draft.lists.items), memberName: (id) => views.memberName(draft, id) }),
    );
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** A list and where each of its films is (film id → position): to read a typed title against what the list holds. */
  async places(guildId: string, ref: string): Promise<{ list: views.ListInfo; positions: Map<string, number> }> {
    const data = await this.#read(guildId);
    const list = views.findList(data, ref);
    return { list: views.listInfo(data, list), positions: new Map(list.entries.map((entry) => [entry.filmId, entry.position])) };
  }

  async get(guildId: string, ref: string): Promise<views.ListInfo> {
    const data = await this.#read(guildId);
    return views.listInfo(data, views.findList(data, ref));
  }

  /** One page of a list; with a viewer, each film says whether they watched it. */
  async show(guildId: string, ref: string, options?: PageRequest & { viewerId?: string }): Promise<views.ListShow> {
    return views.show(await this.#read(guildId), this.#films(guildId), ref, options);
  }

  async all(guildId: string, options?: PageRequest & { viewerId?: string }): Promise<Page<views.ListOverview>> {
    return views.all(await this.#read(guildId), options);
  }

  async progress(guildId: string, ref: string, userId: string, upNext?: number): Promise<views.MemberListProgress> {
    return views.progress(await this.#read(guildId), this.#films(guildId), ref, userId, upNext);
  }

  async leaderboard(guildId: string, ref: string, page?: PageRequest): Promise<{ list: views.ListInfo; page: Page<views.LeaderboardRow> }> {
    return views.leaderboard(await this.#read(guildId), ref, page);
  }

  /** For the film card. */
  async filmLists(guildId: string, filmId: string): Promise<views.FilmLists> {
    return views.filmLists(await this.#read(guildId), filmId);
  }

  /** For /profile. */
  async memberAwards(guildId: string, userId: string): Promise<views.MemberAward[]> {
    return views.memberAwards(await this.#read(guildId), userId);
  }

  async suggest(guildId: string, typed: string, limit?: number): Promise<views.ListChoice[]> {
    return views.suggest(await this.#read(guildId), typed, limit);
  }

  /** Whether a member may change lists (for showing or hiding buttons; every change checks again). */
  async isModerator(guildId: string, access: MemberAccess): Promise<boolean> {
    return isModerator(access, (await this.#read(guildId)).config);
  }

  // ── Plumbing ─────────────────────────────────────────────────────────────────────────────────────────────────

  #read(guildId: string): Promise<DeepReadonly<GuildData>> {
    return this.#store.read(guildId);
  }

  #film(guildId: string, filmId: string): Film {
    const film = this.#films(guildId).get(filmId);
    if (!film) throw new UserError(`I don't know a film with the id ${quote(String(filmId), 90)}; pick one from the suggestions.`);
    return film;
  }

  #parseActor(actor: ListActor): { guildId: string; userId: string; name: string; access: MemberAccess } {
    const parsed = ActorSchema.safeParse(actor);
    const access = AccessSchema.safeParse(actor?.access);
    if (!parsed.success || !access.success) throw new Error('ClubLists: invalid actor (guild, user and access are required)');
    return { ...parsed.data, access: access.data };
  }

  async #checkModerator(actor: ListActor): Promise<{ guildId: string; userId: string }> {
    const { guildId, userId, access } = this.#parseActor(actor);
    if (!isModerator(access, (await this.#read(guildId)).config)) throw new UserError(NOT_MODERATOR);
    return { guildId, userId };
  }

  /** Runs a change as one store update, after checking the actor is a moderator under the settings of that moment. */
  #mutate<R>(actor: ListActor, change: (data: GuildData, at: string, userId: string) => R): Promise<R> {
    const { guildId, userId, name, access } = this.#parseActor(actor);
    const at = this.#now().toISOString();
    return this.#store.update(guildId, (data) => {
      if (!isModerator(access, data.config)) throw new UserError(NOT_MODERATOR);
      if (name) data.members[userId] = name;
      return change(data, at, userId);
    });
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UserError(result.error.issues[0]?.message ?? 'That value is not valid.');
  return result.data;
}

function placeText(list: { ranked: boolean }, position: number): string {
  return list.ranked ? `#${position}` : `number ${position}`;
}

function assertNameFree(data: DeepReadonly<GuildData>, name: string, exceptId?: string): void {
  const key = listNameKey(name);
  const taken = data.lists.items.find((list) => list.id !== exceptId && listNameKey(list.name) === key);
  if (taken) throw new UserError(`There is already a list called ${quote(taken.name)} (names are unique, ignoring case).`);
}

function newList(data: GuildData, fields: { name: string; description: string; ranked: boolean; userId: string; at: string }): ClubList {
  assertNameFree(data, fields.name);
  if (data.lists.items.length >= MAX_LISTS) throw new UserError(`This server has ${MAX_LISTS} lists, the most it can have; delete one first.`);
  data.seq += 1;
  const list: ClubList = {
    id: 'l' + data.seq.toString(36),
    name: fields.name,
    description: fields.description,
    ranked: fields.ranked,
    authorId: fields.userId,
    createdAt: fields.at,
    updatedAt: fields.at,
    entries: [],
  };
  data.lists.items.push(list);
  return list;
}

/** Remembers that films left a list (one record per list and film: the latest); the oldest records go past the cap. */
function recordDepartures(data: GuildData, list: ClubList, left: readonly { filmId: string; position: number }[], at: string): void {
  const leaving = new Set(left.map((entry) => entry.filmId));
  const departures = data.lists.departures.filter((departure) => departure.listId !== list.id || !leaving.has(departure.filmId));
  for (const { filmId, position } of left) departures.push({ listId: list.id, listName: list.name, filmId, position, removedAt: at });
  if (departures.length > MAX_DEPARTURES) departures.splice(0, departures.length - MAX_DEPARTURES);
  data.lists.departures = departures;
}
