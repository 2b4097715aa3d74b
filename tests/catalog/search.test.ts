import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';

/** The spine's search rules, asserted on the film ranked first in the bundled catalog. */
let catalog: Catalog;
beforeAll(async () => {
  catalog = new Catalog((await loadCatalogFiles([BUNDLED_CATALOG])).films);
});

const first = (query: string, filters = {}) => catalog.search(query, { limit: 5, filters })[0]?.film.id;

describe('search over the bundled catalog', () => {
  it.each([
    ['holy moters', 'holy-motors-2012'],
    ['irma vamp', 'irma-vep-1996'],
    ['godfather', 'the-godfather-1972'],
    ['Godfather, The', 'the-godfather-1972'],
    ['THE GODFATHER', 'the-godfather-1972'],
    ['amelie', 'amelie-2001'],
    ['Le Fabuleux Destin d’Amélie Poulain', 'amelie-2001'],
    ['cleo from 5 to 7', 'cleo-from-5-to-7-1962'],
    ['oceans eleven 2001', 'oceans-eleven-2001'],
    ['oceans 11', 'oceans-11-1960'],
    ['heat 1995', 'heat-1995'],
    ['heat 1986', 'heat-1986'],
    ['suspiria 2018', 'suspiria-2018'],
    ['a star is born 1954', 'a-star-is-born-1954'],
    ['seven samurai', 'seven-samurai-1954'],
    ['carax', 'holy-motors-2012'],
  ])('"%s" ranks %s first', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it('ranks an exact title first among fuzzy matches', () => {
    expect(catalog.search('heat', { limit: 5 }).slice(0, 3).map((hit) => hit.film.title)).toEqual(['Heat', 'Heat', 'Heat']);
    expect(first('persona')).toBe('persona-1966');
  });

  it('offers the remakes as contenders when free text names several films', () => {
    const resolved = catalog.resolve('suspiria');
    expect(resolved).not.toBeNull();
    expect([resolved!.best.id, ...resolved!.contenders.map((film) => film.id)].sort()).toEqual(['suspiria-1977', 'suspiria-2018']);
    expect(catalog.resolve('holy motors')!.contenders).toEqual([]);
  });

  it('filters by year range, director, actor and genre', () => {
    const nineties = catalog.search('', { limit: 200, filters: { yearFrom: 1990, yearTo: 1999 } });
    expect(nineties.length).toBeGreaterThan(10);
    expect(nineties.every((hit) => hit.film.year >= 1990 && hit.film.year <= 1999)).toBe(true);
    expect(catalog.search('', { filters: { director: 'kubrik' } }).map((hit) => hit.film.directors[0])).toContain('Stanley Kubrick');
    expect(catalog.search('', { filters: { actor: 'maggie cheung' } }).map((hit) => hit.film.id)).toContain('irma-vep-1996');
    const horror = catalog.search('', { limit: 200, filters: { genre: 'horror' } });
    expect(horror.length).toBeGreaterThan(5);
    expect(horror.every((hit) => hit.film.genres.includes('Horror'))).toBe(true);
    expect(first('heat', { yearFrom: 1980, yearTo: 1990 })).toBe('heat-1986');
  });

  it('finds nothing for gibberish rather than something random', () => {
    expect(catalog.resolve('zzqx wobblefrotz')).toBeNull();
  });
});
