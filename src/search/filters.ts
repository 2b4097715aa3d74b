import { z } from 'zod';
import { boundedEditDistance, typoAllowance } from './editDistance.js';
import { CAST, DIRECTOR, type FilmIndex, type Role } from './filmIndex.js';
import type { SearchFilters } from './filmSearch.js';
import { normalize, wordsOf } from './normalize.js';

export const SearchFiltersSchema = z
  .object({
    yearFrom: z.number().int().optional(),
    yearTo: z.number().int().optional(),
    director: z.string().max(200).optional(),
    actor: z.string().max(200).optional(),
    genre: z.string().max(100).optional(),
  })
  .strict() satisfies z.ZodType<SearchFilters>;

/** Everyday names for the catalog's genres. */
const GENRE_ALIASES: Readonly<Record<string, string>> = {
  'sci fi': 'science fiction',
  scifi: 'science fiction',
  sf: 'science fiction',
  animated: 'animation',
  cartoon: 'animation',
  doc: 'documentary',
  docs: 'documentary',
  romcom: 'romance',
  musicals: 'musical',
  'war film': 'war',
};

function canonicalGenre(genre: string): string {
  const normalized = normalize(genre);
  return GENRE_ALIASES[normalized] ?? normalized;
}

/**
 * Does a person's normalised name answer to the words typed? Every typed word must be one of the
 * name's words, give or take a typo ("kubrik"), or begin one when it is the last word typed.
 */
export function nameMatches(typedWords: readonly string[], name: string): boolean {
  const nameWords = wordsOf(name);
  return typedWords.every((typed, i) =>
    nameWords.some(
      (word) =>
        word === typed ||
        (i === typedWords.length - 1 && typed.length >= 3 && word.startsWith(typed)) ||
        boundedEditDistance(typed, word, typoAllowance(typed.length)) <= typoAllowance(typed.length),
    ),
  );
}

export interface CompiledFilters {
  /** Whether the film in `slot` passes every filter. */
  test(slot: number): boolean;
  /**
   * When a person filter is set: every slot that can pass (found through the name words), so a
   * filter-only search need not scan the catalog. Undefined when any film may pass.
   */
  seeds?: number[];
}

function slotsForPerson(index: FilmIndex, role: Role, typedWords: readonly string[]): Set<number> {
  let result: Set<number> | undefined;
  typedWords.forEach((typed, i) => {
    const words = new Set(index.vocabulary.fuzzy(typed, typoAllowance(typed.length)).map((match) => match.word));
    if (i === typedWords.length - 1 && typed.length >= 3) {
      for (const word of index.vocabulary.withPrefix(typed, 200)) words.add(word);
    }
    const slots = new Set<number>();
    for (const word of words) index.postings[role].forEach(word, (slot) => slots.add(slot));
    result = result ? new Set([...result].filter((slot) => slots.has(slot))) : slots;
  });
  return result ?? new Set();
}

/** Turns validated filters into a per-slot test; returns undefined when no filter is set. */
export function compileFilters(index: FilmIndex, filters: SearchFilters | undefined): CompiledFilters | undefined {
  if (!filters) return undefined;
  const { yearFrom, yearTo } = filters;
  const directorWords = wordsOf(normalize(filters.director ?? ''));
  const actorWords = wordsOf(normalize(filters.actor ?? ''));
  const genre = filters.genre?.trim() ? canonicalGenre(filters.genre) : undefined;
  if (yearFrom === undefined && yearTo === undefined && !directorWords.length && !actorWords.length && !genre) return undefined;

  const test = (slot: number): boolean => {
    const film = index.film(slot);
    if (!film) return false;
    if (yearFrom !== undefined && film.year < yearFrom) return false;
    if (yearTo !== undefined && film.year > yearTo) return false;
    if (genre && !film.genres.some((candidate) => canonicalGenre(candidate) === genre)) return false;
    if (directorWords.length && !film.directors.some((name) => nameMatches(directorWords, index.normalizedName(name)))) return false;
    if (actorWords.length && !film.cast.some((member) => nameMatches(actorWords, index.normalizedName(member.name)))) return false;
    return true;
  };

  let seeds: Set<number> | undefined;
  if (directorWords.length) seeds = slotsForPerson(index, DIRECTOR, directorWords);
  if (actorWords.length) {
    const actorSlots = slotsForPerson(index, CAST, actorWords);
    seeds = seeds ? new Set([...seeds].filter((slot) => actorSlots.has(slot))) : actorSlots;
  }
  return { test, seeds: seeds ? [...seeds].filter(test) : undefined };
}
