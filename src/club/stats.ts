import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { todayIn } from './dates.js';
import { hasSeen } from './records.js';
import { filmRef, type FilmLookup, type FilmRef } from './types.js';
import { memberName } from './views.js';

type Data = DeepReadonly<GuildData>;

export interface FilmTally {
  film: FilmRef;
  count: number;
}

export interface MemberTally {
  userId: string;
  name: string;
  count: number;
}

export interface MonthTally {
  /** "2026-05". */
  month: string;
  count: number;
}

/** /stats: the server's film life at a glance. */
export interface ServerStats {
  members: number;
  films: number;
  viewings: number;
  /** Films seen by the most members. */
  mostWatched: FilmTally[];
  mostFavorited: FilmTally[];
  /** Members with the most dated viewings in the last 12 months. */
  busiestMembers: MemberTally[];
  /** Dated viewings per month, the last 12 months, oldest first (the current month last). */
  months: MonthTally[];
}

function top<T extends { count: number }>(items: T[], limit: number, name: (item: T) => string): T[] {
  return items
    .filter((item) => item.count > 0)
    .sort((a, b) => b.count - a.count || name(a).localeCompare(name(b)))
    .slice(0, limit);
}

/**
 * The last 12 calendar months up to `today` (YYYY-MM-DD, the server's day), oldest first: "2025-06" … "2026-05".
 * The server's day, not UTC's: a viewing logged on 1 January in Auckland is dated in January, so January must show.
 */
export function lastMonths(today: string, count = 12): string[] {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  return months;
}

export function serverStats(data: Data, films: FilmLookup, now: Date, limit = 8): ServerStats {
  const watchers = new Map<string, number>();
  const favorites = new Map<string, number>();
  const months = lastMonths(todayIn(data.config.timezone, now));
  const perMonth = new Map(months.map((month) => [month, 0]));
  const busy = new Map<string, number>();
  let viewings = 0;
  let members = 0;
  for (const [userId, records] of Object.entries(data.memberFilms)) {
    let active = false;
    for (const [filmId, record] of Object.entries(records)) {
      if (hasSeen(record)) {
        watchers.set(filmId, (watchers.get(filmId) ?? 0) + 1);
        active = true;
      }
      if (record.favoriteSince) favorites.set(filmId, (favorites.get(filmId) ?? 0) + 1);
      for (const entry of record.diary) {
        viewings += 1;
        const month = entry.watchedOn.slice(0, 7);
        if (perMonth.has(month)) {
          perMonth.set(month, perMonth.get(month)! + 1);
          busy.set(userId, (busy.get(userId) ?? 0) + 1);
        }
      }
    }
    if (active) members += 1;
  }
  const filmTallies = (counts: Map<string, number>) =>
    top([...counts].map(([filmId, count]) => ({ film: filmRef(films, filmId), count })), limit, (item) => item.film.title);
  return {
    members,
    films: watchers.size,
    viewings,
    mostWatched: filmTallies(watchers),
    mostFavorited: filmTallies(favorites),
    busiestMembers: top([...busy].map(([userId, count]) => ({ userId, name: memberName(data, userId), count })), limit, (item) => item.name),
    months: months.map((month) => ({ month, count: perMonth.get(month)! })),
  };
}
