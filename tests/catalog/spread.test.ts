import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { film } from '../search/fixtures.js';

describe('films suggested before anything is typed', () => {
  const films = [
    film({ title: 'Obscure Fifties', year: 1955, synopsis: '' }),
    film({ title: 'Known Fifties', year: 1956, watchers: 900_000 }),
    film({ title: 'Middle Fifties', year: 1957, watchers: 5_000 }),
    film({ title: 'Known Nineties', year: 1994, watchers: 2_000_000 }),
    film({ title: 'Other Nineties', year: 1999, watchers: 100 }),
    film({ title: 'Twenties', year: 2021 }),
  ];

  it('spreads across the decades, newest first, the best known of each first', () => {
    const catalog = new Catalog(films);
    expect(catalog.spread(4).map((entry) => entry.title)).toEqual(['Twenties', 'Known Nineties', 'Known Fifties', 'Other Nineties']);
    expect(catalog.spread(25).map((entry) => entry.title)).toEqual([
      'Twenties',
      'Known Nineties',
      'Known Fifties',
      'Other Nineties',
      'Middle Fifties',
      'Obscure Fifties',
    ]);
  });

  it('follows the films as they change', () => {
    const catalog = new Catalog(films);
    expect(catalog.spread(3)[0]?.title).toBe('Twenties');
    catalog.upsert([film({ title: 'Known Eighties', year: 1985, watchers: 3_000_000 }), film({ title: 'Brand New', year: 2025, watchers: 10 })]);
    expect(catalog.spread(3).map((entry) => entry.title)).toEqual(['Brand New', 'Known Nineties', 'Known Eighties']);
    catalog.remove(['brand-new-2025']);
    expect(catalog.spread(3).map((entry) => entry.title)).toEqual(['Twenties', 'Known Nineties', 'Known Eighties']);
    // What it returns is the caller's to keep.
    catalog.spread(3).pop();
    expect(catalog.spread(3)).toHaveLength(3);
  });
});
