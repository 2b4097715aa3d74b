import { describe, expect, it } from 'vitest';
import { awardFor, filmsFor, progressOf } from '../../src/lists/progress.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { actor, ALICE, BOB, CAROL, csvAttachment, fixture, GUILD, MOD, PLAIN_PERMISSIONS, setup } from './helpers.js';

const FOUR = ['stalker-1979', 'holy-motors-2012', 'yi-yi-2000', 'amelie-2001'];

async function withList(films: string[], name = 'Canon') {
  const ctx = await setup();
  await ctx.lists.create(MOD, { name });
  for (const id of films) await ctx.lists.add(MOD, name, id);
  return ctx;
}

describe('progress arithmetic', () => {
  it('awards bronze, silver, gold and platinum at 50, 75, 90 and 100 % exactly', () => {
    expect([4, 5, 7, 8, 9, 10].map((watched) => awardFor(watched, 10))).toEqual([undefined, 'bronze', 'bronze', 'silver', 'gold', 'platinum']);
    // 2 of 3 is 66.7 %: bronze; the next step is all three.
    expect(awardFor(2, 3)).toBe('bronze');
    expect(awardFor(0, 0)).toBeUndefined();
    // 900 of 1001 is 89.9 %: not gold yet.
    expect(awardFor(900, 1001)).toBe('silver');
    expect(awardFor(901, 1001)).toBe('gold');
    expect([filmsFor('bronze', 1001), filmsFor('silver', 1001), filmsFor('gold', 1001), filmsFor('platinum', 1001)]).toEqual([501, 751, 901, 1001]);
  });

  it('rounds percentages down to a tenth so only a complete list shows 100', () => {
    expect(progressOf(2, 3)).toEqual({ watched: 2, total: 3, percent: 66.6, award: 'bronze', next: { award: 'silver', films: 1 } });
    expect(progressOf(1000, 1001).percent).toBe(99.9);
    expect(progressOf(3, 3)).toEqual({ watched: 3, total: 3, percent: 100, award: 'platinum' });
    expect(progressOf(0, 0)).toEqual({ watched: 0, total: 0, percent: 0 });
    expect(progressOf(0, 4).next).toEqual({ award: 'bronze', films: 2 });
  });
});

describe('a member’s progress', () => {
  it('counts watched films of the list and names the next unwatched ones in list order', async () => {
    const ctx = await withList(FOUR);
    await ctx.watch(ALICE, 'holy-motors-2012', 'amelie-2001', 'oldboy-2003');
    const progress = await ctx.lists.progress(GUILD, 'canon', ALICE.userId, 5);
    expect(progress).toMatchObject({ name: 'Alice', watched: 2, total: 4, percent: 50, award: 'bronze', next: { award: 'silver', films: 1 } });
    expect(progress.upNext.map((item) => [item.position, item.film.title, item.watched])).toEqual([
      [1, 'Stalker', false],
      [3, 'Yi Yi', false],
    ]);
    const bob = await ctx.lists.progress(GUILD, 'Canon', BOB.userId, 1);
    expect(bob).toMatchObject({ watched: 0, percent: 0, name: 'Unknown member' });
    expect(bob.upNext.map((item) => item.film.filmId)).toEqual(['stalker-1979']);
  });

  it('show marks what the viewer watched, paginates, and reports progress over the whole list', async () => {
    const ctx = await setup();
    const films = [...ctx.films.all()].slice(0, 30).map((film) => film.id);
    await ctx.lists.create(MOD, { name: 'Thirty' });
    for (const id of films) await ctx.lists.add(MOD, 'Thirty', id);
    await ctx.watch(ALICE, films[0]!, films[11]!, films[12]!, films[29]!);
    const page = await ctx.lists.show(GUILD, 'Thirty', { viewerId: ALICE.userId, page: 2, pageSize: 10 });
    expect(page.page).toMatchObject({ page: 2, pageCount: 3, total: 30 });
    expect(page.page.items.map((item) => item.position)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(page.page.items.filter((item) => item.watched).map((item) => item.position)).toEqual([12, 13]);
    expect(page.viewer).toMatchObject({ userId: ALICE.userId, watched: 4, total: 30, percent: 13.3 });
    // A page past the end (a stale button) shows the last page.
    expect((await ctx.lists.show(GUILD, 'Thirty', { page: 9, pageSize: 10 })).page.page).toBe(3);
    // Without a viewer, no marks.
    expect((await ctx.lists.show(GUILD, 'Thirty')).page.items[0]!.watched).toBeUndefined();
  });

  it('all lists the server’s lists by name with their size and the viewer’s progress', async () => {
    const ctx = await withList(FOUR, 'Zeta');
    await ctx.lists.create(MOD, { name: 'alpha' });
    await ctx.lists.add(MOD, 'alpha', 'stalker-1979');
    await ctx.watch(ALICE, 'stalker-1979');
    const all = await ctx.lists.all(GUILD, { viewerId: ALICE.userId });
    expect(all.items.map((item) => [item.list.name, item.list.size, item.progress.watched, item.progress.percent, item.progress.award])).toEqual([
      ['alpha', 1, 1, 100, 'platinum'],
      ['Zeta', 4, 1, 25, undefined],
    ]);
  });
});

describe('leaderboard', () => {
  it('ranks members by films watched, sharing ranks on ties (whoever got there first listed first), and leaves out members at zero', async () => {
    const ctx = await withList(FOUR);
    await ctx.diary.watch(BOB, 'stalker-1979', { on: '2024-02-01' });
    await ctx.diary.watch(BOB, 'yi-yi-2000', { on: '2024-03-05' });
    await ctx.diary.watch(BOB, 'amelie-2001', { on: '2024-03-06' });
    await ctx.diary.watch(ALICE, 'stalker-1979', { on: '2024-01-01' });
    await ctx.diary.watch(ALICE, 'holy-motors-2012', { on: '2024-01-02' });
    await ctx.diary.watch(ALICE, 'yi-yi-2000', { on: '2024-01-03' });
    await ctx.diary.watch(CAROL, 'amelie-2001', { on: '2024-01-01' });
    await ctx.diary.watch(actor(9, 'Dave', { permissions: PLAIN_PERMISSIONS, roleIds: [] }), 'oldboy-2003');
    const board = await ctx.lists.leaderboard(GUILD, 'Canon');
    expect(board.page.items.map((row) => [row.rank, row.name, row.watched, row.percent, row.award ?? null, row.reachedOn])).toEqual([
      [1, 'Alice', 3, 75, 'silver', '2024-01-03'],
      [1, 'Bob', 3, 75, 'silver', '2024-03-06'],
      [3, 'Carol', 1, 25, null, '2024-01-01'],
    ]);
    expect(board.list.name).toBe('Canon');
  });
});

/** Counts store writes, to check that checking for awards does not write when nothing changed. */
function countingStore(): { store: GuildStore; writes: () => number } {
  const inner = createMemoryGuildStore();
  let writes = 0;
  const store: GuildStore = {
    read: (guildId) => inner.read(guildId),
    update: (guildId, fn) => {
      writes++;
      return inner.update(guildId, fn);
    },
    guildIds: () => inner.guildIds(),
    close: () => inner.close(),
  };
  return { store, writes: () => writes };
}

describe('awards', () => {
  it('are returned exactly once when a diary change crosses a threshold, and never again after a dip', async () => {
    const counting = countingStore();
    const ctx = await setup(counting.store);
    await ctx.lists.create(MOD, { name: 'Canon' });
    for (const id of FOUR) await ctx.lists.add(MOD, 'Canon', id);

    await ctx.watch(ALICE, 'stalker-1979');
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toEqual([]);
    await ctx.watch(ALICE, 'holy-motors-2012');
    const bronze = await ctx.lists.afterDiaryChange(GUILD, ALICE.userId);
    expect(bronze).toEqual([
      expect.objectContaining({ userId: ALICE.userId, name: 'Alice', level: 'bronze', levels: ['bronze'], list: expect.objectContaining({ name: 'Canon' }) }),
    ]);
    expect(bronze[0]!.previous).toBeUndefined();
    expect(bronze[0]!.progress).toMatchObject({ watched: 2, total: 4, percent: 50 });
    // Asking again (a retry, a second diary change) announces nothing, and writes nothing.
    const writesBefore = counting.writes();
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toEqual([]);
    expect(counting.writes()).toBe(writesBefore);

    // 3 of 4: silver. Undo it: back to bronze on the profile, but crossing 75 % again is not announced twice.
    await ctx.watch(ALICE, 'yi-yi-2000');
    expect((await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).map((award) => [award.level, award.previous])).toEqual([['silver', 'bronze']]);
    await ctx.diary.undoLast(ALICE);
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toEqual([]);
    expect((await ctx.lists.memberAwards(GUILD, ALICE.userId)).map((award) => award.award)).toEqual(['bronze']);
    await ctx.diary.watch(ALICE, 'yi-yi-2000', { on: '2024-02-02' });
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toEqual([]);

    // 4 of 4 jumps past gold to platinum: one announcement naming both levels.
    await ctx.watch(ALICE, 'amelie-2001');
    const platinum = await ctx.lists.afterDiaryChange(GUILD, ALICE.userId);
    expect(platinum.map((award) => [award.level, award.levels, award.previous])).toEqual([['platinum', ['gold', 'platinum'], 'silver']]);
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toEqual([]);
  });

  it('concurrent checks after the same change announce the award once', async () => {
    const ctx = await withList(['stalker-1979', 'holy-motors-2012']);
    await ctx.watch(ALICE, 'stalker-1979');
    const results = await Promise.all([1, 2, 3, 4].map(() => ctx.lists.afterDiaryChange(GUILD, ALICE.userId)));
    expect(results.flat().map((award) => award.level)).toEqual(['bronze']);
  });

  it('are re-based silently when a moderator changes the films: no flood, and what members reach afterwards is announced', async () => {
    const ctx = await setup();
    await ctx.watch(ALICE, 'stalker-1979', 'holy-motors-2012', 'yi-yi-2000');
    await ctx.watch(BOB, 'stalker-1979');
    // While a list is being built its first film alone is 100 % for whoever saw it: nothing is announced...
    await ctx.lists.create(MOD, { name: 'Canon' });
    await ctx.lists.add(MOD, 'Canon', 'stalker-1979');
    expect(await ctx.lists.afterDiaryChange(GUILD, BOB.userId)).toEqual([]);
    // ...and as it grows, the recorded standing follows it down: Bob at 1 of 4 holds nothing.
    for (const id of ['holy-motors-2012', 'yi-yi-2000', 'amelie-2001']) await ctx.lists.add(MOD, 'Canon', id);
    expect((await ctx.store.read(GUILD)).lists.awards[BOB.userId]).toBeUndefined();
    // Alice (3 of 4) holds silver already: her next watch elsewhere announces nothing.
    await ctx.watch(ALICE, 'oldboy-2003');
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId, 'oldboy-2003')).toEqual([]);
    expect((await ctx.lists.memberAwards(GUILD, ALICE.userId)).map((award) => award.award)).toEqual(['silver']);
    // Bob crossing 50 % by watching is announced, once.
    await ctx.watch(BOB, 'amelie-2001');
    expect((await ctx.lists.afterDiaryChange(GUILD, BOB.userId, 'amelie-2001')).map((award) => [award.name, award.level])).toEqual([['Bob', 'bronze']]);
    // A removal that lifts Alice to 100 % is shown on her profile but not announced as her crossing.
    await ctx.lists.remove(MOD, 'Canon', 'amelie-2001');
    expect((await ctx.lists.memberAwards(GUILD, ALICE.userId)).map((award) => award.award)).toEqual(['platinum']);
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toEqual([]);
  });

  it("an imported list records members' standing without announcing it", async () => {
    const ctx = await setup();
    await ctx.watch(ALICE, 'in-the-mood-for-love-2000', 'mulholland-drive-2001', 'there-will-be-blood-2007', 'spirited-away-2001', 'yi-yi-2000', 'cache-2005');
    const preview = await ctx.lists.previewImport(MOD, csvAttachment('list.csv', fixture('letterboxd-21st-century.csv')));
    const result = await ctx.lists.applyImport(MOD, preview);
    expect(result).not.toHaveProperty('awards');
    // 6 of the 10 matched films (the near title is left for a choice): bronze, held and recorded; watching a 7th crosses nothing new.
    expect((await ctx.lists.memberAwards(GUILD, ALICE.userId)).map((award) => [award.award, award.progress.watched, award.progress.total])).toEqual([
      ['bronze', 6, 10],
    ]);
    await ctx.watch(ALICE, 'holy-motors-2012');
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId, 'holy-motors-2012')).toEqual([]);
    // 8 of 10: silver.
    await ctx.watch(ALICE, 'amelie-2001');
    expect((await ctx.lists.afterDiaryChange(GUILD, ALICE.userId, 'amelie-2001')).map((award) => award.level)).toEqual(['silver']);
  });

  it('after a diary change, only lists holding the film are looked at', async () => {
    const ctx = await withList(['stalker-1979', 'holy-motors-2012']);
    await ctx.watch(ALICE, 'stalker-1979');
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId, 'oldboy-2003')).toEqual([]);
    expect((await ctx.lists.afterDiaryChange(GUILD, ALICE.userId, 'stalker-1979')).map((award) => award.level)).toEqual(['bronze']);
  });

  it('show on the profile as currently held, highest first', async () => {
    const ctx = await withList(FOUR, 'Canon');
    await ctx.lists.create(MOD, { name: 'Short' });
    await ctx.lists.add(MOD, 'Short', 'oldboy-2003');
    await ctx.watch(ALICE, 'stalker-1979', 'holy-motors-2012', 'oldboy-2003');
    expect((await ctx.lists.memberAwards(GUILD, ALICE.userId)).map((award) => [award.list.name, award.award, award.progress.percent])).toEqual([
      ['Short', 'platinum', 100],
      ['Canon', 'bronze', 50],
    ]);
    expect(await ctx.lists.memberAwards(GUILD, BOB.userId)).toEqual([]);
  });
});
