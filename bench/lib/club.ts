import { join } from 'node:path';
import type { Film } from '../../src/catalog/schema.js';
import { readMovieTweetingsMovies, readMovieTweetingsRatings } from '../../src/import/movietweetings.js';
import { ClubScores, type ClubBoost, type SignalKind } from '../../src/search/clubPrior.js';
import { normalizeTitle } from '../../src/search/normalize.js';
import { weightedPicker } from './queries.js';
import { Rng } from './rng.js';
import { sharedDataDir } from './sharedData.js';

/**
 * How often members would look each film of a real catalog up: its number of ratings in
 * MovieTweetings (people rating films on Twitter, ../shared/data/movietweetings), joined to the
 * catalog by title without article and year. Films MovieTweetings does not know have no demand (they
 * still compete for the typed letters, and count in the bound). Undefined when the data is absent.
 */
export async function movieTweetingsDemand(films: readonly Film[]): Promise<{ weights: Float64Array; films: number; ratings: number } | undefined> {
  const dir = sharedDataDir('movietweetings');
  if (!dir) return undefined;
  const movies = await readMovieTweetingsMovies(join(dir, 'movies.dat'));
  const ratings = await readMovieTweetingsRatings(join(dir, 'ratings.dat'));
  const counts = new Map<string, number>();
  for (const rating of ratings.values) counts.set(rating.imdb, (counts.get(rating.imdb) ?? 0) + 1);
  const slotOf = new Map<string, number>();
  films.forEach((film, i) => {
    const key = `${normalizeTitle(film.title)}|${film.year}`;
    if (!slotOf.has(key)) slotOf.set(key, i);
  });
  const weights = new Float64Array(films.length);
  let matched = 0;
  let rated = 0;
  for (const movie of movies.values) {
    const slot = slotOf.get(`${normalizeTitle(movie.title)}|${movie.year}`);
    const count = counts.get(movie.imdb) ?? 0;
    if (slot === undefined || count === 0) continue;
    if (weights[slot] === 0) matched++;
    weights[slot] = weights[slot]! + count;
    rated += count;
  }
  return { weights, films: matched, ratings: rated };
}

export interface SimulatedClub {
  boost: ClubBoost;
  /** Signals fed in, and distinct films they name. */
  signals: number;
  films: number;
  /** Every film the club logged, including those past the prior's cap. */
  logged: ReadonlySet<string>;
}

/** One year of a busy club: this many films logged (a viewing each), drawn by the demand. */
export const CLUB_LOGS = 2_000;
/** Share of logged films picked from autocomplete (the rest typed whole or imported), and favorited. */
const PICKED = 0.6;
const FAVORITED = 0.15;
const CLUB_DAYS = 365;

/**
 * A seeded club whose logs follow the demand (not the same draws as the queries): each of CLUB_LOGS
 * films drawn in proportion to demand is watched on a random day of the last year, picked from
 * autocomplete with PICKED chance and favorited with FAVORITED chance, and fed to the club prior
 * exactly as the bot feeds it (ClubScores), with `nowMs` as today.
 */
export function simulateClub(films: readonly Film[], demand: ArrayLike<number>, seed: number, nowMs: number, logs = CLUB_LOGS): SimulatedClub {
  const rng = new Rng(seed);
  const draw = weightedPicker(demand, rng);
  const scores = new ClubScores(nowMs);
  let signals = 0;
  const add = (filmId: string, kind: SignalKind, at: number) => {
    scores.add(filmId, kind, at);
    signals++;
  };
  for (let i = 0; i < logs; i++) {
    const film = films[draw()]!;
    const at = nowMs - rng.next() * CLUB_DAYS * 86_400_000;
    add(film.id, 'watched', at);
    if (rng.next() < PICKED) add(film.id, 'pick', at);
    if (rng.next() < FAVORITED) add(film.id, 'favorite', at);
  }
  return { boost: scores.boost(), signals, films: scores.size, logged: new Set(scores.boost(Infinity).keys()) };
}

/**
 * `count` prefix-as-typed queries (the first 3–6 characters of a title longer than 6, lowercased),
 * targets drawn in proportion to demand *with replacement*: a film asked for often is asked for
 * often, so that the bound (what ranking by the true demand would expect) is what an ideal ranking
 * would actually score on these queries.
 */
export function demandPrefixQueries(films: readonly Film[], demand: ArrayLike<number>, count: number, seed: number): { text: string; target: Film }[] {
  const rng = new Rng(seed);
  const eligible: number[] = [];
  for (let i = 0; i < films.length; i++) if (demand[i]! > 0 && films[i]!.title.length > 6) eligible.push(i);
  const cumulative = new Float64Array(eligible.length);
  let total = 0;
  eligible.forEach((film, i) => (cumulative[i] = total += demand[film]!));
  const queries: { text: string; target: Film }[] = [];
  for (let n = 0; n < count; n++) {
    const target = rng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! <= target) low = middle + 1;
      else high = middle;
    }
    const film = films[eligible[low]!]!;
    queries.push({ text: film.title.toLowerCase().slice(0, rng.int(3, 6)), target: film });
  }
  return queries;
}
