import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ContentModel } from '../../src/recommend/features.js';
import { compileFilter, parseDecade, resolveGenre } from '../../src/recommend/filters.js';
import { films } from './helpers.js';

const model = new ContentModel(films());

describe('filters', () => {
  it('reads decades the way members write them', () => {
    expect(parseDecade(1970)).toBe(1970);
    expect(parseDecade(1975)).toBe(1970);
    expect(parseDecade('1970s')).toBe(1970);
    expect(parseDecade("1970's")).toBe(1970);
    expect(parseDecade('70s')).toBe(1970);
    expect(parseDecade("'70s")).toBe(1970);
    expect(parseDecade('’20s')).toBe(2020);
    expect(parseDecade('00s')).toBe(2000);
    expect(parseDecade('30s')).toBe(1930);
    for (const bad of ['seventies', '7', '19700', 1700, 1975.5]) expect(() => parseDecade(bad)).toThrow(UserError);
  });

  it('finds the genre meant, by case, alias, plural or prefix', () => {
    expect(resolveGenre(model, 'HORROR').label).toBe('Horror');
    expect(resolveGenre(model, 'sci-fi').label).toBe('Science Fiction');
    expect(resolveGenre(model, 'thrillers').label).toBe('Thriller');
    expect(resolveGenre(model, 'myst').label).toBe('Mystery');
    expect(() => resolveGenre(model, 'Western')).toThrow(/no genre “Western”.*Drama/);
  });

  it('asks which genre when a prefix is ambiguous', () => {
    const ambiguous = new ContentModel([...films(), ...films().slice(0, 1).map((film) => ({ ...film, id: 'x-2000', genres: ['Crime Drama'] }))]);
    expect(() => resolveGenre(ambiguous, 'cri')).toThrow(/could be Crime or Crime Drama/);
  });

  it('combines filters and describes them', () => {
    const filter = compileFilter(model, { genre: 'drama', decade: '70s', filmIds: ['stalker-1979', 'halloween-1978', 'rashomon-1950'] });
    expect(filter.applied).toEqual({ genre: 'Drama', decade: 1970, listSize: 3 });
    const passing = model.films.filter((_, slot) => filter.test(slot)).map((film) => film.id);
    expect(passing).toEqual(['stalker-1979']);
    expect(filter.describe()).toBe('Drama film of the 1970s in that list');
  });

  it('rejects malformed input as the user’s error', () => {
    expect(() => compileFilter(model, { filmIds: ['Not A Slug'] })).toThrow(UserError);
    expect(() => compileFilter(model, { genre: 'x'.repeat(200) })).toThrow(UserError);
  });
});
