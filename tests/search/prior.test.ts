import { describe, expect, it } from 'vitest';
import { completeness, popularity, prefixOrder, searchPrior } from '../../src/search/prior.js';
import { film } from './fixtures.js';

describe('search prior', () => {
  it('reads watchers on a log scale, from 0 (no figure) to 1 (ten million and more)', () => {
    const withWatchers = (watchers?: number) => popularity(film({ title: 'Heat', year: 1995, watchers }));
    expect(withWatchers(undefined)).toBe(0);
    expect(withWatchers(0)).toBe(0);
    expect(withWatchers(999)).toBeCloseTo(3 / 7, 5);
    expect(withWatchers(10_000_000)).toBe(1);
    expect(withWatchers(50_000_000)).toBe(1);
    const figures = [1, 10, 500, 20_000, 3_000_000].map(withWatchers);
    expect([...figures].sort((a, b) => a - b)).toEqual(figures);
  });

  it('counts watchers first, the fullness of the record after', () => {
    const bare = film({ title: 'Heat', year: 1986, synopsis: '', watchers: 50_000 });
    const full = film({ title: 'Heat', year: 1972, cast: ['Joe Dallesandro', 'Sylvia Miles'], runtime: 100, watchers: 5_000 });
    expect(completeness(full)).toBeGreaterThan(completeness(bare));
    expect(searchPrior(bare)).toBeGreaterThan(searchPrior(full));
    const unknown = film({ title: 'Heat', year: 1995, cast: ['Al Pacino'] });
    expect(searchPrior(unknown)).toBeCloseTo(0.2 * completeness(unknown), 10);
  });

  it('orders titles sharing a prefix by how well known, then by length', () => {
    expect(prefixOrder(0.9, 6)).toBeLessThan(prefixOrder(0.5, 1));
    expect(prefixOrder(0.5, 1)).toBeLessThan(prefixOrder(0.5, 2));
    expect(prefixOrder(0.5, 200)).toBe(prefixOrder(0.5, 500));
  });
});
