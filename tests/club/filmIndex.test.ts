import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { FilmIndex } from '../../src/club/filmIndex.js';
import { filmSummary } from '../../src/club/views.js';
import type { DeepReadonly } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import type { GuildData } from '../../src/store/schema.js';
import { FILMS, films, GUILD, userId } from '../recommend/helpers.js';

const filmIds = FILMS.map((film) => film.id!);
const byId = new Map(films().map((film) => [film.id, film]));
const lookup = { get: (id: string) => byId.get(id) };

const step = fc.record({
  member: fc.integer({ min: 1, max: 5 }),
  film: fc.constantFrom(...filmIds.slice(0, 6)),
  kind: fc.constantFrom('watch', 'favorite', 'dislike', 'rate', 'watchlist', 'review', 'unwatch', 'undo'),
  stars: fc.integer({ min: 1, max: 10 }).map((halves) => halves / 2),
});

/** What a walk over every member gives: the index must always say the same. */
function byWalking(data: DeepReadonly<GuildData>, filmId: string): [string, unknown][] {
  return Object.entries(data.memberFilms)
    .flatMap(([user, records]) => (records[filmId] ? [[user, records[filmId]] as [string, unknown]] : []))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The card's figures as the card shows them. */
function cardFigures(card: ReturnType<typeof filmSummary>) {
  return {
    watchers: card.watchers,
    viewings: card.viewings,
    favorites: card.favorites.count,
    dislikes: card.dislikes.count,
    watchlisted: card.watchlisted,
    ratings: card.ratings.count,
    average: card.ratings.average,
    seenBy: card.seenBy.members.map((member) => member.userId),
    reviews: card.reviews.items.map((review) => review.entryId),
    reviewTotal: card.reviews.total,
  };
}

/** The same figures by a walk over every member and a sort, as the card computed them before it had an index. */
function cardByWalking(data: DeepReadonly<GuildData>, filmId: string): ReturnType<typeof cardFigures> {
  const records = byWalking(data, filmId) as [string, DeepReadonly<GuildData['memberFilms'][string][string]>][];
  const seen = records.filter(([, record]) => record.diary.length > 0 || record.seenSince !== undefined);
  const ratings = records.flatMap(([, record]) => (record.rating ? [record.rating.stars] : []));
  const last = (record: (typeof records)[number][1]) => record.diary.at(-1);
  const byLast = seen.sort(([userA, a], [userB, b]) => {
    const [x, y] = [last(a), last(b)];
    if (x && y) return y.watchedOn.localeCompare(x.watchedOn) || y.loggedAt.localeCompare(x.loggedAt) || userA.localeCompare(userB);
    return x ? -1 : y ? 1 : userA.localeCompare(userB);
  });
  const reviews = records
    .flatMap(([, record]) => record.diary.filter((entry) => entry.review))
    .sort((a, b) => b.review!.createdAt.localeCompare(a.review!.createdAt) || parseInt(b.id.slice(1), 36) - parseInt(a.id.slice(1), 36));
  return {
    watchers: seen.length,
    viewings: records.reduce((sum, [, record]) => sum + record.diary.length, 0),
    favorites: seen.filter(([, record]) => record.favoriteSince).length,
    dislikes: seen.filter(([, record]) => record.dislikeSince).length,
    watchlisted: records.filter(([, record]) => record.watchlistSince).length,
    ratings: ratings.length,
    average: ratings.length ? ratings.reduce((sum, stars) => sum + stars, 0) / ratings.length : undefined,
    seenBy: byLast.slice(0, 25).map(([user]) => user),
    reviews: reviews.slice(0, 25).map((entry) => entry.id),
    reviewTotal: reviews.length,
  };
}

describe('the film index (film → members’ records) kept from the store’s commits', () => {
  it('after any sequence of changes, holds exactly the records a walk over every member finds, and is carried forward rather than rebuilt', async () => {
    // Seed printed by fast-check on failure; fixed here so a run is reproducible.
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), async (bursts) => {
        const store = createMemoryGuildStore();
        let minute = 0;
        const diary = new ClubDiary({ store, films: lookup, now: () => new Date(Date.UTC(2024, 5, 15, 12, minute++)) });
        let index: FilmIndex | undefined;
        let data = await store.read(GUILD);
        for (const burst of bursts) {
          // Each burst goes to the store at once: several members' changes land in one commit.
          await Promise.allSettled(
            burst.map(({ member, film, kind, stars }) => {
              const actor = { guildId: GUILD, userId: userId(member), name: `Member ${member}` };
              if (kind === 'watch') return diary.watch(actor, film);
              if (kind === 'favorite') return diary.favorite(actor, film);
              if (kind === 'dislike') return diary.dislike(actor, film);
              if (kind === 'rate') return diary.rate(actor, film, stars);
              if (kind === 'watchlist') return diary.addToWatchlist(actor, film);
              if (kind === 'review') return diary.review(actor, film, { text: `Review ${minute}`, ...(stars > 3 ? { stars } : {}) });
              if (kind === 'unwatch') {
                const entry = data.memberFilms[userId(member)]?.[film]?.diary[0];
                return entry ? diary.deleteEntry(actor, entry.id) : Promise.resolve();
              }
              return diary.undoLast(actor);
            }),
          );
          data = await store.read(GUILD);
          const next = FilmIndex.of(data);
          if (index) expect(next).toBe(index);
          index = next;
          for (const filmId of filmIds) {
            expect([...next.recordsOf(filmId)].sort(([a], [b]) => a.localeCompare(b))).toEqual(byWalking(data, filmId));
          }
          // The card's figures agree with a copy of the data the index has never seen (indexed from scratch).
          const copy = JSON.parse(JSON.stringify(data)) as GuildData;
          for (const filmId of filmIds.slice(0, 6)) {
            const card = filmSummary(data, lookup, filmId, { seenBy: 25, reviews: 25 });
            expect(card).toEqual(filmSummary(copy, lookup, filmId, { seenBy: 25, reviews: 25 }));
            expect(cardFigures(card)).toEqual(cardByWalking(data, filmId));
          }
        }
        await store.close();
      }),
      { numRuns: 30, seed: 20261207 },
    );
  });
});
