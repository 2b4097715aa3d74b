import type { DeepReadonly } from '../store/GuildStore.js';
import type { MemberFilm } from '../store/schema.js';

/** What a member's record of a film says, as bit flags. */
export const SEEN = 1;
export const FAVORITE = 2;
export const DISLIKE = 4;
export const WATCHLIST = 8;
/** Favorited, or rated 4 stars or more. */
export const LOVED = 16;
/** Disliked, or rated 2 stars or less. */
export const LOATHED = 32;
/** On the watchlist, seen or not (a watched film on it is a planned rewatch); WATCHLIST is the unseen case. */
export const LISTED = 64;

export const HIGH_RATING = 4;
export const LOW_RATING = 2;

type Record = DeepReadonly<MemberFilm>;

export function flagsOf(record: Record): number {
  const stars = record.rating?.stars;
  // Favorites, dislikes and ratings imply a watch (marked as seen); count them as seen even in records from before that mark.
  const seen = record.diary.length > 0 || record.seenSince !== undefined || record.favoriteSince !== undefined || record.dislikeSince !== undefined || stars !== undefined;
  let flags = seen ? SEEN : 0;
  if (record.favoriteSince !== undefined) flags |= FAVORITE;
  if (record.dislikeSince !== undefined) flags |= DISLIKE;
  if (record.watchlistSince !== undefined) flags |= seen ? LISTED : LISTED | WATCHLIST;
  if (flags & FAVORITE || (stars !== undefined && stars >= HIGH_RATING)) flags |= LOVED;
  if (flags & DISLIKE || (stars !== undefined && stars <= LOW_RATING)) flags |= LOATHED;
  return flags;
}

/**
 * How much a film pulls the member's content profile towards films like it: favorites strongly, ratings by how
 * far they are from a middling 3 stars (5★ +2 … ½★ −2.5), dislikes strongly against, an unseen watchlist entry
 * a little, and a plain watch (no rating, no mark) a little too — the member chose to see it.
 */
export function tasteWeight(record: Record): number {
  return tasteWeightOf(flagsOf(record), record.rating?.stars);
}

export function tasteWeightOf(flags: number, stars: number | undefined): number {
  let weight = 0;
  if (flags & FAVORITE) weight += 3;
  if (flags & DISLIKE) weight -= 3;
  if (stars !== undefined) weight += stars - 3;
  if (flags & WATCHLIST) weight += 1;
  if (flags & SEEN && !(flags & (FAVORITE | DISLIKE)) && stars === undefined) weight += 0.3;
  return weight;
}

/**
 * The member's vote in the club's collaborative signal, iCheckMovies-style: seen ×1, favorite ×5, disliked ×−5.
 * Marquee also has ratings, which move a plain watch along the same scale (5★ 5, 4★ 3, 3★ 1, 2★ −1, 1★ −3).
 * Watchlist entries are intentions, not taste, and do not vote.
 */
export function clubWeight(record: Record): number {
  return clubWeightOf(flagsOf(record), record.rating?.stars);
}

export function clubWeightOf(flags: number, stars: number | undefined): number {
  if (!(flags & SEEN)) return 0;
  let weight = stars === undefined ? 1 : Math.max(-4, Math.min(5, 1 + 2 * (stars - 3)));
  if (flags & FAVORITE) weight = Math.max(5, weight);
  if (flags & DISLIKE) weight = Math.min(-5, weight);
  return weight;
}
