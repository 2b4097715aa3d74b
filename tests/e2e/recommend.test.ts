import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dislike from '../../commands/dislike.js';
import favorite from '../../commands/favorite.js';
import film from '../../commands/film.js';
import random from '../../commands/random.js';
import recommend from '../../commands/recommend.js';
import similar from '../../commands/similar.js';
import watched from '../../commands/watched.js';
import watchlist from '../../commands/watchlist.js';
import type { APIEmbed } from 'discord.js';
import { Film } from '../../src/catalog/schema.js';
import { LIMITS } from '../../src/discord/limits.js';
import { CommandRegistry } from '../../src/discord/registry.js';
import { renderRecommendations, renderSimilar } from '../../src/discord/render/recommend.js';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { becauseText, Recommender, seededRandom, type Reason, type Recommendations, type SimilarFilms } from '../../src/recommend/index.js';
import { startTestClub, type TestClub } from './harness.js';

/**
 * /recommend, /similar and /random through the local Discord, on the bundled catalog. The diaries are seeded
 * through the bot itself (/watched, /favorite, /dislike, /watchlist). The registry holds the commands these tests
 * use, so a command file another feature is still writing cannot stop them.
 */
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let carol: MemberHandle;
let dave: MemberHandle;

const ALICE_FAVORITES = { 'holy-motors-2012': 'Holy Motors', 'mulholland-drive-2001': 'Mulholland Drive' };
const ALICE_RATED = { 'irma-vep-1996': 'Irma Vep' };
const ALICE_DISLIKED = { 'halloween-1978': 'Halloween' };
const ALICE_WATCHLIST = ['vertigo-1958', 'persona-1966', 'stalker-1979'];
const BOB_FAVORITES = ['holy-motors-2012', 'mulholland-drive-2001', 'eraserhead-1977', 'blue-velvet-1986'];
const CAROL_FAVORITES = ['holy-motors-2012', 'eraserhead-1977', 'blue-velvet-1986', '8-half-1963'];

beforeAll(async () => {
  const registry = new CommandRegistry([recommend, similar, random, film, watched, favorite, dislike, watchlist]);
  club = await startTestClub({ registry });
  // Seeded draws, so "Another" is checked against a known sequence rather than luck.
  club.app.recommender = new Recommender({ store: club.app.store, films: club.app.catalog, random: seededRandom(20240615) });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob', globalName: 'Bob @everyone *star*' });
  carol = club.guild.addMember({ username: 'carol' });
  dave = club.guild.addMember({ username: 'dave' });

  for (const id of Object.keys(ALICE_FAVORITES)) await alice.slash('favorite', { film: id });
  await alice.slash('watched', { film: 'irma-vep-1996', rating: 4 });
  await alice.slash('dislike', { film: 'halloween-1978' });
  for (const id of ALICE_WATCHLIST) await alice.slash('watchlist', { film: id }, { subcommand: 'add' });
  for (const id of BOB_FAVORITES) await bob.slash('favorite', { film: id });
  await bob.slash('dislike', { film: 'dune-2021' });
  for (const id of CAROL_FAVORITES) await carol.slash('favorite', { film: id });
  await carol.slash('watched', { film: 'mulholland-drive-2001' });
}, 30_000);
afterAll(async () => club?.stop());

/** The film ids a reply lists, read from its "open as a card" menu (in the order shown). */
function listedIds(message: Message): string[] {
  return message.selects()[0]!.options.map((option) => option.value);
}

/** The members of the server who favorited a film, by the stored data (what "N members … loved it" counts). */
async function loversOf(filmId: string, except: string): Promise<number> {
  const data = await club.app.store.read(club.guild.id);
  return Object.entries(data.memberFilms).filter(([userId, films]) => userId !== except && films[filmId]?.favoriteSince).length;
}

describe('/recommend', () => {
  it('suggests only films the member has neither watched nor disliked, each with reasons that are true', async () => {
    const reply = await alice.slash('recommend', {});
    expect(reply.ephemeral).toBe(false);
    const embed = reply.embed!;
    expect(embed.title).toBe('Recommendations for alice');
    expect(embed.description).toMatch(/^Films you have not seen, picked from your favorites, ratings, watchlist and dislikes, and what \d+ members? whose taste overlaps yours loved\./);

    const ids = listedIds(reply);
    expect(ids.length).toBe(10);
    const excluded = [...Object.keys(ALICE_FAVORITES), ...Object.keys(ALICE_RATED), ...Object.keys(ALICE_DISLIKED), ...ALICE_WATCHLIST];
    for (const id of ids) expect(excluded).not.toContain(id);
    // What bob and carol loved and alice has not seen comes first: neighbours who share her favorites.
    expect(ids.slice(0, 3)).toEqual(expect.arrayContaining(['eraserhead-1977', 'blue-velvet-1986']));

    const fields = embed.fields;
    expect(fields).toHaveLength(10);
    let personalReasons = 0;
    for (const [i, field] of fields.entries()) {
      const listed = club.app.catalog.get(ids[i]!)!;
      expect(field.name.startsWith(`${i + 1}. ${listed.title}`)).toBe(true);
      for (const [, title] of field.value.matchAll(/you favorited (.+?)(?: \(|;|$)/g)) {
        expect(Object.values(ALICE_FAVORITES)).toContain(title);
        personalReasons++;
      }
      for (const [, title] of field.value.matchAll(/you rated (.+?) ★/g)) expect(Object.values(ALICE_RATED)).toContain(title);
      const taste = /(\d+) members? with your taste loved it/.exec(field.value);
      if (taste) expect(Number(taste[1])).toBeLessThanOrEqual(await loversOf(listed.id, alice.id));
      const also = /(\d+) members? who loved (.+?)(?: \(.*?\))? also loved it/.exec(field.value);
      if (also) {
        expect(Number(also[1])).toBeLessThanOrEqual(await loversOf(listed.id, alice.id));
        expect([...Object.values(ALICE_FAVORITES), ...Object.values(ALICE_RATED)]).toContain(also[2]);
      }
      expect(field.value).not.toMatch(/you (favorited|rated|watched) (Halloween)/);
    }
    expect(personalReasons).toBeGreaterThan(0);
    expect(fields.find((field) => field.name.includes('Eraserhead'))!.value).toMatch(/2 members who loved .+ also loved it/);
    club.expectClean();
  });

  it('opens a suggestion as its film card from the menu', async () => {
    const reply = await alice.slash('recommend', {});
    const [first] = listedIds(reply);
    const card = await alice.select(reply, [first!]);
    expect(card.id).not.toBe(reply.id);
    expect(card.v2!.footer!.text).toBe(first);
    expect(card.v2!.field('In this server')!.value).toMatch(/members? watched/);
    expect(card.buttons().map((button) => button.label)).toContain('Watched');
    club.expectClean();
  });

  it('speaks of another member in the third person, without pinging anyone', async () => {
    const reply = await alice.slash('recommend', { member: bob });
    const embed = reply.embed!;
    expect(embed.title).toBe('Recommendations for Bob @everyone *star*');
    expect(embed.description).toContain('Films Bob @everyone \\*star\\* has not seen');
    const values = embed.fields.map((field) => field.value).join('\n');
    expect(values).not.toMatch(/\byou\b|\byour\b/);
    expect(values).toMatch(/Bob @everyone \\\*star\\\* favorited (Holy Motors|Mulholland Drive|Eraserhead|Blue Velvet)|with Bob @everyone \\\*star\\\*’s taste/);
    for (const id of listedIds(reply)) expect([...BOB_FAVORITES, 'dune-2021']).not.toContain(id);
    expect(reply.mentions).toEqual({ users: [], roles: [], everyone: false });
    club.expectClean();
  });

  it('says when it is a cold start, and offers what the server liked with variety', async () => {
    const reply = await dave.slash('recommend', {});
    expect(reply.embed!.description).toMatch(/^\*\*Cold start:\*\* you have not logged any films yet/);
    const ids = listedIds(reply);
    // What the server loved most comes first, but only one of its three David Lynch films.
    expect(ids[0]).toBe('holy-motors-2012');
    expect(ids.filter((id) => ['mulholland-drive-2001', 'eraserhead-1977', 'blue-velvet-1986'].includes(id))).toHaveLength(1);
    const fields = reply.embed!.fields;
    expect(fields[0]!.value).toBe('3 members of this server loved it');
    expect(fields.some((field) => field.value === 'a classic from the catalog')).toBe(true);
    const directors = ids.map((id) => club.app.catalog.get(id)!.directors.join());
    expect(new Set(directors).size).toBe(directors.length);

    const aboutDave = await alice.slash('recommend', { member: dave });
    expect(aboutDave.embed!.description).toMatch(/^\*\*Cold start:\*\* dave has not logged any films yet/);
    club.expectClean();
  });

  it('keeps to a genre, a decade and a server list, offering them as you type', async () => {
    expect((await alice.autocomplete('recommend', 'genre', 'sci')).map((choice) => choice.value)).toContain('Science Fiction');
    expect(await alice.autocomplete('recommend', 'decade', '7')).toEqual([{ name: '1970s', value: 1970 }]);

    const drama90s = await alice.slash('recommend', { genre: 'drama', decade: 1990 });
    expect(drama90s.embed!.description).toContain('Filters: Drama · 1990s');
    for (const id of listedIds(drama90s)) {
      const found = club.app.catalog.get(id)!;
      expect(found.genres).toContain('Drama');
      expect(Math.floor(found.year / 10)).toBe(199);
    }

    const mod = { guildId: club.guild.id, userId: carol.id, name: 'carol', access: { permissions: '32', roleIds: [] } };
    await club.app.lists.create(mod, { name: 'Surreal *canon*' });
    for (const id of ['eraserhead-1977', 'holy-motors-2012', 'dune-1984', '8-half-1963']) await club.app.lists.add(mod, 'Surreal *canon*', id);
    const choices = await alice.autocomplete('recommend', 'list', 'surr');
    expect(choices).toHaveLength(1);
    expect(choices[0]!.name).toBe('Surreal *canon* (4 films)');
    const inList = await alice.slash('recommend', { list: choices[0]!.value });
    expect(inList.embed!.description).toContain('Filters: list “Surreal \\*canon\\*”');
    expect(listedIds(inList).sort()).toEqual(['8-half-1963', 'dune-1984', 'eraserhead-1977']);
    club.expectClean();
  });

  it('answers bad filters privately', async () => {
    const genre = await alice.slash('recommend', { genre: 'Zydeco' });
    expect(genre.ephemeral).toBe(true);
    expect(genre.content).toMatch(/^The catalog has no genre “Zydeco”\. Genres: /);
    const decade = await alice.slash('recommend', { decade: 1975 });
    expect(decade.ephemeral).toBe(true);
    expect(decade.content).toBe('1975 is not a decade: pick one of 1900, 1910 … 2020 (for 1975, that is 1970).');
    const list = await alice.slash('recommend', { list: 'No such list' });
    expect(list.ephemeral).toBe(true);
    expect(list.content).toMatch(/There is no server list called “No such list”/);
    const mod = { guildId: club.guild.id, userId: carol.id, name: 'carol', access: { permissions: '32', roleIds: [] } };
    await club.app.lists.create(mod, { name: 'Still empty' });
    const empty = await alice.slash('recommend', { list: 'Still empty' });
    expect(empty.ephemeral).toBe(true);
    expect(empty.content).toBe('The list “Still empty” has no films yet.');
    club.expectClean();
  });
});

describe('/similar', () => {
  it('lists films like Holy Motors with what they share, marking those the asker has seen', async () => {
    await alice.slash('watched', { film: 'russian-ark-2002' });
    expect((await alice.autocomplete('similar', 'film', 'holy mot'))[0]).toEqual({ name: 'Holy Motors (2012) — Leos Carax', value: 'holy-motors-2012' });
    const reply = await alice.slash('similar', { film: 'holy-motors-2012' });
    const embed = reply.embed!;
    expect(embed.title).toBe('Films like Holy Motors (2012)');
    const fields = embed.fields;
    expect(fields.length).toBe(10);
    for (const field of fields) expect(field.value).toMatch(/^Shares: .+ · \d+% alike$/);
    expect(fields.map((field) => field.value).join('\n')).toContain('Surreal and dreamlike');
    expect(fields.filter((field) => field.name.endsWith(' · ✓ seen')).map((field) => field.name)).toEqual([expect.stringMatching(/^\d+\. Russian Ark \(2002\)/)]);
    expect(embed.footer!.text).toMatch(/^✓ seen = you have logged it \(1 of 10\)/);
    expect(listedIds(reply)).not.toContain('holy-motors-2012');

    const unseen = await alice.slash('similar', { film: 'holy-motors-2012', unseen: true });
    expect(listedIds(unseen)).not.toContain('russian-ark-2002');
    const card = await bob.select(unseen, [listedIds(unseen)[0]!]);
    expect(card.v2!.footer!.text).toBe(listedIds(unseen)[0]);
    club.expectClean();
  });

  it('answers an unknown film privately', async () => {
    const reply = await alice.slash('similar', { film: 'zzzz qqqq xxxx' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^No film matches “zzzz qqqq xxxx”/);
    club.expectClean();
  });
});

describe('/random', () => {
  it('draws from the watchlist, and "Another" draws again with the same filters', async () => {
    const reply = await alice.slash('random', { from: 'watchlist' });
    expect(reply.ephemeral).toBe(false);
    expect(reply.v2!.texts[0]).toBe('🎲 Drawn from your watchlist (3 films to draw from)');
    const first = reply.v2!.footer!.text;
    expect(ALICE_WATCHLIST).toContain(first);
    expect(reply.buttons().map((button) => button.label)).toEqual(['Full cast', 'Watched', 'Favorite', 'Dislike', 'Watchlist', 'Review', 'Another']);

    const again = await alice.click(reply, 'Another');
    expect(again.id).toBe(reply.id);
    const second = again.v2!.footer!.text;
    expect(ALICE_WATCHLIST).toContain(second);
    expect(second).not.toBe(first);
    expect(again.v2!.texts[0]).toBe('🎲 Drawn from your watchlist (3 films to draw from)');

    // The card's own buttons redraw the card but keep "Another".
    const dora = club.guild.addMember({ username: 'dora' });
    const afterWatched = await dora.click(again, 'Watched');
    expect(afterWatched.buttons().map((button) => button.label)).toContain('Another');

    // Someone else pressing it draws from their own watchlist, privately: bob has none.
    const bobs = await bob.click(again, 'Another');
    expect(bobs.ephemeral).toBe(true);
    expect(bobs.content).toMatch(/^Your watchlist is empty/);
    club.expectClean();
  });

  it('keeps its filters through "Another": genre, decade, unseen, a list', async () => {
    const reply = await alice.slash('random', { genre: 'science fiction', decade: 1970, unseen: true });
    expect(reply.v2!.texts[0]).toMatch(/^🎲 Drawn from the catalog \(\d+ films? to draw from\) · Science Fiction · 1970s · unseen$/);
    for (const message of [reply, await alice.click(reply, 'Another')]) {
      const drawn = club.app.catalog.get(message.v2!.footer!.text)!;
      expect(drawn.genres).toContain('Science Fiction');
      expect(Math.floor(drawn.year / 10)).toBe(197);
    }
    const listId = (await club.app.lists.suggest(club.guild.id, 'surreal'))[0]!.id;
    const fromList = await alice.slash('random', { list: listId, unseen: true });
    expect(fromList.v2!.texts[0]).toBe('🎲 Drawn from the list “Surreal \\*canon\\*” (3 films to draw from) · unseen');
    expect(['eraserhead-1977', 'dune-1984', '8-half-1963']).toContain(fromList.v2!.footer!.text);
    const another = await alice.click(fromList, 'Another');
    expect(['eraserhead-1977', 'dune-1984', '8-half-1963']).toContain(another.v2!.footer!.text);

    // A list longer than one page of the lists' view is read whole.
    const mod = { guildId: club.guild.id, userId: carol.id, name: 'carol', access: { permissions: '32', roleIds: [] } };
    const big = await club.app.lists.create(mod, { name: 'Big list' });
    const films = [...club.app.catalog.all()].slice(0, 60);
    for (const entry of films) await club.app.lists.add(mod, big.id, entry.id);
    const fromBig = await dave.slash('random', { list: big.id });
    expect(fromBig.v2!.texts[0]).toBe('🎲 Drawn from the list “Big list” (60 films to draw from)');
    const recommended = await dave.slash('recommend', { list: big.id });
    for (const id of listedIds(recommended)) expect(films.map((entry) => entry.id)).toContain(id);
    club.expectClean();
  });

  it('answers bad input privately: empty watchlist, missing list, bad decade, unknown genre', async () => {
    const empty = await dave.slash('random', { from: 'watchlist' });
    expect(empty.ephemeral).toBe(true);
    expect(empty.content).toBe('Your watchlist is empty: add films with /watchlist add or the Watchlist button on a film card.');
    const noList = await dave.slash('random', { from: 'list' });
    expect(noList.ephemeral).toBe(true);
    expect(noList.content).toMatch(/^Choose the list to draw from/);
    const decade = await dave.slash('random', { decade: 2001 });
    expect(decade.ephemeral).toBe(true);
    expect(decade.content).toMatch(/^2001 is not a decade/);
    const genre = await dave.slash('random', { genre: 'Zydeco' });
    expect(genre.ephemeral).toBe(true);
    expect(genre.content).toMatch(/^The catalog has no genre “Zydeco”/);
    club.expectClean();
  });
});

describe('long reasons', () => {
  const long = (n: number, word: string) => Array.from({ length: 40 }, (_, i) => `${word}${n}_${i}`).join(' ').slice(0, 200);
  const films = Array.from({ length: 10 }, (_, n) =>
    Film.parse({ id: `long-film-${n}-2000`, title: long(n, '*Title*'), year: 2000, directors: Array.from({ length: 20 }, (_, d) => long(d, 'Director')) }),
  );
  const embedLength = (embed: APIEmbed) =>
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);

  it('are cut so every suggestion keeps its field within Discord’s limits', () => {
    const reasons: Reason[] = [
      ...films.slice(0, 3).map((other): Reason => ({ kind: 'film', via: 'favorite', film: { filmId: other.id, title: other.title }, shared: other.directors.slice(0, 3).map((label) => ({ group: 'director' as const, label })) })),
      { kind: 'neighbours', loved: 12, watched: 30 },
      { kind: 'taste', features: [{ group: 'theme', label: long(1, 'Theme') }] },
    ];
    const result: Recommendations = {
      userId: '200000000000000001',
      mode: 'personal',
      items: films.map((film, i) => ({ film, score: 10 - i, reasons, because: becauseText(reasons) })),
      filters: { genre: 'Drama', decade: 1990, listSize: 4 },
      candidates: 1000,
      neighbours: 12,
    };
    for (const view of [{ name: 'alice', self: true }, { name: 'A *very* long display name!!', self: false, listName: long(2, 'List') }]) {
      const { embeds, components } = renderRecommendations(result, view);
      const embed = embeds[0]!;
      expect(embed.fields).toHaveLength(10);
      expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
      for (const field of embed.fields!) {
        expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        expect(field.value.startsWith(view.self ? 'you favorited \\*Title\\*0\\_0 ' : 'A \\*very\\* long display name!! favorited \\*Title\\*0\\_0 ')).toBe(true);
        expect(field.value.endsWith('…')).toBe(true);
      }
      const options = (components[0]!.components[0] as { options: { label: string; description?: string }[] }).options;
      expect(options).toHaveLength(10);
      for (const option of options) {
        expect(option.label.length).toBeLessThanOrEqual(LIMITS.selectLabel);
        expect(option.description!.length).toBeLessThanOrEqual(LIMITS.selectDescription);
      }
    }
  });

  it('keep the seen mark and the similarity figure whole', () => {
    const result: SimilarFilms = {
      film: films[0]!,
      items: films.map((film, i) => ({ film, similarity: 0.5 - i / 100, shared: [], because: films.map((f) => f.directors.join(', ')).join(', '), seen: i % 2 === 0 })),
      filters: {},
      learned: false,
    };
    const embed = renderSimilar(result).embeds[0]!;
    expect(embed.fields).toHaveLength(10);
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    embed.fields!.forEach((field, i) => {
      expect(field.value).toMatch(new RegExp(`^Shares: .*… · ${Math.round((0.5 - i / 100) * 100)}% alike$`, 's'));
      if (i % 2 === 0) expect(field.name).toMatch(/ · ✓ seen$/);
    });
  });
});
