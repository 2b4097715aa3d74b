import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../src/app.js';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { csrfOf, decode, HttpVisitor, startWebClub, type WebClub } from './helpers.js';

// The bot over the large default catalog as it ships (data/catalog.json.gz, with data/catalog.aliases.json), as a
// member sees it: a film it used to hold twice (The Raid, and "Serbuan maut" under its original title) is one film,
// and the merged-away entry's old address still leads to it.

let club: WebClub;
let mod: MemberHandle;
let alice: MemberHandle;
let guildId: string;

beforeAll(async () => {
  club = await startWebClub({ catalogFiles: [DEFAULT_CATALOG] });
  guildId = club.guild.id;
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  alice = club.guild.addMember({ username: 'alice' });
}, 60_000);
afterAll(async () => club?.stop());

const servers = () => `/servers/${guildId}`;

describe('a film the default catalog used to hold twice', () => {
  it('is one film: its old entry’s address leads to it on the website and in Discord', async () => {
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const moved = await visitor.request(`${servers()}/films/serbuan-maut-2011`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe(`${servers()}/films/the-raid-2011`);
    const page = await visitor.get(`${servers()}/films/serbuan-maut-2011`);
    expect(page.text).toContain('<h1>The Raid <span class="year">(2011)</span></h1>');
    expect(page.text).toContain('<dt>Original title</dt><dd>Serbuan Maut</dd>');
    const search = await visitor.get(`${servers()}/films?q=${encodeURIComponent('serbuan maut')}`);
    const ids = [...search.text.matchAll(/href="\/servers\/\d+\/films\/([^"]+)"/g)].map((match) => match[1]);
    expect(ids[0]).toBe('the-raid-2011');
    expect(ids).not.toContain('serbuan-maut-2011');
    // A card posted before the rebuild names the old id: it opens The Raid.
    const card = await alice.slash('film', { title: 'serbuan-maut-2011' });
    expect(card.v2!.title).toBe('The Raid (2011)');
    club.expectClean();
  });

  it('is matched for certain by an imported list row under either title', async () => {
    const moderator = new HttpVisitor(club.web.url);
    await moderator.signIn('mod');
    const lists = await moderator.get(`${servers()}/lists`);
    const preview = await moderator.post(`${servers()}/lists/import`, { _csrf: csrfOf(lists.text), name: 'Action', text: 'Title,Year\nSerbuan maut,2011\nGojira,1954\n' });
    expect(preview.status).toBe(200);
    const text = decode(preview.text);
    expect(text).toContain('<li><strong>2</strong> matched</li><li><strong>0</strong> ambiguous</li>');
    expect(text).toContain('The Raid (2011) <span class="hint">line 2: Serbuan maut (2011)</span>');
    expect(text).toContain('Godzilla (1954) <span class="hint">line 3: Gojira (1954)</span>');
    const confirm = /<form method="post" action="([^"]+)" class="confirm">/.exec(preview.text)![1]!;
    const done = await moderator.post(confirm, { _csrf: csrfOf(preview.text), choice: 'exact' });
    expect(done.text).toContain('Imported 2 films into “Action”.');
    const shown = await mod.slash('list', { list: 'Action' }, { subcommand: 'show' });
    expect(shown.v2!.description).toMatch(/^• \*\*The Raid\*\* \(2011\)$/m);
    club.expectClean();
  });
});
