import type { Film } from '../../src/catalog/schema.js';
import { ARTICLES } from '../../src/search/normalize.js';
import { Rng } from './rng.js';

export const QUERY_CLASSES = [
  'exact',
  'lowercase',
  'article',
  'typo1',
  'typo2',
  'prefix',
  'title+year',
  'diacritics',
] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

export interface BenchQuery {
  kind: QueryClass;
  text: string;
  target: Film;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** Letters next to each letter on a QWERTY keyboard: the substitutions people actually make. */
const NEIGHBOURS = new Map<string, string>();
KEYBOARD_ROWS.forEach((row, r) => {
  for (let c = 0; c < row.length; c++) {
    const near = [row[c - 1], row[c + 1], KEYBOARD_ROWS[r - 1]?.[c], KEYBOARD_ROWS[r + 1]?.[c], KEYBOARD_ROWS[r + 1]?.[c - 1]];
    NEIGHBOURS.set(row[c]!, near.filter((x): x is string => !!x).join(''));
  }
});

const isLetter = (ch: string) => /\p{L}/u.test(ch);
const stripMarks = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
export const letterCount = (text: string) => [...text].filter(isLetter).length;

/** One typo at a letter: a neighbouring key, a dropped or doubled letter, or two letters swapped. */
export function typo(text: string, rng: Rng, avoid: Set<number>): { text: string; at: number } {
  const chars = [...text];
  const positions = chars.map((ch, i) => (isLetter(ch) && !avoid.has(i) ? i : -1)).filter((i) => i >= 0);
  const at = rng.pick(positions);
  const ch = chars[at]!;
  switch (rng.int(0, 3)) {
    case 0: {
      const near = NEIGHBOURS.get(ch.toLowerCase()) ?? 'e';
      chars[at] = near[rng.int(0, near.length - 1)]!;
      break;
    }
    case 1:
      chars.splice(at, 1);
      break;
    case 2:
      chars.splice(at, 0, ch);
      break;
    default: {
      const after = at + 1 < chars.length && isLetter(chars[at + 1]!) ? at + 1 : at - 1;
      if (after >= 0 && chars[after] !== ch) [chars[at], chars[after]] = [chars[after]!, ch];
      else chars[at] = (NEIGHBOURS.get(ch.toLowerCase()) ?? 'e')[0]!;
    }
  }
  return { text: chars.join(''), at };
}

function leadingArticle(title: string): string | undefined {
  const match = /^(\p{L}+)(?:['’]|\s+)/u.exec(title);
  return match && ARTICLES.has(match[1]!.toLowerCase()) ? match[0] : undefined;
}

/**
 * Draws film indexes with probability proportional to `weights` (cumulative sums and a binary
 * search: fast enough for half a million films).
 */
export function weightedPicker(weights: ArrayLike<number>, rng: Rng): () => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cumulative[i] = total += weights[i]!;
  return () => {
    const target = rng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! <= target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/**
 * A seeded query set: about `perClass` queries for each class, each aimed at one film. Classes
 * with few eligible films (diacritics) take what there is. Targets are drawn uniformly, or in
 * proportion to `demand` (how often members would look each film up) when it is given.
 */
export function buildQueries(films: readonly Film[], perClass: number, seed: number, demand?: ArrayLike<number>): BenchQuery[] {
  const rng = new Rng(seed);
  const pickIndex = demand ? weightedPicker(demand, rng) : () => rng.int(0, films.length - 1);
  const queries: BenchQuery[] = [];
  const eligible = (test: (film: Film) => boolean) => {
    const found: Film[] = [];
    // Sampling by index keeps this fast on 500k films; the cap stops a rare class scanning forever.
    for (let tries = 0; found.length < perClass * 4 && tries < 400_000; tries++) {
      const film = films[pickIndex()]!;
      if (test(film) && !found.includes(film)) found.push(film);
    }
    return found.slice(0, perClass);
  };
  const add = (kind: QueryClass, pool: Film[], make: (film: Film) => string) => {
    for (const target of pool) queries.push({ kind, text: make(target), target });
  };

  add('exact', eligible(() => true), (film) => film.title);
  add('lowercase', eligible(() => true), (film) => film.title.toLowerCase());
  add('article', eligible((film) => !!leadingArticle(film.title) && film.title.length > leadingArticle(film.title)!.length + 2), (film) => {
    const article = leadingArticle(film.title)!;
    const rest = film.title.slice(article.length);
    // Half drop the article, half move it to the end as library catalogues do.
    return rng.next() < 0.5 ? rest : `${rest}, ${article.trim()}`;
  });
  add('typo1', eligible((film) => letterCount(film.title) >= 5), (film) => typo(film.title.toLowerCase(), rng, new Set()).text);
  add('typo2', eligible((film) => letterCount(film.title) >= 8), (film) => {
    const first = typo(film.title.toLowerCase(), rng, new Set());
    return typo(first.text, rng, new Set([first.at, first.at - 1, first.at + 1])).text;
  });
  add('prefix', eligible((film) => film.title.length > 6), (film) => film.title.toLowerCase().slice(0, rng.int(3, 6)));
  add('title+year', eligible(() => true), (film) => `${film.title.toLowerCase()} ${film.year}`);
  add('diacritics', eligible((film) => stripMarks(film.title) !== film.title), (film) => stripMarks(film.title));
  return queries;
}
