import type { DeepReadonly } from '../store/GuildStore.js';
import type { DiaryEntry, MemberFilm } from '../store/schema.js';
import { hasSeen } from './records.js';

type Record_ = DeepReadonly<MemberFilm>;
type Entry = DeepReadonly<DiaryEntry>;

/** A member who has seen the film, with their latest viewing (undefined: marked seen without a date). */
export interface ViewerSlot {
  userId: string;
  record: Record_;
  last: Entry | undefined;
}

/** A diary entry of the film that carries a review. */
export interface ReviewSlot {
  userId: string;
  entry: Entry & { review: NonNullable<Entry['review']> };
}

/**
 * One film's server figures (the film card), kept up to date record by record: when a member's record of the
 * film changes, its old contribution is taken out and the new one put in, and the sorted lists (viewers, reviews)
 * move one item by binary search. So a card costs its first page, not a walk and a sort over every member who
 * logged the film (thousands for a popular film in a large server), and a write costs the figures of the films
 * it changed.
 *
 * Orders: viewers by latest viewing, newest first (ISO dates compared as text), those without a dated viewing
 * after them, then by user id; reviews newest first by creation time, then by entry id (later ids first).
 */
export class FilmFigures {
  viewings = 0;
  favorites = 0;
  dislikes = 0;
  watchlisted = 0;
  /** Stars → how many members gave that rating now. */
  readonly ratings = new Map<number, number>();
  readonly viewers: ViewerSlot[] = [];
  readonly reviews: ReviewSlot[] = [];

  /** False while the constructor loads the records: slots are pushed, then sorted once. */
  #sorted = false;

  constructor(records: Iterable<[userId: string, record: Record_]>) {
    for (const [userId, record] of records) this.#count(userId, record, 1);
    this.viewers.sort(compareViewers);
    this.reviews.sort(compareReviews);
    this.#sorted = true;
  }

  /** The film's current ratings, one number per member (order is not meaningful). */
  ratingList(): number[] {
    const list: number[] = [];
    for (const [stars, count] of this.ratings) for (let i = 0; i < count; i++) list.push(stars);
    return list;
  }

  /** A member's record of the film changed from `before` to `after` (either undefined: none). */
  replace(userId: string, before: Record_ | undefined, after: Record_ | undefined): void {
    if (before === after) return;
    if (before) this.#count(userId, before, -1);
    if (after) this.#count(userId, after, 1);
  }

  /** Adds (sign 1) or takes out (sign -1) one record's contribution; slots go to or come from their place. */
  #count(userId: string, record: Record_, sign: 1 | -1): void {
    const seen = hasSeen(record);
    this.viewings += sign * record.diary.length;
    if (seen && record.favoriteSince !== undefined) this.favorites += sign;
    if (seen && record.dislikeSince !== undefined) this.dislikes += sign;
    if (record.watchlistSince !== undefined) this.watchlisted += sign;
    if (record.rating) {
      const count = (this.ratings.get(record.rating.stars) ?? 0) + sign;
      if (count === 0) this.ratings.delete(record.rating.stars);
      else this.ratings.set(record.rating.stars, count);
    }
    const building = !this.#sorted;
    if (seen) {
      const slot: ViewerSlot = { userId, record, last: record.diary.at(-1) };
      if (building) this.viewers.push(slot);
      else if (sign > 0) insertSorted(this.viewers, slot, compareViewers);
      else removeSorted(this.viewers, slot, compareViewers);
    }
    for (const entry of record.diary) {
      if (!entry.review) continue;
      const slot: ReviewSlot = { userId, entry: entry as ReviewSlot['entry'] };
      if (building) this.reviews.push(slot);
      else if (sign > 0) insertSorted(this.reviews, slot, compareReviews);
      else removeSorted(this.reviews, slot, compareReviews);
    }
  }
}

/** Ordinal comparison: ISO dates and snowflakes order the same as text, without the cost of a collator. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareViewers(a: ViewerSlot, b: ViewerSlot): number {
  if (a.last && b.last) {
    const byLast = compareText(b.last.watchedOn, a.last.watchedOn) || compareText(b.last.loggedAt, a.last.loggedAt);
    if (byLast) return byLast;
  } else if (a.last) return -1;
  else if (b.last) return 1;
  return compareText(a.userId, b.userId);
}

/** Ids are a prefix letter and a base-36 sequence number: later ids sort after earlier ones. */
function idOrder(a: string, b: string): number {
  return parseInt(a.slice(1), 36) - parseInt(b.slice(1), 36);
}

function compareReviews(a: ReviewSlot, b: ReviewSlot): number {
  return compareText(b.entry.review.createdAt, a.entry.review.createdAt) || idOrder(b.entry.id, a.entry.id) || compareText(a.userId, b.userId);
}

/** First index whose item does not sort before `item`. */
function lowerBound<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle]!, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted<T>(items: T[], item: T, compare: (a: T, b: T) => number): void {
  items.splice(lowerBound(items, item, compare), 0, item);
}

/** Removes the item that compares equal to `item` (the orders are total: the user id or entry id decides last). */
function removeSorted<T>(items: T[], item: T, compare: (a: T, b: T) => number): void {
  const at = lowerBound(items, item, compare);
  if (at < items.length && compare(items[at]!, item) === 0) items.splice(at, 1);
}
