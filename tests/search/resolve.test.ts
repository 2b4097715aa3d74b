import { describe, expect, it } from 'vitest';
import { FilmSearch } from '../../src/search/filmSearch.js';
import { FIXTURE_FILMS } from './fixtures.js';

const search = new FilmSearch(FIXTURE_FILMS);
const resolved = (query: string, filters?: Parameters<FilmSearch['resolve']>[1]) => {
  const result = search.resolve(query, filters);
  return result && { best: result.best.id, contenders: result.contenders.map((film) => film.id) };
};

describe('resolve', () => {
  it('names the best film and offers the remakes as contenders', () => {
    expect(resolved('heat')).toEqual({ best: 'heat-1995', contenders: ['heat-1986', 'heat-1972'] });
    expect(resolved('a star is born')).toEqual({
      best: 'a-star-is-born-1937',
      contenders: ['a-star-is-born-1954', 'a-star-is-born-1976', 'a-star-is-born-2018'],
    });
  });

  it('takes a year as settling the choice', () => {
    expect(resolved('heat 1995')).toEqual({ best: 'heat-1995', contenders: [] });
    expect(resolved('a star is born 1954')).toEqual({ best: 'a-star-is-born-1954', contenders: [] });
    expect(resolved('suspiria (2018)')).toEqual({ best: 'suspiria-2018', contenders: [] });
  });

  it('resolves a unique title, typos included, without contenders', () => {
    expect(resolved('holy moters')).toEqual({ best: 'holy-motors-2012', contenders: [] });
    expect(resolved('Godfather, The')).toEqual({ best: 'the-godfather-1972', contenders: [] });
    expect(resolved('amelie')).toEqual({ best: 'amelie-2001', contenders: [] });
  });

  it('offers a director\'s other films when the query names the director', () => {
    const carax = resolved('leos carax');
    expect(carax?.best).toBe('holy-motors-2012');
    expect(carax?.contenders.sort()).toEqual(['les-amants-du-pont-neuf-1991', 'mauvais-sang-1986']);
  });

  it('answers null when nothing matches well enough', () => {
    expect(resolved('qxzvw jkqpf')).toBeNull();
    expect(resolved('completely unrelated words here')).toBeNull();
    expect(resolved('')).toBeNull();
  });

  it('applies filters', () => {
    expect(resolved('heat', { filters: { yearTo: 1990 } })).toEqual({ best: 'heat-1986', contenders: ['heat-1972'] });
    expect(resolved('heat', { filters: { director: 'morrissey' } })).toEqual({ best: 'heat-1972', contenders: [] });
    expect(resolved('heat', { filters: { genre: 'horror' } })).toBeNull();
  });
});
