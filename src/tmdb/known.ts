import type { Catalog } from '../catalog/catalog.js';
import type { Film } from '../catalog/schema.js';

interface ExternalIndex {
  /** The catalog's size when the index was built: films added or removed since mean a rebuild. */
  size: number;
  tmdb: Map<number, string>;
  imdb: Map<string, string>;
}

const indexes = new WeakMap<Catalog, ExternalIndex>();

/**
 * Catalog films by TMDB and IMDb id, so that a TMDB result the catalog already has (picked before,
 * or imported with an IMDb id) is not offered or added twice. Built on first use with one pass over
 * the catalog, kept in step by `noteFilm` for the films this module adds, rebuilt when the
 * catalog's size changes under it (an import, a moderator's edit elsewhere).
 */
function indexOf(catalog: Catalog): ExternalIndex {
  let index = indexes.get(catalog);
  if (!index || index.size !== catalog.size) {
    index = { size: catalog.size, tmdb: new Map(), imdb: new Map() };
    for (const film of catalog.all()) add(index, film);
    indexes.set(catalog, index);
  }
  return index;
}

function add(index: ExternalIndex, film: Film): void {
  if (film.externalIds.tmdb !== undefined) index.tmdb.set(film.externalIds.tmdb, film.id);
  if (film.externalIds.imdb !== undefined) index.imdb.set(film.externalIds.imdb, film.id);
}

/** The catalog's film with this TMDB id, if any (its record may have been replaced since: looked up by id). */
export function filmWithTmdbId(catalog: Catalog, tmdbId: number): Film | undefined {
  const id = indexOf(catalog).tmdb.get(tmdbId);
  const film = id === undefined ? undefined : catalog.get(id);
  return film?.externalIds.tmdb === tmdbId ? film : undefined;
}

export function filmWithImdbId(catalog: Catalog, imdbId: string): Film | undefined {
  const id = indexOf(catalog).imdb.get(imdbId);
  const film = id === undefined ? undefined : catalog.get(id);
  return film?.externalIds.imdb === imdbId ? film : undefined;
}

/** Records a film just put in the catalog (after `catalog.upsert`). */
export function noteFilm(catalog: Catalog, film: Film): void {
  const index = indexOf(catalog);
  add(index, film);
  index.size = catalog.size;
}
