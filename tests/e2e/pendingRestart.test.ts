import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { FIXTURES } from '../import/helpers.js';
import { startTestClub, type TestClub } from './harness.js';

/**
 * What a button waits for (an import preview, a list import preview, a "Did you mean…?" menu) is kept in the
 * server's data, not in the bot's memory: the bot is restarted between the preview and the press, and the press
 * still works (that no other member's press can use it is tests/pending/pendingShelf.test.ts). Runs on the file store (lowdb project) and on PostgreSQL (postgres project).
 */
let club: TestClub;
let alice: MemberHandle;
let mod: MemberHandle;

beforeAll(async () => {
  club = await startTestClub({ catalogFiles: [join(FIXTURES, 'catalog.json')] });
  alice = club.guild.addMember({ username: 'alice' });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
});
afterAll(async () => club?.stop());

const letterboxdZip = () => readFileSync(join(FIXTURES, 'letterboxd-export.zip'));
const records = async (member: MemberHandle) => Object.keys((await club.app.store.read(club.guild.id)).memberFilms[member.id] ?? {}).sort();

describe('a button pressed after the bot restarted', () => {
  it('confirms a member import previewed before the restart, with the film picked before it', async () => {
    const preview = await alice.slash('import', { source: 'letterboxd', file: club.discord.attachment('letterboxd-export.zip', letterboxdZip()) });
    expect(preview.embed!.title).toBe('Import from Letterboxd — preview');
    const [oldboyMenu] = preview.selects();
    const picked = await alice.select(preview, ['oldboy-2003'], { customId: oldboyMenu!.customId });
    expect(picked.embed!.field('Confirming adds')!.value).toContain('plus the 1 film you chose below');
    const appBefore = club.app;

    await club.restartBot();
    expect(club.app).not.toBe(appBefore);

    const done = await alice.click(picked, 'Confirm');
    expect(done.embed!.title).toBe('Imported from Letterboxd');
    expect(done.embed!.description).toContain('Added to your records: 18 films');
    expect(done.embed!.description).toContain('Left out: 3 films not in the catalog and 2 films you did not choose.');
    expect(await records(alice)).toContain('oldboy-2003');
    expect(done.components).toEqual([]);
    club.expectClean();
  }, 60_000);

  it('confirms a list import previewed before the restart, once', async () => {
    const text = 'title,year\nStalker,1979\nHeat,1995\n';
    const preview = await mod.slash('list', { file: club.discord.attachment('picks.csv', text), name: 'After the restart' }, { subcommand: 'import' });
    expect(preview.buttons().map((button) => button.label)).toEqual(['Import 2 films', 'Cancel']);
    await club.restartBot();
    const done = await mod.click(preview, 'Import 2 films');
    expect(done.embed!.description).toMatch(/^Created the unranked list “After the restart” with 2 films\./);
    const lists = (await club.app.store.read(club.guild.id)).lists.items.map((list) => list.name);
    expect(lists).toEqual(['After the restart']);
    club.expectClean();
  }, 60_000);

  it('answers a "Did you mean…?" menu asked before the restart by saying what to run again', async () => {
    const asked = await alice.slash('watched', { film: 'solaris' });
    expect(asked.content).toMatch(/Did you mean…\? Nothing is recorded until you pick\.$/);
    await club.restartBot();
    const picked = await alice.select(asked, ['solaris-1972']);
    expect(picked.id).toBe(asked.id);
    expect(picked.content).toBe('The bot restarted since this menu was made, so nothing was recorded. Run /watched again and pick **Solaris (1972)** from the suggestions as you type.');
    expect(picked.selects()).toEqual([]);
    // Nothing was logged on the pick; the command run again logs it.
    expect(await records(alice)).not.toContain('solaris-1972');
    club.expectClean();
  }, 60_000);

  it('reopens a review draft kept before the restart, filled in as the member left it', async () => {
    const text = 'Kept across a restart.';
    const modal = await alice.slashModal('review', { film: 'stalker-1979' });
    await alice.submitModal(modal, { stars: 'five-ish', text, spoiler: 'no' });
    const draft = club.discord.messages(club.guild.defaultChannel, { viewer: alice }).filter((message) => message.ephemeral).at(-1)!;
    expect(draft.buttons().map((button) => button.label)).toEqual(['Edit']);
    await club.restartBot();
    const again = await alice.clickModal(draft, 'Edit');
    expect(Object.fromEntries(again.fields.map((field) => [field.customId, field.kind === 'text' ? field.value : undefined]))).toEqual({ stars: 'five-ish', text, spoiler: 'no' });
    club.expectClean();
  }, 60_000);
});
