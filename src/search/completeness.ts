import type { Film } from '../catalog/schema.js';

/**
 * How complete a film's record is, from 0 to 1. The catalog has no popularity figures, and the
 * best-known films are the ones with the fullest records (a director, a cast, a synopsis, other
 * titles, external ids), so this stands in for "best-known" when matches are otherwise equal.
 */
export function completeness(film: Film): number {
  let score = 0;
  score += 0.3 * Math.min(film.cast.length, 8) / 8;
  if (film.directors.length) score += 0.15;
  if (film.synopsis) score += 0.15;
  if (film.runtime) score += 0.05;
  if (film.genres.length) score += 0.05;
  if (film.themes.length) score += 0.05;
  if (film.countries.length || film.languages.length) score += 0.05;
  if (film.originalTitle || film.altTitles.length) score += 0.05;
  const ids = film.externalIds;
  if (ids.imdb || ids.tmdb || ids.letterboxd || ids.wikipedia) score += 0.1;
  if (film.poster) score += 0.05;
  return Math.min(1, score);
}
