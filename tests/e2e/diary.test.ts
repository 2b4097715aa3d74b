import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let carol: MemberHandle;

beforeAll(async () => {
  club = await startTestClub();
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob', nick: 'Bob @everyone' });
  carol = club.guild.addMember({ username: 'carol' });
});
afterAll(async () => club?.stop());

/**
 * The private confirmation the bot sent the clicker after a diary button. The press resolves once the card is
 * updated; the confirmation is its follow-up and may come a moment later, so wait for it.
 */
async function confirmationFor(afterPress: Message): Promise<Message> {
  const confirmation = await afterPress.waitForFollowUp();
  expect(confirmation.ephemeral).toBe(true);
  return confirmation;
}

describe('the diary on a film card', () => {
  it('records each click for the clicker, refreshes the figures, and names members without pinging', async () => {
    const card = await alice.slash('film', { title: 'irma-vep-1996' });
    expect(card.v2!.field('In this server')!.value).toMatch(/Nobody here has logged this film yet/);

    const afterBob = await bob.click(card, 'Watched');
    expect(afterBob.id).toBe(card.id);
    expect(afterBob.v2!.field('In this server')!.value).toMatch(/^1 member watched · 0% favorited · 0% disliked/);
    const confirmation = await confirmationFor(afterBob);
    expect(confirmation.content).toMatch(/^Logged \*\*Irma Vep \(1996\)\*\* as watched on \d{4}-\d{2}-\d{2}\.$/);
    expect(confirmation.buttons().map((b) => b.label)).toEqual(['Undo']);

    await carol.click(card, 'Favorite');
    const afterAlice = await alice.click(card, 'Dislike');
    const stats = afterAlice.v2!.field('In this server')!.value;
    expect(stats).toMatch(/^3 members watched · 33\.3% favorited · 33\.3% disliked/);
    const seenBy = afterAlice.v2!.field('Seen by')!.value;
    expect(seenBy).toContain('alice');
    expect(seenBy).toContain('carol');
    expect(seenBy).toContain('Bob @everyone');
    expect(afterAlice.mentions).toEqual({ users: [], roles: [], everyone: false });
    expect(afterAlice.v2!.field('Recent activity')!.value).toMatch(/^alice disliked this title · <t:\d+:R>/);

    // Bob logged a viewing; Carol's favorite and Alice's dislike mark the film seen without a dated viewing.
    const [aliceDiary, bobDiary, carolDiary] = await Promise.all([alice, bob, carol].map((member) => member.slash('diary', {})));
    expect(bobDiary!.v2!.description).toContain('**Irma Vep** (1996)');
    for (const diary of [aliceDiary!, carolDiary!]) expect(diary.v2!.description).not.toContain('Irma Vep');
    const aliceProfile = await alice.slash('profile', {});
    expect(aliceProfile.v2!.field('Films')!.value).toMatch(/^1 film watched \(0 viewings/);
    club.expectClean();
  });

  it('toggles favorite, and undo restores exactly the previous state', async () => {
    const card = await alice.slash('film', { title: 'holy-motors-2012' });
    const favorited = await alice.click(card, 'Favorite');
    expect(favorited.v2!.field('In this server')!.value).toMatch(/1 member watched · 100% favorited/);
    const confirmation = await confirmationFor(favorited);
    expect(confirmation.content).toMatch(/Added \*\*Holy Motors \(2012\)\*\* to your favorites \(marked as seen, without a diary entry/);

    const bobsUndo = await bob.click(confirmation, 'Undo').catch((error: Error) => error);
    expect(bobsUndo).toBeInstanceOf(Error);

    const undone = await alice.click(confirmation, 'Undo');
    expect(undone.content).toMatch(/^Undone/);
    const seen = await alice.slash('seen', { film: 'holy-motors-2012' });
    expect(seen.embed!.description).toMatch(/Nobody in this server has logged it yet/);
  });

  it('takes a review through the modal and shows it with its score and age', async () => {
    const card = await bob.slash('film', { title: 'irma-vep-1996' });
    const modal = await bob.clickModal(card, 'Review');
    expect(modal.fields.map((field) => field.customId)).toEqual(['stars', 'text', 'spoiler']);
    const updated = await bob.submitModal(modal, { stars: '4.5', text: 'A film about making films, and @everyone should see it.', spoiler: 'no' });
    const reviews = updated.v2!.field('Reviews (1)')!.value;
    expect(reviews).toMatch(/^★★★★½ 90\/100 · Bob @everyone · <t:\d+:R>\n> A film about making films, and @everyone should see it\./);
    expect(updated.mentions.everyone).toBe(false);
    expect(updated.v2!.field('In this server')!.value).toMatch(/Average ★★★★½ 4\.5 \(90\/100\) from 1 rating/);
  });

  it('answers bad input privately and writes nothing', async () => {
    const future = await alice.slash('watched', { film: 'heat-1995', date: '2999-01-01' });
    expect(future.ephemeral).toBe(true);
    expect(future.content).toMatch(/in the future/);
    const early = await alice.slash('watched', { film: 'heat-1995', date: '1850-01-01' });
    expect(early.content).toMatch(/before 1870/);
    const halfStep = await alice.slash('rate', { film: 'heat-1995', stars: 3.3 });
    expect(halfStep.content).toMatch(/half steps/);
    const unknown = await alice.slash('watched', { film: 'no-such-film-2020' });
    expect(unknown.content).toMatch(/^No film matches/);

    const card = await carol.slash('film', { title: 'heat-1995' });
    const modal = await carol.clickModal(card, 'Review');
    const badRating = await carol.submitModal(modal, { stars: 'eleven', text: 'x', spoiler: '' });
    expect(badRating.ephemeral).toBe(true);
    expect(badRating.content).toMatch(/is not a rating/);

    const profile = await alice.slash('profile', {});
    expect(profile.v2!.field('Films')!.value).not.toMatch(/Heat/);
    const seen = await alice.slash('seen', { film: 'heat-1995' });
    expect(seen.embed!.description).toMatch(/Nobody/);
    club.expectClean();
  });

  it('explains a button on a card whose film has left the catalog', async () => {
    const card = await alice.slash('film', { title: 'vertigo-1958' });
    const vertigo = club.app.catalog.get('vertigo-1958')!;
    club.app.catalog.remove(['vertigo-1958']);
    try {
      const reply = await alice.click(card, 'Watched');
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(/no longer in the catalog/);
    } finally {
      club.app.catalog.upsert([vertigo]);
    }
    expect((await alice.slash('seen', { film: 'vertigo-1958' })).embed!.description).toMatch(/Nobody/);
  });

  it('logs with dates in words, lists the watchlist, and pages the activity feed', async () => {
    const logged = await carol.slash('watched', { film: 'holy-motors-2012', date: 'yesterday', rating: 4 });
    expect(logged.content).toMatch(/rated ★★★★/);
    await carol.slash('watchlist', { film: 'heat-1995' }, { subcommand: 'add' });
    const list = await alice.slash('watchlist', { member: carol }, { subcommand: 'show' });
    expect(list.v2!.title).toBe('carol’s watchlist');
    expect(list.v2!.description).toContain('**Heat** (1995)');
    const feed = await alice.slash('activity', {});
    // A sentence with the film last, not "carol added to their watchlist *Heat*".
    expect(feed.embed!.description!.split('\n')[0]).toMatch(/^carol wants to watch \*Heat\* \(1995\) · /);
    await carol.slash('watchlist', { film: 'heat-1995' }, { subcommand: 'remove' });
    const heat = await alice.slash('activity', { film: 'heat-1995' });
    expect(heat.embed!.description!.split('\n').map((line) => line.replace(/ · .*/, ''))).toEqual([
      'carol no longer wants to watch this title',
      'carol wants to watch this title',
    ]);
    club.expectClean();
  });
});
