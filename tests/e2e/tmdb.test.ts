import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { LocalTmdb } from '../../src/local-tmdb/index.js';
import { startTestClub, type TestClub } from './harness.js';

/** Issue catalog-world, TMDB: a film only TMDB knows is found as you type, picked, logged, and works once TMDB is gone. */
let tmdb: LocalTmdb;
let club: TestClub;
let alice: MemberHandle;

beforeAll(async () => {
  tmdb = await LocalTmdb.start();
  club = await startTestClub({ env: { TMDB_API_KEY: tmdb.apiKey, TMDB_API_URL: tmdb.apiUrl } });
  alice = club.guild.addMember({ username: 'alice' });
});
afterAll(async () => {
  await club?.stop();
  await tmdb?.stop();
});

const remote = (choices: { name: string }[]) => choices.filter((choice) => choice.name.startsWith('🌐'));

describe('films from TMDB through the local Discord', () => {
  it('offers a film only TMDB knows, adds it when picked, logs it, and shows it after TMDB went away', async () => {
    const choices = await alice.autocomplete('watched', 'film', 'dunkirk');
    // TMDB's film without a release year could not be a catalog film: it is not offered.
    expect(remote(choices)).toEqual([{ name: '🌐 Dunkirk (2017) (from TMDB)', value: 'tmdb:374720' }]);

    const added = await alice.slash('watched', { film: 'tmdb:374720', rating: 4, date: '2024-05-17' });
    expect(added.ephemeral).toBe(true);
    expect(added.content).toBe('Added **Dunkirk (2017)** to this server’s catalog (data from TMDB).');
    const logged = await added.waitForFollowUp();
    expect(logged.ephemeral).toBe(true);
    expect(logged.content).toBe('Logged **Dunkirk (2017)** as watched on 2024-05-17 (rated ★★★★).');

    // From now on it is a catalog film: suggested as one, and TMDB is not asked about it again.
    const searches = tmdb.count('/search/movie');
    const again = await alice.autocomplete('rate', 'film', 'dunkirk');
    expect(again[0]).toEqual({ name: 'Dunkirk (2017) — Christopher Nolan', value: 'dunkirk-2017' });
    expect(remote(again)).toEqual([]);
    expect(tmdb.count('/search/movie')).toBe(searches);
    expect(tmdb.count('/movie/374720')).toBe(1);

    await tmdb.goDown();
    try {
      const card = await alice.slash('film', { title: 'dunkirk-2017' });
      expect(card.componentsV2).toBe(true);
      expect(card.content).toBe('');
      const v2 = card.v2!;
      expect(v2.title).toBe('Dunkirk (2017)');
      expect(v2.description).toMatch(/^Soldiers trapped on a beach/);
      // TMDB's poster link stands beside the title; Discord's media proxy fetches it, the bot does not.
      expect(v2.thumbnails).toEqual([{ url: 'https://image.tmdb.org/t/p/w342/fixtureDunkirkPoster.jpg', description: 'Poster of Dunkirk (2017)' }]);
      expect(card.attachments).toEqual([]);
      expect(v2.smallPrint).toEqual(['dunkirk-2017 · Data from TMDB']);
      expect(v2.text).toContain('Directed by **Christopher Nolan**');
      expect(v2.block('Cast')).toContain('Fionn Whitehead *(Tommy)*');
      expect(card.buttons().map((button) => button.label)).toEqual(['Full cast', 'Watched', 'Favorite', 'Dislike', 'Watchlist', 'Review']);
      const diary = await alice.slash('diary', {});
      expect(diary.v2!.description).toContain('**Dunkirk** (2017)');
      const rated = await alice.slash('rate', { film: 'dunkirk-2017', stars: 5 });
      expect(rated.content).toMatch(/^Rated \*\*Dunkirk \(2017\)\*\* ★★★★★/);
    } finally {
      await tmdb.comeBack();
    }
    club.expectClean();
  });

  it('/film shows a TMDB film’s card for everyone once picked, with its original title', async () => {
    const choices = await alice.autocomplete('film', 'title', 'celine');
    expect(remote(choices)).toEqual([{ name: '🌐 Celine and Julie Go Boating (1974) (from TMDB)', value: 'tmdb:38714' }]);
    // The catalog's own matches are still there.
    expect(choices.map((choice) => choice.value)).toContain('past-lives-2023');
    const reply = await alice.slash('film', { title: 'tmdb:38714' });
    expect(reply.content).toBe('Added **Celine and Julie Go Boating (1974)** to this server’s catalog (data from TMDB).');
    const card = await reply.waitForFollowUp();
    expect(card.ephemeral).toBe(false);
    expect(card.componentsV2).toBe(true);
    expect(card.content).toBe('');
    const v2 = card.v2!;
    expect(v2.title).toBe('Celine and Julie Go Boating (1974)');
    // The original title is the first line beside the poster, under the title.
    expect(v2.texts[1]).toMatch(/^\*Céline et Julie vont en bateau\*\n/);
    expect(v2.thumbnails.map((thumbnail) => thumbnail.url)).toEqual([expect.stringMatching(/^https:\/\/image\.tmdb\.org\/t\/p\/w342\//)]);
    expect(v2.description).toBeTruthy();
    expect(v2.smallPrint).toEqual(['celine-and-julie-go-boating-1974 · Data from TMDB']);
    expect(card.button('Watched')).toBeDefined();
    club.expectClean();
  });

  it('opens the review form for a TMDB film, and adds one to the watchlist', async () => {
    const modal = await alice.slashModal('review', { film: 'tmdb:360814' });
    expect(modal.title).toMatch(/Dangal/);
    const saved = await alice.submitModal(modal, { stars: '4', text: 'Wrestling, and a father who learns.', spoiler: 'no' });
    expect(saved.content).toMatch(/^Saved your review of \*\*Dangal \(2016\)\*\*/);
    expect(club.app.catalogFor(club.guild.id).originOf('dangal-2016')?.origin).toEqual({ kind: 'tmdb', tmdbId: 360814 });

    const added = await alice.slash('watchlist', { film: 'tmdb:38714' }, { subcommand: 'add' });
    // Picked through /film already: in the catalog, so nothing is fetched and the command answers at once.
    expect(added.content).toBe('Added **Celine and Julie Go Boating (1974)** to your watchlist.');
    expect(tmdb.count('/movie/38714')).toBe(1);
    club.expectClean();
  });

  it('offers a film the catalog has once, from the catalog', async () => {
    const choices = await alice.autocomplete('watchlist', 'film', 'matr', { subcommand: 'add' });
    expect(choices[0]!.value).toBe('the-matrix-1999');
    expect(remote(choices)).toEqual([]);
    club.expectClean();
  });

  it('answers autocomplete with the catalog’s films when TMDB is slow, then when it is down; a pick while it is down says so', async () => {
    tmdb.setFault({ kind: 'slow', delayMs: 5000 });
    const slow = await alice.autocomplete('watched', 'film', 'chimes');
    expect(slow.map((choice) => choice.value)).toContain('princess-mononoke-1997');
    expect(remote(slow)).toEqual([]);
    tmdb.heal();

    await tmdb.goDown();
    try {
      const down = await alice.autocomplete('favorite', 'film', 'celin');
      expect(down.map((choice) => choice.value)).toContain('celine-and-julie-go-boating-1974');
      expect(remote(down)).toEqual([]);
      const picked = await alice.slash('watched', { film: 'tmdb:24766' });
      expect(picked.ephemeral).toBe(true);
      expect(picked.content).toBe('TMDB did not answer, so the film could not be added. Try again in a while, or pick a film the catalog has.');
      const diary = await alice.slash('diary', {});
      expect(diary.text).not.toContain('Chimes');
    } finally {
      await tmdb.comeBack();
    }
    club.expectClean();
  });
  it('asks to run /review again when TMDB is too slow for its form, and the film is there the next time', async () => {
    tmdb.setFault({ kind: 'slow', delayMs: 2500 });
    try {
      const slow = await alice.slash('review', { film: 'tmdb:24766' });
      expect(slow.ephemeral).toBe(true);
      expect(slow.content).toBe('TMDB is slow to answer, so the film is not in the catalog yet. Run the command again in a moment.');
      // The answer TMDB gives late is not wasted: the film is added when it comes.
      await expect.poll(() => club.app.catalogFor(club.guild.id).has('chimes-at-midnight-1965'), { timeout: 15_000 }).toBe(true);
    } finally {
      tmdb.heal();
    }
    const fetched = tmdb.count('/movie/24766');
    const modal = await alice.slashModal('review', { film: 'tmdb:24766' });
    expect(modal.title).toMatch(/Chimes at Midnight/);
    expect(tmdb.count('/movie/24766')).toBe(fetched);
    club.expectClean();
  });
});

describe('a film added from TMDB after a restart', () => {
  it('is still in the server’s catalog, with its diary entry, when the bot comes back without TMDB', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-tmdb-restart-'));
    const guild = { name: 'Film Club', id: '223456789012345678' };
    const carol = { username: 'carol', userId: '323456789012345678' };
    try {
      const first = await startTestClub({ dataDir, guild, env: { TMDB_API_KEY: tmdb.apiKey, TMDB_API_URL: tmdb.apiUrl } });
      try {
        const member = first.guild.addMember(carol);
        expect(remote(await member.autocomplete('watched', 'film', 'chimes at'))).toEqual([{ name: '🌐 Chimes at Midnight (1965) (from TMDB)', value: 'tmdb:24766' }]);
        await (await member.slash('watched', { film: 'tmdb:24766', date: '2024-02-03' })).waitForFollowUp();
        first.expectClean();
      } finally {
        await first.stop();
      }
      const second = await startTestClub({ dataDir, guild });
      try {
        const member = second.guild.addMember(carol);
        const choices = await member.autocomplete('film', 'title', 'chimes at');
        expect(choices[0]).toEqual({ name: 'Chimes at Midnight (1965) — Orson Welles', value: 'chimes-at-midnight-1965' });
        const card = await member.slash('film', { title: 'chimes-at-midnight-1965' });
        const v2 = card.v2!;
        expect(v2.title).toBe('Chimes at Midnight (1965)');
        expect(v2.texts[1]).toMatch(/^\*Campanadas a medianoche\*\n/);
        expect(v2.description).toMatch(/^Falstaff, his tavern/);
        expect(v2.smallPrint).toEqual(['chimes-at-midnight-1965 · Data from TMDB']);
        expect((await member.slash('diary', {})).v2!.description).toContain('**Chimes at Midnight** (1965)');
        second.expectClean();
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('without TMDB configured', () => {
  it('offers catalog films only, and a "tmdb:" value is only typed text', async () => {
    const offline = await startTestClub();
    try {
      const bob = offline.guild.addMember({ username: 'bob' });
      const choices = await bob.autocomplete('watched', 'film', 'dunkirk');
      expect(remote(choices)).toEqual([]);
      expect(JSON.stringify(choices)).not.toContain('TMDB');
      const typed = await bob.slash('watched', { film: 'tmdb:374720' });
      expect(typed.content).not.toContain('TMDB');
      expect(offline.app.tmdb).toBeUndefined();
      offline.expectClean();
    } finally {
      await offline.stop();
    }
  });
});
