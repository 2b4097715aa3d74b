import fc from 'fast-check';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { ClubMatrix, clubMatrixFor, LiveClubMatrices } from '../../src/recommend/club.js';
import { ContentModel } from '../../src/recommend/features.js';
import { Recommender } from '../../src/recommend/recommender.js';
import { seededRandom } from '../../src/recommend/rng.js';
import type { DeepReadonly } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import type { GuildData } from '../../src/store/schema.js';
import { applyEvents, clubEvent, memberAnswers } from './clubEvents.js';
import { catalog, ClubBuilder, FILMS, films, GUILD, userId } from './helpers.js';

const model = new ContentModel(films());
const filmIds = FILMS.map((film) => film.id!);
const plain = (data: DeepReadonly<GuildData>) => JSON.parse(JSON.stringify(data)) as GuildData;

function totals(matrix: ClubMatrix) {
  const postings = Object.fromEntries(
    matrix.filmIds.map((filmId, id) => [filmId, matrix.itemMembers[id]!.map((m, k) => [matrix.rows[m]!.userId, matrix.itemVotes[id]![k], matrix.itemFlags[id]![k]])]),
  );
  return { records: matrix.records, watchers: [...matrix.watchers], lovers: [...matrix.lovers], server: [...matrix.serverScore], postings };
}

/** A server of `members` members, each with a few favorites and watches, written through the diary. */
async function club(members: number) {
  const store = createMemoryGuildStore();
  const films = catalog();
  let at = Date.parse('2024-06-15T12:00:00.000Z');
  const diary = new ClubDiary({ store, films, now: () => new Date((at += 60_000)) });
  const actor = (n: number) => ({ guildId: GUILD, userId: userId(n), name: `Member ${n}` });
  for (let n = 1; n <= members; n++) {
    await diary.favorite(actor(n), filmIds[n % filmIds.length]!);
    await diary.favorite(actor(n), filmIds[(n + 7) % filmIds.length]!);
    await diary.watch(actor(n), filmIds[(n * 5 + 1) % filmIds.length]!, { stars: 1 + (n % 5) });
  }
  return { store, films, diary, actor };
}

describe('the first build of a server’s club matrix, in slices', () => {
  it('leaves the event loop to other work, and a request arriving meanwhile gets what a fresh process gives once it is built', async () => {
    const { store, films, diary, actor } = await club(30);
    // One member per slice: the build takes at least 30 turns of the event loop.
    const recommender = new Recommender({ store, films, random: seededRandom(1), buildSliceMs: 0 });
    let turns = 0;
    let building = true;
    const ticking = (async () => {
      while (building) {
        turns += 1;
        await nextTurn();
      }
    })();
    const first = recommender.recommend(GUILD, userId(1));
    await nextTurn();
    // A second request and a write arrive while the build runs.
    const second = recommender.recommend(GUILD, userId(2));
    let wrote = false;
    const write = diary.favorite(actor(1), 'the-thing-1982').then(() => (wrote = true));
    const answers = await Promise.all([first, second]);
    building = false;
    await ticking;
    await write;
    expect(turns).toBeGreaterThanOrEqual(30);
    // The write was acknowledged before the build ended, and both answers include it: they are from the state
    // the store has once the build is done, not from the snapshot the first request started with.
    expect(wrote).toBe(true);
    const fresh = new Recommender({ store, films, random: seededRandom(1) });
    const expected = await Promise.all([fresh.recommend(GUILD, userId(1)), fresh.recommend(GUILD, userId(2))]);
    expect(answers).toEqual(expected);
    expect(answers[0]!.items.map((item) => item.film.id)).not.toContain('the-thing-1982');
    // And what the two recommenders answer agrees with a matrix built at once from a plain copy of the state.
    const state = plain(await store.read(GUILD));
    expect(memberAnswers(state, model)).toEqual(memberAnswers(plain(await store.read(GUILD)), model));
  });

  it('with writes landing between any two members of the build, ends equal to a build of the store’s latest state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clubEvent(8), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(10), fc.array(clubEvent(8), { minLength: 1, maxLength: 3 })), { maxLength: 4 }),
        async (history, writes) => {
          const start = new ClubBuilder();
          applyEvents(start, history);
          const store = createMemoryGuildStore();
          const initial = start.build();
          await store.update(GUILD, (data) => {
            for (const [user, records] of Object.entries(initial.memberFilms)) data.memberFilms[user] = structuredClone(records) as GuildData['memberFilms'][string];
          });
          const live = new LiveClubMatrices({}, {}, { sliceMs: 0 });
          const read = () => store.read(GUILD);
          const built = live.prepareAsync(GUILD, await read(), model, read);
          // Each write lands after a few turns of the event loop, that is between members of the build.
          const later = start;
          for (const [turns, events] of writes) {
            for (let i = 0; i < turns; i++) await nextTurn();
            applyEvents(later, events);
            const next = later.build();
            await store.update(GUILD, (data) => {
              for (const [user, records] of Object.entries(next.memberFilms)) {
                if (JSON.stringify(records) !== JSON.stringify(data.memberFilms[user])) data.memberFilms[user] = structuredClone(records) as GuildData['memberFilms'][string];
              }
            });
          }
          await built;
          // Catch up with writes acknowledged after the build had resolved, as the next request does: a patch.
          const latest = await read();
          const matrix = live.prepare(GUILD, latest, model);
          expect(clubMatrixFor(latest, model)).toBe(matrix);
          expect(totals(matrix)).toEqual(totals(new ClubMatrix(plain(latest), model)));
          expect(memberAnswers(latest as GuildData, model)).toEqual(memberAnswers(plain(latest), model));
        },
      ),
      { numRuns: 30 },
    );
  });
});
