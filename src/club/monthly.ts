import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { type FilmLookup, filmRef, type FilmRef } from './types.js';

type Data = DeepReadonly<GuildData>;

export interface MonthTally {
  film: FilmRef;
  /** Distinct members. */
  members: number;
}

export interface MonthTop {
  /** YYYY-MM (UTC). */
  month: string;
  /** Films most members watched (a dated viewing in the month), most first. */
  watched: MonthTally[];
  /** Films most members favorited during the month (and still hold as a favorite). */
  favorited: MonthTally[];
}

const cache = new WeakMap<Data, Map<string, MonthTop>>();

function top(counts: Map<string, number>, films: FilmLookup, limit: number): MonthTally[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([filmId, members]) => ({ film: filmRef(films, filmId), members }));
}

/**
 * The club's month for its home page. One pass over every member's records; the result is kept per stored
 * snapshot (the store hands out the same frozen object until something changes), so a busy page costs one pass
 * per change, not one per view.
 */
export function monthTop(data: Data, films: FilmLookup, now: Date, limit = 10): MonthTop {
  const month = now.toISOString().slice(0, 7);
  const key = `${month}:${limit}`;
  const cached = cache.get(data)?.get(key);
  if (cached) return cached;
  const watched = new Map<string, number>();
  const favorited = new Map<string, number>();
  for (const records of Object.values(data.memberFilms)) {
    for (const [filmId, record] of Object.entries(records)) {
      if (record.diary.some((entry) => entry.watchedOn.startsWith(month))) watched.set(filmId, (watched.get(filmId) ?? 0) + 1);
      if (record.favoriteSince?.startsWith(month)) favorited.set(filmId, (favorited.get(filmId) ?? 0) + 1);
    }
  }
  const result: MonthTop = { month, watched: top(watched, films, limit), favorited: top(favorited, films, limit) };
  let perData = cache.get(data);
  if (!perData) cache.set(data, (perData = new Map()));
  perData.set(key, result);
  return result;
}
