import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { Film, type FilmInput } from '../../src/catalog/schema.js';
import { ServerFilms, type CatalogActor } from '../../src/catalog/serverFilms.js';
import { ClubDiary } from '../../src/club/diary.js';
import { ClubLists } from '../../src/lists/clubLists.js';
import { MANAGE_GUILD } from '../../src/permissions.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';

// A rebuild of the default catalog found The Raid twice and kept one entry (data/catalog.aliases.json): members who
// logged the other one before the upgrade keep their records, now on the kept film.

const GUILD = '100000000000000001';
const PLAIN = String((1n << 10n) | (1n << 11n) | (1n << 31n));
const person = (n: number, name: string, permissions: string): CatalogActor => ({ guildId: GUILD, userId: String(200000000000000000n + BigInt(n)), name, access: { permissions, roleIds: [] } });
const MOD = person(1, 'Mona', String(MANAGE_GUILD));
const ALICE = person(2, 'Alice', PLAIN);
const BOB = person(3, 'Bob', PLAIN);

const RAID: FilmInput = { id: 'the-raid-2011', title: 'The Raid', originalTitle: 'Serbuan Maut', year: 2011, directors: ['Gareth Evans'] };
const STALKER: FilmInput = { id: 'stalker-1979', title: 'Stalker', year: 1979 };
const BEFORE: FilmInput[] = [RAID, STALKER, { id: 'serbuan-maut-2011', title: 'Serbuan maut', year: 2011, externalIds: { imdb: 'tt1899353' } }];
const AFTER: FilmInput[] = [{ ...RAID, externalIds: { imdb: 'tt1899353' } }, STALKER];
const RETIRED = new Map([['serbuan-maut-2011', 'the-raid-2011']]);

/** The bot as it runs over one catalog: a restart is a new one over the same store. */
function boot(store: GuildStore, films: FilmInput[], retiredIds?: Map<string, string>) {
  const catalog = new Catalog(films.map((film) => Film.parse(film)));
  let tick = Date.parse('2024-06-15T12:00:00Z');
  const now = () => new Date((tick += 60_000));
  const serverFilms = new ServerFilms({ store, catalog, now, ...(retiredIds && { retiredIds }) });
  const view = (guildId: string) => serverFilms.catalogFor(guildId);
  return { serverFilms, diary: new ClubDiary({ store, films: view, now }), lists: new ClubLists({ store, films: view, now }) };
}

describe('an id the shared catalog retired', () => {
  it('moves members’ records and list entries to the kept film on the server’s first read, and keeps resolving', async () => {
    const store = createMemoryGuildStore();
    const old = boot(store, BEFORE);
    await old.serverFilms.prepare(GUILD);
    await old.diary.watch(ALICE, 'serbuan-maut-2011', { on: '2024-03-01', stars: 4.5 });
    await old.diary.watch(ALICE, 'the-raid-2011', { on: '2024-05-01' });
    await old.diary.addToWatchlist(BOB, 'serbuan-maut-2011');
    const list = await old.lists.create(MOD, { name: 'Action', ranked: true });
    await old.lists.add(MOD, list.id, 'stalker-1979');
    await old.lists.add(MOD, list.id, 'serbuan-maut-2011');

    const upgraded = boot(store, AFTER, RETIRED);
    await upgraded.serverFilms.prepare(GUILD);
    const data = await store.read(GUILD);
    expect(Object.keys(data.memberFilms[ALICE.userId]!)).toEqual(['the-raid-2011']);
    const aliceRaid = await upgraded.diary.memberFilm(GUILD, ALICE.userId, 'the-raid-2011');
    expect(aliceRaid).toMatchObject({ watched: true, viewings: 2, stars: 4.5 });
    expect((await upgraded.diary.memberFilm(GUILD, BOB.userId, 'the-raid-2011')).watchlist).toBe(true);
    expect((await upgraded.diary.diary(GUILD, ALICE.userId)).items.map((item) => [item.film.filmId, item.film.title, item.watchedOn])).toEqual([
      ['the-raid-2011', 'The Raid', '2024-05-01'],
      ['the-raid-2011', 'The Raid', '2024-03-01'],
    ]);
    const summary = await upgraded.diary.filmSummary(GUILD, 'the-raid-2011');
    expect(summary.watchers).toBe(1);
    expect(summary.watchlisted).toBe(1);
    const shown = await upgraded.lists.show(GUILD, list.id);
    expect(shown.page.items.map((item) => [item.position, item.film.filmId])).toEqual([
      [1, 'stalker-1979'],
      [2, 'the-raid-2011'],
    ]);
    // Old cards' buttons and links name the retired id: it reads as the kept film, and records there.
    const view = upgraded.serverFilms.catalogFor(GUILD);
    expect(view.get('serbuan-maut-2011')?.id).toBe('the-raid-2011');
    await upgraded.diary.rate(BOB, 'serbuan-maut-2011', 3);
    expect((await store.read(GUILD)).memberFilms[BOB.userId]!['serbuan-maut-2011']).toBeUndefined();
  });

  it('writes nothing for a server whose records name no retired id, and never hides a film that still has that id', async () => {
    const store = createMemoryGuildStore();
    const first = boot(store, AFTER);
    await first.serverFilms.prepare(GUILD);
    await first.diary.watch(ALICE, 'stalker-1979', { on: '2024-03-01' });
    const before = await store.read(GUILD);
    const upgraded = boot(store, AFTER, RETIRED);
    await upgraded.serverFilms.prepare(GUILD);
    expect(await store.read(GUILD)).toBe(before);
    // A catalog file that does have a film with the retired id (loaded with another file): that film wins.
    const both = boot(store, BEFORE, RETIRED);
    await both.serverFilms.prepare(GUILD);
    expect(both.serverFilms.catalogFor(GUILD).get('serbuan-maut-2011')?.title).toBe('Serbuan maut');
  });

  it('shows the activity saved under it on the kept film’s card and feed', async () => {
    const store = createMemoryGuildStore();
    const old = boot(store, BEFORE);
    await old.serverFilms.prepare(GUILD);
    await old.diary.watch(ALICE, 'serbuan-maut-2011', { on: '2024-03-01', stars: 4.5 });
    await old.diary.addToWatchlist(BOB, 'stalker-1979');
    await old.diary.rate(BOB, 'the-raid-2011', 3);

    const upgraded = boot(store, AFTER, RETIRED);
    await upgraded.serverFilms.prepare(GUILD);
    // The feed keeps the ids events were saved under; they are read as the film the id leads to now.
    expect((await store.read(GUILD)).activity.map((event) => event.filmId)).toContain('serbuan-maut-2011');
    const card = await upgraded.diary.filmSummary(GUILD, 'the-raid-2011');
    expect(card.activity.map((item) => [item.name, item.kind, item.filmId, item.film.title])).toEqual([
      ['Bob', 'rated', 'the-raid-2011', 'The Raid'],
      ['Alice', 'watched', 'the-raid-2011', 'The Raid'],
    ]);
    for (const filmId of ['the-raid-2011', 'serbuan-maut-2011']) {
      const feed = await upgraded.diary.activity(GUILD, { filmId });
      expect(feed.items.map((item) => [item.name, item.filmId]), filmId).toEqual([
        ['Bob', 'the-raid-2011'],
        ['Alice', 'the-raid-2011'],
      ]);
    }
    // The whole server's feed names the kept film too; other films' events stay theirs.
    expect((await upgraded.diary.activity(GUILD)).items.map((item) => item.film.filmId)).toEqual(['the-raid-2011', 'stalker-1979', 'the-raid-2011']);
  });
});
