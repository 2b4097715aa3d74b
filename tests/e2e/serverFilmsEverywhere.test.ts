import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

/**
 * A film a moderator added to the server's catalog is a film like any other there: it is offered before anything
 * is typed, and /recommend, /similar and /party suggest consider it (they used to rank the shared catalog only).
 */
let club: TestClub;
let mod: MemberHandle;
let alice: MemberHandle;
let bob: MemberHandle;
let carol: MemberHandle;
let dave: MemberHandle;

const CELINE = 'celine-et-julie-vont-en-bateau-1974';
/** Films alice and her neighbours share, so that bob and carol are the members "whose taste overlaps" hers. */
const SHARED_FAVORITES = ['holy-motors-2012', 'mulholland-drive-2001'];

beforeAll(async () => {
  club = await startTestClub();
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
  carol = club.guild.addMember({ username: 'carol' });
  dave = club.guild.addMember({ username: 'dave' });
}, 30_000);
afterAll(async () => club?.stop());

/** The film ids a /recommend reply lists, read from its "open as a card" menu (in the order shown). */
const listedIds = (message: Message) => message.selects()[0]!.options.map((option) => option.value);

describe('a film a moderator added', () => {
  it('is offered in the empty autocomplete, first among the spread', async () => {
    const before = await alice.autocomplete('watched', 'film', '');
    expect(before.map((choice) => choice.value)).not.toContain(CELINE);

    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    const added = await mod.submitModal(modal, {
      titleYear: 'Céline et Julie vont en bateau (1974)',
      directors: 'Jacques Rivette',
      cast: 'Juliet Berto as Céline\nDominique Labourier as Julie',
      synopsis: 'Two women, a haunted house and a film that plays in it.',
    });
    expect(added.v2!.texts[0]).toBe('Added **Céline et Julie vont en bateau** (1974) to this server’s catalog.');

    for (const [command, option, call] of [
      ['watched', 'film', {}],
      ['film', 'title', {}],
      ['activity', 'film', {}],
      ['list', 'film', { subcommand: 'add' }],
    ] as const) {
      const empty = await alice.autocomplete(command, option, '', call);
      expect(empty[0], `/${command} ${option}, nothing typed`).toEqual({ name: expect.stringContaining('Céline et Julie vont en bateau (1974)'), value: CELINE });
      expect(empty.length).toBe(before.length);
    }
    club.expectClean();
  });

  it('is recommended to a member whose neighbours loved it, and suggested to a party', async () => {
    for (const id of SHARED_FAVORITES) await alice.slash('favorite', { film: id });
    for (const member of [bob, carol]) {
      for (const id of SHARED_FAVORITES) await member.slash('favorite', { film: id });
      const loved = await member.slash('favorite', { film: CELINE });
      expect(loved.content ?? '').toContain('Céline et Julie vont en bateau');
    }

    const reply = await alice.slash('recommend', {});
    const ids = listedIds(reply);
    expect(ids[0]).toBe(CELINE);
    const field = reply.embed!.fields[0]!;
    expect(field.name).toBe('1. Céline et Julie vont en bateau (1974) — Jacques Rivette');
    expect(field.value).toMatch(/2 members/);
    // Picked from the menu, it opens as the server's film.
    const card = await alice.select(reply, [CELINE]);
    expect(card.v2!.title).toBe('Céline et Julie vont en bateau (1974)');

    await dave.slash('watched', { film: 'stalker-1979' });
    const party = await carol.slash('party', { members: `${alice.mention} ${dave.mention}` }, { subcommand: 'suggest' });
    expect(party.embed!.title).toBe('Films for alice, dave');
    const picks = [...party.embed!.description!.matchAll(/^\*\*\d+\.\*\* \*\*(.+?)\*\*/gm)].map((match) => match[1]);
    expect(picks).toContain('Céline et Julie vont en bateau');

    // And /similar knows it: films like it, from the shared catalog.
    const similar = await alice.slash('similar', { film: CELINE });
    expect(similar.ephemeral).toBe(false);
    expect(similar.embed!.title).toContain('Céline et Julie vont en bateau');
    expect(listedIds(similar).length).toBeGreaterThan(0);
    club.expectClean();
  });
});
