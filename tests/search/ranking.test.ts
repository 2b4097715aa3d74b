import { describe, expect, it } from 'vitest';
import { FilmSearch } from '../../src/search/filmSearch.js';
import { normalize, normalizeTitle } from '../../src/search/normalize.js';
import { film, FIXTURE_FILMS } from './fixtures.js';

const search = new FilmSearch(FIXTURE_FILMS);
const first = (query: string) => search.search(query)[0]?.film.id;

describe('ranking rules (the film ranked first)', () => {
  it.each([
    ['holy moters', 'holy-motors-2012'],
    ['irma vamp', 'irma-vep-1996'],
    ['blade runer', 'blade-runner-1982'],
    ['sspiria', 'suspiria-1977'],
    ['tokio story', 'tokyo-story-1953'],
  ])('tolerates typos: %j', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it.each([
    ['godfather', 'the-godfather-1972'],
    ['Godfather, The', 'the-godfather-1972'],
    ['the godfather', 'the-godfather-1972'],
    ['THE GODFATHER', 'the-godfather-1972'],
    ['star is born, a', 'a-star-is-born-1937'],
    ['atalante', 'latalante-1934'],
    ['boot', 'das-boot-1981'],
  ])('tolerates missing or moved articles: %j', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it.each([
    ['amelie', 'amelie-2001'],
    ['Amélie', 'amelie-2001'],
    ['le fabuleux destin d amelie poulain', 'amelie-2001'],
    ['cleo from 5 to 7', 'cleo-from-5-to-7-1962'],
    ['cleo de 5 a 7', 'cleo-from-5-to-7-1962'],
    ['oceans eleven', 'oceans-eleven-2001'],
    ["OCEAN'S 11", 'oceans-11-1960'],
    ['spider man', 'spider-man-2002'],
    ['spiderman', 'spider-man-2002'],
    ['8 1/2', '8-half-1963'],
    ['8½', '8-half-1963'],
    ['東京物語', 'tokyo-story-1953'],
  ])('ignores diacritics, case and punctuation: %j', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it.each([
    ['heat 1995', 'heat-1995'],
    ['heat 1986', 'heat-1986'],
    ['heat (1972)', 'heat-1972'],
    ['suspiria 2018', 'suspiria-2018'],
    ['suspiria 1977', 'suspiria-1977'],
    ['a star is born 1954', 'a-star-is-born-1954'],
    ['A Star Is Born (1976)', 'a-star-is-born-1976'],
    ['a star is born 2018', 'a-star-is-born-2018'],
  ])('"title year" puts that year first among remakes: %j', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it('reads a trailing number as part of the title when a title says so', () => {
    expect(first('blade runner 2049')).toBe('blade-runner-2049-2017');
    expect(first('blade runner')).toBe('blade-runner-1982');
    expect(first('2001')).toBe('2001-a-space-odyssey-1968');
  });

  it('puts an exact title first, ahead of closer-looking fuzzy matches', () => {
    expect(first('alien')).toBe('alien-1979');
    expect(first('aliens')).toBe('aliens-1986');
    expect(first('die hard')).toBe('die-hard-1988');
    // "Godfather" is exactly The Godfather without its article; Part II only begins with it.
    expect(search.search('godfather').map((hit) => hit.film.id).slice(0, 2)).toEqual(['the-godfather-1972', 'the-godfather-part-ii-1974']);
  });

  it('among several exact matches without a year: the most complete record, then the earliest', () => {
    // The three Heats: the 1995 record also has a runtime and the longest cast.
    expect(search.search('heat').map((hit) => hit.film.id)).toEqual(['heat-1995', 'heat-1986', 'heat-1972']);
    // Equally complete records: the original before its remakes.
    expect(search.search('a star is born').map((hit) => hit.film.year)).toEqual([1937, 1954, 1976, 2018]);
    expect(first('suspiria')).toBe('suspiria-1977');

    const sparse = film({ title: 'Nosferatu', year: 1922, directors: [], cast: [] });
    const rich = film({ title: 'Nosferatu', year: 2024, directors: ['Robert Eggers'], cast: ['Lily-Rose Depp', 'Bill Skarsgård', 'Nicholas Hoult'], genres: ['Horror'], runtime: 132 });
    const remakes = new FilmSearch([sparse, rich]);
    expect(remakes.search('nosferatu').map((hit) => hit.film.year)).toEqual([2024, 1922]);
  });

  it.each([
    ['carax', 'Leos Carax'],
    ['leos carax', 'Leos Carax'],
    ['kubrick', 'Stanley Kubrick'],
    ['kubrik', 'Stanley Kubrick'],
  ])('a director name finds their films: %j', (query, director) => {
    const hits = search.search(query);
    const directed = FIXTURE_FILMS.filter((candidate) => candidate.directors.includes(director)).length;
    expect(hits.length).toBeGreaterThanOrEqual(directed);
    expect(hits.slice(0, directed).every((hit) => hit.film.directors.includes(director))).toBe(true);
  });

  it.each([
    ['denis lavant', 'Denis Lavant'],
    ['maggie cheung', 'Maggie Cheung'],
    ['sigourney weaver', 'Sigourney Weaver'],
  ])('an actor name finds their films: %j', (query, actor) => {
    const top = search.search(query)[0]!.film;
    expect(top.cast.map((member) => member.name)).toContain(actor);
  });

  it('offers titles beginning with short prefixes first, as autocomplete types them', () => {
    for (const typed of ['h', 'ho', 'hol', 'holy m', 'su', 'bla']) {
      const hits = search.search(typed, { limit: 25 });
      expect(hits.length).toBeGreaterThan(0);
      const begins = hits.map((hit) =>
        [hit.film.title, hit.film.originalTitle, ...hit.film.altTitles]
          .filter((title): title is string => !!title)
          .some((title) => normalize(title).startsWith(normalize(typed)) || normalizeTitle(title).startsWith(normalizeTitle(typed))),
      );
      // Every title that begins with the typed text comes before any that does not.
      expect(begins.indexOf(false) === -1 || !begins.slice(begins.indexOf(false)).includes(true)).toBe(true);
      expect(begins[0]).toBe(true);
    }
    expect(search.search('hol').map((hit) => hit.film.id).slice(0, 3).sort()).toEqual(['holiday-1938', 'holy-motors-2012', 'the-holdovers-2023']);
  });

  it('puts titles that begin with the typed letters as written before those that do once their article is dropped', () => {
    expect(first('sev')).toBe('seven-samurai-1954');
    expect(first('the sev')).toBe('the-seventh-seal-1957');
    expect(search.search('sev').map((hit) => hit.film.id).slice(0, 2)).toEqual(['seven-samurai-1954', 'the-seventh-seal-1957']);
  });

  it('takes a space typed after a word as the end of that word', () => {
    expect(first('do')).toBe('double-indemnity-1944'); // fewer words first among titles beginning "do"
    expect(first('do ')).toBe('do-the-right-thing-1989');
  });

  it('prefers the title with the punctuation typed when several match exactly', () => {
    expect(first('ransom!')).toBe('ransom-1956');
    expect(first('Ransom')).toBe('ransom-1996');
  });

  it('respects the limit and Discord-sized result lists', () => {
    expect(search.search('a', { limit: 25 }).length).toBeLessThanOrEqual(25);
    expect(search.search('heat', { limit: 1 })).toHaveLength(1);
    expect(search.search('heat', { limit: 2 }).map((hit) => hit.film.id)).toEqual(['heat-1995', 'heat-1986']);
  });

  it('scores from 0 (perfect) to 1, never improving down the list', () => {
    for (const query of ['heat', 'holy moters', 'carax', 'hol', 'a star is born 1954']) {
      const scores = search.search(query, { limit: 25 }).map((hit) => hit.score);
      expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
    }
    expect(search.search('heat')[0]!.score).toBe(0);
  });

  it('finds nothing for nothing, and for gibberish', () => {
    expect(search.search('')).toEqual([]);
    expect(search.search('   ')).toEqual([]);
    expect(search.search('?!')).toEqual([]);
    expect(search.search('qxzvw jkqpf')).toEqual([]);
  });

  it('validates options', () => {
    expect(() => search.search('heat', { limit: 0 })).toThrow();
    expect(() => search.search('heat', { limit: 2.5 })).toThrow();
    expect(() => search.search('heat', { filters: { yearFrom: 'nineteen' as unknown as number } })).toThrow();
  });
});

describe('how well known a film is (the catalog\'s watchers figures)', () => {
  const known = new FilmSearch([
    film({ title: 'Star', year: 1990, watchers: 40 }),
    film({ title: 'Star Wars', year: 1977, watchers: 3_000_000 }),
    film({ title: 'Stardust', year: 2007, watchers: 400_000 }),
    film({ title: 'Godforsaken', year: 2003, watchers: 30 }),
    film({ title: 'The Godfather', year: 1972, watchers: 2_000_000 }),
    film({ title: 'Nosferatu', year: 1922, directors: [], watchers: 500_000 }),
    film({ title: 'Nosferatu', year: 2024, cast: ['Lily-Rose Depp', 'Bill Skarsgård', 'Nicholas Hoult'], runtime: 132, watchers: 90_000 }),
  ]);
  const ids = (query: string) => known.search(query).map((hit) => hit.film.id);

  it('while typing, puts a far better-known title that begins so ahead of a little-known exact one', () => {
    expect(ids('star').slice(0, 3)).toEqual(['star-wars-1977', 'stardust-2007', 'star-1990']);
    expect(ids('godf')).toEqual(['the-godfather-1972', 'godforsaken-2003']);
  });

  it('takes text submitted whole, or ended by a space, as the exact title', () => {
    expect(known.resolve('star')?.best.id).toBe('star-1990');
    expect(ids('star ')[0]).toBe('star-1990');
  });

  it('among films of the same title, the best known first, whatever the records hold', () => {
    expect(ids('nosferatu')).toEqual(['nosferatu-1922', 'nosferatu-2024']);
  });

  it('without figures, an exact title stays first while typing', () => {
    const plain = new FilmSearch([film({ title: 'Star', year: 1990 }), film({ title: 'Star Wars', year: 1977, cast: ['Mark Hamill'] })]);
    expect(plain.search('star')[0]?.film.id).toBe('star-1990');
  });
});
