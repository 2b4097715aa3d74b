import { describe, expect, it } from 'vitest';
import { FilmSearch } from '../../src/search/filmSearch.js';
import { film, FIXTURE_FILMS } from './fixtures.js';

const search = new FilmSearch(FIXTURE_FILMS);
const ids = (hits: { film: { id: string } }[]) => hits.map((hit) => hit.film.id);

describe('search filters', () => {
  it('lists a director\'s films for an empty query: most complete first, then by year', () => {
    expect(ids(search.search('', { filters: { director: 'carax' } }))).toEqual([
      'holy-motors-2012', // five cast members: the most complete record
      'les-amants-du-pont-neuf-1991', // an alternative title weighs more than a third actor
      'mauvais-sang-1986',
    ]);
    // Equally complete records: by year.
    expect(ids(search.search('', { filters: { director: 'cukor' } }))).toEqual(['holiday-1938', 'a-star-is-born-1954']);
  });

  it('is tolerant of typos and partial names for people', () => {
    const kubrick = ['2001-a-space-odyssey-1968', 'barry-lyndon-1975', 'the-shining-1980'];
    expect(ids(search.search('', { filters: { director: 'kubrik' } })).sort()).toEqual(kubrick);
    expect(ids(search.search('', { filters: { director: 'Stanley Kubrick' } })).sort()).toEqual(kubrick);
    expect(ids(search.search('', { filters: { director: 'STANLEY KUBRIK' } })).sort()).toEqual(kubrick);
    expect(ids(search.search('', { filters: { director: 'kubr' } })).sort()).toEqual(kubrick);
    expect(ids(search.search('', { filters: { actor: 'maggie cheung' } })).sort()).toEqual(['in-the-mood-for-love-2000', 'irma-vep-1996']);
    expect(ids(search.search('', { filters: { actor: 'cheung' } })).sort()).toEqual(['in-the-mood-for-love-2000', 'irma-vep-1996']);
    expect(ids(search.search('', { filters: { actor: 'jurgen prochnow' } }))).toEqual(['das-boot-1981']);
  });

  it('matches all the words of a name within one person', () => {
    // Robert De Niro and Robert Duvall are both in Part II; "robert niro" must be one of them.
    expect(ids(search.search('', { filters: { actor: 'robert de niro' } })).sort()).toEqual(['heat-1995', 'the-godfather-part-ii-1974']);
    expect(search.search('', { filters: { actor: 'keaton niro' } })).toEqual([]);
  });

  it('matches genres whatever the case, and everyday names for them', () => {
    expect(ids(search.search('', { filters: { genre: 'HORROR' } })).sort()).toEqual(['alien-1979', 'suspiria-1977', 'suspiria-2018', 'the-shining-1980']);
    expect(ids(search.search('', { filters: { genre: 'sci-fi' } }))).toContain('blade-runner-1982');
    expect(search.search('', { filters: { genre: 'western' } })).toEqual([]);
  });

  it('is exact on years, both bounds included', () => {
    const eighties = search.search('', { filters: { yearFrom: 1980, yearTo: 1989 }, limit: 100 });
    expect(eighties.length).toBe(FIXTURE_FILMS.filter((candidate) => candidate.year >= 1980 && candidate.year <= 1989).length);
    expect(eighties.every((hit) => hit.film.year >= 1980 && hit.film.year <= 1989)).toBe(true);
    expect(ids(search.search('heat', { filters: { yearFrom: 1995, yearTo: 1995 } }))).toEqual(['heat-1995']);
    expect(ids(search.search('heat', { filters: { yearTo: 1980 } }))).toEqual(['heat-1972']);
  });

  it('combines a query with filters', () => {
    expect(ids(search.search('heat', { filters: { director: 'mann' } }))).toEqual(['heat-1995']);
    expect(ids(search.search('star', { filters: { actor: 'judy garland' } }))).toEqual(['a-star-is-born-1954']);
    expect(search.search('suspiria', { filters: { genre: 'mystery' } })[0]?.film.id).toBe('suspiria-2018');
    expect(search.search('holy motors', { filters: { director: 'kubrick' } })).toEqual([]);
  });

  it('applies filters on a large catalog too (prefilter path)', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      film({ title: `Night Story ${i}`, year: 1950 + (i % 50), directors: [i % 2 ? 'Ann Director' : 'Bob Maker'], cast: ['Somebody Else'], genres: [i % 3 ? 'Drama' : 'Comedy'] }),
    );
    const large = new FilmSearch([...FIXTURE_FILMS, ...many]);
    const hits = large.search('night story', { filters: { director: 'bob maker', genre: 'comedy', yearFrom: 1960 }, limit: 50 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.film.directors[0] === 'Bob Maker' && hit.film.genres.includes('Comedy') && hit.film.year >= 1960)).toBe(true);
    const comedies = large.search('', { filters: { genre: 'comedy' }, limit: 1000 });
    expect(comedies.length).toBe([...FIXTURE_FILMS, ...many].filter((candidate) => candidate.genres.includes('Comedy')).length);
  });
});
