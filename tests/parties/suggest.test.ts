import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Film } from '../../src/catalog/schema.js';
import { ClubDiary } from '../../src/club/diary.js';
import { PartyService } from '../../src/parties/service.js';
import { createSimpleGroupRanker, type GroupRanker } from '../../src/parties/suggest.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, BOB, CAROL, CHANNEL, GUILD, HOST, catalog } from './helpers.js';

/** `ranker`: 'simple' (the built-in light ranking), 'default' (the recommend engine) or a custom one. */
async function setup(ranker: GroupRanker | 'simple' | 'default' = 'simple') {
  const store = createMemoryGuildStore();
  const films = catalog();
  let now = Date.parse('2024-06-12T12:00:00Z');
  const clock = () => new Date((now += 60_000));
  const chosen = ranker === 'simple' ? createSimpleGroupRanker(films) : ranker === 'default' ? undefined : ranker;
  const service = new PartyService({ store, films, now: clock, ...(chosen ? { ranker: chosen } : {}) });
  const diary = new ClubDiary({ store, films, now: clock });
  return { store, films, service, diary };
}

describe('group suggestions (built-in light ranking)', () => {
  it('never suggests a film any attendee has seen, and favours films on several watchlists', async () => {
    const { service, diary } = await setup();
    await diary.watch(ALICE, 'stalker-1979');
    await diary.addToWatchlist(BOB, 'stalker-1979'); // Bob wants it, but Alice has seen it
    await diary.addToWatchlist(ALICE, 'paddington-2-2017');
    await diary.addToWatchlist(BOB, 'paddington-2-2017');
    await diary.addToWatchlist(BOB, 'alien-1979');
    const { picks, members } = await service.suggest(GUILD, { memberIds: [ALICE.userId, BOB.userId] });
    expect(members.map((m) => m.name)).toEqual(['Alice', 'Bob']);
    expect(picks.map((p) => p.film.title)).not.toContain('Stalker');
    expect(picks.slice(0, 2).map((p) => p.film.title)).toEqual(['Paddington 2', 'Alien']);
    expect(picks[0]!.reasons[0]).toBe('On the watchlist of Alice and Bob');
    expect(picks[0]!.watchlistedBy).toEqual([ALICE.userId, BOB.userId]);
  });

  it('ranks neighbours of the attendees’ favorites (same director first) and says whose favorite', async () => {
    const { service, diary } = await setup();
    await diary.favorite(ALICE, 'holy-motors-2012');
    await diary.favorite(BOB, 'the-general-1926');
    const { picks } = await service.suggest(GUILD, { memberIds: [ALICE.userId, BOB.userId] });
    const titles = picks.map((p) => p.film.title);
    // Both Carax films and Keaton's other film come before anything sharing only a genre.
    expect(new Set(titles.slice(0, 3))).toEqual(new Set(['Mauvais Sang', 'Annette', 'Sherlock Jr.']));
    expect(titles).not.toContain('Holy Motors');
    expect(picks.find((p) => p.film.title === 'Sherlock Jr.')!.reasons).toContain('Same director as The General (Bob\'s favorite)');
    // A film sharing nothing with anyone's taste and on no watchlist is not suggested.
    expect(titles).not.toContain('Alien');
  });

  it('a neighbour of one attendee’s dislike ranks lower', async () => {
    const { service, diary } = await setup();
    await diary.favorite(ALICE, 'stalker-1979'); // Solaris: same director and themes
    await diary.favorite(BOB, 'holy-motors-2012'); // Mauvais Sang and Annette: same director
    const before = (await service.suggest(GUILD, { memberIds: [ALICE.userId, BOB.userId, CAROL.userId] })).picks.map((p) => p.film.title);
    expect(before[0]).toBe('Solaris');
    // Carol disliked Stalker, the favorite Solaris resembles most.
    await diary.dislike(CAROL, 'stalker-1979');
    const after = (await service.suggest(GUILD, { memberIds: [ALICE.userId, BOB.userId, CAROL.userId] })).picks.map((p) => p.film.title);
    expect(after.indexOf('Solaris')).toBeGreaterThan(after.indexOf('Mauvais Sang'));
    expect(after.indexOf('Solaris')).toBeGreaterThan(after.indexOf('Annette'));
  });

  it('uses the Going members of a party, and an injected ranker when given one', async () => {
    const seen: string[][] = [];
    const ranker: GroupRanker = {
      rankForGroup: ({ memberIds, limit }) => {
        seen.push([...memberIds]);
        return [{ film: { filmId: 'alien-1979', title: 'Alien', year: 1979 }, score: 1, watchlistedBy: [], reasons: ['engine'] }].slice(0, limit);
      },
    };
    const { service } = await setup(ranker);
    const party = await service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL });
    await service.rsvp(ALICE, party.id, 'going');
    await service.rsvp(BOB, party.id, 'maybe');
    const result = await service.suggest(GUILD, { partyId: party.id, limit: 5 });
    expect(seen).toEqual([[HOST.userId, ALICE.userId]]);
    expect(result.picks.map((p) => p.reasons)).toEqual([['engine']]);
    await expect(service.suggest(GUILD, {})).rejects.toThrow(/Name the members/);
  });

  const WIKI = '/work/shared/data/wikipedia-movies';
  it.skipIf(!existsSync(WIKI))('ranks the 36k-film catalog (skipped when ../shared is absent)', async () => {
    const films: Film[] = [];
    for (const file of readdirSync(WIKI).filter((name) => name.endsWith('.json'))) {
      const rows = JSON.parse(readFileSync(join(WIKI, file), 'utf8')) as { title?: string; year?: number; cast?: string[]; genres?: string[] }[];
      for (const [index, row] of rows.entries()) {
        if (!row.title || !row.year) continue;
        const parsed = Film.safeParse({ id: `w${row.year}-${index}-${file.slice(7, 11)}`, title: row.title, year: row.year, genres: row.genres ?? [], cast: (row.cast ?? []).map((name) => ({ name })) });
        if (parsed.success) films.push(parsed.data);
      }
    }
    expect(films.length).toBeGreaterThan(30_000);
    const byId = new Map(films.map((film) => [film.id, film]));
    const big = { size: byId.size, get: (id: string) => byId.get(id), all: () => byId.values() };
    const store = createMemoryGuildStore();
    const diary = new ClubDiary({ store, films: big });
    const favorite = films.find((film) => film.cast.length >= 3 && film.year >= 1990)!;
    await diary.favorite(ALICE, favorite.id);
    const ranker = createSimpleGroupRanker(big);
    const picks = await ranker.rankForGroup({ data: await store.read(GUILD), memberIds: [ALICE.userId, BOB.userId], limit: 10 });
    expect(picks).toHaveLength(10);
    expect(picks.every((pick) => pick.film.filmId !== favorite.id)).toBe(true);
    expect(picks[0]!.reasons[0]).toMatch(new RegExp(`with ${favorite.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Alice's favorite\\)`));
  });
});

describe('group suggestions (default: the recommend engine)', () => {
  it('ranks unseen films for the Going members, watchlisted ones first, with each member’s fit', async () => {
    const { service, diary } = await setup('default');
    const party = await service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL });
    await service.rsvp(ALICE, party.id, 'going');
    await service.rsvp(BOB, party.id, 'going');
    await diary.favorite(ALICE, 'holy-motors-2012');
    await diary.watch(BOB, 'stalker-1979');
    await diary.addToWatchlist(ALICE, 'mauvais-sang-1986');
    await diary.addToWatchlist(BOB, 'mauvais-sang-1986');
    const result = await service.suggest(GUILD, { partyId: party.id, limit: 5 });
    expect(result.members.map((m) => m.name)).toEqual(['Hana', 'Alice', 'Bob']);
    expect(result.leftOut).toBe(0);
    const titles = result.picks.map((p) => p.film.title);
    expect(titles).not.toContain('Holy Motors');
    expect(titles).not.toContain('Stalker');
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(5);
    const mauvais = result.picks.find((p) => p.film.title === 'Mauvais Sang');
    expect(mauvais?.watchlistedBy).toEqual([ALICE.userId, BOB.userId]);
    expect(mauvais?.fits?.map((f) => f.userId).sort()).toEqual([HOST.userId, ALICE.userId, BOB.userId].sort());
    expect(mauvais?.reasons.join(' ')).toMatch(/Alice/);
  });
});
