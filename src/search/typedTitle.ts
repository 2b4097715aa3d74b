import type { Film } from '../catalog/schema.js';
import type { FilmIndex } from './filmIndex.js';
import type { ParsedQuery } from './query.js';

/**
 * What text typed for a film names, for the commands that record one. Recording the wrong film
 * spreads into everyone's figures, so only a title typed whole is taken at its word; anything
 * else, however close, is asked about.
 */
export type TypedTitleMatch =
  /** The text is this film's title or one of its other titles (give or take case, accents, articles, punctuation, the year), and no other film's. */
  | { kind: 'confident'; film: Film }
  /** The films to ask about, best first: every film of that title (remakes), or the closest matches; none when nothing looks like the text. */
  | { kind: 'ask'; candidates: Film[] };

/**
 * Every film one of whose titles is what was typed, articles aside; read as "title year", only
 * the film of that year. Best known first, then the earliest.
 */
export function filmsTitled(index: FilmIndex, parsed: ParsedQuery): Film[] {
  const found = new Map<number, Film>();
  for (const reading of parsed.readings) {
    if (!reading.bare) continue;
    for (const slot of index.titlesEqualTo(reading.bare)) {
      const film = index.film(slot);
      if (film && (reading.year === undefined || film.year === reading.year)) found.set(slot, film);
    }
  }
  return [...found.entries()]
    .sort(([a, filmA], [b, filmB]) => index.prior(b) - index.prior(a) || filmA.year - filmB.year || a - b)
    .map(([, film]) => film);
}
