import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { Catalog } from '../../src/catalog/catalog.js';
import { Film } from '../../src/catalog/schema.js';
import type { Actor } from '../../src/club/types.js';
import type { ImportFile } from '../../src/import/read.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
export const GUILD = '100000000000000001';
export const NOW = new Date('2024-06-15T12:00:00.000Z');

export function member(n: number, name = `Member ${n}`, guildId = GUILD): Actor {
  return { guildId, userId: String(400000000000000000n + BigInt(n)), name };
}
export const ALICE = member(1, 'Alice');
export const BOB = member(2, 'Bob');

/** The films the import fixtures name (a small catalog written for these tests). */
export function testCatalog(): Catalog {
  const entries = JSON.parse(readFileSync(join(FIXTURES, 'catalog.json'), 'utf8')) as unknown[];
  return new Catalog(entries.map((entry) => Film.parse(entry)));
}

export function fixture(path: string): ImportFile {
  return { name: path.split('/').at(-1)!, bytes: readFileSync(join(FIXTURES, path)) };
}

/** A fixture CSV of the Letterboxd folder, named as in the export (likes/films.csv keeps its folder). */
export function letterboxdCsv(path: string): ImportFile {
  return { name: path, bytes: readFileSync(join(FIXTURES, 'letterboxd', path)) };
}

export function csvFile(name: string, text: string): ImportFile {
  return { name, bytes: strToU8(text) };
}

/** Zips files given as text (paths inside the ZIP as keys). */
export function zipOf(name: string, files: Record<string, string>): ImportFile {
  return { name, bytes: zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)]))) };
}

/** Every file under the Letterboxd fixture folder, as ZIP paths → text. */
export function letterboxdFolder(): Record<string, string> {
  const root = join(FIXTURES, 'letterboxd');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

export function fixedClock(start = NOW) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(iso: string) {
      current = new Date(iso).getTime();
    },
    advance(ms: number) {
      current += ms;
    },
  };
}
