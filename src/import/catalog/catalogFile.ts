import { readFile } from 'node:fs/promises';
import type { Film } from '../../catalog/schema.js';
import { type CatalogProblem, validateCatalogEntries } from '../../catalog/loader.js';
export { writeFileAtomic } from '../files.js';

/** A catalog file to merge into: its films, or none when it does not exist yet. */
export async function readCatalogFile(path: string): Promise<{ films: Film[]; problems: CatalogProblem[]; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
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

/** The catalog file format: the films as the schema orders their fields, two-space indented, as data/films.json is. */
export function serializeCatalog(films: readonly Film[]): string {
  return JSON.stringify(films, null, 2) + '\n';
}
