import { describe, expect, it } from 'vitest';
import { FilmMatcher, type MatchOutcome } from '../../src/import/match.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { film } from '../search/fixtures.js';
import { testCatalog } from './helpers.js';

const matcher = new FilmMatcher(testCatalog());
const describeOutcome = (outcome: MatchOutcome) =>
  outcome.status === 'matched'
    ? `${outcome.how}:${outcome.film.id}`
    : outcome.status === 'ambiguous'
      ? `ambiguous:${outcome.candidates.map((film) => film.id).join(',')}`
      : 'unmatched';
const match = (title: string, year?: number, extra: { akaTitles?: string[]; imdb?: string; letterboxdSlug?: string } = {}) =>
  describeOutcome(matcher.match({ title, year, ...extra }));

describe('matching import rows to the catalog', () => {
  it('tells films of the same title apart by year', () => {
    expect(match('Heat', 1995)).toBe('title:heat-1995');
    expect(match('Heat', 1986)).toBe('title:heat-1986');
    expect(match('Heat', 1972)).toBe('title:heat-1972');
    expect(match('Heat')).toBe('ambiguous:heat-1972,heat-1986,heat-1995');
  });

  it('asks about a year one off, never offers two off', () => {
    // Release years differ by one between databases, but so do a film and its look-alike: the member checks.
    expect(match('Oldboy', 2004)).toBe('ambiguous:oldboy-2003');
    expect(match('Oldboy', 2002)).toBe('ambiguous:oldboy-2003');
    expect(match('Oldboy', 2005)).toBe('unmatched');
    expect(match('Oldboy', 2001)).toBe('unmatched');
    // The exact year wins over the neighbouring one.
    expect(match('Heat', 1996)).toBe('ambiguous:heat-1995');
    expect(matcher.match({ title: 'Solaris', year: 1987 })).toEqual({ status: 'unmatched', reason: 'the catalog has this title from 1972, 2002, not 1987' });
  });

  it('ignores accents, articles, punctuation and library order', () => {
    expect(match('Amelie', 2001)).toBe('title:amelie-2001');
    expect(match('Godfather, The', 1972)).toBe('title:the-godfather-1972');
    expect(match('Paris Texas', 1984)).toBe('title:paris-texas-1984');
    expect(match('TAR', 2022)).toBe('title:tar-2022');
  });

  it("uses the catalog's original and alternative titles, then the file's AKA", () => {
    expect(match('The Bicycle Thief', 1948)).toBe('title:bicycle-thieves-1948');
    expect(match("Le Fabuleux Destin d'Amélie Poulain", 2001)).toBe('title:amelie-2001');
    expect(match('Ladri di biciclette', 1948, { akaTitles: ['Bicycle Thieves'] })).toBe('aka:bicycle-thieves-1948');
  });

  it('trusts external ids, within the year rule', () => {
    expect(match('Stalker (Сталкер)', 1979, { imdb: 'tt0079944' })).toBe('id:stalker-1979');
    expect(match('Heat: the director’s cut', 1995, { letterboxdSlug: 'heat-1995' })).toBe('id:heat-1995');
    expect(match('Stalker', 1990, { imdb: 'tt0079944' })).toBe('unmatched');
  });

  it('offers a near title as a choice, and takes it only when the original title agrees', () => {
    expect(match('Portrait of a Lady on Fier', 2019)).toBe('ambiguous:portrait-of-a-lady-on-fire-2019');
    expect(match('Holy Motor', 2012)).toBe('ambiguous:holy-motors-2012');
    // Without a year a near title is only a suggestion.
    expect(match('Holy Motor')).toBe('ambiguous:holy-motors-2012');
    expect(match('Dune Part 2', 2024)).toMatch(/^(fuzzy|ambiguous):dune-part-two-2024/);
  });

  it('never matches on people or words the title does not have', () => {
    // The catalog's search would find Tarkovsky's films by director; an import row is a title.
    expect(match('Andrei Tarkovsky', 1979)).toBe('unmatched');
    expect(match('Some Obscure Short', 2015)).toBe('unmatched');
  });
});

describe('rows for films the catalog lacks (first-evening)', () => {
  const lookAlikes = new FilmMatcher(
    new Catalog([
      film({ title: 'Atlantics', year: 2019, originalTitle: 'Atlantique', directors: ['Mati Diop'] }),
      film({ title: 'Sinister', year: 2012, directors: ['Scott Derrickson'] }),
      film({ title: 'Killer!', year: 1990, directors: ['Someone Else'] }),
      film({ title: 'Black Rain', year: 1989, directors: ['Ridley Scott'], externalIds: { imdb: 'tt0096933' } }),
      film({ title: 'Son of God', year: 2014, directors: ['Christopher Spencer'] }),
      film({ title: 'Oldboy', year: 2003, originalTitle: 'Oldeuboi', directors: ['Park Chan-wook'] }),
      film({ title: 'Portrait of a Lady on Fire', year: 2019, originalTitle: 'Portrait de la jeune fille en feu' }),
    ]),
  );
  const outcome = (title: string, year?: number, extra: { akaTitles?: string[]; imdb?: string } = {}) => describeOutcome(lookAlikes.match({ title, year, ...extra }));

  it('does not take a look-alike: a near title or a year one off needs a choice', () => {
    expect(outcome('Atlantis', 2019)).toBe('ambiguous:atlantics-2019');
    expect(outcome('The Killer', 1989)).toBe('ambiguous:killer-1990');
    expect(outcome("L'exercice de l'État", 2011)).toBe('unmatched');
  });

  it('never takes or offers a film whose IMDb id is another', () => {
    // Imamura's Kuroi ame, known in English as Black Rain, like Ridley Scott's film of the same year.
    expect(outcome('Kuroi ame', 1989, { akaTitles: ['Black Rain'], imdb: 'tt0097694' })).toBe('unmatched');
    expect(outcome('Black Rain', 1989, { imdb: 'tt0096933' })).toBe('id:black-rain-1989');
  });

  it('offers only plausible candidates: Son of Saul is not Son of God', () => {
    expect(outcome('Son of Saul', 2015)).toBe('unmatched');
  });

  it('takes a year one off or a near title when the original title agrees', () => {
    expect(outcome('Oldboy', 2004, { akaTitles: ['Oldeuboi'] })).toBe('title:oldboy-2003');
    expect(outcome('Portrait of a Lady on Fier', 2019, { akaTitles: ['Portrait de la jeune fille en feu'] })).toMatch(/^(aka|fuzzy):portrait-of-a-lady-on-fire-2019$/);
  });
});
