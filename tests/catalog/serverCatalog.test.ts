import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { Film, type FilmInput } from '../../src/catalog/schema.js';
import { ServerFilms, type CatalogActor } from '../../src/catalog/serverFilms.js';
import { ClubDiary } from '../../src/club/diary.js';
import { ClubLists } from '../../src/lists/clubLists.js';
import { MANAGE_GUILD } from '../../src/permissions.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';

const GUILD = '100000000000000001';
const OTHER = '100000000000000002';
const PLAIN = String((1n << 10n) | (1n << 11n) | (1n << 31n));
const person = (n: number, name: string, permissions: string, guildId = GUILD): CatalogActor => ({
  guildId,
  userId: String(200000000000000000n + BigInt(n)),
  name,
  access: { permissions, roleIds: [] },
});
const MOD = person(1, 'Mona', String(MANAGE_GUILD));
const ALICE = person(2, 'Alice', PLAIN);
const BOB = person(3, 'Bob', PLAIN);

const SHARED: FilmInput[] = [
  { id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, directors: ['Leos Carax'], externalIds: { imdb: 'tt2101441' } },
  { id: 'stalker-1979', title: 'Stalker', year: 1979, directors: ['Andrei Tarkovsky'] },
  { id: 'stalker-1979-2', title: 'Stalker', year: 1979, directors: ['A. Tarkovsky'] },
];

function setup(store = createMemoryGuildStore()) {
  const catalog = new Catalog(SHARED.map((film) => Film.parse(film)));
  let tick = Date.parse('2024-06-15T12:00:00Z');
  const now = () => new Date((tick += 60_000));
  const serverFilms = new ServerFilms({ store, catalog, now });
  const films = (guildId: string) => serverFilms.catalogFor(guildId);
  const diary = new ClubDiary({ store, films, now });
  const lists = new ClubLists({ store, films, now });
  return { store, catalog, serverFilms, diary, lists };
}

describe('a server’s catalog', () => {
  it('finds a film a moderator added, in that server only, and keeps it after a restart', async () => {
    const { store, serverFilms } = setup();
    const film = await serverFilms.addByHand(MOD, { title: 'Céline et Julie vont en bateau', year: 1974, directors: ['Jacques Rivette'] });
    expect(film.id).toBe('celine-et-julie-vont-en-bateau-1974');
    const here = serverFilms.catalogFor(GUILD);
    expect(here.get(film.id)?.title).toBe('Céline et Julie vont en bateau');
    expect(here.search('celine et', { limit: 5 }).map((hit) => hit.film.id)).toContain(film.id);
    expect(here.match('Céline et Julie vont en bateau')).toMatchObject({ kind: 'confident', film: { id: film.id } });
    expect(here.originOf(film.id)?.origin).toEqual({ kind: 'moderator', userId: MOD.userId });
    expect(serverFilms.catalogFor(OTHER).get(film.id)).toBeUndefined();
    expect(serverFilms.catalogFor(OTHER).search('celine et julie')).toEqual([]);
    // A new process over the same stored data: the server's films are read on its first use (its first interaction).
    const restarted = new ServerFilms({ store, catalog: new Catalog(SHARED.map((f) => Film.parse(f))) });
    await restarted.prepare(GUILD);
    expect(restarted.catalogFor(GUILD).get(film.id)?.directors).toEqual(['Jacques Rivette']);
  });

  it('leads the suggestions shown before anything is typed with its own films, newest first, a third of them at most', async () => {
    const { serverFilms, catalog } = setup();
    expect(serverFilms.catalogFor(GUILD).hasOwnFacts).toBe(false);
    for (const [i, title] of ['First Added', 'Second Added', 'Third Added'].entries()) await serverFilms.addByHand(MOD, { title, year: 2000 + i });
    const view = serverFilms.catalogFor(GUILD);
    expect(view.hasOwnFacts).toBe(true);
    expect(view.spread(25).map((film) => film.title)).toEqual(['Third Added', 'Second Added', 'First Added', ...catalog.spread(25).map((film) => film.title)]);
    // Of three films, one leads a list of three: the shared catalog's range still shows.
    expect(view.spread(3).map((film) => film.title)).toEqual(['Third Added', ...catalog.spread(2).map((film) => film.title)]);
    expect(serverFilms.catalogFor(OTHER).spread(25)).toEqual(catalog.spread(25));
  });

  it('gives a new film an id of its own, and returns the known film for a known IMDb or TMDB id', async () => {
    const { serverFilms } = setup();
    const again = await serverFilms.add(GUILD, { title: 'Holy Motors', year: 2012, externalIds: { imdb: 'tt2101441' } }, { kind: 'tmdb', tmdbId: 103328 });
    expect(again.id).toBe('holy-motors-2012');
    const namesake = await serverFilms.add(GUILD, { title: 'Holy Motors', year: 2012, externalIds: { tmdb: 5 } }, { kind: 'tmdb', tmdbId: 5 });
    expect(namesake.id).toBe('holy-motors-2012-2');
    const twice = await serverFilms.add(GUILD, { title: 'Other title', year: 2012, externalIds: { tmdb: 5 } }, { kind: 'tmdb', tmdbId: 5 });
    expect(twice.id).toBe('holy-motors-2012-2');
    await expect(serverFilms.add(GUILD, { title: '', year: 2012 }, { kind: 'moderator', userId: MOD.userId })).rejects.toThrow(/cannot be added/);
  });

  it('corrects a shared film for this server only, over the shared record', async () => {
    const { serverFilms, catalog } = setup();
    const edited = await serverFilms.edit(MOD, 'stalker-1979', { synopsis: 'A guide leads two men into the Zone.', directors: ['Andrei Tarkovsky', 'Crew'] });
    expect(edited.synopsis).toBe('A guide leads two men into the Zone.');
    expect(serverFilms.catalogFor(GUILD).get('stalker-1979')?.directors).toEqual(['Andrei Tarkovsky', 'Crew']);
    expect(catalog.get('stalker-1979')?.synopsis).toBe('');
    expect(serverFilms.catalogFor(OTHER).get('stalker-1979')?.synopsis).toBe('');
    const renamed = await serverFilms.edit(MOD, 'stalker-1979', { title: 'Сталкер' });
    expect(renamed.synopsis).toBe('A guide leads two men into the Zone.');
    expect(serverFilms.catalogFor(GUILD).search('Сталкер', { limit: 3 })[0]?.film.id).toBe('stalker-1979');
  });

  it('lets only moderators add, edit or merge', async () => {
    const { serverFilms } = setup();
    await expect(serverFilms.addByHand(ALICE, { title: 'Mine', year: 2020 })).rejects.toThrow(/Only moderators/);
    await expect(serverFilms.edit(ALICE, 'stalker-1979', { title: 'X' })).rejects.toThrow(/Only moderators/);
    await expect(serverFilms.merge(ALICE, 'stalker-1979', 'stalker-1979-2')).rejects.toThrow(/Only moderators/);
    const suggestion = await serverFilms.suggest(ALICE, { title: 'Dangal', year: 2016 });
    await expect(serverFilms.approve(BOB, suggestion.id)).rejects.toThrow(/Only moderators/);
    const { film } = await serverFilms.approve(MOD, suggestion.id);
    expect(serverFilms.catalogFor(GUILD).originOf(film.id)?.origin).toEqual({ kind: 'suggestion', userId: ALICE.userId, approvedBy: MOD.userId });
    expect(await serverFilms.suggestions(GUILD)).toEqual([]);
    await expect(serverFilms.approve(MOD, suggestion.id)).rejects.toThrow(/already approved or rejected/);
  });

  it('merges two entries of a film: every record moves to the kept one, nothing lost or counted twice', async () => {
    const { serverFilms, diary, lists } = setup();
    await diary.watch(ALICE, 'stalker-1979', { on: '2024-01-01' });
    await diary.watch(ALICE, 'stalker-1979-2', { on: '2024-02-01', stars: 4 });
    await diary.watch(BOB, 'stalker-1979-2', { on: '2024-03-01' });
    await diary.favorite(BOB, 'stalker-1979-2');
    await lists.create(MOD, { name: 'Zone', ranked: true });
    await lists.add(MOD, 'Zone', 'stalker-1979-2');
    await lists.add(MOD, 'Zone', 'holy-motors-2012');

    const { counts } = await serverFilms.merge(MOD, 'stalker-1979', 'stalker-1979-2');
    expect(counts).toMatchObject({ members: 2, viewings: 2, lists: 1 });

    const alice = await diary.memberFilm(GUILD, ALICE.userId, 'stalker-1979');
    expect(alice.entries.map((entry) => entry.watchedOn)).toEqual(['2024-02-01', '2024-01-01']);
    expect(alice.stars).toBe(4);
    const bob = await diary.memberFilm(GUILD, BOB.userId, 'stalker-1979');
    expect(bob.favorite).toBe(true);
    expect((await diary.diary(GUILD, ALICE.userId)).total).toBe(2);
    expect((await diary.profile(GUILD, ALICE.userId)).counts.films).toBe(1);
    const shown = await lists.show(GUILD, 'Zone');
    expect(shown.page.items.map((item) => item.film.filmId)).toEqual(['stalker-1979', 'holy-motors-2012']);

    // The merged-away id still leads to the kept film (old buttons), and is no longer offered.
    const here = serverFilms.catalogFor(GUILD);
    expect(here.get('stalker-1979-2')?.id).toBe('stalker-1979');
    expect(here.search('stalker', { limit: 5 }).map((hit) => hit.film.id)).toEqual(['stalker-1979']);
    // A press of an old button records on the kept film.
    await diary.watch(BOB, 'stalker-1979-2', { on: '2024-04-01' });
    expect((await diary.memberFilm(GUILD, BOB.userId, 'stalker-1979')).viewings).toBe(2);
  });
});
