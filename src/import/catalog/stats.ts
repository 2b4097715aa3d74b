import type { Film } from '../../catalog/schema.js';
import { type CatalogProblem, loadCatalogFiles } from '../../catalog/loader.js';
import { normalizeTitle } from '../../search/normalize.js';

export interface CatalogStats {
  films: number;
  years?: { from: number; to: number };
  byDecade: { decade: number; films: number }[];
  /** How many films have each kind of information. */
  with: {
    synopsis: number;
    directors: number;
    cast: number;
    genres: number;
    themes: number;
    runtime: number;
    poster: number;
    altTitles: number;
  };
  externalIds: { imdb: number; tmdb: number; letterboxd: number; wikipedia: number };
  topGenres: { name: string; films: number }[];
  topDirectors: { name: string; films: number }[];
}

export function catalogStats(films: readonly Film[], top = 10): CatalogStats {
  const decades = new Map<number, number>();
  const genres = new Map<string, number>();
  const directors = new Map<string, number>();
  const stats: CatalogStats = {
    films: films.length,
    byDecade: [],
    with: { synopsis: 0, directors: 0, cast: 0, genres: 0, themes: 0, runtime: 0, poster: 0, altTitles: 0 },
    externalIds: { imdb: 0, tmdb: 0, letterboxd: 0, wikipedia: 0 },
    topGenres: [],
    topDirectors: [],
  };
  let from = Infinity;
  let to = -Infinity;
  const bump = (map: Map<string | number, number>, key: string | number) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const film of films) {
    from = Math.min(from, film.year);
    to = Math.max(to, film.year);
    bump(decades as Map<string | number, number>, Math.floor(film.year / 10) * 10);
    if (film.synopsis) stats.with.synopsis += 1;
    if (film.directors.length) stats.with.directors += 1;
    if (film.cast.length) stats.with.cast += 1;
    if (film.genres.length) stats.with.genres += 1;
    if (film.themes.length) stats.with.themes += 1;
    if (film.runtime !== undefined) stats.with.runtime += 1;
    if (film.poster) stats.with.poster += 1;
    if (film.altTitles.length || film.originalTitle) stats.with.altTitles += 1;
    for (const kind of ['imdb', 'tmdb', 'letterboxd', 'wikipedia'] as const) if (film.externalIds[kind] !== undefined) stats.externalIds[kind] += 1;
    for (const genre of new Set(film.genres)) bump(genres as Map<string | number, number>, genre);
    for (const director of new Set(film.directors)) bump(directors as Map<string | number, number>, director);
  }
  if (films.length) stats.years = { from, to };
  stats.byDecade = [...decades].sort(([a], [b]) => a - b).map(([decade, count]) => ({ decade, films: count }));
  const topOf = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([name, count]) => ({ name, films: count }));
  stats.topGenres = topOf(genres);
  stats.topDirectors = topOf(directors);
  return stats;
}

export interface CatalogValidation {
  films: Film[];
  /** Entries the bot would skip: invalid, duplicate ids, unreadable files. */
  errors: CatalogProblem[];
  /** Loaded, but worth a look: shared external ids, look-alike duplicates, odd cast names. */
  warnings: CatalogProblem[];
}

/** Loads catalog files as the bot does and reports what the bot would skip, and what looks wrong. */
export async function validateCatalogFiles(paths: readonly string[]): Promise<CatalogValidation> {
  const { films, problems } = await loadCatalogFiles(paths);
  const warnings: CatalogProblem[] = [];
  // The loader does not say which file each film came from; the first file defining an id is where the bot takes it.
  const where = new Map<string, string>();
  for (const path of paths) {
    for (const film of (await loadCatalogFiles([path])).films) if (!where.has(film.id)) where.set(film.id, path);
  }
  const file = (film: Film) => where.get(film.id) ?? paths.join(', ');
  const byExternal = new Map<string, Film[]>();
  const byTitleYear = new Map<string, Film[]>();
  for (const film of films) {
    for (const [kind, value] of Object.entries(film.externalIds)) {
      const key = `${kind} ${String(value)}`;
      byExternal.set(key, [...(byExternal.get(key) ?? []), film]);
    }
    const key = `${normalizeTitle(film.title)}|${film.year}`;
    byTitleYear.set(key, [...(byTitleYear.get(key) ?? []), film]);
    const odd = film.cast.filter((member) => !/\p{L}/u.test(member.name));
    if (odd.length) warnings.push({ file: file(film), id: film.id, message: `cast entries that are not names: ${odd.map((m) => JSON.stringify(m.name)).join(', ')}` });
  }
  for (const [key, shared] of byExternal) {
    if (shared.length > 1) warnings.push({ file: file(shared[0]!), id: shared[0]!.id, message: `${key} is also the id of ${shared.slice(1).map((film) => film.id).join(', ')}` });
  }
  for (const same of byTitleYear.values()) {
    if (same.length < 2) continue;
    const kinds = ['imdb', 'tmdb', 'letterboxd', 'wikipedia'] as const;
    const told = kinds.some((kind) => new Set(same.map((film) => film.externalIds[kind])).size === same.length && same.every((film) => film.externalIds[kind]));
    if (!told) warnings.push({ file: file(same[0]!), id: same[0]!.id, message: `same title and year as ${same.slice(1).map((film) => film.id).join(', ')}, and no external id tells them apart` });
  }
  return { films, errors: problems, warnings };
}
