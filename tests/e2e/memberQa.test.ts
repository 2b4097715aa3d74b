import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

// A member's first evening and after, as found in a hands-on QA pass of the member flows: each test is a defect
// a member saw, asserting what they see now.
const NOW = new Date('2026-12-10T19:00:00Z');
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let fixtures: string;

/** Films of the large default catalog, beside the curated one the tests use: titles holding Markdown, more "parasite"s. */
const ODD_FILMS = [
  { id: 'm-a-s-h-1970', title: 'M*A*S*H', year: 1970, directors: ['Robert Altman'] },
  { id: 'b-a-p-s-1997', title: 'B*A*P*S', year: 1997, directors: ['Robert Townsend'] },
  // Beside the curated Parasite (2019): films called "parasite" too, articles aside.
  { id: 'parasite-1982', title: 'Parasite', year: 1982, directors: ['Charles Band'] },
  { id: 'the-parasite-1925', title: 'The Parasite', year: 1925, directors: [] },
].map((film) => ({ altTitles: [], cast: [], countries: [], languages: [], genres: ['Comedy'], themes: [], synopsis: '', externalIds: {}, ...film }));

beforeAll(async () => {
  fixtures = await mkdtemp(join(tmpdir(), 'marquee-qa-'));
  await writeFile(join(fixtures, 'odd.json'), JSON.stringify(ODD_FILMS));
  club = await startTestClub({ now: () => NOW, catalogFiles: [BUNDLED_CATALOG, join(fixtures, 'odd.json')] });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
});
afterAll(async () => {
  await club?.stop();
  if (fixtures) await rm(fixtures, { recursive: true, force: true });
});

describe('/seen', () => {
  it('says how many viewings, not a bare “×2” that reads as two dislikes', async () => {
    await alice.slash('watched', { film: 'vertigo-1958', date: '2024-01-01' });
    await alice.slash('watched', { film: 'vertigo-1958', date: '2025-12-25', rating: 2 });
    await alice.slash('dislike', { film: 'vertigo-1958' });
    await bob.slash('watched', { film: 'vertigo-1958', date: '2025-03-01' });
    const seen = await bob.slash('seen', { film: 'vertigo-1958' });
    expect(seen.embed!.description!.split('\n')).toEqual(['**alice** · last on 2025-12-25 · 2 viewings · ★★ 👎', '**bob** · last on 2025-03-01']);
    club.expectClean();
  });
});

describe('a title holding Markdown (M*A*S*H, Totally F***ed Up)', () => {
  it('is shown as written in every confirmation, refusal and heading, not as italics', async () => {
    const film = { film: 'm-a-s-h-1970' };
    const label = 'M\\*A\\*S\\*H (1970)';
    const logged = await alice.slash('watched', { ...film, date: '2024-05-01' });
    expect(logged.content).toBe(`Logged **${label}** as watched on 2024-05-01.`);
    const again = await alice.slash('watched', { ...film, date: '2024-05-01' });
    expect(again.content).toBe('You logged M\\*A\\*S\\*H for 2024-05-01 a moment ago; it is already in your diary.');
    expect((await alice.slash('rate', { ...film, stars: 4 })).content).toMatch(/^Rated \*\*M\\\*A\\\*S\\\*H \(1970\)\*\* ★★★★/);
    expect((await alice.slash('favorite', film)).content).toBe(`Added **${label}** to your favorites.`);
    expect((await alice.slash('favorite', film)).content).toBe('M\\*A\\*S\\*H is already one of your favorites.');
    const dislike = await alice.slash('dislike', film);
    expect(dislike.content).toBe(`Marked **${label}** as disliked (removed from your favorites).`);
    const undone = await alice.click(dislike, 'Undo');
    expect(undone.content).toBe('Undone: your last change to **M\\*A\\*S\\*H** is reverted.');
    expect((await bob.slash('watchlist', film, { subcommand: 'add' })).content).toBe(`Added **${label}** to your watchlist.`);
    expect((await bob.slash('watchlist', { film: 'b-a-p-s-1997' }, { subcommand: 'remove' })).content).toBe('B\\*A\\*P\\*S is not on your watchlist.');
    expect((await bob.slash('seen', film)).embed!.title).toBe(`Who has seen ${label}`);
    expect((await bob.slash('activity', film)).embed!.title).toBe(`Club activity for ${label}`);
    expect((await bob.slash('similar', film)).embed!.title).toBe(`Films like ${label}`);
    const starry = club.guild.addMember({ username: 'starry', nick: '*star* _girl_' });
    await starry.slash('watched', film);
    expect((await bob.slash('activity', { member: starry })).embed!.title).toBe('Club activity by \\*star\\* \\_girl\\_');
    const card = await bob.slash('film', { title: 'm-a-s-h-1970' });
    const afterPress = await bob.click(card, 'Watched');
    expect((await afterPress.waitForFollowUp()).content).toMatch(/^Logged \*\*M\\\*A\\\*S\\\*H \(1970\)\*\* as watched on \d{4}-\d{2}-\d{2} \(taken off your watchlist\)\.$/);
    club.expectClean();
  });
});

describe('a review on the film card', () => {
  it('shows a review starting with "# " or holding a masked link as written, not as a heading or a hidden link', async () => {
    const card = await alice.slash('film', { title: 'stalker-1979' });
    const modal = await alice.clickModal(card, 'Review');
    const text = '# Masterpiece [free nitro](https://evil.example) see <https://example.org>';
    const updated = await alice.submitModal(modal, { stars: '5', text, spoiler: 'no' });
    const review = updated.v2!.field('Reviews (1)')!.value.split('\n')[1];
    expect(review).toBe('> \\# Masterpiece \\[free nitro\\](https://evil.example) see <https://example.org>');
    const small = await bob.clickModal(updated, 'Review');
    const subtext = await bob.submitModal(small, { stars: '', text: '-# tiny\n> quoted\n1. listed', spoiler: 'no' });
    expect(subtext.v2!.field('Reviews (2)')!.value.split('\n')[1]).toBe('> \\-# tiny > quoted 1. listed');
    club.expectClean();
  });
});

describe('a nickname that Discord would read as formatting', () => {
  it('starts a line of /activity and the card’s “Seen by” as written, not as a heading or a masked link', async () => {
    const loud = club.guild.addMember({ username: 'loud', nick: '# LOUD' });
    const linked = club.guild.addMember({ username: 'linked', nick: '[mod](https://evil.example)' });
    await loud.slash('watched', { film: 'ida-2013' });
    await linked.slash('watched', { film: 'ida-2013' });
    const feed = await alice.slash('activity', { film: 'ida-2013' });
    expect(feed.embed!.description!.split('\n').map((line) => line.replace(/ · .*/, ''))).toEqual([
      '\\[mod\\](https://evil.example) watched this title',
      '\\# LOUD watched this title',
    ]);
    const card = await alice.slash('film', { title: 'ida-2013' });
    expect(card.v2!.field('Seen by')!.value).toBe('\\# LOUD, \\[mod\\](https://evil.example)');
    club.expectClean();
  });
});

describe('Undo of a press on a film card', () => {
  it('redraws the card too, so the channel no longer shows the change that was taken back', async () => {
    const card = await alice.slash('film', { title: 'irma-vep-1996' });
    const watched = await bob.click(card, 'Watched');
    expect(watched.v2!.field('In this server')!.value).toMatch(/^1 member watched/);
    const confirmation = await watched.waitForFollowUp();
    const undone = await bob.click(confirmation, 'Undo');
    expect(undone.content).toBe('Undone: your last change to **Irma Vep** is reverted.');
    const redrawn = card.latest()!;
    expect(redrawn.v2!.field('In this server')!.value).toBe('Nobody here has logged this film yet. Be the first: press **Watched**.');
    expect(redrawn.v2!.field('Seen by')).toBeUndefined();
    club.expectClean();
  });

  it('redraws the card /review posted, so an undone review leaves the channel', async () => {
    const form = await bob.slashModal('review', { film: 'mulholland-drive-2001' });
    const confirmation = await bob.submitModal(form, { stars: '4', text: 'A dream within a dream.', spoiler: 'no' });
    expect(confirmation.ephemeral).toBe(true);
    const card = await confirmation.waitForFollowUp();
    expect(card.ephemeral).toBe(false);
    expect(card.v2!.field('Reviews (1)')!.value).toContain('A dream within a dream.');
    // The confirmation's Undo learns the card once it is posted (an edit right after it): wait for that edit.
    await vi.waitFor(() => expect(confirmation.latest()!.buttons()[0]!.customId).toMatch(new RegExp(`:${card.id}$`)));
    const undone = await bob.click(confirmation.latest()!, 'Undo');
    expect(undone.content).toBe('Undone: your last change to **Mulholland Drive** is reverted.');
    expect(card.latest()!.v2!.field('Reviews (1)')).toBeUndefined();
    expect(card.latest()!.v2!.field('In this server')!.value).toMatch(/^Nobody here has logged/);
    club.expectClean();
  });

  it('leaves the card alone once it shows another film (switched with “Not this one?”)', async () => {
    const card = await bob.slash('film', { title: 'suspiria' });
    const shown = card.v2!.title;
    const watched = await bob.click(card, 'Watched');
    const confirmation = await watched.waitForFollowUp();
    const other = card.selects()[0]!.options.map((option) => option.value).find((id) => !watched.buttons().some((b) => b.customId === `film:watched:${id}`))!;
    const switched = await bob.select(watched, [other]);
    expect(switched.v2!.title).not.toBe(shown);
    await bob.click(confirmation, 'Undo');
    expect(card.latest()!.v2!.title).toBe(switched.v2!.title);
    club.expectClean();
  });

  it('keeps a “Closest match” note and the menu around the card', async () => {
    const card = await alice.slash('film', { title: 'heat' });
    const favorited = await alice.click(card, 'Favorite');
    const undone = await alice.click(await favorited.waitForFollowUp(), 'Undo');
    expect(undone.content).toMatch(/^Undone/);
    const redrawn = card.latest()!;
    expect(redrawn.v2!.field('In this server')!.value).toMatch(/^Nobody here has logged/);
    expect(redrawn.v2!.texts[0]).toBe('Closest match for “heat”');
    expect(redrawn.selects()).toHaveLength(1);
    club.expectClean();
  });
});

describe('/stats in a server whose day is ahead of UTC', () => {
  it('counts a viewing logged today on 1 January in the new year’s month, as the profile does', async () => {
    // 20:00 UTC on 31 December is already 1 January in Auckland.
    const newYear = await startTestClub({ now: () => new Date('2026-12-31T20:00:00Z') });
    try {
      const kiwi = newYear.guild.addMember({ username: 'kiwi' });
      const mod = newYear.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
      await mod.slash('config', { zone: 'Pacific/Auckland' }, { subcommand: 'timezone' });
      expect((await kiwi.slash('watched', { film: 'vertigo-1958' })).content).toBe('Logged **Vertigo (1958)** as watched on 2027-01-01.');
      const stats = await kiwi.slash('stats', {});
      expect(stats.v2!.field('Viewings per month')!.value).toMatch(/^2026-02 0 · .* · 2026-12 0 · 2027-01 1$/);
      expect(stats.v2!.field('Busiest members (12 months)')!.value).toBe('1. kiwi — 1 viewing');
      newYear.expectClean();
    } finally {
      await newYear.stop();
    }
  });
});

describe('“Did you mean…?” for a title several films bear', () => {
  it('says they are all called so, even when one has an article or punctuation the others lack', async () => {
    const asked = await alice.slash('watched', { film: 'parasite' });
    expect(asked.content).toBe('3 films are called “parasite”. Did you mean…? Nothing is recorded until you pick.');
    expect(asked.selects()[0]!.options.map((option) => option.value).slice(0, 3).sort()).toEqual(['parasite-1982', 'parasite-2019', 'the-parasite-1925']);
    club.expectClean();
  });
});

describe('/rate with the rating already given', () => {
  it('says it in stars, as every other message does, not “1 stars”', async () => {
    await bob.slash('rate', { film: 'holy-motors-2012', stars: 1 });
    expect((await bob.slash('rate', { film: 'holy-motors-2012', stars: 1 })).content).toBe('You already rated Holy Motors ★.');
    club.expectClean();
  });
});

describe('favoriting, disliking or rating a film on your watchlist', () => {
  it('says it took the film off the watchlist, as /watched does, rather than emptying it silently', async () => {
    const carol = club.guild.addMember({ username: 'carol' });
    for (const film of ['vertigo-1958', 'heat-1995', 'stalker-1979']) await carol.slash('watchlist', { film }, { subcommand: 'add' });
    expect((await carol.slash('favorite', { film: 'vertigo-1958' })).content).toBe(
      'Added **Vertigo (1958)** to your favorites (taken off your watchlist, marked as seen, without a diary entry: /watched logs a dated viewing).',
    );
    expect((await carol.slash('rate', { film: 'heat-1995', stars: 3 })).content).toBe(
      'Rated **Heat (1995)** ★★★ — 60/100. Also taken off your watchlist and marked as seen, without a diary entry: /watched logs a dated viewing.',
    );
    const card = await carol.slash('film', { title: 'stalker-1979' });
    const disliked = await carol.click(card, 'Dislike');
    expect((await disliked.waitForFollowUp()).content).toBe(
      'Marked **Stalker (1979)** as disliked (taken off your watchlist, marked as seen, without a diary entry: /watched logs a dated viewing).',
    );
    expect((await carol.slash('watchlist', {}, { subcommand: 'show' })).v2!.description).toMatch(/^Empty\./);
    club.expectClean();
  });
});

describe('a film the catalog lacks', () => {
  it('is answered with the way to propose it (/catalog suggest), and the typed text shown as written', async () => {
    const recorded = await alice.slash('watched', { film: '**qqzzx** vvkkw' });
    expect(recorded.content).toBe(
      'No film matches “\\*\\*qqzzx\\*\\* vvkkw”. Try fewer words, or pick one of the suggestions as you type. If the catalog lacks the film, `/catalog suggest` proposes it to the moderators.',
    );
    const card = await alice.slash('film', { title: '**qqzzx** vvkkw' });
    expect(card.content).toBe(recorded.content);
    const closest = await alice.slash('film', { title: 'm a s h qqzzx' });
    expect(closest.content).toBe(
      'No film matches “m a s h qqzzx”. Closest titles:\n• M\\*A\\*S\\*H (1970)\nIf the catalog lacks the film, `/catalog suggest` proposes it to the moderators.',
    );
    club.expectClean();
  });
});

describe('a review written without a rating by a member who rated the film', () => {
  it('says the rating it keeps, not “(no rating)” while the card shows the review with stars', async () => {
    const dora = club.guild.addMember({ username: 'dora' });
    await dora.slash('rate', { film: 'ida-2013', stars: 4 });
    const form = await dora.slashModal('review', { film: 'ida-2013' });
    const saved = await dora.submitModal(form, { stars: '', text: 'Quiet and exact.', spoiler: 'no' });
    expect(saved.content).toBe('Saved your review of **Ida (2013)** — ★★★★, the rating you had given.');
    const card = await saved.waitForFollowUp();
    expect(card.v2!.field('Reviews (1)')!.value).toMatch(/^★★★★ 80\/100 · dora · /);
    const unrated = await dora.slashModal('review', { film: 'stalker-1979' });
    expect((await dora.submitModal(unrated, { stars: '', text: 'The Zone.', spoiler: 'no' })).content).toBe('Saved your review of **Stalker (1979)** (no rating).');
    club.expectClean();
  });
});

describe('/search with Markdown in what was typed', () => {
  it('shows the query and names in its heading as typed', async () => {
    const found = await alice.slash('search', { query: '*mash* ||x||', director: '__altman__' });
    expect(found.embed!.title).toBe('Search: “\\*mash\\* \\|\\|x\\|\\|” · director \\_\\_altman\\_\\_');
    club.expectClean();
  });
});

describe('the poster grid of /diary and /watchlist show', () => {
  it('shows the poster of a film the server added, as its card does', async () => {
    const mod = club.guild.addMember({ username: 'posters-mod', permissions: ['ManageGuild'] });
    const form = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    const poster = 'https://upload.wikimedia.org/wikipedia/en/0/0c/Celine_and_Julie_Go_Boating.jpg';
    await mod.submitModal(form, { titleYear: 'Céline et Julie vont en bateau (1974)', directors: 'Jacques Rivette', poster });
    const erin = club.guild.addMember({ username: 'erin' });
    await erin.slash('watched', { film: 'celine-et-julie-vont-en-bateau-1974', date: '2024-06-01' });
    await erin.slash('watchlist', { film: 'celine-et-julie-vont-en-bateau-1974' }, { subcommand: 'add' });
    const card = await erin.slash('film', { title: 'celine-et-julie-vont-en-bateau-1974' });
    expect(card.v2!.thumbnails.map((item) => item.url)).toEqual([poster]);
    expect((await erin.slash('diary', {})).v2!.gallery.map((item) => item.url)).toEqual([poster]);
    expect((await erin.slash('watchlist', {}, { subcommand: 'show' })).v2!.gallery.map((item) => item.url)).toEqual([poster]);
    club.expectClean();
  });
});
