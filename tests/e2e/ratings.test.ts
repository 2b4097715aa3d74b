import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

// issue #20 (first-evening), point 4: what a member sees of their ratings and reviews.
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;

beforeAll(async () => {
  club = await startTestClub();
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
});
afterAll(async () => club?.stop());

/** The latest private message the bot sent `member`. */
function lastPrivate(member: MemberHandle): Message {
  return club.discord.messages(club.guild.defaultChannel, { viewer: member }).filter((message) => message.ephemeral).at(-1)!;
}

describe('ratings in the diary', () => {
  it('/diary shows the stars given with /rate', async () => {
    await alice.slash('watched', { film: 'stalker-1979', date: '2024-03-01' });
    await alice.slash('rate', { film: 'stalker-1979', stars: 4.5 });
    const diary = await alice.slash('diary', {});
    expect(diary.v2!.description).toBe('`2024-03-01` **Stalker** (1979) ★★★★½');
  });

  it('favoriting or rating an unlogged film marks it seen, without a viewing dated today in the diary or the feed', async () => {
    const favorited = await bob.slash('favorite', { film: 'vertigo-1958' });
    expect(favorited.content).toBe('Added **Vertigo (1958)** to your favorites (marked as seen, without a diary entry: /watched logs a dated viewing).');
    const rated = await bob.slash('rate', { film: 'heat-1995', stars: 3 });
    expect(rated.content).toMatch(/^Rated \*\*Heat \(1995\)\*\* ★★★ — 60\/100\. Also marked as seen, without a diary entry/);

    const diary = await bob.slash('diary', {});
    expect(diary.v2!.description).toBe('Nothing logged yet. Use /watched or the Watched button on a film card.');
    const feed = await bob.slash('activity', { member: { id: bob.id } });
    expect(feed.embed!.description).not.toMatch(/watched/);
    expect(feed.embed!.description).toMatch(/favorited/);
    const seen = await alice.slash('seen', { film: 'vertigo-1958' });
    expect(seen.embed!.description).toBe('**bob** · seen (no date logged) · ❤');
    const profile = await bob.slash('profile', {});
    expect(profile.v2!.field('Films')!.value).toMatch(/^2 films watched \(0 viewings, 0 rewatches\)/);
    club.expectClean();
  });
});

describe('the review form', () => {
  it('accepts 8/10, 4★ and 92/100, saying any rounding, and a review without a rating', async () => {
    const cases: [film: string, typed: string, said: string][] = [
      ['irma-vep-1996', '8/10', ' — ★★★★ (8/10).'],
      ['holy-motors-2012', '4★', ' — ★★★★.'],
      ['parasite-2019', '92/100', ' — ★★★★½ (92/100, rounded to the nearest half star).'],
      ['a-separation-2011', '4 stars', ' — ★★★★.'],
      ['ida-2013', '', ' (no rating).'],
    ];
    for (const [film, typed, said] of cases) {
      const modal = await alice.slashModal('review', { film });
      await alice.submitModal(modal, { stars: typed, text: `About ${film}.` });
      expect(lastPrivate(alice).content).toMatch(new RegExp(`^Saved your review of \\*\\*.+\\*\\*${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
    const card = await alice.slash('film', { title: 'ida-2013' });
    expect(card.v2!.field('Reviews (1)')!.value).toMatch(/^alice · <t:\d+:R>\n> About ida-2013\./);
    club.expectClean();
  });

  it('keeps a review whose rating cannot be read: the draft comes back with an Edit button that reopens the form filled in', async () => {
    const text = 'Long, strange and wonderful; the zone stays with you.';
    const modal = await bob.slashModal('review', { film: 'the-general-1926' });
    await bob.submitModal(modal, { stars: 'five-ish', text, spoiler: 'no' });
    const draft = lastPrivate(bob);
    expect(draft.content).toMatch(/^Your review of \*\*The General \(1926\)\*\* is not saved yet: “five-ish” is not a rating I can read/);
    expect(draft.embed!.description).toBe(text);
    expect(draft.buttons().map((button) => button.label)).toEqual(['Edit']);
    expect((await bob.slash('diary', {})).v2!.description).not.toContain('The General');

    const again = await bob.clickModal(draft, 'Edit');
    expect(Object.fromEntries(again.fields.map((field) => [field.customId, field.kind === 'text' ? field.value : undefined]))).toEqual({ stars: 'five-ish', text, spoiler: 'no' });
    await bob.submitModal(again, { stars: '5' });
    // The form came from the draft's button, so the submission resolves on the draft; the confirmation follows.
    await vi.waitFor(() => expect(lastPrivate(bob).content).toBe('Saved your review of **The General (1926)** — ★★★★★.'), { timeout: 10_000 });
    const card = await alice.slash('film', { title: 'the-general-1926' });
    expect(card.v2!.field('Reviews (1)')!.value).toContain(text);
    club.expectClean();
  });
});
