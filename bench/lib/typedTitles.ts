import { performance } from 'node:perf_hooks';
import type { Film } from '../../src/catalog/schema.js';
import { boundedEditDistance } from '../../src/search/editDistance.js';
import type { FilmSearch } from '../../src/search/filmSearch.js';
import { normalizeTitle } from '../../src/search/normalize.js';
import type { TypedTitleMatch } from '../../src/search/typedTitle.js';
import { letterCount, typo } from './queries.js';
import { percentile } from './stats.js';
import { Rng } from './rng.js';

/**
 * Typed titles, as a command that records a film meets them (`FilmSearch.match`): how often a film
 * is taken at once when its title is typed (exact, or with one typo), and — the failure that
 * matters — how often a film the catalog lacks is taken for another one. For the absent class each
 * sampled film is taken out of the index, its title typed (as is, and with one typo), and put back.
 *
 * Beside the rule Marquee follows (only a title typed whole is taken), the same queries are scored
 * under a looser rule Marquee does not follow, to show what forgiving typos would cost: take the
 * one film asked about whose title is one edit from the text, when the text has at least
 * TYPO_RULE_LETTERS letters and no digit and no other film asked about is within two edits.
 */
export const TYPO_RULE_LETTERS = [8, 10, 12];

interface FalseAccepts {
  /** Another film bearing the very title typed (a remake: only a year could tell them apart). */
  sameTitle: number;
  /** A film with another title: a look-alike, the failure the issue is about. */
  lookAlike: number;
}

export interface TypedTitleFigures {
  n: number;
  /** Present films typed exactly: taken at once (the right film), taken as another film; sharing their title with another film (asking is right). */
  exact: { accepted: number; wrong: number; shared: number };
  typo: { accepted: number; wrong: number };
  absentExact: FalseAccepts;
  absentTypo: FalseAccepts;
  /** The looser typo rule, per minimum letters: present films with a typo taken, absent films' look-alikes taken. */
  typoRule: { letters: number; accepted: number; lookAlike: number; sameTitle: number }[];
  /** ms per `match`. */
  p50: number;
  p99: number;
}

export function measureTypedTitles(search: FilmSearch, films: readonly Film[], n: number, seed: number): TypedTitleFigures {
  const rng = new Rng(seed);
  const sample = rng.sample(films.filter((film) => letterCount(film.title) >= 5), n);
  const titleCounts = new Map<string, number>();
  for (const film of films) {
    const key = normalizeTitle(film.title);
    titleCounts.set(key, (titleCounts.get(key) ?? 0) + 1);
  }
  const times: number[] = [];
  const match = (text: string) => {
    const t0 = performance.now();
    const result = search.match(text);
    times.push(performance.now() - t0);
    return result;
  };
  const figures: TypedTitleFigures = {
    n: sample.length,
    exact: { accepted: 0, wrong: 0, shared: 0 },
    typo: { accepted: 0, wrong: 0 },
    absentExact: { sameTitle: 0, lookAlike: 0 },
    absentTypo: { sameTitle: 0, lookAlike: 0 },
    typoRule: TYPO_RULE_LETTERS.map((letters) => ({ letters, accepted: 0, lookAlike: 0, sameTitle: 0 })),
    p50: 0,
    p99: 0,
  };
  for (const film of sample) {
    const typed = typo(film.title.toLowerCase(), rng, new Set()).text;
    if ((titleCounts.get(normalizeTitle(film.title)) ?? 0) > 1) figures.exact.shared++;
    const exact = match(film.title);
    if (exact.kind === 'confident') figures.exact[exact.film.id === film.id ? 'accepted' : 'wrong']++;
    const typoed = match(typed);
    if (typoed.kind === 'confident') figures.typo[typoed.film.id === film.id ? 'accepted' : 'wrong']++;
    for (const rule of figures.typoRule) if (takenUnderTypoRule(typed, typoed, rule.letters)?.id === film.id) rule.accepted++;

    search.remove([film.id]);
    const titles = new Set(titlesOf(film));
    const kind = (other: Film): keyof FalseAccepts => (titlesOf(other).some((title) => titles.has(title)) ? 'sameTitle' : 'lookAlike');
    for (const [text, into] of [[film.title, figures.absentExact], [typed, figures.absentTypo]] as const) {
      const result = match(text);
      if (result.kind === 'confident') into[kind(result.film)]++;
      for (const rule of figures.typoRule) {
        const taken = takenUnderTypoRule(text, result, rule.letters);
        if (taken) rule[kind(taken)]++;
      }
    }
    search.add([film]);
  }
  figures.p50 = percentile(times, 50);
  figures.p99 = percentile(times, 99);
  return figures;
}

/** What the looser typo rule would take for `text`, given what Marquee answered. */
function takenUnderTypoRule(text: string, result: TypedTitleMatch, letters: number): Film | undefined {
  if (result.kind === 'confident') return result.film;
  const typed = normalizeTitle(text);
  if (typed.replace(/ /g, '').length < letters || /\d/.test(typed)) return undefined;
  let found: Film | undefined;
  for (const candidate of result.candidates) {
    const distance = Math.min(...titlesOf(candidate).map((title) => boundedEditDistance(typed, title, 2)));
    if (distance > 2) continue;
    if (distance === 2 || found) return undefined;
    found = candidate;
  }
  return found;
}

function titlesOf(film: Film): string[] {
  return [film.title, film.originalTitle, ...film.altTitles].filter((title): title is string => !!title).map(normalizeTitle);
}
