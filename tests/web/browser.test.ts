import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { CHROMIUM, openBrowser, signIn } from './chromium.js';
import { startWebClub, type WebClub } from './helpers.js';

// The website in a real headless Chromium (Debian's, at /usr/bin/chromium; CI installs it, see .ci/run).

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`tests/web/browser.test.ts skipped: ${CHROMIUM} is not installed (on Debian: apt-get install chromium).`);

describe.skipIf(missing)(`the website in Chromium${missing ? ` (skipped: ${CHROMIUM} is not installed)` : ''}`, { timeout: 60_000 }, () => {
  let club: WebClub;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let mod: MemberHandle;
  let alice: MemberHandle;
  let listUrl: string;

  beforeAll(async () => {
    club = await startWebClub();
    mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
    alice = club.guild.addMember({ username: 'alice' });
    club.discord.createGuild({ name: 'Another Club' }).addMember({ username: 'olga' });
    browser = await openBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await club?.stop();
  });

  it('signs in through Discord and shows only the servers the member is in', async () => {
    const page = await browser.context.newPage();
    await signIn(page, club.web.url, 'alice');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your servers');
    const servers = await page.locator('ul.servers li').allTextContents();
    expect(servers).toEqual(['Film Club']);
    await page.getByRole('link', { name: 'Film Club' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Film Club');
    await page.context().clearCookies();
    await page.close();
  });

  it('lets a moderator reorder a list by drag and drop, and Discord shows the new rank', async () => {
    const page = await browser.context.newPage();
    await signIn(page, club.web.url, 'mod');
    await page.goto(`${club.web.url}/servers/${club.guild.id}/lists`);
    await page.getByLabel('Name', { exact: true }).fill('Canon');
    await page.getByRole('button', { name: 'Create list' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Created “Canon”.');
    listUrl = page.url();
    for (const title of ['Stalker', 'Holy Motors', 'Mulholland Drive']) {
      await page.getByLabel('Add a film').fill(title);
      // The script offers the catalog's matches as buttons, from the autocomplete search.
      await page.locator('.results button').first().waitFor();
      await page.locator('.results button', { hasText: title }).first().click();
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`Added ${title}`);
    }
    expect(await page.locator('ol.list-items li .rank').allTextContents()).toEqual(['#1', '#2', '#3']);
    await page.locator('ol.list-items li', { hasText: 'Mulholland Drive' }).dragTo(page.locator('ol.list-items li', { hasText: 'Stalker' }));
    await expect.poll(() => page.locator('ol.list-items li a').allTextContents()).toEqual(['Mulholland Drive', 'Stalker', 'Holy Motors']);

    const shown = await mod.slash('list', { list: 'Canon' }, { subcommand: 'show' });
    expect(shown.v2!.description).toMatch(/#1\D.*Mulholland Drive[\s\S]*#2\D.*Stalker[\s\S]*#3\D.*Holy Motors/);
    const card = await mod.slash('film', { title: 'mulholland-drive-2001' });
    expect(card.v2!.field('Server lists')!.value).toBe('In 1 server list · #1 in Canon');

    // Keyboard and no-JS path: the ↓ button.
    await page.getByRole('button', { name: 'Move Mulholland Drive down' }).click();
    await expect.poll(() => page.locator('ol.list-items li a').allTextContents()).toEqual(['Stalker', 'Mulholland Drive', 'Holy Motors']);
    await page.context().clearCookies();
    await page.close();
    club.expectClean();
  });

  it('keeps a plain member away from curation, also from a crafted POST with their own token, and refuses a missing token', async () => {
    const page = await browser.context.newPage();
    await signIn(page, club.web.url, 'alice');
    await page.goto(listUrl);
    expect(await page.locator('ol.list-items li a').allTextContents()).toEqual(['Stalker', 'Mulholland Drive', 'Holy Motors']);
    expect(await page.getByRole('heading', { name: 'Curate' }).count()).toBe(0);
    expect(await page.locator('form[action$="/move"]').count()).toBe(0);
    const token = await page.locator('input[name=_csrf]').first().inputValue();
    const crafted = await page.evaluate(
      async ([url, csrf]) => {
        const response = await fetch(`${url}/move`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf!, filmId: 'holy-motors-2012', position: '1' }) });
        return { status: response.status, text: await response.text() };
      },
      [listUrl, token],
    );
    expect(crafted.status).toBe(403);
    expect(crafted.text).toContain('Only moderators');
    const noToken = await page.evaluate(async (url) => (await fetch(`${url}/add`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'filmId=stalker-1979' })).status, listUrl);
    expect(noToken).toBe(403);
    await page.reload();
    expect(await page.locator('ol.list-items li a').allTextContents()).toEqual(['Stalker', 'Mulholland Drive', 'Holy Motors']);
    await page.context().clearCookies();
    await page.close();
  });

  it('offers a film the server added (in Discord) in the live search, and opens its page from the list', async () => {
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    await mod.submitModal(modal, { titleYear: 'Céline et Julie vont en bateau (1974)', directors: 'Jacques Rivette' });
    const page = await browser.context.newPage();
    await signIn(page, club.web.url, 'mod');
    await page.goto(listUrl);
    await page.getByLabel('Add a film').fill('celine et jul');
    await page.locator('.results button', { hasText: 'Céline et Julie vont en bateau' }).first().click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Added Céline et Julie vont en bateau at 4');
    await page.locator('ol.list-items li a', { hasText: 'Céline et Julie vont en bateau' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Céline et Julie vont en bateau (1974)');
    expect(await page.locator('p.origin').textContent()).toBe('Added to this server’s catalog by mod.');
    await page.context().clearCookies();
    await page.close();
    club.expectClean();
  });

  it('lets a member log a watch from a film page, and /diary in Discord shows it', async () => {
    const page = await browser.context.newPage();
    await signIn(page, club.web.url, 'alice');
    await page.goto(`${club.web.url}/servers/${club.guild.id}/films/stalker-1979`);
    await page.getByLabel('When').fill('2024-05-17');
    await page.locator('#watch-stars').selectOption('4');
    await page.getByRole('button', { name: 'Log watch' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Logged Stalker as watched on 2024-05-17, rated ★★★★.');
    const diary = await alice.slash('diary');
    expect(diary.v2!.description).toContain('`2024-05-17` **Stalker** (1979) ★★★★');
    await page.close();
    club.expectClean();
  });
});
