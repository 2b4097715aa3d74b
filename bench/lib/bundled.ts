import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import type { Film } from '../../src/catalog/schema.js';

const DATA_DIR = new URL('../../data/', import.meta.url).pathname;

/** The bundled catalog: `data/films.json` when it exists, else every `data/parts/*.json`. */
export async function loadBundledFilms(): Promise<{ films: Film[]; source: string; problems: number } | undefined> {
  const single = join(DATA_DIR, 'films.json');
  let files: string[] = [];
  let source = '';
  if (existsSync(single)) {
    files = [single];
    source = 'data/films.json';
  } else if (existsSync(join(DATA_DIR, 'parts'))) {
    files = readdirSync(join(DATA_DIR, 'parts'))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(DATA_DIR, 'parts', name));
    source = `data/parts/*.json (${files.length} files)`;
  }
  if (!files.length) return undefined;
  const { films, problems } = await loadCatalogFiles(files);
  return films.length ? { films, source, problems: problems.length } : undefined;
}
