import { FIRST_FILM_YEAR } from '../catalog/schema.js';
import { hasMovedArticle, normalize, normalizeTitle, wordsOf } from './normalize.js';

/** One way of reading the query: as a whole, or as a title followed by a release year. */
export interface Reading {
  /** The text read as a title, as typed. */
  raw: string;
  /** `normalize` of the text read as a title. */
  text: string;
  /** `normalizeTitle` of the same text (articles dropped). */
  bare: string;
  /** Release year the text asks for, when read as "title year". */
  year?: number;
  /** What a title must begin with to be a prefix match: `text`, plus a space when one was typed after it. */
  prefix: string;
  /** The same for `bare`. */
  barePrefix: string;
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
  // A space typed after the last word says the word is complete ("do " is not "double").
  const space = /\s$/u.test(raw) ? ' ' : '';
  const reading = (title: string, year: number | undefined, after: string): Reading => {
    const readingText = normalize(title);
    const bare = normalizeTitle(title);
    return { raw: title, text: readingText, bare, year, prefix: readingText && readingText + after, barePrefix: bare && bare + after };
  };
  const readings: Reading[] = [reading(raw, undefined, space)];
  let yearWordIndex = -1;
  const match = TRAILING_YEAR.exec(raw);
  if (match) {
    const year = Number(match[2]);
    const title = match[1]!;
    if (year >= FIRST_FILM_YEAR && year <= LAST_YEAR && normalize(title)) {
      // The year may belong to the title ("Blade Runner 2049"), so both readings compete.
      readings.push(reading(title, year, ''));
      yearWordIndex = words.length - 1;
    }
  }
  // "Godfather, The" is a whole title written library style, not the start of one.
  const open = !/[\s)]$/u.test(raw) && yearWordIndex === -1 && !hasMovedArticle(raw);
  return { readings, words, yearWordIndex, lastWordOpen: open };
}
