import { describe, expect, it } from 'vitest';
import { FilmSearch } from '../../src/search/filmSearch.js';
import { film, fixture, FIXTURE_FILMS } from './fixtures.js';

const firstId = (search: FilmSearch, query: string) => search.search(query)[0]?.film.id;

describe('incremental updates', () => {
  it('finds a film added after start-up, by title, prefix, typo and people', () => {
    const search = new FilmSearch(FIXTURE_FILMS);
    expect(firstId(search, 'annette')).toBeUndefined();
    search.add([film({ title: 'Annette', year: 2021, directors: ['Leos Carax'], cast: ['Adam Driver', 'Marion Cotillard'] })]);
    expect(search.size).toBe(FIXTURE_FILMS.length + 1);
    expect(firstId(search, 'annette')).toBe('annette-2021');
    expect(firstId(search, 'anne')).toBe('annette-2021');
    expect(firstId(search, 'anette')).toBe('annette-2021');
    expect(firstId(search, 'adam driver')).toBe('annette-2021');
    expect(search.search('', { filters: { director: 'carax' } }).map((hit) => hit.film.id)).toContain('annette-2021');
  });

  it('replaces a film added again under the same id', () => {
    const search = new FilmSearch(FIXTURE_FILMS);
    const renamed = { ...fixture('irma-vep-1996'), title: 'Irma Vep (director’s cut)', cast: [{ name: 'Alicia Vikander' }] };
    search.add([renamed]);
    expect(search.size).toBe(FIXTURE_FILMS.length);
    const hits = search.search('irma vep', { limit: 25 });
    expect(hits.filter((hit) => hit.film.id === 'irma-vep-1996')).toHaveLength(1);
    expect(hits[0]!.film.title).toBe('Irma Vep (director’s cut)');
    expect(firstId(search, 'alicia vikander')).toBe('irma-vep-1996');
    expect(search.search('', { filters: { actor: 'maggie cheung' } }).map((hit) => hit.film.id)).toEqual(['in-the-mood-for-love-2000']);
  });

  it('forgets removed films, and ignores unknown ids', () => {
    const search = new FilmSearch(FIXTURE_FILMS);
    search.remove(['heat-1995', 'no-such-film-1900']);
    expect(search.size).toBe(FIXTURE_FILMS.length - 1);
    expect(search.search('heat').map((hit) => hit.film.id)).toEqual(['heat-1986', 'heat-1972']);
    expect(search.search('', { filters: { director: 'michael mann' } })).toEqual([]);
    expect(search.resolve('heat 1995')?.best.id).toBe('heat-1986');
  });

  it('stays correct through many updates (the index rebuilds itself)', () => {
    const search = new FilmSearch(FIXTURE_FILMS);
    const batch = Array.from({ length: 300 }, (_, i) => film({ title: `Temporary Picture ${i}`, year: 2000 + (i % 20), cast: [`Extra ${i}`] }));
    search.add(batch);
    expect(search.size).toBe(FIXTURE_FILMS.length + 300);
    expect(firstId(search, 'temporary picture 150')).toBe('temporary-picture-150-2010');
    search.remove(batch.slice(0, 250).map((item) => item.id));
    expect(search.size).toBe(FIXTURE_FILMS.length + 50);
    expect(search.search('temporary picture 10', { limit: 50 }).some((hit) => hit.film.id === 'temporary-picture-10-2010')).toBe(false);
    expect(firstId(search, 'temporary picture 260')).toBe('temporary-picture-260-2000');
    expect(firstId(search, 'holy motors')).toBe('holy-motors-2012');
    for (let round = 0; round < 5; round++) search.add([{ ...fixture('vertigo-1958'), synopsis: `Round ${round}.` }]);
    expect(search.search('vertigo').filter((hit) => hit.film.id === 'vertigo-1958')).toEqual([
      expect.objectContaining({ film: expect.objectContaining({ synopsis: 'Round 4.' }) }),
    ]);
  });

  it('starts empty and grows', () => {
    const search = new FilmSearch([]);
    expect(search.size).toBe(0);
    expect(search.search('heat')).toEqual([]);
    expect(search.resolve('heat')).toBeNull();
    search.add(FIXTURE_FILMS.slice(0, 10));
    expect(firstId(search, 'holy motors')).toBe('holy-motors-2012');
    expect(firstId(search, 'hol')).toBe('holy-motors-2012');
  });
});
