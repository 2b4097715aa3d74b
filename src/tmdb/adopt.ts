import type { App } from '../app.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Film } from '../catalog/schema.js';
import { filmWithImdbId, filmWithTmdbId, noteFilm } from './known.js';

/** The catalog a server's members pick films from. */
export function catalogOf(app: App, _guildId: string | null): Catalog {
  return app.catalog;
}

/**
 * Puts a film fetched from TMDB into the server's catalog, where it stays (and works without TMDB)
 * from then on. The one place that decides where such films go.
 */
export async function addToServerCatalog(app: App, guildId: string | null, film: Film): Promise<Film> {
  const catalog = catalogOf(app, guildId);
  catalog.upsert([film]);
  noteFilm(catalog, film);
  return film;
}

/** A film of the catalog that is this TMDB film: same TMDB id, or same IMDb id. */
export function knownTmdbFilm(catalog: Catalog, tmdbId: number, imdbId?: string): Film | undefined {
  return filmWithTmdbId(catalog, tmdbId) ?? (imdbId ? filmWithImdbId(catalog, imdbId) : undefined);
}

/** Whether two records may be the same film as far as their external ids say (none that disagree). */
function idsAgree(a: Film, b: Film): boolean {
  const { tmdb: tmdbA, imdb: imdbA } = a.externalIds;
  const { tmdb: tmdbB, imdb: imdbB } = b.externalIds;
  return (tmdbA === undefined || tmdbB === undefined || tmdbA === tmdbB) && (imdbA === undefined || imdbB === undefined || imdbA === imdbB);
}

export interface AdoptedFilm {
  film: Film;
  /** False when the catalog had the film already (picked before, or the same IMDb id). */
  added: boolean;
}

/**
 * The catalog film for a TMDB id: the one the catalog has, or TMDB's, fetched with its credits and
 * added. A different film whose slug id is taken (same title and year, other ids) gets the TMDB id
 * in its own. Throws TmdbError when TMDB cannot say.
 */
export async function adoptTmdbFilm(app: App, guildId: string | null, tmdbId: number): Promise<AdoptedFilm> {
  const tmdb = app.tmdb;
  const catalog = catalogOf(app, guildId);
  const known = knownTmdbFilm(catalog, tmdbId);
  if (known || !tmdb) {
    if (known) return { film: known, added: false };
    throw new Error('TMDB is not configured');
  }
  let film = await tmdb.film(tmdbId);
  const same = knownTmdbFilm(catalog, tmdbId, film.externalIds.imdb);
  if (same) return { film: same, added: false };
  const holder = catalog.get(film.id);
  if (holder && idsAgree(holder, film) && !holder.externalIds.tmdb && !holder.externalIds.imdb) return { film: holder, added: false };
  if (holder) film = { ...film, id: `${film.id}-tmdb-${tmdbId}` };
  return { film: await addToServerCatalog(app, guildId, film), added: true };
}
