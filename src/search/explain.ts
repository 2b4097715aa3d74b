import type { Film } from '../catalog/schema.js';
import { boundedEditDistance, typoAllowance } from './editDistance.js';
import { ARTICLES, normalize, wordsOf } from './normalize.js';
import { parseQuery } from './query.js';

/** Why a film answers a search: the part of its record the query's words were found in. */
export type MatchReason =
  | { field: 'title' }
  | { field: 'other title'; text: string }
  | { field: 'director'; text: string }
  | { field: 'cast'; text: string };

/** Shortest title prefix taken as a word begun ("godf" → The Godfather). */
const TITLE_PREFIX_MIN = 3;
/** Names forgive typos only in longer words: "heat" must not be Heath, and no name is begun ("heat" is not Heather). */
const NAME_TYPO_MIN = 5;

function titleWordMatches(typed: string, word: string): boolean {
  if (typed === word) return true;
  if (typed.length >= TITLE_PREFIX_MIN && word.startsWith(typed)) return true;
  const allowed = typoAllowance(typed.length);
  return allowed > 0 && boundedEditDistance(typed, word, allowed) <= allowed;
}

function nameWordMatches(typed: string, word: string): boolean {
  if (typed === word) return true;
  const allowed = typed.length >= NAME_TYPO_MIN ? typoAllowance(typed.length) : 0;
  return allowed > 0 && boundedEditDistance(typed, word, allowed) <= allowed;
}

function matchedWords(typed: readonly string[], text: string, matches: (typed: string, word: string) => boolean): number {
  const words = wordsOf(normalize(text));
  return typed.filter((word) => words.some((candidate) => matches(word, candidate))).length;
}

/**
 * The fields of the film in which the query's words were found, title first; people only by whole
 * words. Empty when no word of the query is in the film's titles or people's names (a match the
 * search made on looser grounds), which a result list should not show as an answer.
 */
export function whyMatched(film: Film, query: string): MatchReason[] {
  const parsed = parseQuery(query);
  const asksFilmYear = parsed.yearWordIndex >= 0 && Number(parsed.words[parsed.yearWordIndex]) === film.year;
  const typed = parsed.words.filter((word, i) => !(asksFilmYear && i === parsed.yearWordIndex) && !ARTICLES.has(word));
  if (!typed.length) return [];
  const reasons: MatchReason[] = [];
  if (matchedWords(typed, film.title, titleWordMatches) > 0) reasons.push({ field: 'title' });
  else {
    const other = [film.originalTitle, ...film.altTitles].find((title) => title && matchedWords(typed, title, titleWordMatches) > 0);
    if (other) reasons.push({ field: 'other title', text: other });
  }
  const director = film.directors.find((name) => matchedWords(typed, name, nameWordMatches) > 0);
  if (director) reasons.push({ field: 'director', text: director });
  const actor = film.cast.find((member) => matchedWords(typed, member.name, nameWordMatches) > 0);
  if (actor) reasons.push({ field: 'cast', text: actor.name });
  return reasons;
}
