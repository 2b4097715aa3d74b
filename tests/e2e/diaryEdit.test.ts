import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

// Fixing a viewing from one's own /diary: the "Edit a viewing…" menu, its private panel, each change with its Undo.
// A fixed "now": Sunday 6 December 2026, so "last friday" is 4 December.
const NOW = new Date('2026-12-06T12:00:00Z');
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;

beforeAll(async () => {
  club = await startTestClub({ now: () => NOW });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
});
afterAll(async () => club?.stop());

/** The member's own /diary and the panel of the viewing whose menu label starts with `label`. */
async function openPanel(member: MemberHandle, label: string): Promise<{ diary: Message; panel: Message }> {
  const diary = await member.slash('diary', {});
  const menu = diary.selects()[0]!;
  const option = menu.options.find((candidate) => candidate.label.startsWith(label));
  expect(option, `a menu option starting with ${label}`).toBeDefined();
  const panel = await member.select(diary, [option!.value]);
  expect(panel.ephemeral).toBe(true);
  return { diary, panel };
}

/** The private confirmation (with its Undo) that follows the panel's update after a change. */
async function confirmationOf(updated: Message): Promise<Message> {
  const confirmation = await updated.waitForFollowUp();
  expect(confirmation.ephemeral).toBe(true);
  expect(confirmation.buttons().map((b) => b.label)).toEqual(['Undo']);
  return confirmation;
}

/** A press of a button the message no longer shows (a second copy of the panel, a replayed press): its answer. */
async function pressAgain(member: MemberHandle, message: Message, customId: string): Promise<string | undefined> {
  const outcome = await club.discord.forge({ kind: 'component', guildId: member.guildId, userId: member.id, sourceMessageId: message.id, data: { custom_id: customId, component_type: 2 } });
  return outcome.kind === 'message' ? outcome.message.content : undefined;
}

async function diaryText(member: MemberHandle): Promise<string> {
  return (await member.slash('diary', {})).v2!.description ?? '';
}

describe('the Edit a viewing… menu on one’s own diary', () => {
  it('lists the page’s viewings for the owner only, with stars and review marks', async () => {
    await alice.slash('watched', { film: 'holy-motors-2012', date: '2026-11-01', rating: 4 });
    const form = await alice.slashModal('review', { film: 'holy-motors-2012' });
    await alice.submitModal(form, { stars: '', text: 'Mr. Oscar’s long day, and @everyone should see it.', spoiler: 'no' });

    const diary = await alice.slash('diary', {});
    const menu = diary.selects()[0]!;
    expect(menu.placeholder).toBe('Edit a viewing…');
    expect(menu.options.map((option) => option.label)).toEqual(['Holy Motors (2012) · 2026-11-01 ★★★★ ✍']);

    // Someone else's diary has no menu, and the owner's menu refuses anyone else.
    expect((await bob.slash('diary', { member: alice })).selects()).toEqual([]);
    const refused = await bob.select(diary, [menu.options[0]!.value]);
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe('This is someone else’s diary: only they can edit it. Run /diary to edit yours.');
    club.expectClean();
  });

  it('follows the page shown, for the owner, whoever pages', async () => {
    // Twelve viewings: two pages of ten.
    const films = ['stalker-1979', 'heat-1995', 'vertigo-1958', 'ida-2013', 'parasite-2019', 'a-separation-2011', 'irma-vep-1996', 'oldboy-2003', 'tokyo-story-1953', 'la-jetee-1962', 'persona-1966'];
    for (const [i, film] of films.entries()) await alice.slash('watched', { film, date: `2026-10-${String(10 + i).padStart(2, '0')}` });
    const first = await alice.slash('diary', {});
    expect(first.selects()[0]!.options).toHaveLength(10);
    const next = await alice.click(first, 'Next');
    const options = next.selects()[0]!.options;
    expect(options.map((option) => option.label)).toEqual(['Heat (1995) · 2026-10-11', 'Stalker (1979) · 2026-10-10']);
    for (const option of [...first.selects()[0]!.options, ...options]) expect(option.label.length).toBeLessThanOrEqual(100);
    // Bob paging Alice's diary leaves it hers, with her menu.
    const back = await bob.click(next, 'Previous');
    expect(back.selects()[0]!.options).toHaveLength(10);
  });

  it('moves a viewing to a date typed in words, and Undo puts it back', async () => {
    const { panel } = await openPanel(alice, 'Holy Motors (2012)');
    expect(panel.content).toContain('**Holy Motors (2012)** — watched on 2026-11-01');
    expect(panel.content).toContain('“Mr. Oscar’s long day, and @everyone should see it.”');
    expect(panel.buttons().map((b) => b.label)).toEqual(['Change date', 'Delete viewing', 'Delete review', 'Remove rating']);
    expect(panel.mentions).toEqual({ users: [], roles: [], everyone: false });

    const form = await alice.clickModal(panel, 'Change date');
    expect(form.fields[0]).toMatchObject({ customId: 'date', value: '2026-11-01' });
    const nonsense = await alice.submitModal(form, { date: 'when pigs fly' });
    expect(nonsense.content).toMatch(/is not a date I can read/);
    const future = await alice.submitModal(await alice.clickModal(panel, 'Change date'), { date: 'next friday' });
    expect(future.content).toBe('2026-12-11 is in the future; log a film once you have seen it.');

    const moved = await alice.submitModal(await alice.clickModal(panel, 'Change date'), { date: 'last friday' });
    expect(moved.content).toContain('watched on 2026-12-04');
    const confirmation = await confirmationOf(moved);
    expect(confirmation.content).toBe('Moved your viewing of **Holy Motors (2012)** from 2026-11-01 to 2026-12-04.');
    expect(await diaryText(alice)).toMatch(/^`2026-12-04` \*\*Holy Motors\*\* \(2012\)/);

    const undone = await alice.click(confirmation, 'Undo');
    expect(undone.content).toMatch(/^Undone/);
    expect(await diaryText(alice)).toContain('`2026-11-01` **Holy Motors** (2012)');
    club.expectClean();
  });

  it('deletes a review after asking, keeps the viewing and its rating, and Undo brings the review back', async () => {
    const { panel } = await openPanel(alice, 'Holy Motors (2012)');
    const asked = await alice.click(panel, 'Delete review');
    expect(asked.content).toBe('Delete your review of **Holy Motors (2012)** (viewing of 2026-11-01)? The viewing and its rating stay.');
    const kept = await alice.click(asked, 'Keep it');
    expect(kept.buttons().map((b) => b.label)).toContain('Delete review');

    const again = await alice.click(kept, 'Delete review');
    const deleted = await alice.click(again, 'Delete review');
    expect(deleted.buttons().map((b) => b.label)).toEqual(['Change date', 'Delete viewing', 'Remove rating']);
    const confirmation = await confirmationOf(deleted);
    expect(confirmation.content).toBe('Deleted your review of **Holy Motors (2012)** (viewing of 2026-11-01).');
    expect(await diaryText(alice)).toContain('`2026-11-01` **Holy Motors** (2012) ★★★★\n');

    await alice.click(confirmation, 'Undo');
    expect(await diaryText(alice)).toContain('`2026-11-01` **Holy Motors** (2012) ★★★★ ✍');
  });

  it('removes the rating, and Undo restores it', async () => {
    const { panel } = await openPanel(alice, 'Holy Motors (2012)');
    const unrate = panel.buttons().find((b) => b.label === 'Remove rating')!.customId!;
    const removed = await alice.click(panel, 'Remove rating');
    expect(removed.buttons().map((b) => b.label)).not.toContain('Remove rating');
    const confirmation = await confirmationOf(removed);
    expect(confirmation.content).toBe('Removed your rating of **Holy Motors (2012)** (was ★★★★).');
    // The viewing's own stars stay with the viewing; the member's rating of the film is gone.
    expect((await club.app.diary.memberFilm(alice.guildId, alice.id, 'holy-motors-2012')).stars).toBeUndefined();
    // The button pressed again (a second copy of the panel, a replayed press) says so plainly.
    expect(await pressAgain(alice, panel, unrate)).toBe('You have not rated Holy Motors.');

    await alice.click(confirmation, 'Undo');
    expect((await club.app.diary.memberFilm(alice.guildId, alice.id, 'holy-motors-2012')).stars).toBe(4);
  });

  it('deletes the last viewing after saying the favorite and rating go with it, and Undo restores them all', async () => {
    await alice.slash('favorite', { film: 'holy-motors-2012' });
    const { panel } = await openPanel(alice, 'Holy Motors (2012)');
    const redate = panel.buttons().find((b) => b.label === 'Change date')!.customId!;
    const asked = await alice.click(panel, 'Delete viewing');
    expect(asked.content).toBe(
      'Delete your viewing of **Holy Motors (2012)** on 2026-11-01? It is your only viewing of this film: your favorite and your ★★★★ rating go with it. Its review goes too.',
    );
    const deleted = await alice.click(asked, 'Delete viewing');
    expect(deleted.buttons()).toEqual([]);
    const confirmation = await confirmationOf(deleted);
    expect(confirmation.content).toBe('Deleted your viewing of **Holy Motors (2012)** on 2026-11-01, and with it your favorite and your ★★★★ rating.');
    const card = await alice.slash('film', { title: 'holy-motors-2012' });
    expect(card.v2!.field('In this server')!.value).toMatch(/Nobody here has logged this film yet/);
    expect(await diaryText(alice)).not.toContain('Holy Motors');

    // The panel's buttons now answer that the viewing is gone.
    expect(await pressAgain(alice, panel, redate)).toBe('That viewing is no longer in your diary (deleted meanwhile?). Run /diary again for a fresh menu.');

    await alice.click(confirmation, 'Undo');
    const mine = await club.app.diary.memberFilm(alice.guildId, alice.id, 'holy-motors-2012');
    expect(mine).toMatchObject({ viewings: 1, favorite: true, stars: 4 });
    expect(await diaryText(alice)).toContain('`2026-11-01` **Holy Motors** (2012) ★★★★ ✍ ❤');
    club.expectClean();
  });

  it('deletes a rewatch without touching the rating', async () => {
    await alice.slash('watched', { film: 'stalker-1979', date: '2026-11-20', rating: 3 });
    const { panel } = await openPanel(alice, 'Stalker (1979) · 2026-11-20');
    const asked = await alice.click(panel, 'Delete viewing');
    expect(asked.content).toBe('Delete your viewing of **Stalker (1979)** on 2026-11-20?');
    const deleted = await alice.click(asked, 'Delete viewing');
    expect((await confirmationOf(deleted)).content).toBe('Deleted your viewing of **Stalker (1979)** on 2026-11-20.');
    expect(await club.app.diary.memberFilm(alice.guildId, alice.id, 'stalker-1979')).toMatchObject({ viewings: 1, stars: 3 });
  });

  it('answers a menu that names a viewing no longer there, and refuses another member’s presses', async () => {
    const diary = await alice.slash('diary', {});
    const value = diary.selects()[0]!.options[0]!.value;
    const { panel } = await openPanel(alice, 'Holy Motors (2012)');
    // Another member cannot see Alice's private panel; a modified client pressing its buttons, or sending its date
    // form, is refused before anything is read or changed.
    const refusal = 'This is someone else’s diary: only they can edit it. Run /diary to edit yours.';
    for (const button of panel.buttons()) expect(await pressAgain(bob, panel, button.customId!), `bob presses ${button.label}`).toBe(refusal);
    const dateForm = panel.buttons().find((b) => b.label === 'Change date')!.customId!;
    const components = [{ type: 18, id: 1, component: { type: 4, id: 100, custom_id: 'date', value: '2026-01-01' } }];
    const submitted = await club.discord.forge({ kind: 'modal', guildId: bob.guildId, userId: bob.id, data: { custom_id: dateForm, components } });
    expect(submitted.kind === 'message' && submitted.message.content).toBe(refusal);
    expect(await diaryText(alice)).toContain('`2026-11-01` **Holy Motors** (2012)');

    // A menu from before the viewing was deleted (elsewhere, or before a restart) says so plainly.
    await club.app.diary.deleteEntry({ guildId: alice.guildId, userId: alice.id, name: 'alice' }, value);
    const stale = await alice.select(diary, [value]);
    expect(stale.content).toBe('That viewing is no longer in your diary (deleted meanwhile?). Run /diary again for a fresh menu.');
  });
});

describe('/rate remove:true', () => {
  it('takes the rating back, and says clearly when there is none or nothing was asked', async () => {
    await bob.slash('rate', { film: 'vertigo-1958', stars: 4.5 });
    const removed = await bob.slash('rate', { film: 'vertigo-1958', remove: true });
    expect(removed.content).toBe('Removed your rating of **Vertigo (1958)** (was ★★★★½).');
    expect(removed.buttons().map((b) => b.label)).toEqual(['Undo']);
    expect((await bob.slash('rate', { film: 'vertigo-1958', remove: true })).content).toBe('You have not rated Vertigo.');
    expect((await bob.slash('rate', { film: 'vertigo-1958' })).content).toBe('Give `stars` (½ to 5) to rate the film, or `remove:true` to take your rating back.');
    expect((await bob.slash('rate', { film: 'vertigo-1958', stars: 3, remove: true })).content).toBe('Give either `stars` or `remove:true`, not both.');

    await bob.click(removed, 'Undo');
    expect((await club.app.diary.memberFilm(bob.guildId, bob.id, 'vertigo-1958')).stars).toBe(4.5);
    club.expectClean();
  });
});
