import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import type { MemberFilm } from '../../src/store/schema.js';
import { startTestClub, type TestClub } from './harness.js';

/**
 * What members see on a big server, as clubs get after Letterboxd imports: a member with 5,000 films logged and
 * 2,000 on her watchlist, a film logged by 1,000 members, a list of 1,000 films. The data is seeded straight through
 * the store (seconds, not an import per member); every view then goes through the local Discord, which refuses any
 * payload over Discord's limits, so `expectClean()` after each command is itself the check on truncation.
 */
const FILMS = 8_000;
const HEAVY_FILMS = 5_000;
const WATCHLIST = 2_000;
const CROWD = 1_000;
const LIST_FILMS = 1_000;
const GENRES = ['Drama', 'Comedy', 'Horror', 'Thriller', 'Romance', 'Documentary', 'Animation', 'Science Fiction'];

const filmId = (n: number) => `big-film-${n}-${1950 + (n % 70)}`;
const crowdId = (n: number) => String(400000000000000000n + BigInt(n));
const day = (n: number) => new Date(Date.UTC(2015, 0, 1) + (n % 3_000) * 86_400_000).toISOString();

let club: TestClub;
let catalogDir: string;
let alice: MemberHandle;
let bob: MemberHandle;

beforeAll(async () => {
  catalogDir = await mkdtemp(join(tmpdir(), 'marquee-big-'));
  const catalog = Array.from({ length: FILMS }, (_, n) => ({
    id: filmId(n),
    title: `Big Film ${n}`,
    year: 1950 + (n % 70),
    genres: [GENRES[n % GENRES.length]!, GENRES[(n * 3 + 1) % GENRES.length]!],
    directors: [`Director ${n % 400}`],
    countries: ['France'],
    runtime: 80 + (n % 60),
    // Posters, so the views' galleries (diary, watchlist, profile) are filled as on a real server.
    poster: `https://image.tmdb.org/t/p/w342/big-film-${n}.jpg`,
  }));
  const catalogFile = join(catalogDir, 'big.json');
  await writeFile(catalogFile, JSON.stringify(catalog));
  club = await startTestClub({ catalogFiles: [catalogFile] });
  alice = club.guild.addMember({ username: 'alice', permissions: ['ManageGuild'] });
  bob = club.guild.addMember({ username: 'bob' });
  await alice.slash('list', { name: 'Thousand Films', description: 'A long list' }, { subcommand: 'create' });

  const guildId = club.guild.id;
  await club.app.store.update(guildId, (data) => {
    let seq = data.seq;
    data.members[alice.id] = 'alice';
    const films: Record<string, MemberFilm> = {};
    for (let n = 0; n < HEAVY_FILMS; n++) {
      const at = day(n);
      seq += 1;
      films[filmId(n)] = { diary: [{ id: 'h' + seq.toString(36), watchedOn: at.slice(0, 10), loggedAt: at }], ...(n % 2 === 0 ? { rating: { stars: ((n % 10) + 1) / 2, at } } : {}) };
      if (n % 50 === 0) films[filmId(n)]!.favoriteSince = at;
    }
    for (let n = HEAVY_FILMS; n < HEAVY_FILMS + WATCHLIST; n++) films[filmId(n)] = { diary: [], watchlistSince: day(n) };
    data.memberFilms[alice.id] = films;
    // A film everyone saw, with a few others each: 1,000 members, 10,000 diary entries, a full feed.
    for (let m = 0; m < CROWD; m++) {
      const user = crowdId(m);
      data.members[user] = `Crowd Member ${m}`;
      const mine: Record<string, MemberFilm> = {};
      for (let k = 0; k < 10; k++) {
        const id = filmId(k === 0 ? 0 : (m * 7 + k * 13) % HEAVY_FILMS);
        const at = day(m + k);
        seq += 1;
        const entry = { id: 'c' + seq.toString(36), watchedOn: at.slice(0, 10), loggedAt: at };
        mine[id] = { diary: [entry], rating: { stars: ((m + k) % 10 + 1) / 2, at } };
        seq += 1;
        data.activity.push({ id: 'e' + seq.toString(36), at, userId: user, filmId: id, kind: 'watched', entryId: entry.id, watchedOn: entry.watchedOn });
      }
      data.memberFilms[user] = mine;
    }
    data.activity.sort((a, b) => a.at.localeCompare(b.at));
    const list = data.lists.items[0]!;
    list.entries = Array.from({ length: LIST_FILMS }, (_, i) => ({ filmId: filmId(i * 3), position: i + 1, addedAt: day(i), addedBy: alice.id }));
    data.seq = seq;
  });
}, 120_000);

afterAll(async () => {
  await club?.stop();
  await rm(catalogDir, { recursive: true, force: true });
});

/** Everything a message shows as text: content, embeds, Components V2 text and button labels. */
function shown(message: Message): string {
  const embeds = message.embeds.map((embed) => [embed.title, embed.description, ...(embed.fields ?? []).map((f) => `${f.name}\n${f.value}`), embed.footer?.text].join('\n'));
  return [message.content, ...embeds, message.v2?.text ?? '', ...message.buttons().map((b) => b.label ?? '')].join('\n');
}

/** Numbers of four digits or more that are not grouped: what a member should never see in a count. */
const ungrouped = (text: string) => text.replace(/<t:\d+:\w>|`\d{4}-\d\d-\d\d`|\d{4}-\d\d(-\d\d)?|\(\d{4}\)|\d{4}s|big-film-\d+-\d{4}|Big Film \d+|Crowd Member \d+|Director \d+/g, '').match(/\b\d{4,}\b/g) ?? [];

describe('a big server', () => {
  it('/profile of a member with 5,000 films groups its counts', async () => {
    const text = shown(await alice.slash('profile', {}));
    club.expectClean();
    expect(text).toContain('5,000 films watched (5,000 viewings, 0 rewatches)');
    expect(text).toContain('100 favorites · 0 dislikes · 2,000 on the watchlist');
    expect(text).toContain('2,500 ratings');
    expect(text).toContain('Thousand Films — 1,000/1,000 (100%)');
    expect(text).toMatch(/Animation \(1,250\)/);
    expect(ungrouped(text)).toEqual([]);
  });

  it('/diary of a member with 5,000 entries: 500 pages, counted grouped', async () => {
    const diary = await alice.slash('diary', {});
    club.expectClean();
    expect(shown(diary)).toContain('5,000 entries · newest first');
    expect(diary.buttons().map((b) => b.label)).toContain('Page 1 of 500');
    expect(diary.v2!.gallery.length).toBeGreaterThan(0);
    const next = await alice.click(diary, 'Next');
    club.expectClean();
    expect(next.buttons().map((b) => b.label)).toContain('Page 2 of 500');
  });

  it('/stats and /activity on a server of 1,001 members and 10,000 feed events', async () => {
    const stats = shown(await alice.slash('stats', {}));
    club.expectClean();
    expect(stats).toContain('1,001 members logged 5,000 films in 14,999 dated viewings.');
    expect(stats).toContain('1. Big Film 0 (1950) — 1,001 members');
    expect(ungrouped(stats)).toEqual([]);
    const activity = await alice.slash('activity', {});
    club.expectClean();
    expect(shown(activity)).toContain('10,000 events · newest first');
    expect(activity.buttons().map((b) => b.label)).toContain('Page 1 of 1,000');
  });

  it('/seen and the /film card of a film seen by 1,001 members', async () => {
    const seen = await bob.slash('seen', { film: filmId(0) });
    club.expectClean();
    expect(shown(seen)).toContain('1,001 members');
    expect(seen.buttons().map((b) => b.label)).toContain('Page 1 of 67');
    const card = shown(await bob.slash('film', { title: filmId(0) }));
    club.expectClean();
    expect(card).toMatch(/1,001 members watched/);
    expect(card).toMatch(/from 1,001 ratings/);
    expect(card).toMatch(/and 991 others/);
    expect(ungrouped(card)).toEqual([]);
  });

  it('/list show and /list leaderboard on a 1,000-film list', async () => {
    const show = shown(await bob.slash('list', { list: 'Thousand Films' }, { subcommand: 'show' }));
    club.expectClean();
    expect(show).toContain('0 of 1,000 films seen');
    expect(show).toContain('ranked · 1,000 films · by alice');
    const board = shown(await bob.slash('list', { list: 'Thousand Films' }, { subcommand: 'leaderboard' }));
    club.expectClean();
    expect(board).toMatch(/alice — 1,000\/1,000 · 100%/);
    expect(ungrouped(board)).toEqual([]);
  });

  it('/list show jumps to the last page of a 1,000-film list, and a page past the end shows the last', async () => {
    const last = await bob.slash('list', { list: 'Thousand Films', page: 67 }, { subcommand: 'show' });
    club.expectClean();
    expect(shown(last)).toContain('`#1000` **Big Film 2997** (2007)');
    expect(last.buttons().map((b) => [b.label, b.disabled])).toEqual([['Previous', false], ['Page 67 of 67', true], ['Next', true]]);
    const past = await bob.slash('list', { list: 'Thousand Films', page: 500 }, { subcommand: 'show' });
    club.expectClean();
    expect(shown(past)).toBe(shown(last));
    const exported = await bob.slash('list', { list: 'Thousand Films' }, { subcommand: 'export' });
    club.expectClean();
    expect(exported.content).toContain('“Thousand Films” (1,000 films) in Letterboxd’s list format');
  });

  it('/activity for one film seen by 1,001 members', async () => {
    const feed = await bob.slash('activity', { film: filmId(0) });
    club.expectClean();
    // 1,001: one crowd member's ten films land on film 0 twice, which the seeding logs as two events.
    expect(shown(feed)).toContain('1,001 events · newest first');
    expect(feed.buttons().map((b) => b.label)).toContain('Page 1 of 101');
  });

  it('/list import of a 2,150-row file previews its counts grouped', async () => {
    const rows = Array.from({ length: 1_100 }, (_, n) => `Big Film ${n + 4_000},${1950 + ((n + 4_000) % 70)}`);
    const unknown = Array.from({ length: 1_050 }, (_, n) => `No Such Film ${n},1999`);
    const file = club.discord.attachment('long.csv', ['title,year', ...rows, ...unknown].join('\n'));
    const preview = await alice.slash('list', { file, name: 'Long Import' }, { subcommand: 'import' });
    club.expectClean();
    const text = shown(preview);
    expect(text).toContain('2,150 rows');
    expect(text).toContain('Matched (1,100)');
    expect(text).toContain('Not in the catalog (1,050)');
    expect(preview.buttons().map((b) => b.label)).toContain('Import 1,100 films');
    expect(text).toMatch(/…and 1,0\d\d more/);
  });

  it('/watchlist show of 2,000 films', async () => {
    const list = await alice.slash('watchlist', {}, { subcommand: 'show' });
    club.expectClean();
    expect(shown(list)).toContain('2,000 films');
    expect(list.buttons().map((b) => b.label)).toContain('Page 1 of 134');
  });

  it('/recommend and /similar for a member with 5,000 films', async () => {
    const recs = await alice.slash('recommend', {});
    club.expectClean();
    expect(recs.selects()[0]!.options.length).toBeGreaterThan(0);
    const similar = await alice.slash('similar', { film: filmId(1), unseen: true });
    club.expectClean();
    // With `unseen`, none of her 5,000 films comes back.
    for (const option of similar.selects()[0]!.options) expect(Number(/^big-film-(\d+)-/.exec(option.value)![1])).toBeGreaterThanOrEqual(HEAVY_FILMS);
  });

  it('/export of a member with 5,000 films', async () => {
    const exported = await alice.slash('export', {});
    club.expectClean();
    expect(shown(exported)).toContain('Your records of 7,000 films in this server: 5,000 diary entries, 0 reviews, 2,500 ratings, 2,000 on your watchlist, 100 favorites.');
    expect(exported.attachments).toHaveLength(1);
    expect(exported.attachments[0]!.size).toBeLessThan(8 * 1024 * 1024);
  });

  // Last: it adds bob's records, which the server-wide counts above do not expect.
  it('a film one member watched 400 times, with long reviews from many members: the card and the diary stay whole', async () => {
    const film = filmId(7_999);
    const long = (who: string) => `${who} says: ${'a long and considered review, '.repeat(70)}`.slice(0, 2_000);
    await club.app.store.update(club.guild.id, (data) => {
      let seq = data.seq;
      const viewings = Array.from({ length: 400 }, (_, i) => {
        const at = day(i);
        seq += 1;
        return { id: 'r' + seq.toString(36), watchedOn: at.slice(0, 10), loggedAt: at, stars: 4, review: { text: long(`alice ${i}`), spoiler: i % 2 === 0, createdAt: at } };
      });
      viewings.sort((a, b) => a.watchedOn.localeCompare(b.watchedOn) || a.loggedAt.localeCompare(b.loggedAt));
      data.memberFilms[bob.id] = { [film]: { diary: viewings, rating: { stars: 4, at: day(399) } } };
      data.members[bob.id] = 'bob';
      for (let m = 0; m < 40; m++) {
        const at = day(m);
        seq += 1;
        const user = crowdId(m);
        data.memberFilms[user]![film] = { diary: [{ id: 'v' + seq.toString(36), watchedOn: at.slice(0, 10), loggedAt: at, stars: 3, review: { text: long(`member ${m}`), spoiler: false, createdAt: at } }], rating: { stars: 3, at } };
        seq += 1;
        data.activity.push({ id: 'e' + seq.toString(36), at, userId: user, filmId: film, kind: 'reviewed', entryId: 'v' + (seq - 1).toString(36) });
      }
      data.seq = seq;
    });
    const card = shown(await bob.slash('film', { title: film }));
    club.expectClean();
    expect(card).toContain('41 members watched');
    expect(card).toContain('Reviews (440)');
    // The latest reviews (README: "the latest reviews"), each cut to share the field's 1,024 characters.
    expect(card.match(/says: /g)!.length).toBeGreaterThanOrEqual(2);
    expect(card).toContain('and…');
    const diary = await bob.slash('diary', {});
    club.expectClean();
    expect(shown(diary)).toContain('400 entries · newest first');
    expect(diary.buttons().map((b) => b.label)).toContain('Page 1 of 40');
    const profile = shown(await bob.slash('profile', {}));
    club.expectClean();
    expect(profile).toContain('1 film watched (400 viewings, 399 rewatches)');
    expect(profile).toContain('1 rating · 400 reviews');
  });
  // Last too: it renames the crowd.
  it('1,000 members with 100-character names full of markdown, all active this month: /seen, the card, /stats and /activity stay within limits', async () => {
    const now = new Date().toISOString();
    await club.app.store.update(club.guild.id, (data) => {
      let seq = data.seq;
      // Oldest first: the feed is only ever appended to.
      for (let m = CROWD - 1; m >= 0; m--) {
        const user = crowdId(m);
        data.members[user] = `@everyone **${m}** ${'_~|`*'.repeat(20)}`.slice(0, 100);
        seq += 1;
        const at = new Date(Date.parse(now) - m * 60_000).toISOString();
        data.memberFilms[user]![filmId(1)] = { diary: [{ id: 'n' + seq.toString(36), watchedOn: at.slice(0, 10), loggedAt: at }] };
        seq += 1;
        data.activity.push({ id: 'e' + seq.toString(36), at, userId: user, filmId: filmId(1), kind: 'watched', entryId: 'n' + (seq - 1).toString(36), watchedOn: at.slice(0, 10) });
      }
      data.seq = seq;
    });
    for (const [name, options] of [['seen', { film: filmId(1) }], ['film', { title: filmId(1) }], ['stats', {}], ['activity', {}]] as const) {
      const message = await bob.slash(name, options);
      club.expectClean();
      expect(message.allowedMentions?.parse ?? []).toEqual([]);
      expect(shown(message), name).toMatch(/@everyone/);
    }
  });
  it('200 lists with 100-character names, all holding one film: /list all pages, the card’s "Server lists" is cut cleanly', async () => {
    const film = filmId(2);
    await club.app.store.update(club.guild.id, (data) => {
      const first = data.lists.items[0]!;
      for (let i = data.lists.items.length; i < 200; i++) {
        const name = `List ${i} ${'*_`|~@everyone '.repeat(10)}`.slice(0, 100).trim();
        data.lists.items.push({ ...first, id: `l${(1000 + i).toString(36)}`, name, description: 'd'.repeat(300), entries: [{ filmId: film, position: 1, addedAt: day(i), addedBy: alice.id }] });
      }
    });
    const all = await bob.slash('list', {}, { subcommand: 'all' });
    club.expectClean();
    expect(shown(all)).toContain('200 lists');
    const card = shown(await bob.slash('film', { title: film }));
    club.expectClean();
    // 199: the first list, Thousand Films, holds every third film, not this one.
    expect(card).toMatch(/In 199 server lists · .* and 19\d more/);
  });
});
