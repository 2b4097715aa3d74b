import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import type { TypedTitleMatch } from '../../src/search/typedTitle.js';

/** Issue first-evening: typed text is recorded only when it is one film's title; everything else is asked about. */
let catalog: Catalog;
beforeAll(async () => {
  catalog = new Catalog((await loadCatalogFiles([BUNDLED_CATALOG])).films);
});

const outcome = (match: TypedTitleMatch) => (match.kind === 'confident' ? match.film.id : match.candidates.map((film) => film.id));

describe('what typed text names', () => {
  it.each([
    ['holy motors', 'holy-motors-2012'],
    ['HOLY MOTORS!', 'holy-motors-2012'],
    ['Godfather, The', 'the-godfather-1972'],
    ['godfather', 'the-godfather-1972'],
    ['Amélie', 'amelie-2001'],
    ['amelie 2001', 'amelie-2001'],
    ['Le Fabuleux Destin d’Amélie Poulain', 'amelie-2001'],
    ['the raid: redemption', 'the-raid-2011'],
    ['heat 1995', 'heat-1995'],
    ['heat (1986)', 'heat-1986'],
    ['suspiria 2018', 'suspiria-2018'],
    ['nosferatu 1922', 'nosferatu-1922'],
  ])('"%s" is %s for certain', (typed, id) => {
    expect(catalog.match(typed)).toEqual({ kind: 'confident', film: catalog.get(id) });
  });

  it('asks about a film the catalog lacks rather than taking a look-alike', () => {
    // The Raid is known as "The Raid: Redemption"; Hereditary begins with "her".
    expect(outcome(catalog.match('the shawshank redemption'))).toEqual(['the-raid-2011']);
    expect(outcome(catalog.match('shawshank redemption'))).toEqual(['the-raid-2011']);
    const her = catalog.match('her');
    expect(her.kind).toBe('ask');
    expect(outcome(her)[0]).toBe('hereditary-2018');
  });

  it('asks which film when remakes share the title, and takes the year as settling it', () => {
    expect(outcome(catalog.match('suspiria'))).toEqual(['suspiria-2018', 'suspiria-1977']);
    expect(outcome(catalog.match('nosferatu'))).toEqual(['nosferatu-1922', 'nosferatu-2024']);
    expect(outcome(catalog.match('heat'))).toEqual(['heat-1995', 'heat-1986', 'heat-1972']);
    expect(outcome(catalog.match('the godfather 1971'))).toContain('the-godfather-1972');
    expect(catalog.match('the godfather 1971').kind).toBe('ask');
  });

  it('asks about a typo, offering the film it resembles', () => {
    expect(outcome(catalog.match('holy moters'))).toEqual(['holy-motors-2012']);
  });

  it('offers nothing for text like no film', () => {
    expect(catalog.match('zzqx wobblefrotz')).toEqual({ kind: 'ask', candidates: [] });
    expect(catalog.match('   ')).toEqual({ kind: 'ask', candidates: [] });
  });

  it('follows the catalog as films come and go', () => {
    const film = catalog.get('holy-motors-2012')!;
    catalog.remove([film.id]);
    try {
      expect(catalog.match('holy motors').kind).toBe('ask');
      catalog.upsert([{ ...film, id: 'holy-motors-2013', year: 2013 }]);
      expect(outcome(catalog.match('holy motors'))).toBe('holy-motors-2013');
      catalog.upsert([film]);
      expect(outcome(catalog.match('holy motors'))).toEqual(['holy-motors-2012', 'holy-motors-2013']);
    } finally {
      catalog.remove(['holy-motors-2013']);
      catalog.upsert([film]);
    }
  });
});
