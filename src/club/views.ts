import type { DeepReadonly } from '../store/GuildStore.js';
import type { ActivityEvent, DiaryEntry, GuildData } from '../store/schema.js';
import { type RatingSummary, starsToScore, summarizeRatings } from './ratings.js';
import type { ViewerSlot } from './filmFigures.js';
import { FilmIndex } from './filmIndex.js';
import { compareEntries, hasSeen, recordOf } from './records.js';
import { snippet } from './text.js';
import { type FilmLookup, filmRef, type FilmRef, type Page, type PageRequest, paginate } from './types.js';

type Data = DeepReadonly<GuildData>;
type Entry = DeepReadonly<DiaryEntry>;

/** Ids are a prefix letter and a base-36 sequence number: later ids sort after earlier ones. */
function idOrder(a: string, b: string): number {
  return parseInt(a.slice(1), 36) - parseInt(b.slice(1), 36);
}

export const UNKNOWN_MEMBER = 'Unknown member';

export function memberName(data: Data, userId: string): string {
  return data.members[userId] ?? UNKNOWN_MEMBER;
}

export interface Share {
  count: number;
  /** Percent of the film's watchers, one decimal (13.2); 0 when nobody watched. */
  percent: number;
}

export interface ViewerItem {
  userId: string;
  name: string;
  /** Undefined when the member marked the film seen (a favorite or rating) without logging a dated viewing. */
  lastWatchedOn?: string;
  viewings: number;
  stars?: number;
  favorite: boolean;
  dislike: boolean;
}

export interface ReviewSnippet {
  userId: string;
  name: string;
  entryId: string;
  watchedOn: string;
  /** The full review as typed (may contain mentions: render with pings disabled). */
  text: string;
  /** At most 300 characters, cut at a word. */
  snippet: string;
  /** Undefined for a review written without a rating. */
  stars?: number;
  /** stars as /100. */
  score?: number;
  spoiler: boolean;
  createdAt: string;
  editedAt?: string;
}

export type ActivityItem = DeepReadonly<ActivityEvent> & { name: string; film: FilmRef };

export interface FilmSummaryOptions {
  /** How many "seen by" names to list (default 10); the rest are counted in `seenBy.more`. */
  seenBy?: number;
  /** How many recent reviews (default 3). */
  reviews?: number;
  /** How many recent activity events (default 5). */
  activity?: number;
}

export interface FilmSummary {
  film: FilmRef;
  /** Members who have seen it (a dated viewing, or marked seen). */
  watchers: number;
  /** All viewings, rewatches included. */
  viewings: number;
  favorites: Share;
  dislikes: Share;
  watchlisted: number;
  /** Members' current ratings. */
  ratings: RatingSummary;
  /** Most recent viewing first. */
  seenBy: { members: ViewerItem[]; more: number };
  /** Newest first. */
  reviews: { items: ReviewSnippet[]; total: number };
  /** Newest first. */
  activity: ActivityItem[];
}

/** Members who have seen the film: most recent viewing first, then those who marked it seen without a date. */
function viewers(data: Data, filmId: string): ViewerItem[] {
  return FilmIndex.of(data).figuresOf(filmId).viewers.map((slot) => viewerItem(data, slot));
}

function viewerItem(data: Data, { userId, record, last }: ViewerSlot): ViewerItem {
  const item: ViewerItem = {
    userId,
    name: memberName(data, userId),
    viewings: record.diary.length,
    favorite: record.favoriteSince !== undefined,
    dislike: record.dislikeSince !== undefined,
  };
  if (last) item.lastWatchedOn = last.watchedOn;
  if (record.rating) item.stars = record.rating.stars;
  return item;
}

function share(count: number, of: number): Share {
  return { count, percent: of === 0 ? 0 : Math.round((count / of) * 1000) / 10 };
}

function reviewSnippet(data: Data, userId: string, entry: Entry): ReviewSnippet | undefined {
  const review = entry.review;
  if (!review) return undefined;
  const item: ReviewSnippet = {
    userId,
    name: memberName(data, userId),
    entryId: entry.id,
    watchedOn: entry.watchedOn,
    text: review.text,
    snippet: snippet(review.text),
    spoiler: review.spoiler,
    createdAt: review.createdAt,
  };
  if (entry.stars !== undefined) {
    item.stars = entry.stars;
    item.score = starsToScore(entry.stars);
  }
  if (review.editedAt) item.editedAt = review.editedAt;
  return item;
}

export function filmSummary(data: Data, films: FilmLookup, filmId: string, options: FilmSummaryOptions = {}): FilmSummary {
  // The film's figures are kept by the server's film index as records change: a card reads them and builds
  // only what it shows (the first viewers and reviews), whatever the number of members who logged the film.
  const figures = FilmIndex.of(data).figuresOf(filmId);
  const watchers = figures.viewers.length;
  const seenLimit = options.seenBy ?? 10;
  return {
    film: filmRef(films, filmId),
    watchers,
    viewings: figures.viewings,
    favorites: share(figures.favorites, watchers),
    dislikes: share(figures.dislikes, watchers),
    watchlisted: figures.watchlisted,
    ratings: summarizeRatings(figures.ratingList()),
    seenBy: { members: figures.viewers.slice(0, seenLimit).map((slot) => viewerItem(data, slot)), more: Math.max(0, watchers - seenLimit) },
    reviews: {
      items: figures.reviews.slice(0, options.reviews ?? 3).map(({ userId, entry }) => reviewSnippet(data, userId, entry)!),
      total: figures.reviews.length,
    },
    activity: recentActivity(data, films, forFilm(films, filmId), options.activity ?? 5),
  };
}

export function seenBy(data: Data, filmId: string, page?: PageRequest): Page<ViewerItem> {
  return paginate(viewers(data, filmId), page);
}

export interface MemberFilmView {
  filmId: string;
  /** Seen: a dated viewing, or marked seen without one. */
  watched: boolean;
  viewings: number;
  lastWatchedOn?: string;
  favorite: boolean;
  dislike: boolean;
  watchlist: boolean;
  stars?: number;
  /** Newest first. */
  entries: Entry[];
}

export function memberFilm(data: Data, userId: string, filmId: string): MemberFilmView {
  const record = recordOf(data, userId, filmId);
  const entries = [...(record?.diary ?? [])].reverse();
  const view: MemberFilmView = {
    filmId,
    watched: hasSeen(record),
    viewings: entries.length,
    favorite: record?.favoriteSince !== undefined,
    dislike: record?.dislikeSince !== undefined,
    watchlist: record?.watchlistSince !== undefined,
    entries,
  };
  if (entries[0]) view.lastWatchedOn = entries[0].watchedOn;
  if (record?.rating) view.stars = record.rating.stars;
  return view;
}

export interface DiaryItem {
  entryId: string;
  film: FilmRef;
  watchedOn: string;
  loggedAt: string;
  /** Not the member's first viewing of the film. */
  rewatch: boolean;
  /** The rating given with this viewing; for the latest viewing without one, the member's rating of the film (/rate). */
  stars?: number;
  score?: number;
  review?: { text: string; snippet: string; spoiler: boolean; createdAt: string; editedAt?: string };
  favorite: boolean;
}

function diaryItems(data: Data, films: FilmLookup, userId: string): DiaryItem[] {
  const rows: { item: DiaryItem; entry: Entry }[] = [];
  for (const [filmId, record] of Object.entries(data.memberFilms[userId] ?? {})) {
    const latest = record.diary.at(-1);
    record.diary.forEach((entry, index) => {
      const item: DiaryItem = {
        entryId: entry.id,
        film: filmRef(films, filmId),
        watchedOn: entry.watchedOn,
        loggedAt: entry.loggedAt,
        rewatch: index > 0,
        favorite: record.favoriteSince !== undefined,
      };
      const stars = entry.stars ?? (entry === latest ? record.rating?.stars : undefined);
      if (stars !== undefined) {
        item.stars = stars;
        item.score = starsToScore(stars);
      }
      if (entry.review) {
        const { text, spoiler, createdAt, editedAt } = entry.review;
        item.review = { text, snippet: snippet(text), spoiler, createdAt, ...(editedAt ? { editedAt } : {}) };
      }
      rows.push({ item, entry });
    });
  }
  rows.sort((a, b) => compareEntries(b.entry, a.entry) || idOrder(b.item.entryId, a.item.entryId));
  return rows.map(({ item }) => item);
}

export function diary(data: Data, films: FilmLookup, userId: string, page?: PageRequest): Page<DiaryItem> {
  return paginate(diaryItems(data, films, userId), page);
}

/**
 * One of a member's viewings with what editing it would touch: their rating, favorite and dislike of the film,
 * and whether it is their last viewing (deleting it then takes those with it, see ClubDiary.deleteEntry).
 */
export interface DiaryEntryView {
  item: DiaryItem;
  /** The member's current rating of the film (/rate), which may differ from this viewing's stars. */
  rating?: number;
  favorite: boolean;
  dislike: boolean;
  /** Deleting this viewing leaves the film unseen by the member. */
  lastViewing: boolean;
}

export function diaryEntry(data: Data, films: FilmLookup, userId: string, entryId: string): DiaryEntryView | undefined {
  const item = diaryItems(data, films, userId).find((candidate) => candidate.entryId === entryId);
  if (!item) return undefined;
  const record = recordOf(data, userId, item.film.filmId)!;
  const view: DiaryEntryView = {
    item,
    favorite: record.favoriteSince !== undefined,
    dislike: record.dislikeSince !== undefined,
    lastViewing: record.diary.length === 1 && record.seenSince === undefined,
  };
  if (record.rating) view.rating = record.rating.stars;
  return view;
}

export interface WatchlistItem {
  film: FilmRef;
  addedAt: string;
  /** Already seen (the member plans a rewatch). */
  watched: boolean;
}

export function watchlist(data: Data, films: FilmLookup, userId: string, page?: PageRequest): Page<WatchlistItem> {
  const items: WatchlistItem[] = [];
  for (const [filmId, record] of Object.entries(data.memberFilms[userId] ?? {})) {
    if (record.watchlistSince) {
      items.push({ film: filmRef(films, filmId), addedAt: record.watchlistSince, watched: hasSeen(record) });
    }
  }
  items.sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.film.filmId.localeCompare(b.film.filmId));
  return paginate(items, page);
}

export interface ActivityFilter {
  filmId?: string;
  userId?: string;
}

/**
 * Activity events keep the film id they were saved under, which may have been merged into another film since (a
 * moderator's `/catalog merge`, or a rebuild of the shared catalog: src/catalog/retiredIds.ts). Unlike members'
 * records, they are not moved: they are read as the film the id leads to now.
 */
function currentId(films: FilmLookup, id: string): string {
  return films.canonicalId?.(id) ?? id;
}

/** Whether an event is about `filmId` (or an id merged into it). */
function forFilm(films: FilmLookup, filmId: string): (event: DeepReadonly<ActivityEvent>) => boolean {
  const kept = currentId(films, filmId);
  return (event) => event.filmId === kept || currentId(films, event.filmId) === kept;
}

function toItem(data: Data, films: FilmLookup, event: DeepReadonly<ActivityEvent>): ActivityItem {
  const filmId = currentId(films, event.filmId);
  return { ...event, filmId, name: memberName(data, event.userId), film: filmRef(films, filmId) };
}

function recentActivity(data: Data, films: FilmLookup, keep: (event: DeepReadonly<ActivityEvent>) => boolean, limit: number): ActivityItem[] {
  const items: ActivityItem[] = [];
  for (let i = data.activity.length - 1; i >= 0 && items.length < limit; i--) {
    const event = data.activity[i]!;
    if (keep(event)) items.push(toItem(data, films, event));
  }
  return items;
}

export function activity(data: Data, films: FilmLookup, filter: ActivityFilter, page?: PageRequest): Page<ActivityItem> {
  const aboutFilm = filter.filmId === undefined ? undefined : forFilm(films, filter.filmId);
  const matching = data.activity.filter((event) => (aboutFilm === undefined || aboutFilm(event)) && (filter.userId === undefined || event.userId === filter.userId));
  // Paginate the ids first so only one page of items is built.
  const newestFirst = matching.reverse();
  const result = paginate(newestFirst, page);
  return { ...result, items: result.items.map((event) => toItem(data, films, event)) };
}

export interface ProfileOptions {
  /** Genres/directors to list (default 5). */
  top?: number;
  /** Favorites to list (default 10). */
  favorites?: number;
  /** Recent diary entries (default 5). */
  recent?: number;
}

export interface Tally {
  name: string;
  /** Distinct films watched. */
  count: number;
}

export interface Profile {
  userId: string;
  name: string;
  counts: {
    /** Distinct films seen, dated viewing or not. */
    films: number;
    /** Dated viewings (diary entries). */
    viewings: number;
    rewatches: number;
    favorites: number;
    dislikes: number;
    watchlist: number;
    ratings: number;
    reviews: number;
  };
  /** The member's current ratings. */
  ratings: RatingSummary;
  /** Most recently favorited first. */
  favorites: { items: FilmRef[]; total: number };
  /** Among watched films the catalog knows; most watched first, ties alphabetical. */
  topGenres: Tally[];
  topDirectors: Tally[];
  /** Films seen per decade of release ("1990s"), oldest decade first; decades with none left out. */
  decades: Tally[];
  recentDiary: DiaryItem[];
}

function topOf(counts: Map<string, number>, limit: number): Tally[] {
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}

export function profile(data: Data, films: FilmLookup, userId: string, options: ProfileOptions = {}): Profile {
  const counts = { films: 0, viewings: 0, rewatches: 0, favorites: 0, dislikes: 0, watchlist: 0, ratings: 0, reviews: 0 };
  const ratings: number[] = [];
  const favorites: { film: FilmRef; since: string }[] = [];
  const genres = new Map<string, number>();
  const directors = new Map<string, number>();
  const decades = new Map<number, number>();
  for (const [filmId, record] of Object.entries(data.memberFilms[userId] ?? {})) {
    if (hasSeen(record)) {
      counts.films += 1;
      counts.viewings += record.diary.length;
      counts.rewatches += Math.max(0, record.diary.length - 1);
      const film = films.get(filmId);
      for (const genre of film?.genres ?? []) genres.set(genre, (genres.get(genre) ?? 0) + 1);
      for (const director of film?.directors ?? []) directors.set(director, (directors.get(director) ?? 0) + 1);
      if (film?.year) decades.set(Math.floor(film.year / 10) * 10, (decades.get(Math.floor(film.year / 10) * 10) ?? 0) + 1);
    }
    counts.reviews += record.diary.filter((entry) => entry.review).length;
    if (record.favoriteSince) favorites.push({ film: filmRef(films, filmId), since: record.favoriteSince });
    if (record.dislikeSince) counts.dislikes += 1;
    if (record.watchlistSince) counts.watchlist += 1;
    if (record.rating) ratings.push(record.rating.stars);
  }
  counts.favorites = favorites.length;
  counts.ratings = ratings.length;
  favorites.sort((a, b) => b.since.localeCompare(a.since) || a.film.filmId.localeCompare(b.film.filmId));
  const top = options.top ?? 5;
  return {
    userId,
    name: memberName(data, userId),
    counts,
    ratings: summarizeRatings(ratings),
    favorites: { items: favorites.slice(0, options.favorites ?? 10).map(({ film }) => film), total: favorites.length },
    topGenres: topOf(genres, top),
    topDirectors: topOf(directors, top),
    decades: [...decades].sort((a, b) => a[0] - b[0]).map(([decade, count]) => ({ name: `${decade}s`, count })),
    recentDiary: diaryItems(data, films, userId).slice(0, options.recent ?? 5),
  };
}
