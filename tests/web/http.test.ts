import { readFileSync } from 'node:fs';
import { ComponentType, Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildHandle, MemberHandle } from '../../src/local-discord/index.js';
import { csrfOf, HttpVisitor, startWebClub, type WebClub } from './helpers.js';

// The website over plain HTTP (no JavaScript): sign-in through the local Discord's OAuth2, who may see and change
// what, CSRF, and escaping. Changes are checked in Discord afterwards, as a member would see them there.

let club: WebClub;
let mod: MemberHandle;
let alice: MemberHandle;
let other: GuildHandle;
let guildId: string;

const HOSTILE = '<script>alert("x")</script> & <b>bold</b>';

beforeAll(async () => {
  club = await startWebClub();
  guildId = club.guild.id;
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  alice = club.guild.addMember({ username: 'alice', nick: HOSTILE });
  const joined = new Promise((resolve) => club.bot.client.once(Events.GuildCreate, resolve));
  other = club.discord.createGuild({ name: 'Other Club' });
  await joined;
  other.addMember({ username: 'olga' });
});
afterAll(async () => club?.stop());

const servers = (id = guildId) => `/servers/${id}`;

describe('sign-in and who sees what', () => {
  it('signs in through Discord and lists only the servers the member shares with Marquee', async () => {
    const visitor = new HttpVisitor(club.web.url);
    const home = await visitor.signIn('alice');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Your servers');
    expect(home.text).toContain(`href="/servers/${guildId}">Film Club</a>`);
    expect(home.text).not.toContain('Other Club');
    expect(home.text).toContain('Signed in as <strong>alice</strong>');
    expect((await visitor.get(servers())).status).toBe(200);
    const closed = await visitor.get(servers(other.id));
    expect(closed.status).toBe(403);
    expect(closed.text).toContain('You are not a member of this server');
    expect((await visitor.get('/servers/12345678901234567')).status).toBe(404);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and refuses a tampered one', async () => {
    const visitor = new HttpVisitor(club.web.url);
    const consent = await visitor.get('/auth/login?next=%2F');
    const fields = Object.fromEntries([...consent.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#38;/g, '&')]));
    const user = /<option value="(\d+)">alice<\/option>/.exec(consent.text)![1]!;
    const back = await visitor.request(new URL('/oauth2/authorize', consent.url).toString(), { form: { ...fields, user_id: user, decision: 'authorize' } });
    const callback = await visitor.request(back.headers.get('location')!);
    const session = callback.headers.getSetCookie().find((line) => line.startsWith('marquee_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const jar = visitor.cookies.get(new URL(club.web.url).host)!;
    const [body, mac] = jar.get('marquee_session')!.split('.');
    const forged = JSON.parse(Buffer.from(body!, 'base64url').toString());
    forged.userId = mod.id;
    jar.set('marquee_session', `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`);
    expect((await visitor.get(servers())).status).toBe(401);
  });

  it('asks strangers to sign in, until a moderator makes the pages public', async () => {
    const stranger = new HttpVisitor(club.web.url);
    const closed = await stranger.get(servers());
    expect(closed.status).toBe(401);
    expect(closed.text).toContain('Sign in with Discord');
    const refused = await alice.slash('config', { public: true }, { subcommand: 'web' }).catch((error: Error) => error);
    expect(String((refused as { content?: string }).content ?? refused)).toMatch(/Manage Server|not allowed|permission/i);
    const saved = await mod.slash('config', { public: true }, { subcommand: 'web' });
    expect(saved.embed!.description).toContain('Website: public');
    const open = await stranger.get(servers());
    expect(open.status).toBe(200);
    expect(open.text).toContain('These pages are public');
    expect(open.text).not.toContain('name="_csrf"');
    await mod.slash('config', { public: false }, { subcommand: 'web' });
    expect((await stranger.get(servers())).status).toBe(401);
  });

  it('links from Discord: /web and the film card', async () => {
    const answer = await alice.slash('web');
    expect(answer.content).toContain(`${club.web.url}/servers/${guildId}`);
    const card = await alice.slash('film', { title: 'stalker-1979' });
    expect(card.componentsV2).toBe(true);
    // The link button sits inside the card's container, with the diary buttons, not in a row of its own below it.
    expect(card.components).toHaveLength(1);
    expect(card.components[0]!.type).toBe(ComponentType.Container);
    const link = card.buttons().find((button) => button.label === 'Web page');
    expect(link?.url).toBe(`${club.web.url}/servers/${guildId}/films/stalker-1979`);
  });
});

describe('changes: CSRF, membership and moderators', () => {
  it('lets a member log a watch from the film page, and /diary in Discord shows it', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const film = await visitor.get(`${servers()}/films/stalker-1979`);
    expect(film.text).toContain('Log a watch');
    const after = await visitor.post(`${servers()}/films/stalker-1979/watch`, { _csrf: csrfOf(film.text), on: '2024-05-17', stars: '4.5' });
    expect(after.status).toBe(200);
    expect(after.text).toContain('Logged Stalker as watched on 2024-05-17, rated ★★★★½.');
    const diary = await alice.slash('diary');
    expect(diary.v2!.description).toContain('`2024-05-17` **Stalker** (1979) ★★★★½');
    club.expectClean();
  });

  it('refuses a form without its CSRF token, or with another session’s', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const missing = await visitor.request(`${servers()}/films/holy-motors-2012/watchlist`, { form: { action: 'add' } });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('security token is missing or wrong');
    const elsewhere = new HttpVisitor(club.web.url);
    const page = await elsewhere.signIn('alice', `${servers()}/films/holy-motors-2012`);
    const wrong = await visitor.request(`${servers()}/films/holy-motors-2012/watchlist`, { form: { action: 'add', _csrf: csrfOf(page.text) } });
    expect(wrong.status).toBe(403);
    expect((await club.app.diary.memberFilm(guildId, alice.id, 'holy-motors-2012')).watchlist).toBe(false);
  });

  it('shows curation only to moderators, and refuses a member’s crafted POST carrying their own valid token', async () => {
    const moderator = new HttpVisitor(club.web.url);
    await moderator.signIn('mod');
    const lists = await moderator.get(`${servers()}/lists`);
    expect(lists.text).toContain('Create list');
    const created = await moderator.post(`${servers()}/lists`, { _csrf: csrfOf(lists.text), name: 'Canon', description: '', ranked: '1' });
    expect(created.text).toContain('Created “Canon”.');
    const listPath = new URL(created.url).pathname;
    for (const film of ['stalker-1979', 'holy-motors-2012', 'mulholland-drive-2001']) {
      const page = await moderator.get(listPath);
      const added = await moderator.post(`${listPath}/add`, { _csrf: csrfOf(page.text), filmId: film });
      expect(added.text).toMatch(/Added .* in “Canon”/);
    }

    const member = new HttpVisitor(club.web.url);
    await member.signIn('alice');
    const seen = await member.get(listPath);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('Curate');
    expect(seen.text).not.toContain('/move');
    const token = csrfOf(seen.text);
    for (const [action, form] of [
      ['move', { filmId: 'mulholland-drive-2001', position: '1' }],
      ['remove', { filmId: 'stalker-1979' }],
      ['rename', { name: 'Mine now' }],
      ['delete', { confirm: '1' }],
    ] as const) {
      const crafted = await member.request(`${listPath}/${action}`, { form: { _csrf: token, ...form } });
      expect(crafted.status, action).toBe(403);
      expect(await crafted.text()).toContain('Only moderators');
    }
    const refusedCreate = await member.request(`${servers()}/lists`, { form: { _csrf: token, name: 'Sneaky' } });
    expect(refusedCreate.status).toBe(403);
    const shown = await mod.slash('list', { list: 'Canon' }, { subcommand: 'show' });
    expect(shown.v2!.description).toMatch(/#1\D.*Stalker[\s\S]*#2\D.*Holy Motors[\s\S]*#3\D.*Mulholland/);

    // The moderator's ↑ button (no JavaScript) moves Mulholland Drive up; Discord shows the new rank.
    const page = await moderator.get(listPath);
    const moved = await moderator.post(`${listPath}/move`, { _csrf: csrfOf(page.text), filmId: 'mulholland-drive-2001', position: '2' });
    expect(moved.text).toContain('Moved Mulholland Drive from 3 to 2 in “Canon”.');
    const again = await mod.slash('list', { list: 'Canon' }, { subcommand: 'show' });
    expect(again.v2!.description).toMatch(/#1\D.*Stalker[\s\S]*#2\D.*Mulholland[\s\S]*#3\D.*Holy Motors/);
    club.expectClean();
  });
});

describe('CSV import', () => {
  it('previews an uploaded Letterboxd export, writes nothing until confirmed, then creates the list Discord shows', async () => {
    const moderator = new HttpVisitor(club.web.url);
    await moderator.signIn('mod');
    const lists = await moderator.get(`${servers()}/lists`);
    const form = new FormData();
    form.set('_csrf', csrfOf(lists.text));
    form.set('name', 'Cahiers decade');
    form.set('file', new Blob([readFileSync(new URL('../fixtures/lists/letterboxd-cahiers-2010s.csv', import.meta.url))], { type: 'text/csv' }), 'cahiers.csv');
    const preview = await moderator.request(`${servers()}/lists/import`, { body: form });
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain('Import preview: Cahiers decade');
    expect(page).toContain('cahiers.csv · 10 rows · ranked');
    expect((await club.app.lists.all(guildId)).items.map((item) => item.list.name)).not.toContain('Cahiers decade');
    const confirm = /<form method="post" action="([^"]+)" class="confirm">/.exec(page)![1]!;
    const done = await moderator.post(confirm, { _csrf: csrfOf(page), choice: 'exact' });
    expect(done.text).toMatch(/Imported 8 films into “Cahiers decade”/);
    const shown = await mod.slash('list', { list: 'Cahiers decade' }, { subcommand: 'show' });
    expect(shown.v2!.description).toMatch(/^`#1` \*\*Holy Motors\*\* \(2012\)/m);
    expect(shown.v2!.description).toMatch(/^`#8` \*\*Moonlight\*\* \(2016\)$/m);
    // The preview is used up.
    expect((await moderator.post(confirm, { _csrf: csrfOf(page), choice: 'exact' })).text).toContain('has expired or is not yours');

    const member = new HttpVisitor(club.web.url);
    await member.signIn('alice');
    const own = await member.get(`${servers()}/lists`);
    const crafted = new FormData();
    crafted.set('_csrf', csrfOf(own.text));
    crafted.set('text', 'Title,Year\nStalker,1979\n');
    crafted.set('name', 'Sneaky import');
    expect((await member.request(`${servers()}/lists/import`, { body: crafted })).status).toBe(403);
    club.expectClean();
  });
});

describe('escaping', () => {
  it('escapes every piece of member and list text', async () => {
    const moderator = new HttpVisitor(club.web.url);
    await moderator.signIn('mod');
    const lists = await moderator.get(`${servers()}/lists`);
    const created = await moderator.post(`${servers()}/lists`, { _csrf: csrfOf(lists.text), name: HOSTILE, description: `"><img src=x onerror=alert(1)>`, ranked: '1' });
    expect(created.status).toBe(200);
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const film = await visitor.get(`${servers()}/films/holy-motors-2012`);
    await visitor.post(`${servers()}/films/holy-motors-2012/review`, { _csrf: csrfOf(film.text), text: `</p><script>alert(2)</script>` });
    for (const page of [created.text, (await visitor.get(`${servers()}/films/holy-motors-2012`)).text, (await visitor.get(servers())).text, (await visitor.get(`${servers()}/members/${alice.id}`)).text]) {
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<b>bold</b>');
    }
    expect(created.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });
});
