import { FIRST_FILM_YEAR } from '../catalog/schema.js';
import { normalize, normalizeTitle, wordsOf } from './normalize.js';

/** One way of reading the query: as a whole, or as a title followed by a release year. */
export interface Reading {
  /** `normalize` of the text read as a title. */
  text: string;
  /** `normalizeTitle` of the same text (articles dropped). */
  bare: string;
  /** Release year the text asks for, when read as "title year". */
  year?: number;
}

export interface ParsedQuery {
  readings: Reading[];
  /** Words of the whole query, normalised. */
  words: string[];
  /** Index in `words` of a trailing year that may be read either way, or -1. */
  yearWordIndex: number;
  /** True when the last word may be unfinished (nothing typed after it), as in autocomplete. */
  lastWordOpen: boolean;
}

const LAST_YEAR = 2100;
// "heat 1995", "heat (1995)", "heat, 1995", "heat - 1995"
const TRAILING_YEAR = /^(.*\S)[\s,\-–(]+(\d{4})\)?\s*$/u;

export function parseQuery(raw: string): ParsedQuery {
  const text = normalize(raw);
  const words = wordsOf(text);
  const readings: Reading[] = [{ text, bare: normalizeTitle(raw) }];
  let yearWordIndex = -1;
  const match = TRAILING_YEAR.exec(raw);
  if (match) {
    const year = Number(match[2]);
    const title = match[1]!;
    const titleText = normalize(title);
    if (year >= FIRST_FILM_YEAR && year <= LAST_YEAR && titleText) {
      // The year may belong to the title ("Blade Runner 2049"), so both readings compete.
      readings.push({ text: titleText, bare: normalizeTitle(title), year });
      yearWordIndex = words.length - 1;
    }
  }
  return { readings, words, yearWordIndex, lastWordOpen: !/[\s)]$/u.test(raw) && yearWordIndex === -1 };
}
