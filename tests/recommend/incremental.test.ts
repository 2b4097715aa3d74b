import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { ClubMatrix, LiveClubMatrices } from '../../src/recommend/club.js';
import { ContentModel } from '../../src/recommend/features.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import type { GuildData } from '../../src/store/schema.js';
import { applyEvents, clubEvent, memberAnswers } from './clubEvents.js';
import { ClubBuilder, FILMS, films, GUILD, userId } from './helpers.js';

const model = new ContentModel(films());
const filmIds = FILMS.map((film) => film.id!);

const event = clubEvent(6);
const apply = applyEvents;
const answers = (data: GuildData) => memberAnswers(data, model);

function totals(matrix: ClubMatrix) {
  const postings = Object.fromEntries(
    matrix.filmIds.map((filmId, id) => [filmId, matrix.itemMembers[id]!.map((m, k) => [matrix.rows[m]!.userId, matrix.itemVotes[id]![k], matrix.itemFlags[id]![k], matrix.rows[m]!.flags[matrix.itemAt[id]![k]!]])]),
  );
  return { watchers: [...matrix.watchers], lovers: [...matrix.lovers], server: [...matrix.serverScore], postings };
}

describe('incremental update of the club matrix', () => {
  it('patching the members who changed gives what a full rebuild gives', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 40 }), fc.array(fc.array(event, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (history, writes) => {
        const club = new ClubBuilder();
        apply(club, history);
        const live = new LiveClubMatrices();
        const first = live.prepare(GUILD, club.build(), model);
        for (const write of writes) {
          apply(club, write);
          const data = club.build();
          const patched = live.prepare(GUILD, data, model);
          // The previous matrix was patched, not replaced by a rebuild.
          expect(patched).toBe(first);
          const rebuilt = new ClubMatrix(data, model);
          expect(totals(patched)).toEqual(totals(rebuilt));
          // A copy of the snapshot has no matrix yet: answering for it builds one from scratch.
          expect(answers(data)).toEqual(answers(structuredClone(data)));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rebuilds when a member vanished from the data, and when many members changed at once', () => {
    const club = new ClubBuilder().favorite(userId(1), 'holy-motors-2012').favorite(userId(2), 'holy-motors-2012', 'annette-2021');
    const live = new LiveClubMatrices();
    const before = club.build();
    const first = live.prepare(GUILD, before, model);
    const without = structuredClone(before) as GuildData;
    delete without.memberFilms[userId(2)];
    const after = live.prepare(GUILD, without, model);
    expect(after).not.toBe(first);
    expect(after.row(userId(2))).toBeUndefined();
    expect(totals(after)).toEqual(totals(new ClubMatrix(without, model)));

    const busy = new ClubBuilder();
    for (let n = 1; n <= 60; n++) busy.favorite(userId(n), 'stalker-1979');
    expect(live.prepare(GUILD, busy.build(), model)).not.toBe(after);
  });

  it('two holders (the recommender and the party ranker) never leave an older snapshot registered to a patched matrix', () => {
    const club = new ClubBuilder().favorite(userId(1), 'holy-motors-2012').favorite(userId(2), 'holy-motors-2012', 'annette-2021');
    const recommender = new LiveClubMatrices();
    const parties = new LiveClubMatrices();
    const first = club.build();
    const matrix = recommender.prepare(GUILD, first, model);
    expect(parties.prepare(GUILD, first, model)).toBe(matrix);
    club.favorite(userId(1), 'the-thing-1982');
    const second = club.build();
    expect(recommender.prepare(GUILD, second, model)).toBe(matrix);
    club.dislike(userId(2), 'the-thing-1982');
    const third = club.build();
    // The party ranker last saw `first`; it patches the same matrix on to `third`…
    expect(parties.prepare(GUILD, third, model)).toBe(matrix);
    expect(totals(matrix)).toEqual(totals(new ClubMatrix(third, model)));
    // …so a late request for `second` must get a matrix of its own, not the one now describing `third`.
    const late = recommender.prepare(GUILD, second, model);
    expect(totals(late)).toEqual(totals(new ClubMatrix(second, model)));
    expect(answers(second)).toEqual(answers(structuredClone(second)));
  });

  it('after a write through the store, untouched members are the very same records, and the patched matrix equals a rebuild', async () => {
    const store = createMemoryGuildStore();
    const catalog = films();
    const byId = new Map(catalog.map((film) => [film.id, film]));
    let minute = 0;
    const diary = new ClubDiary({ store, films: { get: (id) => byId.get(id) }, now: () => new Date(Date.UTC(2024, 5, 15, 12, minute++)) });
    const actor = (n: number) => ({ guildId: GUILD, userId: userId(n), name: `Member ${n}` });
    for (let n = 1; n <= 5; n++) {
      await diary.favorite(actor(n), filmIds[n]!);
      await diary.watch(actor(n), filmIds[n + 1]!, { stars: 4 });
    }
    const live = new LiveClubMatrices();
    const before = (await store.read(GUILD)) as GuildData;
    const first = live.prepare(GUILD, before, model);
    // Member maps are live views (the store writes each durable batch's members into them), so keep the records.
    const [member1, member2] = [before.memberFilms[userId(1)], before.memberFilms[userId(2)]];
    await diary.dislike(actor(2), filmIds[0]!);
    const after = (await store.read(GUILD)) as GuildData;
    // What lets the patch skip comparing records: the store's snapshots share what a write did not touch.
    expect(after.memberFilms[userId(1)]).toBe(member1);
    expect(after.memberFilms[userId(2)]).not.toBe(member2);
    const patched = live.prepare(GUILD, after, model);
    expect(patched).toBe(first);
    expect(totals(patched)).toEqual(totals(new ClubMatrix(after, model)));
    await store.close();
  });
});
