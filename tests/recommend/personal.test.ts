import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Film } from '../../src/catalog/schema.js';
import { UserError } from '../../src/errors.js';
import { ContentModel } from '../../src/recommend/features.js';
import { recommendFor } from '../../src/recommend/personal.js';
import { ClubBuilder, FILMS, films, rankOf, userId } from './helpers.js';

const model = new ContentModel(films());
const ALICE = userId(1);
const ids = (data: Parameters<typeof recommendFor>[0], user = ALICE, limit = 25) =>
  recommendFor(data, model, user, { limit }).items.map((item) => item.film.id);

describe('personal recommendations: the rules', () => {
  it("a disliked director's films fall", () => {
    const base = () => new ClubBuilder().favorite(ALICE, 'holy-motors-2012', 'irma-vep-1996', 'in-the-mood-for-love-2000');
    // Compare over the same candidates: Annette itself leaves the list once disliked.
    const before = ids(base().build()).filter((id) => id !== 'annette-2021');
    const after = ids(base().dislike(ALICE, 'annette-2021').build());
    expect(after).not.toContain('annette-2021');
    for (const carax of ['mauvais-sang-1986', 'les-amants-du-pont-neuf-1991']) {
      expect(rankOf(after, carax)).toBeGreaterThan(rankOf(before, carax));
    }
  });

  it("a disliked director's films fall even when members with the same taste liked them", () => {
    const base = () => {
      const club = new ClubBuilder().favorite(ALICE, 'irma-vep-1996', 'in-the-mood-for-love-2000', 'stalker-1979');
      // Neighbours who liked a Carax film and a Kurosawa film equally.
      for (const n of [2, 3, 4]) {
        club
          .favorite(userId(n), 'irma-vep-1996', 'stalker-1979')
          .watch(userId(n), 'mauvais-sang-1986', { stars: 4 })
          .watch(userId(n), 'yojimbo-1961', { stars: 4 });
      }
      return club;
    };
    const before = ids(base().build()).filter((id) => id !== 'holy-motors-2012');
    const after = ids(base().dislike(ALICE, 'holy-motors-2012').build());
    expect(rankOf(before, 'mauvais-sang-1986')).toBeLessThan(2);
    expect(rankOf(after, 'mauvais-sang-1986')).toBeGreaterThan(rankOf(before, 'mauvais-sang-1986'));
    expect(rankOf(after, 'mauvais-sang-1986')).toBeGreaterThan(rankOf(after, 'yojimbo-1961'));
    expect(rankOf(after, 'les-amants-du-pont-neuf-1991')).toBeGreaterThan(rankOf(before, 'les-amants-du-pont-neuf-1991'));
  });

  it('a director a member keeps disliking stays down even when neighbours loved his film more', () => {
    const club = new ClubBuilder().dislike(ALICE, 'holy-motors-2012', 'annette-2021').favorite(ALICE, 'stalker-1979', 'irma-vep-1996');
    for (const n of [2, 3, 4]) {
      club.favorite(userId(n), 'stalker-1979', 'irma-vep-1996', 'mauvais-sang-1986').watch(userId(n), 'yojimbo-1961', { stars: 4 });
    }
    const order = ids(club.build());
    expect(rankOf(order, 'mauvais-sang-1986')).toBeGreaterThan(rankOf(order, 'yojimbo-1961'));
  });

  it("a favorite's near neighbours rise to the top", () => {
    const base = () => new ClubBuilder().favorite(ALICE, 'irma-vep-1996', 'halloween-1978');
    const before = ids(base().build());
    const after = ids(base().favorite(ALICE, 'stalker-1979').build());
    for (const tarkovsky of ['solaris-1972', 'mirror-1975']) {
      expect(rankOf(after, tarkovsky)).toBeLessThan(rankOf(before, tarkovsky));
      expect(rankOf(after, tarkovsky)).toBeLessThan(4);
    }
  });

  it('a low rating pushes away what a high rating pulls in', () => {
    const loved = ids(new ClubBuilder().watch(ALICE, 'halloween-1978', { stars: 5 }).watch(ALICE, 'irma-vep-1996', { stars: 3 }).build());
    const hated = ids(new ClubBuilder().watch(ALICE, 'halloween-1978', { stars: 1 }).watch(ALICE, 'irma-vep-1996', { stars: 3 }).build());
    expect(rankOf(loved, 'the-fog-1980')).toBeLessThan(rankOf(hated, 'the-fog-1980'));
    expect(rankOf(loved, 'the-fog-1980')).toBe(0);
  });

  it('blends in what members with the same taste loved', () => {
    const club = new ClubBuilder().favorite(ALICE, 'holy-motors-2012', 'stalker-1979', 'seven-samurai-1954');
    for (const n of [2, 3, 4]) club.favorite(userId(n), 'holy-motors-2012', 'stalker-1979', 'seven-samurai-1954', 'chungking-express-1994');
    // Members with other tastes who loved something else count for little.
    club.favorite(userId(5), 'halloween-1978', 'the-fog-1980');
    const result = recommendFor(club.build(), model, ALICE, { limit: 5 });
    expect(result.mode).toBe('personal');
    expect(result.neighbours).toBe(3);
    expect(result.items.slice(0, 3).map((item) => item.film.id)).toContain('chungking-express-1994');
  });

  it('watched, disliked and (by default) watchlisted films never appear, whatever the history', () => {
    const filmIds = FILMS.map((film) => film.id!);
    const history = fc.array(
      fc.record({
        member: fc.integer({ min: 1, max: 4 }),
        film: fc.constantFrom(...filmIds),
        kind: fc.constantFrom('watch', 'favorite', 'dislike', 'rate', 'watchlist'),
        stars: fc.integer({ min: 1, max: 10 }).map((halves) => halves / 2),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(history, fc.boolean(), (events, includeWatchlist) => {
        const club = new ClubBuilder();
        for (const { member, film, kind, stars } of events) {
          const user = userId(member);
          if (kind === 'watchlist') club.watchlist(user, film);
          else club.watch(user, film, { favorite: kind === 'favorite', dislike: kind === 'dislike', stars: kind === 'rate' ? stars : undefined });
        }
        const data = club.build();
        for (let member = 1; member <= 5; member++) {
          const user = userId(member);
          const records = data.memberFilms[user] ?? {};
          const forbidden = Object.entries(records)
            .filter(([, record]) => record.diary.length > 0 || record.dislikeSince || (!includeWatchlist && record.watchlistSince))
            .map(([id]) => id);
          let items: string[];
          try {
            items = recommendFor(data, model, user, { limit: 25, includeWatchlist }).items.map((item) => item.film.id);
          } catch (error) {
            // Only when nothing is left to suggest.
            expect(error).toBeInstanceOf(UserError);
            expect(forbidden.length).toBe(filmIds.length);
            continue;
          }
          for (const id of forbidden) expect(items).not.toContain(id);
          expect(new Set(items).size).toBe(items.length);
          expect(items.length).toBe(Math.min(25, filmIds.length - forbidden.length));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('applies genre, decade and list filters', () => {
    const data = new ClubBuilder().favorite(ALICE, 'holy-motors-2012').build();
    const horror = recommendFor(data, model, ALICE, { genre: 'horror', limit: 25 });
    expect(horror.filters.genre).toBe('Horror');
    expect(horror.items.length).toBe(5);
    for (const item of horror.items) expect(item.film.genres).toContain('Horror');

    const seventies = recommendFor(data, model, ALICE, { decade: "'70s", limit: 25 });
    expect(seventies.filters.decade).toBe(1970);
    for (const item of seventies.items) expect(Math.floor(item.film.year / 10)).toBe(197);

    const list = ['holy-motors-2012', 'solaris-1972', 'yojimbo-1961', 'not-in-catalog-2000'];
    const fromList = recommendFor(data, model, ALICE, { filmIds: list, limit: 25 });
    expect(fromList.items.map((item) => item.film.id).sort()).toEqual(['solaris-1972', 'yojimbo-1961']);
  });

  it('says so when nothing is left to suggest', () => {
    const data = new ClubBuilder().favorite(ALICE, 'halloween-1978', 'the-thing-1982', 'the-fog-1980', 'the-shining-1980', 'eraserhead-1977').build();
    expect(() => recommendFor(data, model, ALICE, { genre: 'Horror' })).toThrow(/no Horror film left/);
    expect(() => recommendFor(data, model, ALICE, { genre: 'Opera' })).toThrow(UserError);
    expect(() => recommendFor(data, model, 'not-a-member')).toThrow(UserError);
  });
});

describe('cold start', () => {
  it('starts from the catalog canon with variety: one film per director', () => {
    const result = recommendFor(new ClubBuilder().build(), model, ALICE, { limit: 9 });
    expect(result.mode).toBe('cold-start');
    expect(result.items).toHaveLength(9);
    const directors = result.items.flatMap((item) => item.film.directors.slice(0, 1));
    expect(new Set(directors).size).toBe(directors.length);
    for (const item of result.items) expect(item.reasons).toEqual([{ kind: 'canon' }]);
  });

  it("puts what the server loved first, then the canon", () => {
    const data = new ClubBuilder()
      .favorite(userId(2), 'the-thing-1982', 'yojimbo-1961')
      .favorite(userId(3), 'the-thing-1982')
      .dislike(userId(4), 'mirror-1975')
      .build();
    const result = recommendFor(data, model, ALICE, { limit: 5 });
    expect(result.mode).toBe('cold-start');
    expect(result.items[0]!.film.id).toBe('the-thing-1982');
    expect(result.items[0]!.because).toBe('2 members of this server loved it');
    expect(result.items[1]!.film.id).toBe('yojimbo-1961');
    // A film the server's votes are against comes after the whole canon.
    const all = recommendFor(data, model, ALICE, { limit: 25 }).items.map((item) => item.film.id);
    expect(all.at(-1)).toBe('mirror-1975');
  });

  it('never repeats a director in ten picks from the bundled catalog', () => {
    const bundled = (JSON.parse(readFileSync(new URL('../../data/films.json', import.meta.url), 'utf8')) as unknown[]).map((film) => Film.parse(film));
    const result = recommendFor(new ClubBuilder().build(), new ContentModel(bundled), ALICE, { limit: 10 });
    const directors = result.items.flatMap((item) => item.film.directors);
    expect(result.items).toHaveLength(10);
    expect(new Set(directors).size).toBe(directors.length);
  });
});
