import { describe, expect, it } from 'vitest';
import { setModeratorRole } from '../../src/club/settings.js';
import { parseGuildData } from '../../src/store/guildData.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, ALICE, CAROL, GUILD, MOD, MOD_ROLE, rejectsCleanly, setup } from './helpers.js';

describe('moderation', () => {
  it('refuses every change by a plain member, without writing anything', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Canon' });
    await ctx.lists.add(MOD, 'Canon', 'holy-motors-2012');
    const refused = /Only moderators/;
    await rejectsCleanly(ctx.store, () => ctx.lists.create(ALICE, { name: 'Mine' }), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.add(ALICE, 'Canon', 'stalker-1979'), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.remove(ALICE, 'Canon', 'holy-motors-2012'), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.move(ALICE, 'Canon', 'holy-motors-2012', 1), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.rename(ALICE, 'Canon', 'Other'), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.describe(ALICE, 'Canon', 'hi'), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.setRanked(ALICE, 'Canon', false), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.setNote(ALICE, 'Canon', 'holy-motors-2012', 'hi'), refused);
    await rejectsCleanly(ctx.store, () => ctx.lists.delete(ALICE, 'Canon'), refused);
    // Alice's name is not even remembered: nothing of a refused change is kept.
    expect((await ctx.store.read(GUILD)).members[ALICE.userId]).toBeUndefined();
  });

  it('accepts Administrator, and the moderator role once the server sets it (checked against current settings)', async () => {
    const ctx = await setup();
    await ctx.lists.create(ADMIN, { name: 'By admin' });
    await rejectsCleanly(ctx.store, () => ctx.lists.create(CAROL, { name: 'By Carol' }), /Only moderators/);
    await setModeratorRole(ctx.store, GUILD, MOD_ROLE);
    expect(await ctx.lists.isModerator(GUILD, CAROL.access)).toBe(true);
    await ctx.lists.create(CAROL, { name: 'By Carol' });
    // Unsetting the role takes effect on the next change.
    await setModeratorRole(ctx.store, GUILD, null);
    await rejectsCleanly(ctx.store, () => ctx.lists.add(CAROL, 'By Carol', 'stalker-1979'), /Only moderators/);
  });

  it('lets anyone read: show, all, progress, leaderboard, export', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Canon' });
    await ctx.lists.add(MOD, 'Canon', 'stalker-1979');
    expect((await ctx.lists.show(GUILD, 'canon', { viewerId: ALICE.userId })).page.total).toBe(1);
    expect((await ctx.lists.all(GUILD, { viewerId: ALICE.userId })).total).toBe(1);
    expect((await ctx.lists.progress(GUILD, 'Canon', ALICE.userId)).total).toBe(1);
    expect((await ctx.lists.exportCsv(GUILD, 'Canon')).text).toContain('Stalker');
  });
});

describe('names', () => {
  it('are unique per server ignoring case and spacing, and refused with the existing spelling', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Best of  2024' });
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: 'BEST OF 2024' }), /already a list called “Best of  2024”/);
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: 'ｂｅｓｔ ｏｆ 2024' }), /already a list/);
    // Another server is another namespace.
    const other = { ...MOD, guildId: '100000000000000002' };
    await ctx.lists.create(other, { name: 'Best of 2024' });
  });

  it('are stored as typed, mentions and markdown included (the renderer escapes them)', async () => {
    const ctx = await setup();
    const name = '**@everyone** <@200000000000000003> _picks_ `#1` <#123456789012345678>';
    const list = await ctx.lists.create(MOD, { name, description: '# Heading\n<@&300000000000000009> please watch' });
    expect(list.name).toBe(name);
    expect(list.description).toBe('# Heading\n<@&300000000000000009> please watch');
    expect((await ctx.lists.get(GUILD, name)).id).toBe(list.id);
  });

  it('refuses empty, over-long, multi-line and letterless names with a clear message', async () => {
    const ctx = await setup();
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: '   ' }), /needs a name/);
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: 'x'.repeat(101) }), /limited to 100 characters; this one has 101/);
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: 'two\nlines' }), /single line/);
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: '*** ~~ **' }), /at least one letter or digit/);
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: 'Ok', description: 'd'.repeat(1001) }), /1000 characters/);
    expect((await ctx.lists.create(MOD, { name: '  Trimmed  ' })).name).toBe('Trimmed');
  });

  it('rename keeps the list (id, films) and its uniqueness; a case change of its own name is allowed', async () => {
    const ctx = await setup();
    const canon = await ctx.lists.create(MOD, { name: 'Canon' });
    await ctx.lists.create(MOD, { name: 'Other' });
    await ctx.lists.add(MOD, 'Canon', 'stalker-1979');
    await rejectsCleanly(ctx.store, () => ctx.lists.rename(MOD, 'Canon', 'other'), /already a list called “Other”/);
    await rejectsCleanly(ctx.store, () => ctx.lists.rename(MOD, 'Canon', 'Canon'), /already called/);
    await ctx.lists.create(MOD, { name: '**Loud** _list_' });
    // A name quoted in a message shows as written, not as bold or italics.
    await rejectsCleanly(ctx.store, () => ctx.lists.create(MOD, { name: '**loud** _LIST_' }), /already a list called “\\\*\\\*Loud\\\*\\\* \\_list\\_”/);
    const renamed = await ctx.lists.rename(MOD, canon.id, 'CANON');
    expect(renamed).toMatchObject({ id: canon.id, name: 'CANON', previousName: 'Canon', size: 1 });
    const again = await ctx.lists.rename(MOD, 'canon', 'The Canon');
    expect(again.updatedAt > again.createdAt).toBe(true);
    await rejectsCleanly(ctx.store, () => ctx.lists.show(GUILD, 'Canon'), /no server list called “Canon”/);
  });
});

describe('lists', () => {
  it('records author, timestamps, ranked flag, description; describe edits and clears it', async () => {
    const ctx = await setup();
    const list = await ctx.lists.create(MOD, { name: 'Canon', description: ' The essentials ' });
    expect(list).toMatchObject({
      name: 'Canon',
      description: 'The essentials',
      ranked: true,
      authorId: MOD.userId,
      authorName: 'Mona Moderator',
      createdAt: '2024-06-15T12:00:00.000Z',
      size: 0,
    });
    expect((await ctx.lists.create(MOD, { name: 'Unranked', ranked: false })).ranked).toBe(false);
    expect((await ctx.lists.describe(MOD, 'Canon', 'New words')).description).toBe('New words');
    const cleared = await ctx.lists.describe(MOD, 'Canon', '');
    expect(cleared.description).toBe('');
    expect(cleared.updatedAt).not.toBe(cleared.createdAt);
    await rejectsCleanly(ctx.store, () => ctx.lists.describe(MOD, 'Canon', ''), /has no description to clear/);
    await ctx.lists.describe(MOD, 'Canon', 'Words');
    await rejectsCleanly(ctx.store, () => ctx.lists.describe(MOD, 'Canon', ' Words '), /already has that description/);
    expect((await ctx.lists.setRanked(MOD, 'Canon', false)).ranked).toBe(false);
    await rejectsCleanly(ctx.store, () => ctx.lists.setRanked(MOD, 'Canon', false), /already unranked/);
  });

  it('adds at the end by default, at a position when given, clamping out-of-range positions and saying so', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Canon' });
    expect(await ctx.lists.add(MOD, 'Canon', 'stalker-1979')).toMatchObject({ position: 1, clamped: false, film: { title: 'Stalker', year: 1979 } });
    expect(await ctx.lists.add(MOD, 'Canon', 'holy-motors-2012')).toMatchObject({ position: 2, clamped: false });
    expect(await ctx.lists.add(MOD, 'Canon', 'yi-yi-2000', { position: 1, note: ' A family epic ' })).toMatchObject({ position: 1, clamped: false });
    const far = await ctx.lists.add(MOD, 'Canon', 'in-the-mood-for-love-2000', { position: 40 });
    expect(far).toMatchObject({ position: 4, clamped: true, requestedPosition: 40 });
    const zero = await ctx.lists.add(MOD, 'Canon', 'mulholland-drive-2001', { position: 0 });
    expect(zero).toMatchObject({ position: 1, clamped: true, requestedPosition: 0 });
    const shown = await ctx.lists.show(GUILD, 'Canon');
    expect(shown.page.items.map((item) => [item.position, item.film.filmId, item.note])).toEqual([
      [1, 'mulholland-drive-2001', undefined],
      [2, 'yi-yi-2000', 'A family epic'],
      [3, 'stalker-1979', undefined],
      [4, 'holy-motors-2012', undefined],
      [5, 'in-the-mood-for-love-2000', undefined],
    ]);
    await rejectsCleanly(ctx.store, () => ctx.lists.add(MOD, 'Canon', 'stalker-1979', { position: 2.5 }), /whole number/);
    // An unset Discord option (null) means "at the end".
    expect(await ctx.lists.add(MOD, 'Canon', 'oldboy-2003', { position: null, note: null })).toMatchObject({ position: 6, clamped: false });
  });

  it('refuses a film added twice, an unknown film, an unknown list, an over-long note', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Canon' });
    await ctx.lists.add(MOD, 'Canon', 'stalker-1979');
    await ctx.lists.add(MOD, 'Canon', 'holy-motors-2012');
    await rejectsCleanly(ctx.store, () => ctx.lists.add(MOD, 'canon', 'holy-motors-2012'), /Holy Motors \(2012\) is already #2 in “Canon”/);
    await rejectsCleanly(ctx.store, () => ctx.lists.add(MOD, 'Canon', 'no-such-film-1999'), /don't know a film/);
    await rejectsCleanly(ctx.store, () => ctx.lists.add(MOD, 'Nope', 'yi-yi-2000'), /no server list called “Nope”/);
    await rejectsCleanly(ctx.store, () => ctx.lists.add(MOD, 'Canon', 'yi-yi-2000', { note: 'n'.repeat(501) }), /Notes are limited to 500/);
  });

  it('moves with clamping, refuses a no-op move and absent films; remove closes the gap', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Canon' });
    for (const id of ['stalker-1979', 'holy-motors-2012', 'yi-yi-2000', 'amelie-2001']) await ctx.lists.add(MOD, 'Canon', id);
    expect(await ctx.lists.move(MOD, 'Canon', 'amelie-2001', 1)).toMatchObject({ from: 4, to: 1, clamped: false });
    expect(await ctx.lists.move(MOD, 'Canon', 'amelie-2001', 99)).toMatchObject({ from: 1, to: 4, clamped: true, requestedPosition: 99 });
    await rejectsCleanly(ctx.store, () => ctx.lists.move(MOD, 'Canon', 'amelie-2001', 7), /already #4 in “Canon” \(the end of the list\)/);
    await rejectsCleanly(ctx.store, () => ctx.lists.move(MOD, 'Canon', 'oldboy-2003', 1), /Oldboy is not in “Canon”/);
    expect(await ctx.lists.remove(MOD, 'Canon', 'holy-motors-2012')).toMatchObject({ position: 2, list: { size: 3 } });
    await rejectsCleanly(ctx.store, () => ctx.lists.remove(MOD, 'Canon', 'holy-motors-2012'), /is not in/);
    const shown = await ctx.lists.show(GUILD, 'Canon');
    expect(shown.page.items.map((item) => `${item.position}:${item.film.filmId}`)).toEqual(['1:stalker-1979', '2:yi-yi-2000', '3:amelie-2001']);
  });

  it('sets and clears notes', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Canon' });
    await ctx.lists.add(MOD, 'Canon', 'stalker-1979', { note: 'first' });
    expect(await ctx.lists.setNote(MOD, 'Canon', 'stalker-1979', 'The Zone')).toMatchObject({ position: 1, note: 'The Zone' });
    expect((await ctx.lists.setNote(MOD, 'Canon', 'stalker-1979', '  ')).note).toBeUndefined();
  });

  it('delete removes the list and its awards, and the films keep credit for having been in it', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Doomed' });
    await ctx.lists.add(MOD, 'Doomed', 'stalker-1979');
    await ctx.watch(ALICE, 'stalker-1979');
    expect(await ctx.lists.afterDiaryChange(GUILD, ALICE.userId)).toHaveLength(1);
    expect(await ctx.lists.delete(MOD, 'doomed')).toMatchObject({ name: 'Doomed', size: 1 });
    const data = await ctx.store.read(GUILD);
    expect(data.lists.items).toEqual([]);
    expect(data.lists.awards).toEqual({});
    expect(await ctx.lists.filmLists(GUILD, 'stalker-1979')).toMatchObject({
      count: 0,
      hasBeenIn: 1,
      former: [{ listName: 'Doomed', deleted: true, position: 1 }],
    });
    await rejectsCleanly(ctx.store, () => ctx.lists.delete(MOD, 'Doomed'), /no server list/);
  });
});

describe('the film card: ranks across lists and "has been in"', () => {
  it('lists ranked lists by best rank first, then unranked ones, and counts lists the film left', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'TSPDT 21st century' });
    await ctx.lists.create(MOD, { name: 'Cahiers' });
    await ctx.lists.create(MOD, { name: 'Club favourites', ranked: false });
    await ctx.lists.create(MOD, { name: 'Weird movies' });
    for (const id of ['yi-yi-2000', 'stalker-1979', 'amelie-2001', 'oldboy-2003']) await ctx.lists.add(MOD, 'Cahiers', id);
    await ctx.lists.add(MOD, 'Cahiers', 'holy-motors-2012'); // #5 in Cahiers
    await ctx.lists.add(MOD, 'TSPDT 21st century', 'holy-motors-2012'); // #1
    await ctx.lists.add(MOD, 'TSPDT 21st century', 'yi-yi-2000', { position: 1 }); // pushes Holy Motors to #2
    await ctx.lists.add(MOD, 'Club favourites', 'holy-motors-2012');
    await ctx.lists.add(MOD, 'Weird movies', 'holy-motors-2012');
    await ctx.lists.remove(MOD, 'Weird movies', 'holy-motors-2012');

    const card = await ctx.lists.filmLists(GUILD, 'holy-motors-2012');
    expect(card.current.map((membership) => [membership.list.name, membership.position, membership.list.ranked, membership.list.size])).toEqual([
      ['TSPDT 21st century', 2, true, 2],
      ['Cahiers', 5, true, 5],
      ['Club favourites', 1, false, 1],
    ]);
    expect(card.count).toBe(3);
    expect(card.hasBeenIn).toBe(4);
    expect(card.former).toMatchObject([{ listName: 'Weird movies', deleted: false, position: 1 }]);

    // Back in the list: no longer a former membership; renames follow.
    await ctx.lists.add(MOD, 'Weird movies', 'holy-motors-2012');
    expect(await ctx.lists.filmLists(GUILD, 'holy-motors-2012')).toMatchObject({ count: 4, hasBeenIn: 4, former: [] });
    await ctx.lists.remove(MOD, 'Weird movies', 'holy-motors-2012');
    await ctx.lists.rename(MOD, 'Weird movies', '366 Weird Movies');
    expect((await ctx.lists.filmLists(GUILD, 'holy-motors-2012')).former[0]!.listName).toBe('366 Weird Movies');
    expect(await ctx.lists.filmLists(GUILD, 'the-general-1926')).toMatchObject({ count: 0, hasBeenIn: 0, current: [], former: [] });
  });
});

describe('storage', () => {
  it('a guild document written before lists existed loads with an empty lists section', () => {
    const old = { version: 1, seq: 3, members: {}, memberFilms: {}, activity: [], undo: [] };
    const parsed = parseGuildData(old, 'an old file');
    expect(parsed.lists).toEqual({ items: [], departures: [], awards: {} });
  });

  it('survives closing and reopening the file store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-lists-'));
    try {
      const first = await openFileGuildStore({ dataDir });
      const ctx = await setup(first);
      await ctx.lists.create(MOD, { name: 'Canon', description: 'line one\nline two' });
      await ctx.lists.add(MOD, 'Canon', 'stalker-1979', { note: 'note, with "quotes"' });
      await ctx.lists.add(MOD, 'Canon', 'yi-yi-2000', { position: 1 });
      const written = await first.read(GUILD);
      await first.close();
      const second = await openFileGuildStore({ dataDir });
      expect((await second.read(GUILD)).lists).toEqual(written.lists);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('autocomplete suggests list ids by name, prefix matches first', async () => {
    const ctx = await setup();
    const canon = await ctx.lists.create(MOD, { name: 'Canon' });
    const cannes = await ctx.lists.create(MOD, { name: 'Cannes winners' });
    const french = await ctx.lists.create(MOD, { name: 'French canon' });
    expect((await ctx.lists.suggest(GUILD, 'can')).map((choice) => choice.id)).toEqual([cannes.id, canon.id, french.id]);
    expect((await ctx.lists.suggest(GUILD, 'CANON')).map((choice) => choice.name)).toEqual(['Canon', 'French canon']);
    expect(await ctx.lists.suggest(GUILD, '', 2)).toHaveLength(2);
  });
});
