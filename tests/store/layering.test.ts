import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { guildLayout } from '../../src/store/schema.js';

describe('the store knows no feature', () => {
  it('imports nothing from src/lists, src/parties, src/import or the server catalog; those features declare their own shelves', async () => {
    const dir = new URL('../../src/store/', import.meta.url);
    const offending: string[] = [];
    for (const name of await readdir(dir)) {
      const text = await readFile(new URL(name, dir), 'utf8');
      for (const match of text.matchAll(/from '(\.\.\/[^']+)'/g)) {
        if (/^\.\.\/(lists|parties|import)\//.test(match[1]!) || match[1]!.startsWith('../catalog/server')) offending.push(`${name}: ${match[1]}`);
      }
    }
    expect(offending).toEqual([]);
    // Composed by src/shelves.ts (imported by the tests' setup, as by the bot): the features' shelves follow the core's.
    expect(guildLayout().shelves.map((shelf) => shelf.field)).toEqual(['seq', 'config', 'members', 'memberFilms', 'activity', 'undo', 'catalog', 'imports', 'lists', 'parties', 'pendingImports', 'pendingListImports', 'pendingPicks', 'pendingDrafts', 'pendingMerges']);
  });
});
