import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

/** Issue first-evening: a title typed instead of picked is recorded only when it names one film; otherwise the member is asked. */
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let mod: MemberHandle;

beforeAll(async () => {
  club = await startTestClub();
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
});
afterAll(async () => club?.stop());

const optionValues = (message: Message) => message.selects()[0]!.options.map((option) => option.value);
const optionLabels = (message: Message) => message.selects()[0]!.options.map((option) => option.label);

async function diaryOf(member: MemberHandle): Promise<string> {
  return (await member.slash('diary', {})).v2?.description ?? '';
}

describe('typed titles through the local Discord', () => {
  it('asks instead of logging a look-alike, and logs the picked film with the rating and date given', async () => {
    const asked = await alice.slash('watched', { film: 'the shawshank redemption', rating: 5, date: '2024-05-17' });
    expect(asked.ephemeral).toBe(true);
    expect(asked.content).toBe('No film is called exactly “the shawshank redemption”. Did you mean…? Nothing is recorded until you pick.');
    expect(optionLabels(asked)).toEqual(['The Raid (2011)', 'None of these']);
    expect(await diaryOf(alice)).not.toContain('The Raid');

    const picked = await alice.select(asked, ['the-raid-2011']);
    expect(picked.id).toBe(asked.id);
    expect(picked.content).toBe('You picked **The Raid (2011)**.');
    expect(picked.selects()).toEqual([]);
    const confirmation = await picked.waitForFollowUp();
    expect(confirmation.ephemeral).toBe(true);
    expect(confirmation.content).toBe('Logged **The Raid (2011)** as watched on 2024-05-17 (rated ★★★★★).');
    expect(await diaryOf(alice)).toContain('**The Raid** (2011)');
    club.expectClean();
  });

  it('"None of these" records nothing, and the menu cannot be answered twice', async () => {
    const asked = await bob.slash('favorite', { film: 'her' });
    expect(optionValues(asked)[0]).toBe('hereditary-2018');
    expect(optionValues(asked).at(-1)).toBe('__none__');
    const none = await bob.select(asked, ['__none__']);
    expect(none.content).toBe('Nothing recorded for “her”. Pick a suggestion as you type to find the film.');
    expect(none.selects()).toEqual([]);
    const profile = await bob.slash('profile', {});
    expect(JSON.stringify(profile.components)).not.toContain('Hereditary');
    club.expectClean();
  });

  it('asks which film a remake means, unless the year settles it', async () => {
    const asked = await alice.slash('watchlist', { film: 'suspiria' }, { subcommand: 'add' });
    expect(asked.content).toMatch(/^2 films are called “suspiria”\. Did you mean…\?/);
    expect(optionValues(asked)).toEqual(['suspiria-2018', 'suspiria-1977', '__none__']);
    const added = await (await alice.select(asked, ['suspiria-1977'])).waitForFollowUp();
    expect(added.content).toBe('Added **Suspiria (1977)** to your watchlist.');
    const watchlist = await alice.slash('watchlist', {}, { subcommand: 'show' });
    expect(watchlist.v2!.description).toContain('**Suspiria** (1977)');
    expect(watchlist.v2!.description).not.toContain('(2018)');

    const nosferatu = await alice.slash('dislike', { film: 'nosferatu' });
    expect(optionValues(nosferatu)).toEqual(['nosferatu-1922', 'nosferatu-2024', '__none__']);
    const heat = await alice.slash('rate', { film: 'heat', stars: 4 });
    expect(optionValues(heat)).toEqual(['heat-1995', 'heat-1986', 'heat-1972', '__none__']);
    const picked = await alice.select(heat, ['heat-1972']);
    expect((await picked.waitForFollowUp()).content).toMatch(/^Rated \*\*Heat \(1972\)\*\* ★★★★ — 80\/100/);

    const direct = await alice.slash('rate', { film: 'heat 1995', stars: 3 });
    expect(direct.content).toMatch(/^Rated \*\*Heat \(1995\)\*\* ★★★ — 60\/100/);
    club.expectClean();
  });

  it('acts at once on a picked suggestion or a title typed whole', async () => {
    const byId = await bob.slash('watched', { film: 'holy-motors-2012' });
    expect(byId.content).toMatch(/^Logged \*\*Holy Motors \(2012\)\*\*/);
    const byTitle = await bob.slash('watched', { film: 'Godfather, The' });
    expect(byTitle.content).toMatch(/^Logged \*\*The Godfather \(1972\)\*\*/);
    const otherTitle = await bob.slash('favorite', { film: 'Le Fabuleux Destin d’Amélie Poulain' });
    expect(otherTitle.content).toMatch(/^Added \*\*Amélie \(2001\)\*\* to your favorites/);
  });

  it('opens the review form for the film picked', async () => {
    const asked = await bob.slash('review', { film: 'holy moters' });
    expect(optionValues(asked)).toEqual(['holy-motors-2012', '__none__']);
    const modal = await bob.selectModal(asked, ['holy-motors-2012']);
    expect(modal.title).toMatch(/Holy Motors/);
    const saved = await bob.submitModal(modal, { stars: '4', text: 'Picked from the menu.', spoiler: 'no' });
    expect(saved.ephemeral).toBe(true);
    expect(saved.content).toMatch(/^Saved your review of \*\*Holy Motors \(2012\)\*\*/);
    const card = await saved.waitForFollowUp(0);
    expect(card.ephemeral).toBe(false);
    expect(card.v2!.field('Reviews (1)')!.value).toContain('Picked from the menu.');
  });

  it('lets only the member who asked pick, and says so when the choice is gone', async () => {
    const asked = await alice.slash('watched', { film: 'suspiria' });
    // The question is private: another member cannot even see it to answer.
    await expect(bob.select(asked, ['suspiria-1977'])).rejects.toThrow(/cannot see message/);
    await alice.select(asked, ['suspiria-2018']);
    await expect(alice.select(asked, ['suspiria-2018'])).rejects.toThrow(/no select menu/);
  });

  it('says nothing matches when nothing looks like the text', async () => {
    const reply = await alice.slash('watched', { film: 'zzqx wobblefrotz' });
    expect(reply.content).toBe('No film matches “zzqx wobblefrotz”. Try fewer words, or pick one of the suggestions as you type. If the catalog lacks the film, `/catalog suggest` proposes it to the moderators.');
    expect(reply.selects()).toEqual([]);
  });

  it('/film shows the closest card but says it is only the closest match', async () => {
    const card = await alice.slash('film', { title: 'her' });
    expect(card.v2!.texts[0]).toBe('Closest match for “her”');
    expect(card.v2!.title).toBe('Hereditary (2018)');
    const exact = await alice.slash('film', { title: 'hereditary' });
    expect(exact.content ?? '').toBe('');
  });

  it('/list add asks, then adds the film picked at the position and with the note given', async () => {
    await mod.slash('list', { name: 'Redemptions' }, { subcommand: 'create' });
    await mod.slash('list', { list: 'Redemptions', film: 'holy-motors-2012' }, { subcommand: 'add' });
    const asked = await mod.slash('list', { list: 'Redemptions', film: 'shawshank redemption', position: 1, note: 'not the prison one' }, { subcommand: 'add' });
    expect(optionValues(asked)).toEqual(['the-raid-2011', '__none__']);
    const shownBefore = await alice.slash('list', { list: 'Redemptions' }, { subcommand: 'show' });
    expect(JSON.stringify(shownBefore.components)).not.toContain('The Raid');

    const added = await (await mod.select(asked, ['the-raid-2011'])).waitForFollowUp();
    expect(added.content).toMatch(/^Added \*\*The Raid\*\* \(2011\) to “Redemptions” at #1 \(2 films now\)\./);
    const shown = await alice.slash('list', { list: 'Redemptions' }, { subcommand: 'show' });
    const text = JSON.stringify(shown.components);
    expect(text).toContain('not the prison one');
    expect(text.indexOf('The Raid')).toBeLessThan(text.indexOf('Holy Motors'));
    club.expectClean();
  });

  it('/party schedule, nominate and edit ask about a remake, then act on the film picked with the other options given', async () => {
    const asked = await alice.slash('party', { film: 'nosferatu', when: 'in 3 hours' }, { subcommand: 'schedule' });
    expect(asked.ephemeral).toBe(true);
    expect(optionValues(asked)).toEqual(['nosferatu-1922', 'nosferatu-2024', '__none__']);
    const announcement = await (await alice.select(asked, ['nosferatu-2024'])).waitForFollowUp();
    expect(announcement.ephemeral).toBe(false);
    expect(announcement.v2!.title).toMatch(/^🎬 Watch party #\d+ · Nosferatu \(2024\)$/);
    expect(announcement.buttons().map((button) => button.label)).toEqual(['Going (1)', 'Maybe (0)', 'Not going (0)']);
    const id = Number(/#(\d+)/.exec(announcement.v2!.title!)![1]);

    const nominate = await bob.slash('party', { film: 'heat', party: id }, { subcommand: 'nominate' });
    expect(optionValues(nominate)).toEqual(['heat-1995', 'heat-1986', 'heat-1972', '__none__']);
    const nominated = await (await bob.select(nominate, ['heat-1986'])).waitForFollowUp();
    expect(nominated.ephemeral).toBe(false);
    expect(nominated.content).toMatch(/^bob nominated \*\*Heat\*\* \(1986\) for watch party #\d+\./);
    const direct = await bob.slash('party', { film: 'hereditary', party: id }, { subcommand: 'nominate' });
    expect(direct.content).toMatch(/^bob nominated \*\*Hereditary\*\* \(2018\)/);

    const edit = await alice.slash('party', { party: id, film: 'suspiria', description: 'Double bill?' }, { subcommand: 'edit' });
    expect(optionValues(edit)).toEqual(['suspiria-2018', 'suspiria-1977', '__none__']);
    const edited = await (await alice.select(edit, ['suspiria-1977'])).waitForFollowUp();
    expect(edited.content).toMatch(/^✏️ Watch party #\d+ updated \(film, description\): \*\*Suspiria\*\* \(1977\)/);
    club.expectClean();
  });

  it('an imported row for a film the catalog lacks is not matched to a look-alike', async () => {
    const csv = ['Date,Name,Year,Letterboxd URI', '2024-01-02,Atlantis,2019,https://boxd.it/aaa1', '2024-01-03,Son of Saul,2015,https://boxd.it/aaa2', '2024-01-04,Holy Motors,2012,https://boxd.it/aaa3'].join('\n');
    const dora = club.guild.addMember({ username: 'dora' });
    const preview = await dora.slash('import', { source: 'letterboxd', file: club.discord.attachment('watched.csv', csv) });
    const embed = preview.embed!;
    expect(embed.description).toContain('**1** matched · **1** to choose · **1** not found in the catalog');
    expect(embed.field('To choose (1)')!.value).toMatch(/^Atlantis \(2019\): 2019\n/);
    expect(preview.selects()[0]!.options.map((option) => option.label)).toEqual(['Atlantics (2019)', 'None of these — leave it out']);
    expect(embed.field('Not found, left out (1)')!.value).toMatch(/^Son of Saul \(2015\) — /);
    const done = await dora.click(preview, 'Confirm');
    expect(done.embed!.description).toContain('Added to your records: 1 film');
    // watched.csv marks films seen without a viewing: what is recorded is in the member's records, not the diary.
    expect(Object.keys((await club.app.store.read(club.guild.id)).memberFilms[dora.id] ?? {})).toEqual(['holy-motors-2012']);
    expect((await dora.slash('seen', { film: 'holy-motors-2012' })).embed!.description).toContain('**dora** · seen (no date logged)');
  });
});
