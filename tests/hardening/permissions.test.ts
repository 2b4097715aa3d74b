/**
 * Permissions via every path (issue 19, item 2): each moderator or host action tried by a plain member through its
 * command (sent as a modified client would, since `default_member_permissions` only hides commands), its buttons
 * (the confirmations the bot showed a moderator, pressed by the member), its modals and its web form; and a
 * moderator whose role was removed a second ago, refused at once on every path. Each refusal must be an answer to
 * the member (never silence), and must leave the server's shared data (lists, parties, catalog, settings) as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message, Outcome } from '../../src/local-discord/index.js';
import { csrfOf, HttpVisitor, startWebClub, type WebClub } from '../web/helpers.js';
import { Watcher } from './fuzzClub.js';
import { recordReliability, type ReliabilityRow } from './reliability.js';

const FILM = 'holy-motors-2012';
let club: WebClub;
let watcher: Watcher;
let alice: MemberHandle;
let bob: MemberHandle;
let mod: MemberHandle;
let carol: MemberHandle;
let listId: string;
const rows: ReliabilityRow[] = [];
const tally = { command: 0, button: 0, modal: 0, web: 0, demoted: 0 };
/** Custom_ids of moderator and host actions, as the bot showed them to the moderator. */
const shownToModerator = new Set<string>();
const MODERATOR_ACTION = /^(list:(delete|import)|party:(cancel|close)|catalog:(approve|reject|merge)):/;

/** What a refused action must leave alone: everything but the member name book. */
async function shared(): Promise<string> {
  const { members: _members, ...rest } = JSON.parse(JSON.stringify(await club.app.store.read(club.guild.id))) as Record<string, unknown>;
  return JSON.stringify(rest);
}

function collect(message: Message): void {
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const c = value as Record<string, unknown>;
    if (typeof c.custom_id === 'string' && MODERATOR_ACTION.test(c.custom_id)) shownToModerator.add(c.custom_id);
    Object.values(c).forEach((v) => (Array.isArray(v) ? v.forEach(walk) : walk(v)));
  };
  message.components.forEach(walk);
}

/** Runs an action of `member` and expects a private refusal that changed nothing shared. */
async function expectRefused(what: string, member: MemberHandle, action: () => Promise<Outcome | Message>): Promise<void> {
  const before = await shared();
  const outcome = await watcher.run(what, { id: member.id, guildId: member.guildId, plain: true }, action);
  watcher.expectNoProblems();
  expect(outcome?.kind, what).toBe('message');
  let message = (outcome as { message: Message }).message;
  // A press acknowledged by updating its message says why in a private follow-up.
  if (!message.ephemeral) message = await message.waitForFollowUp();
  expect(message.ephemeral, `${what} answered publicly: ${message.content}`).toBe(true);
  expect(await shared(), `${what} changed shared data (answer: ${message.content})`).toBe(before);
}

const option = (name: string, type: number, value: unknown) => ({ name, type, value });
const sub = (name: string, options: unknown[] = []) => [{ name, type: 1, options }];

/** A public classic message of the bot in #general, for forged presses (a modified client presses on what it sees). */
function carrier(): string {
  const message = club.discord.messages(club.guild.defaultChannel).filter((m) => m.authorId === club.discord.bot.id && !m.componentsV2).at(-1);
  if (!message) throw new Error('no public classic message to press on');
  return message.id;
}

beforeAll(async () => {
  club = await startWebClub({ discord: { settleMs: 10 } });
  watcher = new Watcher(club, [club.guild]);
  club.discord.watchMessages(collect);
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  const curators = club.guild.createRole({ name: 'Curators' });
  carol = club.guild.addMember({ username: 'carol', roles: [curators] });
  await mod.slash('config', { role: curators }, { subcommand: 'moderator-role' });
  await mod.slash('list', { name: 'Canon', ranked: true }, { subcommand: 'create' });
  await mod.slash('list', { list: 'Canon', film: FILM }, { subcommand: 'add' });
  await mod.slash('list', { list: 'Canon', film: 'stalker-1979' }, { subcommand: 'add' });
  listId = (await club.app.store.read(club.guild.id)).lists.items[0]!.id;
  await mod.slash('list', { list: 'Canon' }, { subcommand: 'delete' });
  await mod.slash('party', { film: FILM, when: 'tomorrow 9pm' }, { subcommand: 'schedule' });
  await mod.slash('party', { party: 1, film: 'stalker-1979' }, { subcommand: 'nominate' });
  await mod.slash('party', { party: 1, film: 'amelie-2001' }, { subcommand: 'nominate' });
  await mod.slash('party', { party: 1 }, { subcommand: 'vote' });
  await mod.slash('party', { party: 1 }, { subcommand: 'cancel' });
  const suggest = await alice.slashModal('catalog', {}, { subcommand: 'suggest' });
  await alice.submitModal(suggest, { titleYear: 'Fuzz Film (2020)' });
  await mod.slash('catalog', {}, { subcommand: 'suggestions' });
  await mod.slash('list', { file: club.discord.attachment('l.csv', readFileSync(join(import.meta.dirname, '../fixtures/lists/plain-title-year.csv'))), name: 'Club picks' }, { subcommand: 'import' });
  // A public message to press forged buttons on.
  await alice.slash('list', {}, { subcommand: 'all' });
  await watcher.settle();
}, 120_000);

afterAll(async () => {
  rows.push(
    { area: 'permissions', what: 'moderator and host commands sent by a plain member (as a modified client would)', tried: tally.command, refused: tally.command, lost: 0 },
    { area: 'permissions', what: 'confirmation buttons shown to a moderator, pressed by a plain member', tried: tally.button, refused: tally.button, lost: 0 },
    { area: 'permissions', what: 'moderator modals submitted by a plain member', tried: tally.modal, refused: tally.modal, lost: 0 },
    { area: 'permissions', what: 'curation web forms posted by a plain member with their own valid token', tried: tally.web, refused: tally.web, lost: 0 },
    { area: 'permissions', what: 'a moderator whose role was removed a second ago (command, button, web form)', tried: tally.demoted, refused: tally.demoted, lost: 0 },
  );
  recordReliability('permissions', rows);
  watcher?.close();
  await club?.stop();
});

/** Every moderator or host command, with options that would work for a moderator. */
function moderatorCommands(): { what: string; name: string; options: unknown[] }[] {
  const list = option('list', 3, 'Canon');
  const party = option('party', 4, 1);
  return [
    { what: '/list create', name: 'list', options: sub('create', [option('name', 3, 'Mine')]) },
    { what: '/list rename', name: 'list', options: sub('rename', [list, option('name', 3, 'Mine')]) },
    { what: '/list describe', name: 'list', options: sub('describe', [list, option('description', 3, 'mine now')]) },
    { what: '/list delete', name: 'list', options: sub('delete', [list]) },
    { what: '/list add', name: 'list', options: sub('add', [list, option('film', 3, 'amelie-2001')]) },
    { what: '/list remove', name: 'list', options: sub('remove', [list, option('film', 3, FILM)]) },
    { what: '/list move', name: 'list', options: sub('move', [list, option('film', 3, FILM), option('position', 4, 2)]) },
    { what: '/catalog edit', name: 'catalog', options: sub('edit', [option('film', 3, FILM)]) },
    { what: '/catalog merge', name: 'catalog', options: sub('merge', [option('keep', 3, FILM), option('remove', 3, 'stalker-1979')]) },
    { what: '/catalog suggestions', name: 'catalog', options: sub('suggestions') },
    { what: '/catalog add', name: 'catalog', options: sub('add') },
    { what: '/config timezone', name: 'config', options: sub('timezone', [option('zone', 3, 'Asia/Tokyo')]) },
    { what: '/config date-format', name: 'config', options: sub('date-format', [option('order', 3, 'mdy')]) },
    { what: '/config moderator-role', name: 'config', options: sub('moderator-role', [option('role', 8, club.guild.id)]) },
    { what: '/config web', name: 'config', options: sub('web', [option('public', 5, true)]) },
    { what: '/config reminder-lead', name: 'config', options: sub('reminder-lead', [option('minutes', 4, 5)]) },
    { what: '/party cancel', name: 'party', options: sub('cancel', [party]) },
    { what: '/party start', name: 'party', options: sub('start', [party]) },
    { what: '/party end', name: 'party', options: sub('end', [party]) },
    { what: '/party close-vote', name: 'party', options: sub('close-vote', [party]) },
    { what: '/party edit', name: 'party', options: sub('edit', [party, option('location', 3, 'my place')]) },
  ];
}

/** The bot may open the form first and refuse on submit: then the form is submitted too. */
async function commandPath(member: MemberHandle, command: { what: string; name: string; options: unknown[] }): Promise<void> {
  const before = await shared();
  const outcome = await watcher.run(`${command.what} by ${member.username}`, { id: member.id, guildId: member.guildId, plain: true }, () =>
    club.discord.forge({ kind: 'command', guildId: member.guildId, userId: member.id, data: { name: command.name, options: command.options } }),
  );
  watcher.expectNoProblems();
  if (outcome?.kind === 'modal') {
    const modal = outcome.modal;
    const components = modal.fields.map((field, i) => ({ type: 18, id: i + 1, component: { type: 4, id: 100 + i, custom_id: field.customId, value: field.customId === 'titleYear' ? 'Sneaky (2020)' : 'x' } }));
    await expectRefused(`${command.what} form by ${member.username}`, member, () =>
      club.discord.forge({ kind: 'modal', guildId: member.guildId, userId: member.id, data: { custom_id: modal.customId, components } }),
    );
    return;
  }
  expect(outcome?.kind === 'message' && outcome.message.ephemeral, `${command.what} by ${member.username}: ${JSON.stringify(outcome?.kind === 'message' && outcome.message.content)}`).toBe(true);
  expect(await shared(), `${command.what} by ${member.username} changed shared data`).toBe(before);
}

async function pressAs(member: MemberHandle, customId: string): Promise<void> {
  await expectRefused(`${member.username} presses ${customId}`, member, () =>
    club.discord.forge({ kind: 'component', guildId: member.guildId, userId: member.id, sourceMessageId: carrier(), data: { custom_id: customId, component_type: 2 } }),
  );
}

/** Every curation form of the website, as a member signed in with a valid token would post it. */
async function webForms(visitor: HttpVisitor): Promise<{ what: string; status: number }[]> {
  const base = `/servers/${club.guild.id}/lists`;
  const page = await visitor.get(`${base}/${listId}`);
  expect(page.status).toBe(200);
  const _csrf = csrfOf(page.text);
  const forms: [string, string, Record<string, string>][] = [
    ['create a list', base, { name: 'Mine', description: '', ranked: '1' }],
    ['add a film', `${base}/${listId}/add`, { filmId: 'amelie-2001' }],
    ['move a film', `${base}/${listId}/move`, { filmId: FILM, position: '2' }],
    ['remove a film', `${base}/${listId}/remove`, { filmId: FILM }],
    ['rename the list', `${base}/${listId}/rename`, { name: 'Mine' }],
    ['describe the list', `${base}/${listId}/describe`, { description: 'mine now' }],
    ['delete the list', `${base}/${listId}/delete`, { confirm: '1' }],
    ['import a list', `${base}/import`, { text: 'Title,Year\nStalker,1979\n' }],
  ];
  const out: { what: string; status: number }[] = [];
  for (const [what, target, form] of forms) {
    const before = await shared();
    const response = await visitor.request(target, { form: { _csrf, ...form } });
    out.push({ what, status: response.status });
    expect(await shared(), `web: ${what} changed shared data`).toBe(before);
  }
  return out;
}

describe('a plain member is refused every moderator and host action', () => {
  it('through the commands', async () => {
    for (const command of moderatorCommands()) {
      await commandPath(bob, command);
      tally.command++;
    }
  }, 120_000);

  it('through the confirmation buttons the bot showed a moderator', async () => {
    expect([...shownToModerator].map((id) => id.split(':').slice(0, 2).join(':')).sort()).toEqual(
      expect.arrayContaining(['list:delete', 'party:cancel', 'party:close', 'catalog:approve', 'catalog:reject', 'list:import']),
    );
    for (const customId of shownToModerator) {
      await pressAs(bob, customId);
      tally.button++;
    }
  }, 120_000);

  it('through the forms (modals) of moderators', async () => {
    const components = [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'titleYear', value: 'Sneaky (2020)' } }];
    for (const customId of ['catalog:add', `catalog:edit:${FILM}`]) {
      await expectRefused(`bob submits ${customId}`, bob, () => club.discord.forge({ kind: 'modal', guildId: club.guild.id, userId: bob.id, data: { custom_id: customId, components } }));
      tally.modal++;
    }
  });

  it('through the website’s curation forms, with their own valid token', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('bob');
    for (const { what, status } of await webForms(visitor)) {
      expect(status, `web: ${what}`).toBe(403);
      tally.web++;
    }
  });
});

describe('a moderator whose role was removed a second ago', () => {
  it('is refused at once through the command, the button and the website', async () => {
    // Carol moderates through the role: she browses the website as a moderator (its lookup is remembered) and the
    // bot shows her a delete confirmation.
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('carol');
    const page = await visitor.get(`/servers/${club.guild.id}/lists/${listId}`);
    expect(page.text).toContain('Delete');
    const prompt = await carol.slash('list', { list: 'Canon' }, { subcommand: 'delete' });
    const deleteId = prompt.buttons().find((b) => b.label === 'Delete list')!.customId!;
    carol.removeRole('Curators');

    await expectRefused('demoted carol renames', carol, () => carol.slash('list', { list: 'Canon', name: 'Gone' }, { subcommand: 'rename' }));
    await expectRefused('demoted carol confirms the deletion', carol, () => carol.click(prompt, deleteId));
    const before = await shared();
    const posted = await visitor.request(`/servers/${club.guild.id}/lists/${listId}/rename`, { form: { _csrf: csrfOf(page.text), name: 'Gone' } });
    expect(posted.status).toBe(403);
    expect(await shared()).toBe(before);
    tally.demoted += 3;
  });
});
