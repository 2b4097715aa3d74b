import { cleanStrings, type Converted, validateCandidate } from './convert.js';
import { parseMovieLine } from '../movietweetings.js';
import { fromWikipedia } from './wikipedia.js';

export const CATALOG_FORMATS = ['native', 'wikipedia', 'csv', 'movietweetings', 'imdb'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

/** A catalog file entry as Marquee writes it (data/films.json): the Film schema, id optional. */
export function fromNative(raw: unknown): Converted {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'entry: expected a film object' };
  return validateCandidate(raw as Record<string, unknown>);
}

/**
 * A spreadsheet row: columns named like the Film fields (any case and spacing: "Original Title"),
 * lists separated by "|", cast members as "Name" or "Name as Character", external ids in columns
 * imdb, tmdb, letterboxd, wikipedia, and the watchers figure. Only title and year are required.
 */
export const CATALOG_CSV_COLUMNS = [
  'id',
  'title',
  'year',
  'originalTitle',
  'altTitles',
  'directors',
  'cast',
  'runtime',
  'countries',
  'languages',
  'genres',
  'themes',
  'synopsis',
  'poster',
  'imdb',
  'tmdb',
  'letterboxd',
  'wikipedia',
  'watchers',
];

const list = (value: string | undefined) => (value ?? '').split('|');

export function fromCatalogCsv(values: Record<string, string>): Converted {
  const text = (key: string) => {
    const value = values[key.toLowerCase()]?.trim();
    return value ? value : undefined;
  };
  const number = (key: string) => {
    const value = text(key);
    return value === undefined ? undefined : /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
  };
  if (!text('title')) return { ok: false, reason: 'title: missing' };
  if (!text('year')) return { ok: false, reason: 'year: missing' };
  const externalIds: Record<string, unknown> = {};
  for (const kind of ['imdb', 'tmdb', 'letterboxd', 'wikipedia']) {
    const value = kind === 'tmdb' ? number(kind) : text(kind);
    if (value !== undefined) externalIds[kind] = value;
  }
  const film: Record<string, unknown> = {
    id: text('id'),
    title: text('title'),
    year: number('year'),
    altTitles: cleanStrings(list(values['alttitles']), 50),
    directors: cleanStrings(list(values['directors']), 20),
    cast: cleanStrings(list(values['cast']), 500).map((entry) => {
      const [name, character] = entry.split(/\s+as\s+/i, 2);
      return character ? { name: name!.trim(), character: character.trim() } : { name: entry };
    }),
    countries: cleanStrings(list(values['countries']), 30),
    languages: cleanStrings(list(values['languages']), 30),
    genres: cleanStrings(list(values['genres']), 20),
    themes: cleanStrings(list(values['themes']), 40),
    synopsis: text('synopsis') ?? '',
    externalIds,
  };
  for (const [field, value] of [
    ['originalTitle', text('originalTitle')],
    ['runtime', number('runtime')],
    ['poster', text('poster')],
    ['watchers', number('watchers')],
  ] as const) {
    if (value !== undefined) film[field] = value;
  }
  return validateCandidate(film);
}

/** A MovieTweetings `movies.dat` line: title, year, genres and the IMDb id. */
export function fromMovieTweetingsLine(line: string): Converted {
  const parsed = parseMovieLine(line);
  if (!parsed.ok) return parsed;
  const { imdb, title, year, genres } = parsed.value;
  return validateCandidate({ title, year, genres, externalIds: { imdb } });
}

export function converterFor(format: 'native' | 'wikipedia'): (raw: unknown) => Converted {
  return format === 'wikipedia' ? fromWikipedia : fromNative;
}
