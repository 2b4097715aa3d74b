import { describe, expect, it } from 'vitest';
import type { ClubDiary } from '../../src/club/diary.js';
import { UNDO_PER_MEMBER } from '../../src/club/changes.js';
import type { Actor } from '../../src/club/types.js';
import { UserError } from '../../src/errors.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { ALICE, BOB, GUILD, setup } from './helpers.js';

/** What members can observe: records and the feed (not id counters or undo bookkeeping). */
async function visible(store: GuildStore) {
  const data = await store.read(GUILD);
  return JSON.parse(JSON.stringify({ memberFilms: data.memberFilms, activity: data.activity })) as unknown;
}

type Op = { name: string; prepare?: (diary: ClubDiary) => Promise<unknown>; run: (diary: ClubDiary) => Promise<{ undoToken: string }> };

const F = 'irma-vep-1996';
const watchedWithReview = async (diary: ClubDiary) => diary.review(ALICE, F, { text: 'First take.', stars: 3, on: '2020-02-02' });
const entryOf = async (diary: ClubDiary) => (await diary.memberFilm(GUILD, ALICE.userId, F)).entries[0]!.id;

// Each kind of change, from a state where it does something interesting.
const OPS: Op[] = [
  { name: 'watch', run: (d) => d.watch(ALICE, F, { stars: 4 }) },
  { name: 'watch off the watchlist', prepare: (d) => d.addToWatchlist(ALICE, F), run: (d) => d.watch(ALICE, F) },
  { name: 'rewatch', prepare: watchedWithReview, run: (d) => d.watch(ALICE, F, { on: '2024-01-01', stars: 5 }) },
  { name: 'favorite (with implicit watch)', run: (d) => d.favorite(ALICE, F) },
  { name: 'favorite clearing a dislike', prepare: (d) => d.dislike(ALICE, F), run: (d) => d.favorite(ALICE, F) },
  { name: 'unfavorite', prepare: (d) => d.favorite(ALICE, F), run: (d) => d.unfavorite(ALICE, F) },
  { name: 'dislike', prepare: (d) => d.watch(ALICE, F), run: (d) => d.dislike(ALICE, F) },
  { name: 'undislike', prepare: (d) => d.dislike(ALICE, F), run: (d) => d.undislike(ALICE, F) },
  { name: 'watchlist', run: (d) => d.addToWatchlist(ALICE, F) },
  { name: 'unwatchlist', prepare: (d) => d.addToWatchlist(ALICE, F), run: (d) => d.removeFromWatchlist(ALICE, F) },
  { name: 'rate', prepare: (d) => d.rate(ALICE, F, 2), run: (d) => d.rate(ALICE, F, 4.5) },
  { name: 'unrate', prepare: (d) => d.rate(ALICE, F, 2), run: (d) => d.unrate(ALICE, F) },
  { name: 'review (new entry)', run: (d) => d.review(ALICE, F, { text: 'Vampires!', stars: 4 }) },
  {
    name: 'review replacing another',
    prepare: watchedWithReview,
    run: async (d) => d.review(ALICE, F, { text: 'Second thoughts.', stars: 4.5, entryId: await entryOf(d) }),
  },
  { name: 'delete review', prepare: watchedWithReview, run: async (d) => d.deleteReview(ALICE, await entryOf(d)) },
  {
    name: 'delete last entry (clears favorite and rating)',
    prepare: async (d) => {
      await d.watch(ALICE, F);
      await d.favorite(ALICE, F);
      await d.rate(ALICE, F, 5);
    },
    run: async (d) => d.deleteEntry(ALICE, await entryOf(d)),
  },
  { name: 'change date', prepare: watchedWithReview, run: async (d) => d.changeDate(ALICE, await entryOf(d), '2019-09-09') },
];

describe('undo', () => {
  it.each(OPS)('restores exactly the previous state: $name', async (op) => {
    const { diary, store } = setup();
    await diary.watch(BOB, F); // someone else's record of the same film must stay untouched
    await op.prepare?.(diary);
    const before = await visible(store);
    const change = await op.run(diary);
    expect(await visible(store)).not.toEqual(before);
    const undone = await diary.undo(ALICE, change.undoToken);
    expect(undone.film.title).toBe('Irma Vep');
    expect(undone.undone.length).toBeGreaterThan(0);
    expect(await visible(store)).toEqual(before);
  });

  it('only the actor may undo, and only once', async () => {
    const { diary, store } = setup();
    const { undoToken } = await diary.favorite(ALICE, F);
    const state = await visible(store);
    await expect(diary.undo(BOB, undoToken)).rejects.toThrow(/Only the member who made a change/);
    expect(await visible(store)).toEqual(state);
    await diary.undo(ALICE, undoToken);
    await expect(diary.undo(ALICE, undoToken)).rejects.toThrow(UserError);
    await expect(diary.undo(ALICE, 'e-not-a-token')).rejects.toThrow(/can no longer be undone/);
  });

  it('refuses to undo a change that a later change built on, until that one is undone', async () => {
    const { diary, store } = setup();
    const initial = await visible(store);
    const watched = await diary.watch(ALICE, F);
    const rated = await diary.rate(ALICE, F, 4);
    await expect(diary.undo(ALICE, watched.undoToken)).rejects.toThrow(/changed since/);
    await diary.undo(ALICE, rated.undoToken);
    await diary.undo(ALICE, watched.undoToken);
    expect(await visible(store)).toEqual(initial);
  });

  it('undoes changes to other films independently', async () => {
    const { diary } = setup();
    const first = await diary.watch(ALICE, F);
    await diary.watch(ALICE, 'stalker-1979');
    await diary.undo(ALICE, first.undoToken);
    const items = (await diary.diary(GUILD, ALICE.userId)).items;
    expect(items.map((item) => item.film.filmId)).toEqual(['stalker-1979']);
  });

  it('undoLast walks back through the member’s own changes', async () => {
    const { diary, store } = setup();
    const initial = await visible(store);
    await diary.watch(ALICE, F);
    await diary.watch(BOB, 'stalker-1979');
    const bobState = await diary.memberFilm(GUILD, BOB.userId, 'stalker-1979');
    await diary.favorite(ALICE, F);
    await diary.addToWatchlist(ALICE, 'stalker-1979');
    expect((await diary.undoLast(ALICE)).filmId).toBe('stalker-1979');
    expect((await diary.undoLast(ALICE)).undone.map((event) => event.kind)).toEqual(['favorited']);
    expect((await diary.undoLast(ALICE)).undone.map((event) => event.kind)).toEqual(['watched']);
    await expect(diary.undoLast(ALICE)).rejects.toThrow(/nothing left to undo/);
    expect(await diary.memberFilm(GUILD, BOB.userId, 'stalker-1979')).toEqual(bobState);
    await diary.undoLast(BOB);
    expect(await visible(store)).toEqual(initial);
  });

  it(`keeps undo for the last ${UNDO_PER_MEMBER} changes of each member`, async () => {
    const { diary } = setup();
    const tokens: string[] = [];
    const actor: Actor = ALICE;
    for (let i = 0; i <= UNDO_PER_MEMBER; i++) {
      tokens.push((await diary.watch(actor, 'stalker-1979', { on: `2023-01-${String(i + 1).padStart(2, '0')}` })).undoToken);
    }
    const bob = await diary.watch(BOB, F);
    await expect(diary.undo(ALICE, tokens[0]!)).rejects.toThrow(/can no longer be undone/);
    await diary.undo(ALICE, tokens.at(-1)!);
    await diary.undo(BOB, bob.undoToken);
  });
});
