import { describe, expect, it } from 'vitest';
import { setGuildTimezone } from '../../src/club/settings.js';
import { UserError } from '../../src/errors.js';
import { ALICE, BOB, CAROL, GUILD, MINUTE, OTHER_GUILD, member, setup } from './helpers.js';

/** Asserts the call fails with a UserError matching `message` and that the guild's data did not change. */
async function rejectsCleanly(ctx: ReturnType<typeof setup>, call: () => Promise<unknown>, message: RegExp) {
  const before = JSON.stringify(await ctx.store.read(GUILD));
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
  expect(JSON.stringify(await ctx.store.read(GUILD))).toBe(before);
}

describe('watching', () => {
  it('logs a viewing dated today by default, remembers the name and records an event', async () => {
    const ctx = setup();
    const result = await ctx.diary.watch(ALICE, 'holy-motors-2012');
    expect(result.entry.watchedOn).toBe('2024-06-15');
    expect(result.rewatch).toBe(false);
    expect(result.events.map((event) => event.kind)).toEqual(['watched']);
    expect(result.undoToken).toBe(result.events[0]!.id);

    const data = await ctx.store.read(GUILD);
    expect(data.members[ALICE.userId]).toBe('Alice');
    expect(data.memberFilms[ALICE.userId]?.['holy-motors-2012']?.diary).toHaveLength(1);
    expect(data.activity).toEqual([
      expect.objectContaining({ kind: 'watched', userId: ALICE.userId, filmId: 'holy-motors-2012', watchedOn: '2024-06-15' }),
    ]);
  });

  it('allows rewatches and marks them as such, ordered by the date watched', async () => {
    const ctx = setup();
    await ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2020-01-10' });
    const again = await ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2023-03-01' });
    expect(again.rewatch).toBe(true);
    // A viewing logged later but dated earlier becomes the first one.
    const earlier = await ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2013-05-05' });
    expect(earlier.rewatch).toBe(false);
    const diary = await ctx.diary.diary(GUILD, ALICE.userId);
    expect(diary.items.map((item) => [item.watchedOn, item.rewatch])).toEqual([
      ['2023-03-01', true],
      ['2020-01-10', true],
      ['2013-05-05', false],
    ]);
  });

  it('treats an identical watch within a minute as a double click', async () => {
    const ctx = setup();
    await ctx.diary.watch(ALICE, 'stalker-1979');
    ctx.clock.advance(-MINUTE + 1000);
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'stalker-1979'), /a moment ago/);
    ctx.clock.advance(5 * MINUTE);
    expect((await ctx.diary.watch(ALICE, 'stalker-1979')).rewatch).toBe(true);
  });

  it('sets the current rating when given stars', async () => {
    const ctx = setup();
    const result = await ctx.diary.watch(ALICE, 'stalker-1979', { stars: 4.5 });
    expect(result.entry.stars).toBe(4.5);
    expect((await ctx.diary.memberFilm(GUILD, ALICE.userId, 'stalker-1979')).stars).toBe(4.5);
  });

  it('takes the film off the watchlist', async () => {
    const ctx = setup();
    await ctx.diary.addToWatchlist(ALICE, 'stalker-1979');
    const result = await ctx.diary.watch(ALICE, 'stalker-1979');
    expect(result.removedFromWatchlist).toBe(true);
    expect((await ctx.diary.watchlist(GUILD, ALICE.userId)).total).toBe(0);
    const second = await ctx.diary.watch(ALICE, 'irma-vep-1996');
    expect(second.removedFromWatchlist).toBe(false);
  });

  it('uses the guild time zone for "today"', async () => {
    const ctx = setup();
    ctx.clock.set('2024-06-15T20:00:00.000Z');
    await setGuildTimezone(ctx.store, GUILD, 'Pacific/Auckland');
    expect((await ctx.diary.watch(ALICE, 'stalker-1979')).entry.watchedOn).toBe('2024-06-16');
    await setGuildTimezone(ctx.store, GUILD, 'America/Los_Angeles');
    expect((await ctx.diary.watch(ALICE, 'irma-vep-1996')).entry.watchedOn).toBe('2024-06-15');
  });

  it('rejects bad dates with a readable error and writes nothing', async () => {
    const ctx = setup();
    await ctx.diary.watch(ALICE, 'stalker-1979');
    // Clock: 2024-06-15 ~12:00 UTC, already the 16th in UTC+14.
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2024-06-17' }), /in the future/);
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'the-general-1926', { on: '1869-12-31' }), /before 1870/);
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2023-02-30' }), /not a date/);
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'holy-motors-2012', { on: 'last tuesday' }), /YYYY-MM-DD/);
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2005-01-01' }), /came out in 2012/);
    // Somewhere on Earth it is already the 16th: accepted. A festival screening the year before release too.
    expect((await ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2024-06-16' })).entry.watchedOn).toBe('2024-06-16');
    expect((await ctx.diary.watch(BOB, 'holy-motors-2012', { on: '2011-05-20' })).entry.watchedOn).toBe('2011-05-20');
  });

  it('rejects unknown films and bad ratings without writing', async () => {
    const ctx = setup();
    await ctx.diary.watch(ALICE, 'stalker-1979');
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'no-such-film-2001'), /don't know a film/);
    await rejectsCleanly(ctx, () => ctx.diary.watch(ALICE, 'irma-vep-1996', { stars: 4.2 }), /half steps/);
    await rejectsCleanly(ctx, () => ctx.diary.favorite(ALICE, 'no-such-film-2001'), /don't know a film/);
  });

  it('keeps guilds apart', async () => {
    const ctx = setup();
    await ctx.diary.watch(ALICE, 'stalker-1979');
    const elsewhere = member(1, 'Alice', OTHER_GUILD);
    expect((await ctx.diary.filmSummary(OTHER_GUILD, 'stalker-1979')).watchers).toBe(0);
    await ctx.diary.watch(elsewhere, 'irma-vep-1996');
    expect((await ctx.diary.diary(GUILD, ALICE.userId)).items.map((item) => item.film.filmId)).toEqual(['stalker-1979']);
    expect((await ctx.store.guildIds()).sort()).toEqual([GUILD, OTHER_GUILD]);
  });
});

describe('diary entries', () => {
  it('deleting the only viewing also clears favorite, dislike and rating', async () => {
    const ctx = setup();
    const { entry } = await ctx.diary.watch(ALICE, 'stalker-1979');
    await ctx.diary.favorite(ALICE, 'stalker-1979');
    await ctx.diary.rate(ALICE, 'stalker-1979', 4);
    const second = await ctx.diary.watch(ALICE, 'stalker-1979', { on: '2024-01-01' });
    const first = await ctx.diary.deleteEntry(ALICE, second.entry.id);
    expect(first.wasLastWatch).toBe(false);
    expect((await ctx.diary.memberFilm(GUILD, ALICE.userId, 'stalker-1979')).favorite).toBe(true);

    const last = await ctx.diary.deleteEntry(ALICE, entry.id);
    expect(last.wasLastWatch).toBe(true);
    const state = await ctx.diary.memberFilm(GUILD, ALICE.userId, 'stalker-1979');
    expect(state).toMatchObject({ watched: false, favorite: false, dislike: false });
    expect(state.stars).toBeUndefined();
    expect((await ctx.store.read(GUILD)).memberFilms[ALICE.userId]).toBeUndefined();
  });

  it('describes one viewing for editing: the rating, favorite and whether deleting it would leave the film unseen', async () => {
    const ctx = setup();
    const { entry } = await ctx.diary.watch(ALICE, 'stalker-1979', { on: '2024-01-01', stars: 3 });
    await ctx.diary.favorite(ALICE, 'stalker-1979');
    const only = await ctx.diary.diaryEntry(GUILD, ALICE.userId, entry.id);
    expect(only).toMatchObject({ item: { entryId: entry.id, watchedOn: '2024-01-01', stars: 3 }, rating: 3, favorite: true, dislike: false, lastViewing: true });
    const second = await ctx.diary.watch(ALICE, 'stalker-1979', { on: '2024-02-01' });
    expect((await ctx.diary.diaryEntry(GUILD, ALICE.userId, entry.id))!.lastViewing).toBe(false);
    await ctx.diary.deleteEntry(ALICE, second.entry.id);
    // Another member's entry, or one deleted meanwhile, is not there to edit.
    expect(await ctx.diary.diaryEntry(GUILD, BOB.userId, entry.id)).toBeUndefined();
    expect(await ctx.diary.diaryEntry(GUILD, ALICE.userId, second.entry.id)).toBeUndefined();
    // Marked seen before any viewing (a favorite given first): deleting the viewing leaves the film seen.
    await ctx.diary.favorite(BOB, 'holy-motors-2012');
    const { entry: motors } = await ctx.diary.watch(BOB, 'holy-motors-2012', { on: '2024-01-01' });
    expect((await ctx.diary.diaryEntry(GUILD, BOB.userId, motors.id))!.lastViewing).toBe(false);
    expect((await ctx.diary.deleteEntry(BOB, motors.id)).wasLastWatch).toBe(false);
  });

  it('only the owner can delete or redate an entry', async () => {
    const ctx = setup();
    const { entry } = await ctx.diary.watch(ALICE, 'stalker-1979');
    await rejectsCleanly(ctx, () => ctx.diary.deleteEntry(BOB, entry.id), /not yours/);
    await rejectsCleanly(ctx, () => ctx.diary.changeDate(BOB, entry.id, '2024-01-01'), /not yours/);
  });

  it('changes the date of a viewing, validating it and keeping order', async () => {
    const ctx = setup();
    const a = await ctx.diary.watch(ALICE, 'irma-vep-1996', { on: '2001-01-01' });
    const b = await ctx.diary.watch(ALICE, 'irma-vep-1996', { on: '2010-01-01' });
    await rejectsCleanly(ctx, () => ctx.diary.changeDate(ALICE, a.entry.id, '2030-01-01'), /in the future/);
    await rejectsCleanly(ctx, () => ctx.diary.changeDate(ALICE, a.entry.id, '2001-01-01'), /already dated/);
    const moved = await ctx.diary.changeDate(ALICE, a.entry.id, '2015-06-01');
    expect(moved.events[0]).toMatchObject({ kind: 'redated', watchedOn: '2015-06-01', entryId: a.entry.id });
    const diary = await ctx.diary.diary(GUILD, ALICE.userId);
    expect(diary.items.map((item) => [item.entryId, item.rewatch])).toEqual([
      [a.entry.id, true],
      [b.entry.id, false],
    ]);
  });
});

describe('favorites, dislikes and the watchlist', () => {
  it('favoriting an unlogged film marks it seen without inventing a dated viewing', async () => {
    const ctx = setup();
    const result = await ctx.diary.favorite(ALICE, 'holy-motors-2012');
    expect(result.markedSeen).toBe(true);
    expect(result.events.map((event) => event.kind)).toEqual(['favorited']);
    expect((await ctx.diary.diary(GUILD, ALICE.userId)).total).toBe(0);
    expect(await ctx.diary.memberFilm(GUILD, ALICE.userId, 'holy-motors-2012')).toMatchObject({ watched: true, viewings: 0, favorite: true });
    const again = await ctx.diary.dislike(BOB, 'holy-motors-2012');
    expect(again.markedSeen).toBe(true);
    // Already watched: nothing more to mark.
    await ctx.diary.watch(CAROL, 'holy-motors-2012');
    expect((await ctx.diary.favorite(CAROL, 'holy-motors-2012')).markedSeen).toBe(false);
    const summary = await ctx.diary.filmSummary(GUILD, 'holy-motors-2012');
    expect(summary).toMatchObject({ viewings: 1, watchers: 3, favorites: { count: 2, percent: 66.7 } });
    // Dated viewers first, then those who marked it seen.
    expect(summary.seenBy.members.map((viewer) => [viewer.userId, viewer.lastWatchedOn])).toEqual([
      [CAROL.userId, '2024-06-15'],
      [ALICE.userId, undefined],
      [BOB.userId, undefined],
    ]);
    const profile = await ctx.diary.profile(GUILD, ALICE.userId);
    expect(profile.counts).toMatchObject({ films: 1, viewings: 0, rewatches: 0, favorites: 1 });
    const feed = await ctx.diary.activity(GUILD, { userId: ALICE.userId });
    expect(feed.items.map((item) => item.kind)).toEqual(['favorited']);
  });

  it('a film marked seen stays seen when its later viewing is deleted, keeping the favorite', async () => {
    const ctx = setup();
    await ctx.diary.favorite(ALICE, 'holy-motors-2012');
    const watched = await ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2024-06-01' });
    const deleted = await ctx.diary.deleteEntry(ALICE, watched.entry.id);
    expect(deleted.wasLastWatch).toBe(false);
    expect(await ctx.diary.memberFilm(GUILD, ALICE.userId, 'holy-motors-2012')).toMatchObject({ watched: true, favorite: true, viewings: 0 });
  });

  it('favorite and dislike exclude each other', async () => {
    const ctx = setup();
    await ctx.diary.favorite(ALICE, 'irma-vep-1996');
    const disliked = await ctx.diary.dislike(ALICE, 'irma-vep-1996');
    expect(disliked.clearedOpposite).toBe(true);
    expect(await ctx.diary.memberFilm(GUILD, ALICE.userId, 'irma-vep-1996')).toMatchObject({ favorite: false, dislike: true });
    const favored = await ctx.diary.favorite(ALICE, 'irma-vep-1996');
    expect(favored.clearedOpposite).toBe(true);
    expect(await ctx.diary.memberFilm(GUILD, ALICE.userId, 'irma-vep-1996')).toMatchObject({ favorite: true, dislike: false });
  });

  it('refuses no-op toggles with a readable message', async () => {
    const ctx = setup();
    await ctx.diary.favorite(ALICE, 'irma-vep-1996');
    await rejectsCleanly(ctx, () => ctx.diary.favorite(ALICE, 'irma-vep-1996'), /Irma Vep is already one of your favorites/);
    await rejectsCleanly(ctx, () => ctx.diary.undislike(ALICE, 'irma-vep-1996'), /not marked as disliked/);
    await rejectsCleanly(ctx, () => ctx.diary.unfavorite(BOB, 'irma-vep-1996'), /not one of your favorites/);
    await rejectsCleanly(ctx, () => ctx.diary.removeFromWatchlist(ALICE, 'irma-vep-1996'), /not on your watchlist/);
    await ctx.diary.unfavorite(ALICE, 'irma-vep-1996');
    expect((await ctx.diary.memberFilm(GUILD, ALICE.userId, 'irma-vep-1996')).favorite).toBe(false);
  });

  it('keeps a watchlist, newest first, including planned rewatches', async () => {
    const ctx = setup();
    await ctx.diary.addToWatchlist(ALICE, 'stalker-1979');
    await ctx.diary.watch(ALICE, 'the-general-1926');
    await ctx.diary.addToWatchlist(ALICE, 'the-general-1926');
    await rejectsCleanly(ctx, () => ctx.diary.addToWatchlist(ALICE, 'stalker-1979'), /already on your watchlist/);
    const list = await ctx.diary.watchlist(GUILD, ALICE.userId);
    expect(list.items.map((item) => [item.film.title, item.watched])).toEqual([
      ['The General', true],
      ['Stalker', false],
    ]);
    await ctx.diary.removeFromWatchlist(ALICE, 'stalker-1979');
    expect((await ctx.diary.watchlist(GUILD, ALICE.userId)).total).toBe(1);
  });
});

describe('ratings', () => {
  it('accepts half steps from ½ to 5 and rejects anything else', async () => {
    const ctx = setup();
    for (const stars of [0.5, 3, 4.5, 5]) {
      await ctx.diary.rate(ALICE, 'stalker-1979', stars);
      expect((await ctx.diary.memberFilm(GUILD, ALICE.userId, 'stalker-1979')).stars).toBe(stars);
    }
    for (const stars of [0, 5.5, 4.3, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await rejectsCleanly(ctx, () => ctx.diary.rate(ALICE, 'stalker-1979', stars), /half steps/);
    }
    await rejectsCleanly(ctx, () => ctx.diary.rate(ALICE, 'stalker-1979', 5), /already rated/);
  });

  it('reports the previous rating and can be removed', async () => {
    const ctx = setup();
    const first = await ctx.diary.rate(ALICE, 'stalker-1979', 3);
    expect(first.previousStars).toBeUndefined();
    expect(first.markedSeen).toBe(true);
    expect((await ctx.diary.diary(GUILD, ALICE.userId)).total).toBe(0);
    expect((await ctx.diary.rate(ALICE, 'stalker-1979', 3.5)).previousStars).toBe(3);
    await ctx.diary.unrate(ALICE, 'stalker-1979');
    expect((await ctx.diary.memberFilm(GUILD, ALICE.userId, 'stalker-1979')).stars).toBeUndefined();
    await rejectsCleanly(ctx, () => ctx.diary.unrate(ALICE, 'stalker-1979'), /not rated/);
  });
});

describe('reviews', () => {
  it('may come without a rating, and creates a diary entry when there is none', async () => {
    const ctx = setup();
    const unrated = await ctx.diary.review(BOB, 'irma-vep-1996', { text: 'Great.' });
    expect(unrated.entry.stars).toBeUndefined();
    expect((await ctx.diary.memberFilm(GUILD, BOB.userId, 'irma-vep-1996')).stars).toBeUndefined();
    const shown = (await ctx.diary.filmSummary(GUILD, 'irma-vep-1996')).reviews.items[0]!;
    expect([shown.text, shown.stars, shown.score]).toEqual(['Great.', undefined, undefined]);
    const result = await ctx.diary.review(ALICE, 'irma-vep-1996', { text: '  Wonderful.  ', stars: 4.5, spoiler: true });
    expect(result.createdEntry).toBe(true);
    expect(result.events.map((event) => event.kind)).toEqual(['watched', 'reviewed']);
    expect(result.entry).toMatchObject({ stars: 4.5, review: { text: 'Wonderful.', spoiler: true } });
    expect((await ctx.diary.memberFilm(GUILD, ALICE.userId, 'irma-vep-1996')).stars).toBe(4.5);
  });

  it('attaches to the latest unreviewed viewing, using the rating already given', async () => {
    const ctx = setup();
    const watched = await ctx.diary.watch(ALICE, 'irma-vep-1996', { on: '2024-06-10', stars: 4 });
    const result = await ctx.diary.review(ALICE, 'irma-vep-1996', { text: 'Still great.' });
    expect(result.createdEntry).toBe(false);
    expect(result.entry.id).toBe(watched.entry.id);
    expect(result.entry.stars).toBe(4);
    expect(result.events.map((event) => event.kind)).toEqual(['reviewed']);
    // The latest viewing has a review now: another review is another viewing, today.
    const second = await ctx.diary.review(ALICE, 'irma-vep-1996', { text: 'Third time.', stars: 5 });
    expect(second.createdEntry).toBe(true);
    expect(second.entry.watchedOn).toBe('2024-06-15');
  });

  it('attaches to a viewing of a given date, or logs one on that date', async () => {
    const ctx = setup();
    const watched = await ctx.diary.watch(ALICE, 'stalker-1979', { on: '2022-02-02', stars: 5 });
    await ctx.diary.watch(ALICE, 'stalker-1979', { on: '2023-03-03' });
    const attached = await ctx.diary.review(ALICE, 'stalker-1979', { text: 'The room.', on: '2022-02-02' });
    expect(attached.entry.id).toBe(watched.entry.id);
    const created = await ctx.diary.review(ALICE, 'stalker-1979', { text: 'Zone.', on: '2021-01-01', stars: 4 });
    expect(created.createdEntry).toBe(true);
    expect(created.entry.watchedOn).toBe('2021-01-01');
  });

  it('replaces a review addressed by entry id, keeping when it was first written', async () => {
    const ctx = setup();
    const first = await ctx.diary.review(ALICE, 'holy-motors-2012', { text: 'Strange.', stars: 3 });
    const edited = await ctx.diary.review(ALICE, 'holy-motors-2012', { text: 'Stranger on a rewatch of my mind.', stars: 4, entryId: first.entry.id });
    expect(edited.replacedReview).toBe(true);
    expect(edited.entry.review?.createdAt).toBe(first.entry.review?.createdAt);
    expect(edited.entry.review?.editedAt).toBeDefined();
    expect((await ctx.diary.diary(GUILD, ALICE.userId)).total).toBe(1);
    await rejectsCleanly(
      ctx,
      () => ctx.diary.review(ALICE, 'stalker-1979', { text: 'Wrong film.', stars: 3, entryId: first.entry.id }),
      /not one of your viewings of Stalker/,
    );
  });

  it('checks the length after trimming and keeps mentions as typed', async () => {
    const ctx = setup();
    await rejectsCleanly(ctx, () => ctx.diary.review(ALICE, 'stalker-1979', { text: '   \n ', stars: 3 }), /needs some text/);
    await rejectsCleanly(ctx, () => ctx.diary.review(ALICE, 'stalker-1979', { text: 'x'.repeat(2001), stars: 3 }), /2000 characters/);
    const long = await ctx.diary.review(ALICE, 'stalker-1979', { text: `  ${'y'.repeat(2000)}  `, stars: 3 });
    expect(long.entry.review?.text).toHaveLength(2000);
    const text = '@everyone @here <@&123456789012345678> <@123456789012345678> watch this';
    const pinged = await ctx.diary.review(BOB, 'stalker-1979', { text, stars: 5 });
    expect(pinged.entry.review?.text).toBe(text);
  });

  it('deletes a review but keeps the viewing and its rating', async () => {
    const ctx = setup();
    const { entry } = await ctx.diary.review(ALICE, 'stalker-1979', { text: 'Long.', stars: 2.5 });
    await ctx.diary.deleteReview(ALICE, entry.id);
    const [item] = (await ctx.diary.diary(GUILD, ALICE.userId)).items;
    expect(item).toMatchObject({ entryId: entry.id, stars: 2.5 });
    expect(item?.review).toBeUndefined();
    await rejectsCleanly(ctx, () => ctx.diary.deleteReview(ALICE, entry.id), /no review/);
  });
});

describe('actors', () => {
  it('updates the remembered display name on each change and rejects malformed ids', async () => {
    const ctx = setup();
    await ctx.diary.watch(ALICE, 'stalker-1979');
    await ctx.diary.watch({ ...ALICE, name: '  Alice B.  ' }, 'irma-vep-1996');
    expect((await ctx.store.read(GUILD)).members[ALICE.userId]).toBe('Alice B.');
    await ctx.diary.watch({ ...ALICE, name: '   ' }, 'the-general-1926');
    expect((await ctx.store.read(GUILD)).members[ALICE.userId]).toBe('Alice B.');
    await expect(ctx.diary.watch({ ...ALICE, userId: 'bob' }, 'stalker-1979')).rejects.toThrow();
    await expect(ctx.diary.watch({ ...ALICE, guildId: '../../etc' }, 'stalker-1979')).rejects.toThrow();
  });
});
