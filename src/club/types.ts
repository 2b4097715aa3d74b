import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { Snowflake } from '../config.js';

/** The film facts the club needs; the catalog's `Catalog` class satisfies it. */
export interface FilmLookup {
  get(id: string): Film | undefined;
  /** The id a film is known by now, when `id` was merged into another film (a server's catalog view knows; absent: ids never change). */
  canonicalId?(id: string): string;
}

/** Who is acting, where. `name` is the display name to remember for views (so they never need to ping). */
export interface Actor {
  guildId: string;
  userId: string;
  name: string;
}

export const ActorSchema = z.object({
  guildId: Snowflake,
  userId: Snowflake,
  // Discord names can be blank-looking or long; an unusable one just isn't remembered.
  name: z.string().transform((name) => name.trim().slice(0, 100)),
});

/** A film as views print it; `title` falls back to the id when the catalog no longer has the film. */
export interface FilmRef {
  filmId: string;
  title: string;
  year?: number;
}

export function filmRef(films: FilmLookup, filmId: string): FilmRef {
  const film = films.get(filmId);
  return film ? { filmId, title: film.title, year: film.year } : { filmId, title: filmId };
}

export interface Page<T> {
  items: T[];
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
}

export interface PageRequest {
  /** 1-based; out-of-range pages are clamped (buttons may point past the end after a deletion). */
  page?: number;
  /** 1–25, default 10. */
  pageSize?: number;
}

export function paginate<T>(items: readonly T[], request: PageRequest = {}): Page<T> {
  const pageSize = Math.min(25, Math.max(1, Math.floor(request.pageSize ?? 10)));
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(pageCount, Math.max(1, Math.floor(request.page ?? 1)));
  return { items: items.slice((page - 1) * pageSize, page * pageSize), page, pageCount, pageSize, total: items.length };
}
