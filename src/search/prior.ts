import type { Film } from '../catalog/schema.js';

/**
 * How well known a film is, from 0 to 1: what decides between matches the query cannot tell
 * apart ("star" is the start of hundreds of titles; "heat" is two films). Members mostly look up
 * films many people have seen, so the catalog's `watchers` figure counts most when it has one; the
 * fullness of the record is the fallback signal, as the best-known films have the fullest records.
 */
export function searchPrior(film: Film): number {
  return POPULARITY_SHARE * popularity(film) + (1 - POPULARITY_SHARE) * completeness(film);
}

const POPULARITY_SHARE = 0.8;
/** In `prefixOrder`, a title word costs what this much prior is worth. */
const WORD_COST = 0.01;
const MAX_WORDS_COUNTED = 20;

/**
 * Order among titles that all begin with what was typed, lower first: the best known, then the
 * shortest (Fuse.js's field-length norm: "Heat" before "Heat and Dust" when nothing else differs).
 * Shared by the prefix index, which picks the candidates, and the ranking, which orders them.
 */
export function prefixOrder(prior: number, words: number): number {
  return 1 - prior + WORD_COST * Math.min(Math.max(0, words - 1), MAX_WORDS_COUNTED);
}
/** Ten million watchers (the most-logged films on the big film sites) is as known as it gets. */
const MOST_WATCHERS_LOG10 = 7;

/** `watchers` on a log scale, 0 … 1; 0 when the catalog has no figure. */
export function popularity(film: Film): number {
  if (!film.watchers) return 0;
  return Math.min(1, Math.log10(1 + film.watchers) / MOST_WATCHERS_LOG10);
}

/** How complete a film's record is, from 0 to 1. */
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
