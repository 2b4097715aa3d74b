import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Film, filmIdFor } from '../../src/catalog/schema.js';
import { sharedDataDir } from './sharedData.js';

/**
 * The real 36k-film catalog used for benchmarks only (never copied into the repo): `shared/data/wikipedia-movies`
 * found above the checkout (see sharedDataDir), else where a clone beside `shared/` would have it.
 */
export const WIKIPEDIA_DIR = sharedDataDir('wikipedia-movies') ?? new URL('../../../shared/data/wikipedia-movies/', import.meta.url).pathname;

export function wikipediaAvailable(): boolean {
  return existsSync(WIKIPEDIA_DIR);
}

interface WikipediaEntry {
  title?: unknown;
  year?: unknown;
  cast?: unknown;
  genres?: unknown;
  href?: unknown;
  extract?: unknown;
  thumbnail?: unknown;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

// The scraped cast lists hold stray punctuation (")") and fragments; a name has at least one letter.
const looksLikeName = (name: string) => /\p{L}/u.test(name) && name.trim().length <= 200;

/**
 * A mapping of the Wikipedia movie lists to `Film`: title, year, cast, genres, and (held in memory
 * for benchmarks and tests only, never written to the repo) the article's lead as synopsis, its
 * thumbnail as poster and its page name (`texts: false` leaves synopsis and poster out, for callers
 * that only need titles and people). Ids are
 * `filmIdFor` slugs, suffixed "-2", "-3"… when two entries share title and year; entries that fail
 * validation are skipped and counted.
 */
export function loadWikipediaFilms(dir = WIKIPEDIA_DIR, options: { texts?: boolean } = {}): { films: Film[]; skipped: number } {
  const texts = options.texts ?? true;
  const films: Film[] = [];
  const ids = new Set<string>();
  let skipped = 0;
  const files = readdirSync(dir).filter((name) => /^movies-.*\.json$/.test(name)).sort();
  for (const file of files) {
    const entries = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WikipediaEntry[];
    for (const entry of entries) {
      if (typeof entry.title !== 'string' || typeof entry.year !== 'number') {
        skipped++;
        continue;
      }
      const base = filmIdFor(entry.title, entry.year);
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
      const result = Film.safeParse({
        id,
        title: entry.title.trim(),
        year: entry.year,
        cast: [...new Set(strings(entry.cast).map((name) => name.trim()).filter(looksLikeName))]
          .slice(0, 500)
          .map((name) => ({ name })),
        genres: [...new Set(strings(entry.genres).map((genre) => genre.trim()).filter(Boolean))].slice(0, 20),
        synopsis: texts && typeof entry.extract === 'string' ? entry.extract.trim().slice(0, 4000) : undefined,
        poster: texts && typeof entry.thumbnail === 'string' && /^https?:\/\//.test(entry.thumbnail) ? entry.thumbnail : undefined,
        externalIds: typeof entry.href === 'string' && entry.href ? { wikipedia: entry.href.slice(0, 300) } : undefined,
      });
      if (!result.success) {
        skipped++;
        continue;
      }
      ids.add(id);
      films.push(result.data);
    }
  }
  return { films, skipped };
}
