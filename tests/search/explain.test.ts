import { describe, expect, it } from 'vitest';
import { whyMatched } from '../../src/search/explain.js';
import { film } from './fixtures.js';

const blairWitch = film({ title: 'The Blair Witch Project', year: 1999, directors: ['Daniel Myrick', 'Eduardo Sánchez'], cast: ['Heather Donahue', 'Michael C. Williams'] });
const heat = film({ title: 'Heat', year: 1995, directors: ['Michael Mann'], cast: ['Al Pacino', 'Robert De Niro'] });
const raid = film({ title: 'The Raid', year: 2011, directors: ['Gareth Evans'], altTitles: ['The Raid: Redemption'] });
const darkKnight = film({ title: 'The Dark Knight', year: 2008, directors: ['Christopher Nolan'], cast: ['Christian Bale', 'Heath Ledger'] });

describe('why a search result matched', () => {
  it('matches people by whole words: "heat" is neither Heather nor Heath', () => {
    expect(whyMatched(blairWitch, 'heat')).toEqual([]);
    expect(whyMatched(darkKnight, 'heat')).toEqual([]);
    expect(whyMatched(blairWitch, 'heather')).toEqual([{ field: 'cast', text: 'Heather Donahue' }]);
    expect(whyMatched(darkKnight, 'heath ledger')).toEqual([{ field: 'cast', text: 'Heath Ledger' }]);
  });

  it('names the field: title, other title, director, cast', () => {
    expect(whyMatched(heat, 'heat')).toEqual([{ field: 'title' }]);
    expect(whyMatched(heat, 'heat 1995')).toEqual([{ field: 'title' }]);
    expect(whyMatched(raid, 'shawshank redemption')).toEqual([{ field: 'other title', text: 'The Raid: Redemption' }]);
    expect(whyMatched(heat, 'michael mann')).toEqual([{ field: 'director', text: 'Michael Mann' }]);
    expect(whyMatched(heat, 'pacino')).toEqual([{ field: 'cast', text: 'Al Pacino' }]);
    expect(whyMatched(heat, 'heat mann')).toEqual([{ field: 'title' }, { field: 'director', text: 'Michael Mann' }]);
  });

  it('forgives a typo in a title word or a long name, and a title word begun', () => {
    expect(whyMatched(darkKnight, 'dark knigt')).toEqual([{ field: 'title' }]);
    expect(whyMatched(darkKnight, 'dar')).toEqual([{ field: 'title' }]);
    expect(whyMatched(darkKnight, 'nollan')).toEqual([{ field: 'director', text: 'Christopher Nolan' }]);
    expect(whyMatched(heat, 'man')).toEqual([]);
    expect(whyMatched(darkKnight, 'christophr nolan')).toEqual([{ field: 'director', text: 'Christopher Nolan' }]);
  });
});
