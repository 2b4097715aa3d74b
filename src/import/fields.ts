import { quote } from '../errors.js';
import { z } from 'zod';
import { FIRST_FILM_YEAR } from '../catalog/schema.js';
import { todayIn } from '../club/dates.js';
import { CalendarDate, REVIEW_MAX_LENGTH, Stars } from '../store/schema.js';

/** Field parsers shared by the import formats: each gives a message a member can act on. */

const blankToUndefined = (value: string) => (value === '' ? undefined : value);

export const FilmName = z.string().trim().min(1, 'the film has no name').max(300, 'the film name is over 300 characters');

export const OptionalYear = z
  .string()
  .trim()
  .refine((value) => value === '' || /^\d{4}$/.test(value), 'expected a year such as 2012')
  .transform((value) => (value === '' ? undefined : Number(value)))
  .pipe(z.number().int().min(FIRST_FILM_YEAR, `a year from ${FIRST_FILM_YEAR}`).max(2100, 'a year up to 2100').optional());

export const Day = z.string().trim().pipe(CalendarDate);

export const OptionalDay = z.string().trim().transform(blankToUndefined).pipe(CalendarDate.optional());

export const OptionalStars = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : Number(value)))
  .pipe(Stars.optional());

/** "Yes" / empty, as Letterboxd writes Rewatch; yes/no, true/false, 1/0 as other tools do. */
export const YesNo = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['', 'yes', 'no', 'true', 'false', '1', '0', 'y', 'n'].includes(value), 'expected yes or no')
  .transform((value) => ['yes', 'true', '1', 'y'].includes(value));

/** A readable message for a failed field: "Rating: expected a rating from ½ to 5 in half steps (got “7”)". */
export function fieldProblem(column: string, raw: string | undefined, issue: z.core.$ZodIssue): string {
  const shown = raw === undefined || raw.trim() === '' ? 'empty' : quote(raw.trim(), 40);
  return `${column}: ${friendly(column, issue)} (got ${shown})`;
}

function friendly(column: string, issue: z.core.$ZodIssue): string {
  const key = column.toLowerCase();
  // IMDb's own exports rate 1–10.
  if (key === 'your rating') return 'expected a whole rating from 1 to 10';
  if (key.includes('rating')) return 'expected a rating from 0.5 to 5 in half steps';
  if (key.includes('date') || key === 'checked') return 'expected a date such as 2024-05-17';
  if (issue.message.startsWith('Invalid input')) return 'not a valid value';
  return issue.message;
}

/** Dates in a file must be real viewing dates: not after today anywhere on Earth, not before cinema. */
export function dateProblem(day: string, now: Date): string | undefined {
  if (day > todayIn('UTC+14', now)) return `${day} is in the future`;
  if (day < `${FIRST_FILM_YEAR}-01-01`) return `${day} is before ${FIRST_FILM_YEAR}`;
  return undefined;
}

const TAG_REPLACEMENTS: [RegExp, string][] = [
  [/<br\s*\/?>/gi, '\n'],
  [/<\/p>\s*<p[^>]*>/gi, '\n\n'],
  [/<\/?(?:i|em)>/gi, '*'],
  [/<\/?(?:b|strong)>/gi, '**'],
  [/<\/?(?:p|u|a|blockquote|span|div)(?:\s[^>]*)?>/gi, ''],
];
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Review text as Marquee keeps it: Letterboxd's bits of HTML become plain text with Markdown emphasis. */
export function reviewText(raw: string): string {
  let text = raw.replace(/\r\n?/g, '\n');
  if (/<\/?[a-z][^>]*>|&[a-z#0-9]+;/i.test(text)) {
    for (const [pattern, replacement] of TAG_REPLACEMENTS) text = text.replace(pattern, replacement);
    text = text.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
  }
  return text.trim();
}

/** Cuts a review to Marquee's limit at a word, never through an emoji; says whether it had to. */
export function fitReview(text: string): { text: string; shortened: boolean } {
  if (text.length <= REVIEW_MAX_LENGTH) return { text, shortened: false };
  let cut = text.slice(0, REVIEW_MAX_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '');
  const space = cut.lastIndexOf(' ');
  if (space > REVIEW_MAX_LENGTH * 0.8) cut = cut.slice(0, space);
  return { text: cut.trimEnd() + '…', shortened: true };
}

/** "1 row", "3 rows". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
