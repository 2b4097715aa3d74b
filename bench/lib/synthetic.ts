import { filmIdFor, type CastMember, type Film } from '../../src/catalog/schema.js';
import { Rng } from './rng.js';

const NONE: never[] = Object.freeze([]) as unknown as never[];
const NO_IDS = Object.freeze({}) as Film['externalIds'];
const MAX_TITLE_WORDS = 8;
const MIX_IN = 0.15;
const REMAKE_CHANCE = 0.1;
/**
 * Watchers (people who logged the film on a film site) are log-normal: half the films under a
 * hundred, one in a thousand over two hundred thousand, the best known in the millions.
 */
const MEDIAN_WATCHERS = 100;
const WATCHERS_SPREAD = 2.5;

/**
 * A seeded synthetic catalog of `count` films built from a real one: titles are walks of a
 * word-bigram model of the real titles (so words, articles, diacritics and title lengths look
 * real), years, cast sizes and genre sets are drawn from the real films, and people from the real
 * cast lists (weighted by how often they appear), and each film gets a seeded `watchers` figure
 * (see MEDIAN_WATCHERS), as big catalogs carry. People, genre lists and empty fields are shared
 * between records, as a loader that interns strings would do.
 */
export function syntheticCatalog(source: readonly Film[], count: number, seed: number): Film[] {
  const rng = new Rng(seed);
  const next = new Map<string, string[]>();
  const follow = (from: string, to: string) => {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  };
  const names: string[] = [];
  for (const film of source) {
    const words = film.title.split(/\s+/).filter(Boolean);
    let previous = '^';
    for (const word of words) {
      follow(previous, word);
      previous = word;
    }
    follow(previous, '$');
    for (const member of film.cast) names.push(member.name);
  }
  const members = new Map<string, CastMember>();
  const member = (name: string) => {
    let shared = members.get(name);
    if (!shared) {
      shared = { name };
      members.set(name, shared);
    }
    return shared;
  };

  const allWords = [...next.keys()].filter((word) => word !== '^');
  const films: Film[] = [];
  const ids = new Set<string>();
  const titles = new Set<string>();
  while (films.length < count) {
    const words: string[] = [];
    let word = rng.pick(next.get('^')!);
    while (word !== '$' && words.length < MAX_TITLE_WORDS) {
      words.push(word);
      // Mostly follow the real titles' word pairs; sometimes jump to any word, for variety.
      word = rng.next() < MIX_IN ? rng.pick(allWords) : rng.pick(next.get(word) ?? ['$']);
    }
    const title = words.join(' ').slice(0, 200).trim();
    if (!title) continue;
    // Titles repeat about as often as in the real catalog (remakes), not as often as a walk would.
    const key = title.toLowerCase();
    if (titles.has(key) && rng.next() >= REMAKE_CHANCE) continue;
    titles.add(key);
    const model = rng.pick(source);
    const year = rng.pick(source).year;
    const base = filmIdFor(title, year);
    let id = base;
    for (let n = 2; ids.has(id); n++) id = [base, n].join('-');
    ids.add(id);
    const castSize = rng.pick(source).cast.length;
    // Exactly sized, as JSON.parse makes them (an array grown by push keeps spare capacity).
    const cast: CastMember[] = Array.from({ length: names.length ? Math.min(castSize, 12) : 0 }, () => member(rng.pick(names)));
    films.push({
      id,
      title,
      altTitles: NONE,
      year,
      directors: names.length && rng.next() < 0.8 ? [rng.pick(names)] : NONE,
      cast,
      countries: NONE,
      languages: NONE,
      genres: model.genres,
      themes: NONE,
      synopsis: '',
      externalIds: NO_IDS,
      watchers: Math.round(MEDIAN_WATCHERS * Math.exp(WATCHERS_SPREAD * rng.normal())),
    });
  }
  return films;
}
