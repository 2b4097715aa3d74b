import { z } from 'zod';
import { UserError } from '../errors.js';
import { FIRST_FILM_YEAR, type Film } from './schema.js';
import { FilmFacts, LAST_FILM_YEAR, NewFilmFacts } from './serverSchema.js';

/**
 * The /catalog form as text fields (Discord modals hold five): "Title (year)", directors, cast, synopsis, poster.
 * Read here, validated with the FilmFacts schema, so the command layer only moves strings.
 */
export interface FilmFormText {
  titleYear: string;
  directors: string;
  cast: string;
  synopsis: string;
  poster: string;
}

export const FORM_LIMITS = { titleYear: 220, directors: 1000, cast: 4000, synopsis: 4000, poster: 2000 } as const;

/** "Dunkirk (2017)", "Dunkirk 2017" or "Dunkirk, 2017". */
const TITLE_YEAR = /^(.*?)[\s,]*\(?\s*(\d{4})\s*\)?$/s;

/** Names separated by commas or lines. */
function names(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** One cast member a line (or comma-separated), "Name as Character" to give the part. */
function castOf(text: string): { name: string; character?: string }[] {
  return names(text).map((line) => {
    const at = line.search(/\s+as\s+/i);
    if (at <= 0) return { name: line };
    const character = line.slice(at).replace(/^\s+as\s+/i, '').trim();
    return character ? { name: line.slice(0, at).trim(), character } : { name: line };
  });
}

const LABELS: Record<string, string> = { title: 'Title', year: 'Year', directors: 'Director(s)', cast: 'Cast', synopsis: 'Synopsis', poster: 'Poster' };
/** What one item of a field is called, for "at most 200 characters a name". */
const ITEMS: Record<string, { one: string; many: string }> = { directors: { one: 'a name', many: 'names' }, cast: { one: 'a name or part', many: 'cast members' } };

/** An issue in the member's terms: the validator's own wording ("Too big: expected number to be <=2100") is not theirs. */
function issueText(issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0]);
  const item = ITEMS[field];
  if (field === 'year') return `a year from ${FIRST_FILM_YEAR} to ${LAST_FILM_YEAR}.`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `at most ${issue.maximum} characters${issue.path.length > 1 && item ? ` ${item.one}` : ''}.`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `at most ${issue.maximum} ${item?.many ?? 'entries'}.`;
  return issue.message;
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${LABELS[String(issue.path[0])] ?? 'Form'}: ${issueText(issue)}`)
    .join('\n');
}

/** The facts of a filled-in form; a field left empty is absent (for an edit: the poster `null`, i.e. removed). */
export function readFilmForm(text: FilmFormText, mode: 'new' | 'edit'): FilmFacts {
  const titleYear = text.titleYear.trim();
  const match = TITLE_YEAR.exec(titleYear);
  if (!match || !match[1]!.trim()) throw new UserError('Title (year): write the title, then the year, e.g. “Dunkirk (2017)”.');
  const raw: Record<string, unknown> = { title: match[1]!.trim(), year: Number(match[2]) };
  if (text.directors.trim() || mode === 'edit') raw['directors'] = names(text.directors);
  if (text.cast.trim() || mode === 'edit') raw['cast'] = castOf(text.cast);
  if (text.synopsis.trim() || mode === 'edit') raw['synopsis'] = text.synopsis.trim();
  if (text.poster.trim()) raw['poster'] = text.poster.trim();
  else if (mode === 'edit') raw['poster'] = null;
  const parsed = (mode === 'new' ? NewFilmFacts : FilmFacts).safeParse(raw);
  if (!parsed.success) throw new UserError(issues(parsed.error));
  return parsed.data;
}

/** A film's facts as the form shows them, to correct. */
export function filmFormText(film: Film): FilmFormText {
  return {
    titleYear: `${film.title} (${film.year})`,
    directors: film.directors.join(', '),
    cast: castText(film),
    synopsis: film.synopsis,
    poster: film.poster ?? '',
  };
}

/** The cast one a line, as many whole lines as the field holds (top-billed first). */
function castText(film: Film): string {
  let text = '';
  for (const member of film.cast) {
    const line = member.character ? `${member.name} as ${member.character}` : member.name;
    const next = text ? `${text}\n${line}` : line;
    if (next.length > FORM_LIMITS.cast) break;
    text = next;
  }
  return text;
}

/** Only the facts an edit changes, so a correction layered over a shared film keeps following it elsewhere. */
export function changedFacts(film: Film, facts: FilmFacts): FilmFacts {
  const changed: FilmFacts = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (facts.title !== undefined && facts.title !== film.title) changed.title = facts.title;
  if (facts.year !== undefined && facts.year !== film.year) changed.year = facts.year;
  if (facts.directors !== undefined && !same(facts.directors, film.directors)) changed.directors = facts.directors;
  // The form shows the cast members it can hold; an unchanged cast field keeps the full cast.
  if (facts.cast !== undefined && !same(facts.cast, filmFormCast(film))) changed.cast = facts.cast;
  if (facts.synopsis !== undefined && facts.synopsis !== film.synopsis) changed.synopsis = facts.synopsis;
  if (facts.poster !== undefined && facts.poster !== (film.poster ?? null)) changed.poster = facts.poster;
  return changed;
}

function filmFormCast(film: Film) {
  return castOf(castText(film));
}
