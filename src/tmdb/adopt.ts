import type { App } from '../app.js';
import type { Film } from '../catalog/schema.js';
import { sharedFilmIdForTmdb } from './known.js';

/**
 * The server's film that is this TMDB film, if it has one: a shared film with the TMDB id, or one the
 * server added (from TMDB or by hand with the id). Read through the server's view, so merges and
 * corrections apply.
 */
export function knownTmdbFilm(app: App, guildId: string, tmdbId: number): Film | undefined {
  const view = app.catalogFor(guildId);
  const shared = sharedFilmIdForTmdb(app.catalog, tmdbId);
  if (shared !== undefined) {
    const film = view.get(shared);
    if (film) return film;
  }
  for (const stored of Object.values(view.records?.films ?? {})) {
    if (stored.film.externalIds.tmdb === tmdbId) return view.get(stored.film.id);
  }
  return undefined;
}

/**
 * Puts a film fetched from TMDB into the server's catalog, stored with the server's records (so it
 * survives restarts and works without TMDB from then on). When the server knows a film with the same
 * IMDb or TMDB id, that film is returned instead.
 */
export function addToServerCatalog(app: App, guildId: string, film: Film, tmdbId: number): Promise<Film> {
  return app.serverFilms.add(guildId, film, { kind: 'tmdb', tmdbId });
}

export interface AdoptedFilm {
  film: Film;
  /** False when the server had the film already (picked before, the same IMDb id, or the same title and year without ids). */
  added: boolean;
}

/** The server's film for a TMDB id: the one it has, or TMDB's, fetched with its credits and added. Throws TmdbError when TMDB cannot say. */
export async function adoptTmdbFilm(app: App, guildId: string, tmdbId: number): Promise<AdoptedFilm> {
  const known = knownTmdbFilm(app, guildId, tmdbId);
  if (known) return { film: known, added: false };
  if (!app.tmdb) throw new Error('TMDB is not configured');
  const film = await app.tmdb.film(tmdbId);
  const before = app.catalogFor(guildId);
  // A film of the same title and year that no id tells apart is taken to be this one, not doubled.
  const holder = before.get(film.id);
  if (holder && !holder.externalIds.tmdb && !holder.externalIds.imdb) return { film: holder, added: false };
  const stored = await addToServerCatalog(app, guildId, film, tmdbId);
  return { film: stored, added: !before.has(stored.id) };
}
