import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FilmId } from './schema.js';

/**
 * Film ids a rebuild of the bundled default catalog no longer has because their film turned out to be a duplicate
 * of another ("serbuan-maut-2011" is The Raid, `the-raid-2011`), each with the id of the film it was merged into.
 * Members' diaries, lists and parties may still name the old id: a server's catalog view reads it as the kept film
 * (ServerCatalog.canonicalId), and a server's records are moved to the kept film when the server is first read
 * (ServerFilms.prepare). Written by `npm run catalog -- build-default` beside the catalog it builds.
 */
export type RetiredIds = ReadonlyMap<string, string>;

export const RetiredIdsFile = z.record(FilmId, FilmId);

/** `data/catalog.json.gz` → `data/catalog.aliases.json`. */
export function retiredIdsFileFor(catalogFile: string): string {
  return catalogFile.replace(/\.json(?:\.gz)?$/, '') + '.aliases.json';
}

/** The retired ids of a catalog file; none when it has no aliases file beside it. A malformed file is an error (it ships with the code). */
export async function readRetiredIds(file: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const parsed = RetiredIdsFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not a map of retired film ids to kept film ids (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return new Map(Object.entries(parsed.data));
}
