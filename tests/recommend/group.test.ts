import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ContentModel } from '../../src/recommend/features.js';
import { groupFor, percentiles } from '../../src/recommend/group.js';
import { ClubBuilder, FILMS, films, rankOf, userId } from './helpers.js';

const model = new ContentModel(films());
const ALICE = userId(1);
const BOB = userId(2);
const CAROL = userId(3);

describe('group suggestions', () => {
  it('exclude any film any member has seen or disliked, whatever the histories', () => {
    const filmIds = FILMS.map((film) => film.id!);
    const history = fc.array(
      fc.record({
        member: fc.integer({ min: 1, max: 4 }),
        film: fc.constantFrom(...filmIds),
        kind: fc.constantFrom('watch', 'favorite', 'dislike', 'watchlist'),
      }),
      { maxLength: 50 },
    );
    fc.assert(
      fc.property(history, fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (events, group) => {
        const club = new ClubBuilder();
        for (const { member, film, kind } of events) {
          if (kind === 'watchlist') club.watchlist(userId(member), film);
          else club.watch(userId(member), film, { favorite: kind === 'favorite', dislike: kind === 'dislike' });
        }
        const data = club.build();
        const members = group.map(userId);
        const seen = new Set(
          members.flatMap((user) =>
            Object.entries(data.memberFilms[user] ?? {})
              .filter(([, record]) => record.diary.length > 0 || record.dislikeSince)
              .map(([id]) => id),
          ),
        );
        let items;
        try {
          items = groupFor(data, model, members, { limit: 25 }).items;
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect(seen.size).toBe(filmIds.length);
          return;
        }
        expect(items.length).toBe(Math.min(25, filmIds.length - seen.size));
        for (const item of items) {
          expect(seen.has(item.film.id)).toBe(false);
          expect(item.members.map((fit) => fit.userId).sort()).toEqual([...members].sort());
          for (const fit of item.members) {
            expect(fit.fit).toBeGreaterThanOrEqual(0);
            expect(fit.fit).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('least misery: a film one member would hate sinks, however much another wants it', () => {
    const data = new ClubBuilder()
      .name(ALICE, 'Alice')
      .name(BOB, 'Bob')
      // Alice cannot stand Carax; she loves Tarkovsky.
      .dislike(ALICE, 'holy-motors-2012', 'annette-2021')
      .favorite(ALICE, 'stalker-1979')
      // Bob loves Carax and likes Tarkovsky well enough.
      .favorite(BOB, 'holy-motors-2012', 'annette-2021')
      .watch(BOB, 'andrei-rublev-1966', { stars: 4 })
      .build();
    const together = groupFor(data, model, [ALICE, BOB], { limit: 25 });
    const order = together.items.map((item) => item.film.id);
    // Bob on his own would pick the Carax films over the other Tarkovskys…
    const bobAlone = groupFor(data, model, [BOB], { limit: 25 }).items.map((item) => item.film.id);
    for (const carax of ['les-amants-du-pont-neuf-1991', 'mauvais-sang-1986']) {
      expect(rankOf(bobAlone, carax)).toBeLessThan(4);
      expect(rankOf(bobAlone, carax)).toBeLessThan(rankOf(bobAlone, 'solaris-1972'));
    }
    // …but together a Tarkovsky film wins and the Carax films fall out of the top.
    expect(['solaris-1972', 'mirror-1975']).toContain(order[0]);
    expect(rankOf(order, 'mauvais-sang-1986')).toBeGreaterThan(5);
    expect(rankOf(order, 'les-amants-du-pont-neuf-1991')).toBeGreaterThan(5);
    const top = together.items[0]!;
    expect(top.members.map((fit) => fit.name)).toEqual(expect.arrayContaining(['Alice', 'Bob']));
    expect(top.members[0]!.fit).toBeLessThanOrEqual(top.members[1]!.fit);
    expect(top.because).toMatch(/least keen: (Alice|Bob) \(\d+% fit\)/);
    const alice = top.members.find((fit) => fit.userId === ALICE)!;
    expect(alice.because).toMatch(/^Alice favorited Stalker/);
  });

  it("names whose watchlist a suggestion is on, and keeps watchlisted films in play", () => {
    const data = new ClubBuilder()
      .name(ALICE, 'Alice')
      .name(CAROL, 'Carol')
      .favorite(ALICE, 'seven-samurai-1954')
      .watchlist(CAROL, 'yojimbo-1961')
      .favorite(CAROL, 'rashomon-1950')
      .build();
    const result = groupFor(data, model, [ALICE, CAROL], { limit: 3 });
    const yojimbo = result.items.find((item) => item.film.id === 'yojimbo-1961');
    expect(yojimbo).toBeDefined();
    expect(yojimbo!.reasons).toEqual([{ kind: 'watchlist', names: ['Carol'] }]);
    expect(yojimbo!.because).toMatch(/^on Carol’s watchlist; least keen/);
  });

  it('refuses an empty or oversized group', () => {
    const data = new ClubBuilder().build();
    expect(() => groupFor(data, model, [])).toThrow(UserError);
    expect(() => groupFor(data, model, Array.from({ length: 26 }, (_, i) => userId(i + 1)))).toThrow(UserError);
  });
});

describe('percentiles', () => {
  it('maps the best to 1, the worst to 0, and ties to their shared rank', () => {
    expect([...percentiles(Float64Array.from([3, 1, 2]))]).toEqual([1, 0, 0.5]);
    expect([...percentiles(Float64Array.from([5, 5, 0]))]).toEqual([0.75, 0.75, 0]);
    expect([...percentiles(Float64Array.from([7]))]).toEqual([1]);
  });
});
