import type { Catalog } from '../catalog/catalog.js';

interface TmdbIndex {
  /** The catalog's size when the index was built: films added or removed since mean a rebuild. */
  size: number;
  byTmdb: Map<number, string>;
}

const indexes = new WeakMap<Catalog, TmdbIndex>();

/**
 * The shared catalog's films by TMDB id, so that autocomplete does not offer from TMDB a film the
 * catalog already has under that id. Built with one pass on first use (few films carry a TMDB id),
 * rebuilt when the catalog's size changes. (IMDb ids, which TMDB's search results lack, are matched
 * when a picked film is added: see ServerFilms.add.)
 */
export function sharedFilmIdForTmdb(catalog: Catalog, tmdbId: number): string | undefined {
  let index = indexes.get(catalog);
  if (!index || index.size !== catalog.size) {
    index = { size: catalog.size, byTmdb: new Map() };
    for (const film of catalog.all()) if (film.externalIds.tmdb !== undefined) index.byTmdb.set(film.externalIds.tmdb, film.id);
    indexes.set(catalog, index);
  }
  return index.byTmdb.get(tmdbId);
}
