import { FILM_ID_PATTERN, FIRST_FILM_YEAR, isPosterUrl, POSTER_HOSTS, type Film } from './schema.js';

/**
 * The loader's fast path: a plain structural check of one catalog entry that accepts only entries
 * already in the exact form the `Film` schema outputs (every string trimmed, no unknown key, no
 * `undefined`), and returns it with the schema's defaults filled in. Anything else returns
 * undefined and goes through zod, which either accepts it (trimming, stripping) or names the
 * problem: so a bad file is refused exactly as before, and the films the catalog CLI wrote itself
 * — hundreds of thousands at start-up — skip zod's per-field machinery. tests/search/loaderFastPath
 * checks that whatever this accepts, zod accepts with the same result.
 */

const FILM_KEYS = new Set([
  'id', 'title', 'originalTitle', 'altTitles', 'year', 'directors', 'writers', 'cast', 'runtime', 'countries',
  'languages', 'genres', 'themes', 'synopsis', 'poster', 'watchers', 'imdbRating', 'externalIds',
]);
const IMDB_ID = /^tt\d{5,10}$/;
const NAME_MAX = 200;

/** "https://<poster host>/…": the host ends at that slash, so no URL parse is needed to know it. */
const POSTER_PREFIXES = POSTER_HOSTS.map((host) => `https://${host}/`);
const PLAIN_URL = /^[\x21-\x7e]+$/;

function isPoster(value: unknown): boolean {
  if (!isText(value, 0, 2000)) return false;
  if (PLAIN_URL.test(value) && !value.includes('\\')) {
    for (const prefix of POSTER_PREFIXES) if (value.startsWith(prefix)) return true;
  }
  return isPosterUrl(value);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A trimmed string of `min`…`max` characters (zod's `.trim().min().max()` on text already trimmed). */
function isText(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || value.length < min || value.length > max) return false;
  if (value.length === 0) return true;
  // Cheap first: most strings start and end with a non-space, which makes trim() a no-op.
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return true;
  return value.trim() === value;
}

function isNames(value: unknown, max: number): boolean {
  if (!Array.isArray(value) || value.length > max) return false;
  for (const name of value) if (!isText(name, 1, NAME_MAX)) return false;
  return true;
}

function isCast(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > 500) return false;
  for (const member of value) {
    if (!isObject(member) || !isText(member['name'], 1, NAME_MAX)) return false;
    let keys = 1;
    if ('character' in member) {
      if (!isText(member['character'], 1, 200)) return false;
      keys++;
    }
    // zod strips unknown keys of a cast member: leave such entries to it.
    for (const _ in member) if (--keys < 0) return false;
  }
  return true;
}

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

function isExternalIds(value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key in value) {
    const id = value[key];
    switch (key) {
      case 'imdb':
        if (typeof id !== 'string' || !IMDB_ID.test(id)) return false;
        break;
      case 'tmdb':
        if (!isInt(id, 1, Number.MAX_SAFE_INTEGER)) return false;
        break;
      case 'letterboxd':
        if (typeof id !== 'string' || !FILM_ID_PATTERN.test(id)) return false;
        break;
      case 'wikipedia':
        if (typeof id !== 'string' || id.length < 1 || id.length > 300) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function isOptional(entry: Record<string, unknown>, key: string, check: (value: unknown) => boolean): boolean {
  return !(key in entry) || check(entry[key]);
}

/** The entry as a Film when it passes as it is (defaults filled in a shallow copy); else undefined: ask zod. */
export function fastFilm(entry: unknown): Film | undefined {
  if (!isObject(entry)) return undefined;
  for (const key in entry) if (!FILM_KEYS.has(key) || entry[key] === undefined) return undefined;
  const id = entry['id'];
  if (typeof id !== 'string' || id.length < 3 || id.length > 80 || !FILM_ID_PATTERN.test(id)) return undefined;
  if (!isText(entry['title'], 1, NAME_MAX)) return undefined;
  if (!isInt(entry['year'], FIRST_FILM_YEAR, 2100)) return undefined;
  if (
    !isOptional(entry, 'originalTitle', (value) => isText(value, 1, NAME_MAX)) ||
    !isOptional(entry, 'altTitles', (value) => isNames(value, 50)) ||
    !isOptional(entry, 'directors', (value) => isNames(value, 20)) ||
    !isOptional(entry, 'writers', (value) => isNames(value, 30)) ||
    !isOptional(entry, 'cast', isCast) ||
    !isOptional(entry, 'runtime', (value) => isInt(value, 1, 6000)) ||
    !isOptional(entry, 'countries', (value) => isNames(value, 30)) ||
    !isOptional(entry, 'languages', (value) => isNames(value, 30)) ||
    !isOptional(entry, 'genres', (value) => isNames(value, 20)) ||
    !isOptional(entry, 'themes', (value) => isNames(value, 40)) ||
    !isOptional(entry, 'synopsis', (value) => isText(value, 0, 4000)) ||
    !isOptional(entry, 'poster', isPoster) ||
    !isOptional(entry, 'watchers', (value) => isInt(value, 0, 1e10)) ||
    !isOptional(entry, 'imdbRating', (value) => typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 10) ||
    !isOptional(entry, 'externalIds', isExternalIds)
  ) {
    return undefined;
  }
  const film = { ...entry } as Record<string, unknown>;
  film['altTitles'] ??= [];
  film['directors'] ??= [];
  film['cast'] ??= [];
  film['countries'] ??= [];
  film['languages'] ??= [];
  film['genres'] ??= [];
  film['themes'] ??= [];
  film['synopsis'] ??= '';
  film['externalIds'] ??= {};
  return film as Film;
}
