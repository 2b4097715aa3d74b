import { serverStats, type ServerStats } from './stats.js';
import type { Film } from '../catalog/schema.js';
import { literal, quote, UserError } from '../errors.js';
import type { GuildStore } from '../store/GuildStore.js';
import type { DiaryEntry, GuildData } from '../store/schema.js';
import { applyChange, applyUndo, type ChangeContext, type ChangeReceipt, type UndoResult } from './changes.js';
import { parseWatchDate } from './dates.js';
import { assertStars, starsText } from './ratings.js';
import { compareEntries, findEntry, hasSeen } from './records.js';
import { validateReviewText } from './text.js';
import { type Actor, ActorSchema, type FilmLookup, filmRef, type FilmRef, type Page, type PageRequest } from './types.js';
import * as views from './views.js';
import { perServer, type PerServer } from '../catalog/serverCatalog.js';

export interface ClubDiaryOptions {
  store: GuildStore;
  /** The catalog, or each server's (see src/catalog/serverCatalog.ts). */
  films: PerServer<FilmLookup>;
  now?: () => Date;
}

export interface WatchOptions {
  /** YYYY-MM-DD; default today in the guild's time zone. */
  on?: string;
  /** A rating given with this viewing; also becomes the member's current rating. */
  stars?: number;
}

export interface ReviewOptions {
  text: string;
  spoiler?: boolean;
  /** The viewing's rating; without it, the entry's or the member's current one, else none (a review may have none). */
  stars?: number;
  /** Attach to this diary entry (replacing its review if it has one). */
  entryId?: string;
  /** Without entryId: the viewing's date (attach to an unreviewed entry of that day, else log a new one). */
  on?: string;
}

export type WatchResult = ChangeReceipt & {
  entry: DiaryEntry;
  /** The member had logged this film before (by date). */
  rewatch: boolean;
  /** Watching takes a film off the member's watchlist. */
  removedFromWatchlist: boolean;
};
/**
 * Favorite, dislike and rating mark an unseen film as seen, without inventing a dated viewing (`markedSeen`); a seen
 * film leaves the watchlist, as a logged one does (`removedFromWatchlist`).
 */
export type MarkResult = ChangeReceipt & SeenMark & { clearedOpposite: boolean };
export type RateResult = ChangeReceipt & SeenMark & { previousStars?: number };
interface SeenMark {
  markedSeen: boolean;
  removedFromWatchlist: boolean;
}
export type ReviewResult = ChangeReceipt & { entry: DiaryEntry; createdEntry: boolean; replacedReview: boolean };
export type EntryResult = ChangeReceipt & { entry: DiaryEntry };
/**
 * Deleting a member's only viewing of a film (one they had not also marked seen) also clears their
 * favorite/dislike/rating of it: those require having seen it.
 */
export type DeleteEntryResult = EntryResult & { wasLastWatch: boolean };
export type SimpleResult = ChangeReceipt;

/**
 * The club's diary: members' watches, favorites, dislikes, watchlists, ratings and reviews, with the views the
 * film card and commands show. Every mutation validates its input (bad input → UserError with a message fit for
 * the member), is applied atomically through the GuildStore, appends activity events, and returns an undo token.
 */
export class ClubDiary {
  readonly #store: GuildStore;
  readonly #films: (guildId: string) => FilmLookup;
  readonly #now: () => Date;

  constructor(options: ClubDiaryOptions) {
    this.#store = options.store;
    this.#films = perServer(options.films);
    this.#now = options.now ?? (() => new Date());
  }

  // ── Mutations ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Logs a viewing (rewatches allowed). Takes the film off the member's watchlist. */
  async watch(actor: Actor, filmId: string, options: WatchOptions = {}): Promise<WatchResult> {
    const film = this.#film(actor.guildId, filmId);
    const now = this.#now();
    const on = options.on === undefined ? undefined : parseWatchDate(options.on, now, film);
    const stars = options.stars === undefined ? undefined : assertStars(options.stars);
    return this.#change(actor, film, now, (context) => {
      const watchedOn = on ?? context.today;
      const duplicate = context.record.diary.find(
        (entry) => entry.watchedOn === watchedOn && now.getTime() - Date.parse(entry.loggedAt) < DUPLICATE_WINDOW_MS,
      );
      if (duplicate) {
        throw new UserError(`You logged ${literal(film.title)} for ${watchedOn} a moment ago; it is already in your diary.`);
      }
      const removedFromWatchlist = context.record.watchlistSince !== undefined;
      delete context.record.watchlistSince;
      const entry = addEntry(context, watchedOn, stars);
      if (stars !== undefined) context.record.rating = { stars, at: context.at };
      context.emit('watched', { entryId: entry.id, watchedOn, stars });
      return { entry, rewatch: context.record.diary[0] !== entry, removedFromWatchlist };
    });
  }

  /** Removes one viewing. If the film is then no longer seen, the member's favorite/dislike/rating of it go too. */
  async deleteEntry(actor: Actor, entryId: string): Promise<DeleteEntryResult> {
    return this.#entryChange(actor, entryId, (context, entry) => {
      context.record.diary = context.record.diary.filter((candidate) => candidate !== entry);
      const wasLastWatch = !hasSeen(context.record);
      if (wasLastWatch) {
        delete context.record.favoriteSince;
        delete context.record.dislikeSince;
        delete context.record.rating;
      }
      context.emit('unwatched', { entryId: entry.id, watchedOn: entry.watchedOn });
      return { entry, wasLastWatch };
    });
  }

  /** Moves a viewing to another date. */
  async changeDate(actor: Actor, entryId: string, on: string): Promise<EntryResult> {
    const now = this.#now();
    return this.#entryChange(actor, entryId, (context, entry, film) => {
      const watchedOn = parseWatchDate(on, now, film);
      if (entry.watchedOn === watchedOn) throw new UserError(`That viewing is already dated ${watchedOn}.`);
      entry.watchedOn = watchedOn;
      context.record.diary.sort(compareEntries);
      context.emit('redated', { entryId: entry.id, watchedOn });
      return { entry };
    });
  }

  /** Adds to favorites (clearing a dislike). Marks the film seen if it was not: favorites count among watchers. */
  async favorite(actor: Actor, filmId: string): Promise<MarkResult> {
    return this.#mark(actor, filmId, 'favoriteSince', 'dislikeSince', 'favorited', 'is already one of your favorites');
  }

  async unfavorite(actor: Actor, filmId: string): Promise<SimpleResult> {
    return this.#unmark(actor, filmId, 'favoriteSince', 'unfavorited', 'is not one of your favorites');
  }

  /** Marks as disliked (clearing a favorite). Marks the film seen if it was not. */
  async dislike(actor: Actor, filmId: string): Promise<MarkResult> {
    return this.#mark(actor, filmId, 'dislikeSince', 'favoriteSince', 'disliked', 'is already marked as disliked');
  }

  async undislike(actor: Actor, filmId: string): Promise<SimpleResult> {
    return this.#unmark(actor, filmId, 'dislikeSince', 'undisliked', 'is not marked as disliked');
  }

  /** Adds to the watchlist; allowed for watched films too (a planned rewatch). */
  async addToWatchlist(actor: Actor, filmId: string): Promise<SimpleResult> {
    const film = this.#film(actor.guildId, filmId);
    return this.#change(actor, film, this.#now(), (context) => {
      if (context.record.watchlistSince) throw new UserError(`${literal(film.title)} is already on your watchlist.`);
      context.record.watchlistSince = context.at;
      context.emit('watchlisted');
      return {};
    });
  }

  async removeFromWatchlist(actor: Actor, filmId: string): Promise<SimpleResult> {
    return this.#unmark(actor, filmId, 'watchlistSince', 'unwatchlisted', 'is not on your watchlist');
  }

  /** Sets the member's rating (½–5 in half steps). Marks the film seen if it was not. */
  async rate(actor: Actor, filmId: string, stars: number): Promise<RateResult> {
    const film = this.#film(actor.guildId, filmId);
    assertStars(stars);
    return this.#change(actor, film, this.#now(), (context) => {
      const previousStars = context.record.rating?.stars;
      if (previousStars === stars) throw new UserError(`You already rated ${literal(film.title)} ${starsText(stars)}.`);
      const seen = markSeen(context);
      context.record.rating = { stars, at: context.at };
      context.emit('rated', { stars });
      return { ...seen, previousStars };
    });
  }

  async unrate(actor: Actor, filmId: string): Promise<SimpleResult> {
    const film = this.#film(actor.guildId, filmId);
    return this.#change(actor, film, this.#now(), (context) => {
      if (!context.record.rating) throw new UserError(`You have not rated ${literal(film.title)}.`);
      delete context.record.rating;
      context.emit('unrated');
      return {};
    });
  }

  /**
   * Writes (or replaces) a review, which always belongs to a diary entry:
   * - with `entryId`: that entry;
   * - with `on`: the latest unreviewed entry of that day, else a new entry on that day;
   * - otherwise: the member's latest entry if it has no review yet, else a new entry dated today.
   * `stars` becomes the entry's rating and the member's current rating; without it, the entry's or the member's
   * current rating is used, and with neither the review goes without a rating.
   */
  async review(actor: Actor, filmId: string, options: ReviewOptions): Promise<ReviewResult> {
    const film = this.#film(actor.guildId, filmId);
    const now = this.#now();
    const text = validateReviewText(options.text);
    const starsGiven = options.stars === undefined ? undefined : assertStars(options.stars);
    const on = options.on === undefined ? undefined : parseWatchDate(options.on, now, film);
    return this.#change(actor, film, now, (context) => {
      const { record } = context;
      let entry: DiaryEntry | undefined;
      if (options.entryId !== undefined) {
        entry = record.diary.find((candidate) => candidate.id === options.entryId);
        if (!entry) throw new UserError(`That diary entry is not one of your viewings of ${literal(film.title)}.`);
      } else if (on !== undefined) {
        entry = record.diary.findLast((candidate) => candidate.watchedOn === on && !candidate.review);
      } else {
        const latest = record.diary.at(-1);
        entry = latest && !latest.review ? latest : undefined;
      }
      const stars = starsGiven ?? entry?.stars ?? record.rating?.stars;
      const createdEntry = entry === undefined;
      if (!entry) {
        const watchedOn = on ?? context.today;
        delete record.watchlistSince;
        entry = addEntry(context, watchedOn, stars);
        context.emit('watched', { entryId: entry.id, watchedOn, stars });
      }
      const replacedReview = entry.review !== undefined;
      if (stars !== undefined) entry.stars = stars;
      entry.review = replacedReview
        ? { text, spoiler: options.spoiler ?? false, createdAt: entry.review!.createdAt, editedAt: context.at }
        : { text, spoiler: options.spoiler ?? false, createdAt: context.at };
      if (starsGiven !== undefined && record.rating?.stars !== starsGiven) record.rating = { stars: starsGiven, at: context.at };
      context.emit('reviewed', { entryId: entry.id, watchedOn: entry.watchedOn, stars, spoiler: entry.review.spoiler });
      return { entry, createdEntry, replacedReview };
    });
  }

  /** Removes the review of a diary entry; the viewing and its rating stay. */
  async deleteReview(actor: Actor, entryId: string): Promise<EntryResult> {
    return this.#entryChange(actor, entryId, (context, entry) => {
      if (!entry.review) throw new UserError('That viewing has no review.');
      delete entry.review;
      context.emit('review-deleted', { entryId: entry.id, watchedOn: entry.watchedOn });
      return { entry };
    });
  }

  /** Reverts the change that returned `token`, exactly; only its author may. */
  async undo(actor: Actor, token: string): Promise<UndoResult & { film: FilmRef }> {
    return this.#undo(actor, token);
  }

  /** Reverts the member's most recent change that can still be undone. */
  async undoLast(actor: Actor): Promise<UndoResult & { film: FilmRef }> {
    return this.#undo(actor, undefined);
  }

  // ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Everything the film card shows about the club's activity on one film. */
  async filmSummary(guildId: string, filmId: string, options?: views.FilmSummaryOptions): Promise<views.FilmSummary> {
    return views.filmSummary(await this.#store.read(guildId), this.#films(guildId), filmId, options);
  }

  /** One member's state for one film (for button labels: "♥ Favorited", "✓ Watched 2×"...). */
  async memberFilm(guildId: string, userId: string, filmId: string): Promise<views.MemberFilmView> {
    return views.memberFilm(await this.#store.read(guildId), userId, filmId);
  }

  /** A member's diary, newest viewing first. */
  async diary(guildId: string, userId: string, page?: PageRequest): Promise<Page<views.DiaryItem>> {
    return views.diary(await this.#store.read(guildId), this.#films(guildId), userId, page);
  }

  /** One of the member's viewings, for editing it (undefined when it is not, or no longer, theirs). */
  async diaryEntry(guildId: string, userId: string, entryId: string): Promise<views.DiaryEntryView | undefined> {
    return views.diaryEntry(await this.#store.read(guildId), this.#films(guildId), userId, entryId);
  }

  /** A member's watchlist, most recently added first. */
  async watchlist(guildId: string, userId: string, page?: PageRequest): Promise<Page<views.WatchlistItem>> {
    return views.watchlist(await this.#store.read(guildId), this.#films(guildId), userId, page);
  }

  /** Members who have seen a film, most recent viewing first. */
  async seenBy(guildId: string, filmId: string, page?: PageRequest): Promise<Page<views.ViewerItem>> {
    return views.seenBy(await this.#store.read(guildId), filmId, page);
  }

  /** The server's activity feed, newest first, optionally for one film and/or one member. */
  async activity(guildId: string, filter: views.ActivityFilter = {}, page?: PageRequest): Promise<Page<views.ActivityItem>> {
    return views.activity(await this.#store.read(guildId), this.#films(guildId), filter, page);
  }

  /** /stats: most watched and favorited films, busiest members and viewings per month over the last year. */
  async serverStats(guildId: string): Promise<ServerStats> {
    return serverStats(await this.#store.read(guildId), this.#films(guildId), this.#now());
  }

  async profile(guildId: string, userId: string, options?: views.ProfileOptions): Promise<views.Profile> {
    return views.profile(await this.#store.read(guildId), this.#films(guildId), userId, options);
  }

  // ── Plumbing ─────────────────────────────────────────────────────────────────────────────────────────────────

  #film(guildId: string, filmId: string): Film {
    const film = this.#films(guildId).get(filmId);
    if (!film) throw new UserError(`I don't know a film with the id ${quote(filmId, 90)}; pick one from the suggestions.`);
    return film;
  }

  #change<R extends object>(actor: Actor, film: Film, now: Date, mutate: (context: ChangeContext) => R): Promise<R & ChangeReceipt> {
    const { guildId, userId, name } = ActorSchema.parse(actor);
    return this.#store.update(guildId, (data) => applyChange(data, { userId, name, filmId: film.id, now }, mutate));
  }

  /** A change addressed by diary entry id (the film is the entry's). */
  #entryChange<R extends object>(
    actor: Actor,
    entryId: string,
    mutate: (context: ChangeContext, entry: DiaryEntry, film: Film) => R,
  ): Promise<R & ChangeReceipt> {
    const { guildId, userId, name } = ActorSchema.parse(actor);
    const now = this.#now();
    return this.#store.update(guildId, (data: GuildData) => {
      const found = findEntry(data, userId, entryId);
      if (!found) throw new UserError('That diary entry does not exist any more, or is not yours.');
      const film = this.#films(guildId).get(found.filmId) ?? stubFilm(found.filmId);
      return applyChange(data, { userId, name, filmId: found.filmId, now }, (context) => {
        const entry = context.record.diary.find((candidate) => candidate.id === entryId)!;
        return mutate(context, entry, film);
      });
    });
  }

  #mark(
    actor: Actor,
    filmId: string,
    field: 'favoriteSince' | 'dislikeSince',
    opposite: 'favoriteSince' | 'dislikeSince',
    kind: 'favorited' | 'disliked',
    already: string,
  ): Promise<MarkResult> {
    const film = this.#film(actor.guildId, filmId);
    return this.#change(actor, film, this.#now(), (context) => {
      if (context.record[field]) throw new UserError(`${literal(film.title)} ${already}.`);
      const seen = markSeen(context);
      const clearedOpposite = context.record[opposite] !== undefined;
      delete context.record[opposite];
      context.record[field] = context.at;
      context.emit(kind);
      return { ...seen, clearedOpposite };
    });
  }

  #unmark(
    actor: Actor,
    filmId: string,
    field: 'favoriteSince' | 'dislikeSince' | 'watchlistSince',
    kind: 'unfavorited' | 'undisliked' | 'unwatchlisted',
    missing: string,
  ): Promise<SimpleResult> {
    const film = this.#film(actor.guildId, filmId);
    return this.#change(actor, film, this.#now(), (context) => {
      if (!context.record[field]) throw new UserError(`${literal(film.title)} ${missing}.`);
      delete context.record[field];
      context.emit(kind);
      return {};
    });
  }

  async #undo(actor: Actor, token: string | undefined): Promise<UndoResult & { film: FilmRef }> {
    const { guildId, userId } = ActorSchema.parse(actor);
    const result = await this.#store.update(guildId, (data) => applyUndo(data, userId, token));
    return { ...result, film: filmRef(this.#films(guildId), result.filmId) };
  }
}

/** Two identical watches within this window are a double click, not a same-day rewatch. */
const DUPLICATE_WINDOW_MS = 60_000;

function addEntry(context: ChangeContext, watchedOn: string, stars: number | undefined): DiaryEntry {
  const entry: DiaryEntry = { id: context.newEntryId(), watchedOn, loggedAt: context.at };
  if (stars !== undefined) entry.stars = stars;
  context.record.diary.push(entry);
  context.record.diary.sort(compareEntries);
  return entry;
}

/**
 * Favorites, dislikes and ratings are shares of the watchers, so they imply having seen the film. When the member
 * never logged it, it is marked seen without a date: no viewing dated today that never happened reaches the diary
 * or the feed (the favorite or rating is the feed's event).
 */
function markSeen(context: ChangeContext): SeenMark {
  if (hasSeen(context.record)) return { markedSeen: false, removedFromWatchlist: false };
  const removedFromWatchlist = context.record.watchlistSince !== undefined;
  delete context.record.watchlistSince;
  context.record.seenSince = context.at;
  return { markedSeen: true, removedFromWatchlist };
}

/** Entries of a film since removed from the catalog can still be edited or deleted. */
function stubFilm(filmId: string): Film {
  return {
    id: filmId,
    title: filmId,
    year: 1870,
    altTitles: [],
    directors: [],
    cast: [],
    countries: [],
    languages: [],
    genres: [],
    themes: [],
    synopsis: '',
    externalIds: {},
  };
}
