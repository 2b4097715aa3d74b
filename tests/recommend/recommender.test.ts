import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { UserError } from '../../src/errors.js';
import { recommendGroupRanker } from '../../src/parties/suggest.js';
import { clubMatrixFor, contentModelFor, groupFor, LiveClubMatrices, Recommender, seededRandom } from '../../src/recommend/index.js';
import { LEARNED_MIN_MEMBERS } from '../../src/recommend/similar.js';
import type { GuildData } from '../../src/store/schema.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { catalog, GUILD, userId } from './helpers.js';

function setup() {
  const store = createMemoryGuildStore();
  const films = catalog();
  let at = Date.parse('2024-06-15T12:00:00.000Z');
  const diary = new ClubDiary({ store, films, now: () => new Date((at += 60_000)) });
  const recommender = new Recommender({ store, films, random: seededRandom(42) });
  const actor = (n: number, name: string) => ({ guildId: GUILD, userId: userId(n), name });
  return { store, films, diary, recommender, alice: actor(1, 'Alice'), bob: actor(2, 'Bob') };
}

describe('Recommender over the club diary', () => {
  it('follows the diary: a film watched after a recommendation is never suggested again', async () => {
    const { diary, recommender, alice } = setup();
    await diary.favorite(alice, 'stalker-1979');
    const first = await recommender.recommend(GUILD, alice.userId, { limit: 3 });
    expect(first.mode).toBe('personal');
    const top = first.items[0]!.film.id;
    expect(['solaris-1972', 'mirror-1975', 'andrei-rublev-1966']).toContain(top);
    expect(first.items[0]!.because).toMatch(/^you favorited Stalker \(directed by Andrei Tarkovsky/);

    await diary.watch(alice, top);
    const second = await recommender.recommend(GUILD, alice.userId, { limit: 25 });
    expect(second.items.map((item) => item.film.id)).not.toContain(top);
    expect(second.items.map((item) => item.film.id)).not.toContain('stalker-1979');
  });

  it('starts a newcomer from what the server loved', async () => {
    const { diary, recommender, alice, bob } = setup();
    await diary.favorite(alice, 'the-thing-1982');
    const result = await recommender.recommend(GUILD, bob.userId, { limit: 5 });
    expect(result.mode).toBe('cold-start');
    expect(result.items[0]!.film.id).toBe('the-thing-1982');
    expect(result.items[0]!.because).toBe('1 member of this server loved it');
  });

  it('suggests for a party without anything either member has seen, with names from the diary', async () => {
    const { diary, recommender, alice, bob } = setup();
    await diary.favorite(alice, 'seven-samurai-1954');
    await diary.watch(bob, 'yojimbo-1961');
    await diary.addToWatchlist(bob, 'rashomon-1950');
    const party = await recommender.group(GUILD, [alice.userId, bob.userId], { limit: 5 });
    const ids = party.items.map((item) => item.film.id);
    expect(ids).not.toContain('seven-samurai-1954');
    expect(ids).not.toContain('yojimbo-1961');
    const rashomon = party.items.find((item) => item.film.id === 'rashomon-1950');
    expect(rashomon?.because).toMatch(/^on Bob’s watchlist/);
  });

  it('similar and random go through the same catalog and store', async () => {
    const { diary, recommender, alice } = setup();
    await diary.watch(alice, 'solaris-1972');
    const similar = await recommender.similar('stalker-1979', { limit: 3 }, { guildId: GUILD, userId: alice.userId });
    expect(similar.items.find((item) => item.film.id === 'solaris-1972')?.seen).toBe(true);
    const anonymous = await recommender.similar('stalker-1979', { limit: 3 });
    expect(anonymous.items[0]!.seen).toBeUndefined();

    await diary.addToWatchlist(alice, 'mirror-1975');
    const pick = await recommender.random(GUILD, alice.userId, { from: 'watchlist' });
    expect(pick.film.id).toBe('mirror-1975');
    await expect(recommender.random(GUILD, alice.userId, { from: 'watchlist', genre: 'horror' })).rejects.toBeInstanceOf(UserError);
  });

  it('/similar ranks by what the club loved together once enough members logged the film, and follows new writes', async () => {
    const { diary, recommender, alice } = setup();
    const asker = { guildId: GUILD, userId: alice.userId };
    // Holy Motors and The Thing share nothing on paper: only the club's histories can put them together.
    const member = (n: number) => ({ guildId: GUILD, userId: userId(n), name: `Member ${n}` });
    for (let n = 2; n < 1 + LEARNED_MIN_MEMBERS; n++) {
      await diary.favorite(member(n), 'holy-motors-2012');
      await diary.favorite(member(n), 'the-thing-1982');
    }
    const facts = await recommender.similar('holy-motors-2012', { limit: 5 }, asker);
    expect(facts.learned).toBe(false);
    expect(facts.items.map((item) => item.film.id)).not.toContain('the-thing-1982');

    const last = member(1 + LEARNED_MIN_MEMBERS);
    await diary.favorite(last, 'holy-motors-2012');
    await diary.favorite(last, 'the-thing-1982');
    const learned = await recommender.similar('holy-motors-2012', { limit: 5 }, asker);
    expect(learned.learned).toBe(true);
    expect(learned.items[0]).toMatchObject({ film: { id: 'the-thing-1982' }, lovedTogether: LEARNED_MIN_MEMBERS });

    // A write after the matrix was built: the patched matrix answers as a fresh one would.
    await diary.dislike(member(2), 'the-thing-1982');
    const after = await recommender.similar('holy-motors-2012', { limit: 5 }, asker);
    expect(after.items[0]).toMatchObject({ film: { id: 'the-thing-1982' }, lovedTogether: LEARNED_MIN_MEMBERS - 1 });
  });

  it('the party ranker uses the recommender’s model on the incremental path: patched after a write, same answer as a rebuild', async () => {
    const { store, films, diary, alice, bob } = setup();
    await diary.favorite(alice, 'stalker-1979');
    await diary.favorite(bob, 'holy-motors-2012');
    for (let n = 3; n <= 6; n++) {
      const member = { guildId: GUILD, userId: userId(n), name: `Member ${n}` };
      await diary.favorite(member, 'stalker-1979');
      await diary.favorite(member, 'holy-motors-2012');
      await diary.favorite(member, 'the-thing-1982');
    }
    const ranker = recommendGroupRanker(films, {}, new LiveClubMatrices());
    const model = contentModelFor(films);
    const before = await store.read(GUILD);
    const request = { guildId: GUILD, memberIds: [alice.userId, bob.userId], limit: 5 };
    await ranker.rankForGroup({ ...request, data: before });
    const built = clubMatrixFor(before, model);

    await diary.watch(bob, 'mirror-1975', { stars: 5 });
    const after = await store.read(GUILD);
    const picks = await ranker.rankForGroup({ ...request, data: after });
    // Patched, not rebuilt: the matrix registered for the new snapshot is the one built before the write.
    expect(clubMatrixFor(after, model)).toBe(built);
    expect(picks.map((pick) => pick.film.filmId)).not.toContain('mirror-1975');
    expect(picks[0]!.film.filmId).toBe('the-thing-1982');
    const fresh = groupFor(JSON.parse(JSON.stringify(after)) as GuildData, model, request.memberIds, { limit: 5 });
    expect(picks.map((pick) => [pick.film.filmId, pick.score])).toEqual(fresh.items.map((item) => [item.film.id, item.score]));
  });
});
