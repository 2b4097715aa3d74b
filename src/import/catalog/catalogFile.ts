import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Film } from '../../catalog/schema.js';
import { type CatalogProblem, readCatalogText, validateCatalogEntries } from '../../catalog/loader.js';
export { writeFileAtomic } from '../files.js';

/** A catalog file to merge into: its films, or none when it does not exist yet. */
export async function readCatalogFile(path: string): Promise<{ films: Film[]; problems: CatalogProblem[]; exists: boolean }> {
  let text: string;
  try {
    text = await readCatalogText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { films: [], problems: [], exists: false };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { films: [], problems: [{ file: path, message: `not valid JSON (${(error as Error).message})` }], exists: true };
  }
  return { ...validateCatalogEntries(path, parsed), exists: true };
}

const gzipAsync = promisify(gzip);

/** The catalog file format: the films as the schema orders their fields, two-space indented, as data/films.json is. */
export function serializeCatalog(films: readonly Film[]): string {
  return JSON.stringify(films, null, 2) + '\n';
}

/**
 * A film without the fields that hold their default (empty lists, no synopsis, no external ids): the
 * loader fills them back in, and a large catalog is a third of the size without them.
 */
export function compactFilm(film: Film): Record<string, unknown> {
  const compact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(film)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    compact[key] = value;
  }
  return compact;
}

/** One compact film per line: readable with zcat and grep, and it compresses as well as minified JSON. */
export function compactCatalogLines(films: Iterable<Film>): string {
  const lines: string[] = [];
  for (const film of films) lines.push(JSON.stringify(compactFilm(film)));
  return `[\n${lines.join(',\n')}\n]\n`;
}

/** A catalog file's bytes as its name asks: `.json.gz` compact and gzipped, `.json` as data/films.json is written. */
export async function catalogFileBytes(path: string, films: readonly Film[]): Promise<string | Uint8Array> {
  return path.endsWith('.gz') ? gzipAsync(compactCatalogLines(films), { level: 9 }) : serializeCatalog(films);
}
