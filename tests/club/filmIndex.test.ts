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
  kind: fc.constantFrom('watch', 'favorite', 'dislike', 'rate', 'watchlist', 'undo'),
  stars: fc.integer({ min: 1, max: 10 }).map((halves) => halves / 2),
});

/** What a walk over every member gives: the index must always say the same. */
function byWalking(data: DeepReadonly<GuildData>, filmId: string): [string, unknown][] {
  return Object.entries(data.memberFilms)
    .flatMap(([user, records]) => (records[filmId] ? [[user, records[filmId]] as [string, unknown]] : []))
    .sort(([a], [b]) => a.localeCompare(b));
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
              return diary.undoLast(actor);
            }),
          );
          const data = await store.read(GUILD);
          const next = FilmIndex.of(data);
          if (index) expect(next).toBe(index);
          index = next;
          for (const filmId of filmIds) {
            expect([...next.recordsOf(filmId)].sort(([a], [b]) => a.localeCompare(b))).toEqual(byWalking(data, filmId));
          }
          // The card's figures agree with a copy of the data the index has never seen (indexed from scratch).
          const copy = JSON.parse(JSON.stringify(data)) as GuildData;
          for (const filmId of filmIds.slice(0, 6)) expect(filmSummary(data, lookup, filmId)).toEqual(filmSummary(copy, lookup, filmId));
        }
        await store.close();
      }),
      { numRuns: 30, seed: 20261207 },
    );
  });
});
