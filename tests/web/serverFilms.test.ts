import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildHandle, MemberHandle } from '../../src/local-discord/index.js';
import { csrfOf, decode, HttpVisitor, startWebClub, type WebClub } from './helpers.js';

// Films a server added to its own catalog (/catalog add, TMDB picks) and its merges, as a member sees them on the
// website: pages, search, diary, watchlist and lists read the server's catalog, never another server's. The films
// are added in Discord, as a moderator would, and checked over plain HTTP (no JavaScript).

let club: WebClub;
let mod: MemberHandle;
let alice: MemberHandle;
let other: GuildHandle;
let guildId: string;

const CELINE = 'celine-et-julie-vont-en-bateau-1974';
const OUT_1 = 'out-1-1971';

const servers = (id = guildId) => `/servers/${id}`;
/** The film links on a page, as `id → link text`, in order. */
const filmLinks = (page: string, id = guildId) => [...page.matchAll(new RegExp(`<a href="/servers/${id}/films/([^"]+)">([^<]*)</a>`, 'g'))].map((match) => [match[1]!, decode(match[2]!)] as const);

beforeAll(async () => {
  club = await startWebClub();
  guildId = club.guild.id;
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  alice = club.guild.addMember({ username: 'alice' });
  const joined = new Promise((resolve) => club.bot.client.once(Events.GuildCreate, resolve));
  other = club.discord.createGuild({ name: 'Other Club' });
  await joined;
  // alice is in both servers: what the first one added must not follow her to the second.
  other.addMember(alice);

  const add = async (values: Record<string, string>) => {
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    return mod.submitModal(modal, values);
  };
  expect((await add({ titleYear: 'Céline et Julie vont en bateau (1974)', directors: 'Jacques Rivette', cast: 'Juliet Berto as Céline\nDominique Labourier as Julie', synopsis: 'Two women, a haunted house and a film that plays in it.' })).v2!.texts[0]).toBe(
    'Added **Céline et Julie vont en bateau** (1974) to this server’s catalog.',
  );
  expect((await add({ titleYear: 'Out 1 (1971)', directors: 'Jacques Rivette' })).v2!.texts[0]).toBe('Added **Out 1** (1971) to this server’s catalog.');
}, 60_000);
afterAll(async () => club?.stop());

describe('a film the server added, on its website', () => {
  it('is found by the film search and the live search, and offered first before anything is typed', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const found = await visitor.get(`${servers()}/films?q=${encodeURIComponent('celine et julie')}`);
    expect(found.status).toBe(200);
    expect(filmLinks(found.text)[0]).toEqual([CELINE, 'Céline et Julie vont en bateau']);
    const browse = await visitor.get(`${servers()}/films`);
    expect(filmLinks(browse.text).slice(0, 2).map(([id]) => id).sort()).toEqual([CELINE, OUT_1].sort());
    const live = await visitor.request(`${servers()}/search.json?q=${encodeURIComponent('celine et jul')}`, { headers: { accept: 'application/json' } });
    const choices = (await live.json()) as { id: string; name: string }[];
    expect(choices[0]).toEqual({ id: CELINE, name: expect.stringContaining('Céline et Julie vont en bateau (1974)') });
  });

  it('has a page with its facts and who added it, where a member logs a watch and adds it to the watchlist; the diary shows both', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const page = await visitor.get(`${servers()}/films/${CELINE}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Céline et Julie vont en bateau <span class="year">(1974)</span></h1>');
    expect(page.text).toContain('<dt>Director</dt><dd>Jacques Rivette</dd>');
    expect(page.text).toContain('<dt>Cast</dt><dd>Juliet Berto, Dominique Labourier</dd>');
    expect(page.text).toContain('<p class="synopsis">Two women, a haunted house and a film that plays in it.</p>');
    expect(page.text).toContain('Added to this server’s catalog by mod.');
    const logged = await visitor.post(`${servers()}/films/${CELINE}/watch`, { _csrf: csrfOf(page.text), on: '2024-05-17', stars: '4' });
    expect(logged.status).toBe(200);
    expect(decode(logged.text)).toContain('Logged Céline et Julie vont en bateau as watched on 2024-05-17, rated ★★★★.');
    expect(logged.text).toMatch(/<h2 id="seen-by">Seen by<\/h2><ul class="seen"><li><a href="[^"]+">alice<\/a>/);

    const out1 = await visitor.get(`${servers()}/films/${OUT_1}`);
    expect(out1.text).toContain('No synopsis yet: the catalog has this film’s facts, not a summary in our own words.');
    const listed = await visitor.post(`${servers()}/films/${OUT_1}/watchlist`, { _csrf: csrfOf(out1.text), action: 'add' });
    expect(listed.text).toContain('Added Out 1 to your watchlist.');

    const diary = await visitor.get(`${servers()}/members/${alice.id}`);
    const [diaryPart, watchlistPart] = diary.text.split('<h2 id="watchlist">');
    expect(filmLinks(diaryPart!)).toEqual([[CELINE, 'Céline et Julie vont en bateau']]);
    expect(diaryPart).toContain('Diary (1)');
    expect(filmLinks(watchlistPart!)).toEqual([[OUT_1, 'Out 1']]);
    // The club's home page names it in the activity feed.
    const home = await visitor.get(servers());
    expect(filmLinks(home.text.split('id="activity"')[1]!)).toContainEqual([CELINE, 'Céline et Julie vont en bateau']);
    // The same records, in Discord.
    expect((await alice.slash('diary', {})).v2!.description).toContain('`2024-05-17` **Céline et Julie vont en bateau** (1974) ★★★★');
    club.expectClean();
  });

  it('goes into a server list from the website by its title, and the list shows it', async () => {
    const moderator = new HttpVisitor(club.web.url);
    await moderator.signIn('mod');
    const lists = await moderator.get(`${servers()}/lists`);
    const created = await moderator.post(`${servers()}/lists`, { _csrf: csrfOf(lists.text), name: 'Rivette', description: '', ranked: '1' });
    const listPath = new URL(created.url).pathname;
    // Typed (no script): the pick page offers the server's film; its button adds it.
    const pick = await moderator.post(`${listPath}/add`, { _csrf: csrfOf(created.text), q: 'celine et julie', position: '' });
    expect(pick.text).toContain('Films matching “celine et julie”');
    expect(decode(pick.text)).toContain(`<input type="hidden" name="filmId" value="${CELINE}"><input type="hidden" name="position" value=""><button type="submit">Add Céline et Julie vont en bateau (1974)</button>`);
    const added = await moderator.post(`${listPath}/add`, { _csrf: csrfOf(pick.text), filmId: CELINE, position: '' });
    expect(decode(added.text)).toContain('Added Céline et Julie vont en bateau at 1 in “Rivette”.');
    // An id typed whole is added at once.
    const byId = await moderator.post(`${listPath}/add`, { _csrf: csrfOf(added.text), q: OUT_1, position: '' });
    expect(byId.text).toContain('Added Out 1 at 2 in “Rivette”.');
    expect(filmLinks(byId.text.split('<ol class="list-items')[1]!.split('</ol>')[0]!)).toEqual([
      [CELINE, 'Céline et Julie vont en bateau'],
      [OUT_1, 'Out 1'],
    ]);
    // alice has seen one of the two.
    const member = new HttpVisitor(club.web.url);
    await member.signIn('alice');
    expect((await member.get(listPath)).text).toContain('You have seen <strong>1</strong> of 2 (50%)');
    const film = await member.get(`${servers()}/films/${CELINE}`);
    expect(film.text).toMatch(/<strong>#1<\/strong> in <a href="[^"]+">Rivette<\/a>/);
    club.expectClean();
  });
});

describe('another server', () => {
  it('never shows a film the first server added: no page, no search result, no diary change', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const elsewhere = servers(other.id);
    expect((await visitor.get(elsewhere)).status).toBe(200);
    const page = await visitor.get(`${elsewhere}/films/${CELINE}`);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This server’s catalog has no film with that id.');
    const search = await visitor.get(`${elsewhere}/films?q=${encodeURIComponent('celine et julie')}`);
    expect(filmLinks(search.text, other.id).map(([id]) => id)).not.toContain(CELINE);
    const browse = await visitor.get(`${elsewhere}/films`);
    expect(filmLinks(browse.text, other.id).map(([id]) => id)).not.toContain(OUT_1);
    const live = (await (await visitor.request(`${elsewhere}/search.json?q=${encodeURIComponent('celine et jul')}`, { headers: { accept: 'application/json' } })).json()) as { id: string }[];
    expect(live.map((choice) => choice.id)).not.toContain(CELINE);
    // A crafted form for the other server's address of the film is refused, and records nothing there.
    const token = csrfOf((await visitor.get(`${elsewhere}/films/stalker-1979`)).text);
    const crafted = await visitor.request(`${elsewhere}/films/${CELINE}/watch`, { form: { _csrf: token, on: '2024-05-18' } });
    expect(crafted.status).toBe(404);
    expect((await club.app.diary.memberFilm(other.id, alice.id, CELINE)).watched).toBe(false);
    const diary = await visitor.get(`${elsewhere}/members/${alice.id}`);
    expect(diary.text).toContain('Diary (0)');
  });
});

describe('a merged duplicate', () => {
  it('leads to the kept film: its old address redirects, its forms record on the kept film, and diaries name the kept film', async () => {
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    await mod.submitModal(modal, { titleYear: 'The Stalker (1979)', directors: 'Andrei Tarkovsky' });
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const duplicate = await visitor.get(`${servers()}/films/the-stalker-1979`);
    expect(duplicate.text).toContain('<h1>The Stalker <span class="year">(1979)</span></h1>');
    await visitor.post(`${servers()}/films/the-stalker-1979/watch`, { _csrf: csrfOf(duplicate.text), on: '2024-01-05' });

    const prompt = await mod.slash('catalog', { keep: 'stalker-1979', remove: 'the-stalker-1979' }, { subcommand: 'merge' });
    const done = await mod.click(prompt, 'Merge');
    expect(done.content).toMatch(/^Merged \*\*The Stalker\*\* \(1979\) into \*\*Stalker\*\* \(1979\)/);

    const redirect = await visitor.request(`${servers()}/films/the-stalker-1979?page=1`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`${servers()}/films/stalker-1979?page=1`);
    const kept = await visitor.get(`${servers()}/films/the-stalker-1979`);
    expect(new URL(kept.url).pathname).toBe(`${servers()}/films/stalker-1979`);
    expect(kept.text).toContain('<h1>Stalker <span class="year">(1979)</span></h1>');
    expect(kept.text).toMatch(/<h2 id="seen-by">Seen by<\/h2><ul class="seen"><li><a href="[^"]+">alice<\/a>/);
    // A form still pointing at the old address (a page left open) records on the kept film.
    const listed = await visitor.post(`${servers()}/films/the-stalker-1979/watchlist`, { _csrf: csrfOf(kept.text), action: 'add' });
    expect(listed.text).toContain('Added Stalker to your watchlist.');
    expect(new URL(listed.url).pathname).toBe(`${servers()}/films/stalker-1979`);
    expect((await club.app.diary.memberFilm(guildId, alice.id, 'stalker-1979')).watchlist).toBe(true);

    const diary = await visitor.get(`${servers()}/members/${alice.id}`);
    const links = filmLinks(diary.text);
    expect(links).toContainEqual(['stalker-1979', 'Stalker']);
    expect(links.map(([id]) => id)).not.toContain('the-stalker-1979');
    const search = await visitor.get(`${servers()}/films?q=${encodeURIComponent('the stalker')}`);
    expect(filmLinks(search.text).map(([id]) => id)).not.toContain('the-stalker-1979');
    club.expectClean();
  });
});
