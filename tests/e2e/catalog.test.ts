import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, RoleHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

let club: TestClub;
let mod: MemberHandle;
let alice: MemberHandle;
let bob: MemberHandle;
let carol: MemberHandle;
let curators: RoleHandle;

beforeAll(async () => {
  club = await startTestClub();
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob', nick: 'Bob @everyone' });
  curators = club.guild.createRole({ name: 'Curators' });
  carol = club.guild.addMember({ username: 'carol', roles: [curators] });
  await mod.slash('config', { role: curators }, { subcommand: 'moderator-role' });
});
afterAll(async () => club?.stop());

const CELINE = 'celine-et-julie-vont-en-bateau-1974';

describe('/catalog add', () => {
  it('lets a moderator add a film by hand that members then find, log and see on their card', async () => {
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    expect(modal.inputs.map((input) => input.label)).toEqual([
      'Title (year)',
      'Director(s), comma-separated',
      'Cast, one a line (“Name as Character”)',
      'Synopsis',
      'Poster URL (https, an image)',
    ]);
    const added = await mod.submitModal(modal, {
      titleYear: 'Céline et Julie vont en bateau (1974)',
      directors: 'Jacques Rivette',
      cast: 'Juliet Berto as Céline\nDominique Labourier as Julie',
      synopsis: 'Two women, a *haunted* house and @everyone in it.',
      poster: 'https://upload.wikimedia.org/wikipedia/en/c/celine.jpg',
    });
    expect(added.ephemeral).toBe(false);
    const addedCard = added.v2!;
    // What happened, above the card (a V2 message has no content).
    expect(addedCard.texts[0]).toBe('Added **Céline et Julie vont en bateau** (1974) to this server’s catalog.');
    expect(addedCard.title).toBe('Céline et Julie vont en bateau (1974)');
    expect(addedCard.description).toBe('Two women, a \\*haunted\\* house and @everyone in it.');
    expect(addedCard.thumbnails.map((poster) => poster.url)).toEqual(['https://upload.wikimedia.org/wikipedia/en/c/celine.jpg']);
    expect(addedCard.block('Added by this server')).toBe('Added to this server’s catalog by mod');
    expect(added.button('Watched')).toBeDefined();
    expect(added.mentions).toEqual({ users: [], roles: [], everyone: false });

    const choices = await alice.autocomplete('watched', 'film', 'celine et jul');
    expect(choices[0]).toEqual({ name: expect.stringContaining('Céline et Julie vont en bateau (1974)'), value: CELINE });
    const logged = await alice.slash('watched', { film: CELINE, date: '2024-05-17' });
    expect(logged.content).toContain('**Céline et Julie vont en bateau (1974)**');
    // Typed whole, the title names it for certain.
    const typed = await bob.slash('watched', { film: 'Céline et Julie vont en bateau', date: '2024-05-18' });
    expect(typed.content).toContain('**Céline et Julie vont en bateau (1974)**');
    expect((await alice.slash('diary', {})).v2!.description).toContain('**Céline et Julie vont en bateau** (1974)');
    club.expectClean();
  });

  it('refuses a bad poster link and a film the catalog already has, with what to fix', async () => {
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    const badPoster = await mod.submitModal(modal, { titleYear: 'Out 1 (1971)', poster: 'http://example.com/page' });
    expect(badPoster.ephemeral).toBe(true);
    expect(badPoster.content).toMatch(/^Poster: an https link to an image/);
    const again = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    const known = await mod.submitModal(again, { titleYear: 'Stalker 1979' });
    expect(known.content).toBe('The catalog already has “Stalker” (1979); correct it with /catalog edit if its facts are wrong.');
    club.expectClean();
  });
});

describe('/catalog: moderators only, checked by the bot', () => {
  it('refuses a plain member’s add, edit and merge', async () => {
    for (const [options, subcommand] of [
      [{}, 'add'],
      [{ film: 'stalker-1979' }, 'edit'],
      [{ keep: 'stalker-1979', remove: CELINE }, 'merge'],
      [{}, 'suggestions'],
    ] as const) {
      const reply = await alice.slash('catalog', options, { subcommand });
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(/^Only moderators can change the server’s catalog/);
    }
    club.expectClean();
  });

  it('checks again when a form is sent or a confirmation pressed: a moderator who lost the role is refused', async () => {
    const form = await carol.slashModal('catalog', {}, { subcommand: 'add' });
    const prompt = await carol.slash('catalog', { keep: 'stalker-1979', remove: CELINE }, { subcommand: 'merge' });
    carol.removeRole(curators);
    const sent = await carol.submitModal(form, { titleYear: 'Out 1 (1971)' });
    expect(sent.content).toMatch(/^Only moderators/);
    const pressed = await carol.click(prompt, 'Merge');
    expect(pressed.content).toMatch(/^Only moderators/);
    expect((await alice.autocomplete('watched', 'film', 'out 1')).map((choice) => choice.value)).not.toContain('out-1-1971');
    expect((await alice.slash('film', { title: 'stalker-1979' })).v2!.title).toBe('Stalker (1979)');
    expect((await alice.slash('film', { title: CELINE })).v2!.title).toBe('Céline et Julie vont en bateau (1974)');
    carol.addRole(curators);
    club.expectClean();
  });
});

describe('/catalog edit', () => {
  it('opens the film’s facts filled in and corrects them for this server', async () => {
    const modal = await mod.slashModal('catalog', { film: 'stalker-1979' }, { subcommand: 'edit' });
    expect(modal.field('titleYear')).toMatchObject({ value: 'Stalker (1979)' });
    const directors = modal.inputs.find((input) => input.customId === 'directors')!.value!;
    const cast = modal.inputs.find((input) => input.customId === 'cast')!.value ?? '';
    const edited = await mod.submitModal(modal, { titleYear: 'Stalker (1979)', directors, cast, synopsis: 'Our club’s own words about the Zone.', poster: '' });
    expect(edited.v2!.texts[0]).toBe('Corrected **Stalker** (1979) for this server.');
    expect(edited.v2!.title).toBe('Stalker (1979)');
    expect(edited.v2!.description).toBe('Our club’s own words about the Zone.');
    expect((await alice.slash('film', { title: 'Stalker' })).v2!.description).toBe('Our club’s own words about the Zone.');
    club.expectClean();
  });
});

describe('/catalog merge', () => {
  it('moves every member’s viewings of a duplicate to the kept film, after a confirmation', async () => {
    // The club added the film again under another title before noticing.
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    const duplicate = await mod.submitModal(modal, { titleYear: 'The Stalker (1979)', directors: 'Andrei Tarkovsky' });
    expect(duplicate.v2!.texts[0]).toBe('Added **The Stalker** (1979) to this server’s catalog.');
    await alice.slash('watched', { film: 'the-stalker-1979', date: '2024-01-05', rating: 4.5 });
    await bob.slash('watched', { film: 'stalker-1979', date: '2024-02-01' });
    await bob.slash('watched', { film: 'the-stalker-1979', date: '2024-03-01' });
    const oldCard = await carol.slash('film', { title: 'the-stalker-1979' });

    const prompt = await mod.slash('catalog', { keep: 'stalker-1979', remove: 'the-stalker-1979' }, { subcommand: 'merge' });
    expect(prompt.ephemeral).toBe(true);
    expect(prompt.content).toContain('Merge **The Stalker** (1979) `the-stalker-1979` into **Stalker** (1979) `stalker-1979`?');
    expect(prompt.content).toContain('2 members’ records (2 viewings)');
    // Nothing moved yet.
    expect((await alice.slash('diary', {})).v2!.description).toContain('**The Stalker** (1979)');

    const done = await mod.click(prompt, 'Merge');
    expect(done.content).toBe('Merged **The Stalker** (1979) into **Stalker** (1979): 2 members’ records (2 viewings moved), 0 lists and 0 parties updated.');

    const aliceDiary = (await alice.slash('diary', {})).v2!.description!;
    expect(aliceDiary).toContain('**Stalker** (1979)');
    expect(aliceDiary).not.toContain('The Stalker');
    const bobDiary = (await bob.slash('diary', {})).v2!.description!;
    expect(bobDiary.match(/\*\*Stalker\*\* \(1979\)/g)).toHaveLength(2);
    const card = await alice.slash('film', { title: 'stalker-1979' });
    expect(card.v2!.block('In this server')).toMatch(/^2 members watched/);
    // The feed keeps the removed id its events were saved under: they show on the kept film's card.
    expect(card.v2!.field('Recent activity')!.value.split('\n').map((line) => line.replace(/ · <t:\d+:R>$/, ''))).toEqual([
      'Bob @everyone watched this title',
      'Bob @everyone watched this title',
      'alice watched this title',
    ]);
    // The duplicate is no longer offered, and its old card's buttons record on the kept film.
    expect((await alice.autocomplete('watched', 'film', 'the stalker')).map((choice) => choice.value)).not.toContain('the-stalker-1979');
    const pressed = await carol.click(oldCard, 'Watched');
    expect(pressed.v2!.title).toBe('Stalker (1979)');
    expect(pressed.v2!.block('In this server')).toMatch(/^3 members watched/);
    club.expectClean();
  });
});

describe('/catalog suggest', () => {
  it('lets a member suggest a film and a moderator approve it', async () => {
    const modal = await alice.slashModal('catalog', {}, { subcommand: 'suggest' });
    const thanks = await alice.submitModal(modal, { titleYear: 'Dangal (2016)', directors: 'Nitesh Tiwari', cast: 'Aamir Khan as Mahavir Singh Phogat' });
    expect(thanks.ephemeral).toBe(true);
    expect(thanks.content).toBe('Thanks: **Dangal** (2016) is suggested. A moderator will review it with /catalog suggestions.');
    expect((await alice.autocomplete('watched', 'film', 'dangal')).map((choice) => choice.value)).not.toContain('dangal-2016');

    const review = await mod.slash('catalog', {}, { subcommand: 'suggestions' });
    expect(review.embed!.description).toContain('**Dangal** (2016) · suggested by alice');
    const approved = await mod.click(review, 'Approve 1. Dangal');
    expect(approved.content).toBe('Approved: **Dangal** (2016) is in this server’s catalog.');
    expect(approved.embed!.description).toMatch(/^No suggestions waiting/);

    expect((await bob.autocomplete('watched', 'film', 'dangal'))[0]?.value).toBe('dangal-2016');
    const card = await bob.slash('film', { title: 'dangal-2016' });
    expect(card.v2!.block('Added by this server')).toBe('Added to this server’s catalog: suggested by alice, approved by mod');
    club.expectClean();
  });

  it('lets a moderator reject a suggestion', async () => {
    const modal = await bob.slashModal('catalog', {}, { subcommand: 'suggest' });
    await bob.submitModal(modal, { titleYear: 'My **Holiday** Video @everyone (2023)' });
    const review = await mod.slash('catalog', {}, { subcommand: 'suggestions' });
    expect(review.embed!.description).toContain('**My \\*\\*Holiday\\*\\* Video @everyone** (2023) · suggested by Bob @everyone');
    expect(review.mentions).toEqual({ users: [], roles: [], everyone: false });
    const rejected = await mod.click(review, 'Reject 1.');
    expect(rejected.content).toBe('Rejected: **My \\*\\*Holiday\\*\\* Video @everyone** (2023).');
    expect((await bob.autocomplete('watched', 'film', 'holiday video')).map((choice) => choice.value)).not.toContain('my-holiday-video-everyone-2023');
    club.expectClean();
  });
});
