import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ContentModel } from '../../src/recommend/features.js';
import { randomFor } from '../../src/recommend/random.js';
import { seededRandom } from '../../src/recommend/rng.js';
import { ClubBuilder, films, userId } from './helpers.js';

const model = new ContentModel(films());
const ALICE = userId(1);
const fixed = (value: number) => () => value;

describe('random pick', () => {
  const data = new ClubBuilder()
    .watchlist(ALICE, 'stalker-1979', 'the-thing-1982', 'yojimbo-1961')
    .watch(ALICE, 'halloween-1978')
    .watchlist(ALICE, 'halloween-1978') // a planned rewatch
    .favorite(ALICE, 'solaris-1972')
    .build();

  it('is repeatable with a seeded source and varies across draws', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 12 }, () => randomFor(data, model, ALICE, {}, random).film.id);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(new Set(draw(7)).size).toBeGreaterThan(4);
  });

  it('the random source picks the position in the pool', () => {
    const first = randomFor(data, model, ALICE, { from: 'watchlist' }, fixed(0));
    const last = randomFor(data, model, ALICE, { from: 'watchlist' }, fixed(0.999999));
    expect(first.poolSize).toBe(4);
    expect(first.film.id).not.toBe(last.film.id);
    // A source returning exactly 1 (or junk) still lands inside the pool.
    expect(randomFor(data, model, ALICE, { from: 'watchlist' }, fixed(1)).film.id).toBe(last.film.id);
    expect(randomFor(data, model, ALICE, { from: 'watchlist' }, fixed(Number.NaN)).film.id).toBe(first.film.id);
  });

  it('from the watchlist: only watchlisted films, rewatches unless unseen is asked', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add(randomFor(data, model, ALICE, { from: 'watchlist' }, fixed(i / 4)).film.id);
    expect(seen).toEqual(new Set(['stalker-1979', 'the-thing-1982', 'yojimbo-1961', 'halloween-1978']));
    const rewatch = [...Array(4).keys()].map((i) => randomFor(data, model, ALICE, { from: 'watchlist' }, fixed(i / 4)));
    expect(rewatch.find((pick) => pick.film.id === 'halloween-1978')?.seen).toBe(true);
    const unseen = randomFor(data, model, ALICE, { from: 'watchlist', unseen: true }, fixed(0));
    expect(unseen.poolSize).toBe(3);
  });

  it('applies genre and decade filters', () => {
    const pick = randomFor(data, model, ALICE, { from: 'watchlist', genre: 'horror' }, fixed(0.5));
    expect(pick.film.id).toBe('the-thing-1982');
    const catalog = randomFor(data, model, ALICE, { decade: 1970, unseen: true }, fixed(0));
    expect(catalog.filters.decade).toBe(1970);
    expect(Math.floor(catalog.film.year / 10)).toBe(197);
    expect(catalog.film.id).not.toBe('halloween-1978');
  });

  it('draws from a list, and only from it', () => {
    const list = ['mirror-1975', 'rashomon-1950', 'solaris-1972'];
    for (let i = 0; i < 3; i++) expect(list).toContain(randomFor(data, model, ALICE, { from: 'list', filmIds: list }, fixed(i / 3)).film.id);
    expect(randomFor(data, model, ALICE, { from: 'list', filmIds: list, unseen: true }, fixed(0)).poolSize).toBe(2);
  });

  it('says plainly why nothing could be drawn', () => {
    const empty = new ClubBuilder().build();
    expect(() => randomFor(empty, model, ALICE, { from: 'watchlist' }, fixed(0))).toThrow('Your watchlist is empty: add films to it first.');
    expect(() => randomFor(data, model, ALICE, { from: 'list' }, fixed(0))).toThrow('Choose the list to draw from.');
    expect(() => randomFor(data, model, ALICE, { from: 'list', filmIds: ['nothing-known-2000'] }, fixed(0))).toThrow('That list has no films I know.');
    expect(() => randomFor(data, model, ALICE, { from: 'watchlist', genre: 'Western' }, fixed(0))).toThrow(UserError);
    expect(() => randomFor(data, model, ALICE, { from: 'watchlist', genre: 'Comedy' }, fixed(0))).toThrow(
      'There is no Comedy film on your watchlist.',
    );
    expect(() => randomFor(data, model, ALICE, { from: 'watchlist', decade: 1980, unseen: true, genre: 'Thriller' }, fixed(0))).toThrow(
      "There is no Thriller film of the 1980s you haven't seen on your watchlist.",
    );
  });
});
