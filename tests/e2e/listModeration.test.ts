import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

// A moderator curating server lists, and the members reading them.
let club: TestClub;
let mod: MemberHandle;
let bob: MemberHandle;

beforeAll(async () => {
  club = await startTestClub();
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  bob = club.guild.addMember({ username: 'bob' });
}, 30_000);
afterAll(async () => club?.stop());

const list = (member: MemberHandle, subcommand: string, options: Record<string, string | number | boolean> = {}) => member.slash('list', options, { subcommand });

describe('a list holding a film the server added', () => {
  it('shows that film’s poster in /list show’s poster grid, as its card does', async () => {
    const poster = 'https://upload.wikimedia.org/wikipedia/en/0/00/Dangal_Poster.jpg';
    const modal = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    await mod.submitModal(modal, { titleYear: 'Dangal (2016)', directors: 'Nitesh Tiwari', poster });
    await list(mod, 'create', { name: 'Sports films' });
    await list(mod, 'add', { list: 'Sports films', film: 'dangal-2016' });

    const shown = await list(bob, 'show', { list: 'Sports films' });
    expect(shown.v2!.description).toContain('**Dangal** (2016)');
    expect(shown.v2!.gallery).toEqual([{ url: poster, description: 'Poster of Dangal (2016)' }]);
    club.expectClean();
  });
});

describe('/list add with a title several films share', () => {
  it('refuses a plain member, or a list that does not exist, before asking “Did you mean…?” (not after the pick)', async () => {
    await list(mod, 'create', { name: 'Heists' });
    const member = await list(bob, 'add', { list: 'Heists', film: 'heat' });
    expect(member.ephemeral).toBe(true);
    expect(member.content).toBe('Only moderators can change server lists: members with Manage Server, or the moderator role set with /config moderator-role.');
    expect(member.selects()).toEqual([]);

    const noList = await list(mod, 'add', { list: 'Heist', film: 'heat' });
    expect(noList.content).toBe('There is no server list called “Heist”. /list all shows them.');
    expect(noList.selects()).toEqual([]);

    // A moderator naming a real list is asked which film, and the pick is added.
    const asked = await list(mod, 'add', { list: 'Heists', film: 'heat' });
    expect(asked.content).toMatch(/Did you mean…\?/);
    const picked = await mod.select(asked, ['heat-1995']);
    await picked.waitForFollowUp();
    const shown = await list(bob, 'show', { list: 'Heists' });
    expect(shown.v2!.description).toContain('**Heat** (1995)');
    club.expectClean();
  });
});

describe('/config moderator-role with @everyone', () => {
  it('is refused, rather than saved as a role that makes nobody a moderator (Discord lists @everyone among no member’s roles)', async () => {
    const everyone = club.guild.role(club.guild.id);
    const refused = await mod.slash('config', { role: everyone }, { subcommand: 'moderator-role' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(
      '@everyone cannot be the moderator role: Discord counts it as no member’s role, so nobody would moderate through it. Pick a role members are given, or leave the option empty to clear it.',
    );
    const shown = await mod.slash('config', {}, { subcommand: 'show' });
    expect(shown.embeds[0]!.description).toContain('Moderator role: none — members with Manage Server moderate');
    club.expectClean();
  });
});

describe('an import preview confirmed after a /catalog merge', () => {
  it('adds the kept film once, not the merged-away entry beside it', async () => {
    const form = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    await mod.submitModal(form, { titleYear: 'Zona (1979)', directors: 'Andrei Tarkovsky' });
    const text = 'title,year\nZona,1979\nStalker,1979\nHeat,1995\n';
    const preview = await mod.slash('list', { file: club.discord.attachment('zone.csv', text), name: 'Zone' }, { subcommand: 'import' });
    expect(preview.embed!.field('Matched (3)')).toBeDefined();

    const merge = await mod.slash('catalog', { keep: 'stalker-1979', remove: 'zona-1979' }, { subcommand: 'merge' });
    await mod.click(merge, 'Merge');
    const done = await mod.click(preview, 'Import 3 films');
    expect(done.embed!.description).toMatch(/^Created the unranked list “Zone” with 2 films\./);
    const shown = await list(bob, 'show', { list: 'Zone' });
    expect(shown.v2!.description!.match(/\*\*Stalker\*\* \(1979\)/g)).toHaveLength(1);
    const lists = (await club.app.store.read(club.guild.id)).lists.items.find((item) => item.name === 'Zone')!;
    expect(lists.entries.map((entry) => entry.filmId)).toEqual(['stalker-1979', 'heat-1995']);
    club.expectClean();
  });
});

describe('/list remove and /list move with a typed title', () => {
  it('act on the film of that title the list holds (Solaris 2002, not 1972), and never on a guess from a typo', async () => {
    await list(mod, 'create', { name: 'Remakes' });
    for (const film of ['stalker-1979', 'solaris-2002', 'heat-1995']) await list(mod, 'add', { list: 'Remakes', film });

    const moved = await list(mod, 'move', { list: 'Remakes', film: 'solaris', position: 1 });
    expect(moved.content).toBe('Moved **Solaris** (2002) in “Remakes” from #2 to #1.');
    const removed = await list(mod, 'remove', { list: 'Remakes', film: 'Solaris' });
    expect(removed.content).toBe('Removed **Solaris** (2002) (#1) from “Remakes”; 2 films left.');

    const typo = await list(mod, 'remove', { list: 'Remakes', film: 'stalkr' });
    expect(typo.ephemeral).toBe(true);
    expect(typo.content).toBe('No film in “Remakes” is called “stalkr”. Did you mean **Stalker** (1979), #1? Pick it from the suggestions, or type its title.');
    const notThere = await list(mod, 'move', { list: 'Remakes', film: 'vertigo', position: 1 });
    expect(notThere.content).toBe('Vertigo is not in “Remakes”.');
    const shown = await list(bob, 'show', { list: 'Remakes' });
    expect(shown.v2!.description).toMatch(/`#1` \*\*Stalker\*\* \(1979\)\n`#2` \*\*Heat\*\* \(1995\)/);

    // Two films of that title in the list: the moderator is asked which, nothing moves.
    await list(mod, 'add', { list: 'Remakes', film: 'heat-1986' });
    const both = await list(mod, 'move', { list: 'Remakes', film: 'heat', position: 1 });
    expect(both.content).toBe('“heat” could be **Heat** (1995), #2 or **Heat** (1986), #3 in “Remakes”: pick one from the suggestions, or add the year.');
    club.expectClean();
  });
});

describe('/catalog merge of a film one member logged', () => {
  it('says “1 member’s records”, not “1 member’ records”', async () => {
    const form = await mod.slashModal('catalog', {}, { subcommand: 'add' });
    await mod.submitModal(form, { titleYear: 'Solaris Redux (1972)', directors: 'Andrei Tarkovsky' });
    await bob.slash('watched', { film: 'solaris-redux-1972', date: '2024-05-01' });
    const asked = await mod.slash('catalog', { keep: 'solaris-1972', remove: 'solaris-redux-1972' }, { subcommand: 'merge' });
    expect(asked.content).toContain('\n1 member’s records (1 viewing), list entries and party nominations move to the kept entry;');
    const merged = await mod.click(asked, 'Merge');
    expect(merged.content).toBe('Merged **Solaris Redux** (1972) into **Solaris** (1972): 1 member’s records (1 viewing moved), 0 lists and 0 parties updated.');
    club.expectClean();
  });
});

describe('/catalog suggestions', () => {
  it('shows a suggested poster link whole, so the moderator can open it (not “Dangal\\_Poster”)', async () => {
    const poster = 'https://upload.wikimedia.org/wikipedia/en/9/99/Lagaan_Poster.jpg';
    const form = await bob.slashModal('catalog', {}, { subcommand: 'suggest' });
    await bob.submitModal(form, { titleYear: 'Lagaan (2001)', directors: 'Ashutosh Gowariker', poster });
    const review = await mod.slash('catalog', {}, { subcommand: 'suggestions' });
    expect(review.embeds[0]!.description).toContain(`Poster: ${poster}`);
    club.expectClean();
  });
});

describe('/list progress of an empty list', () => {
  it('says the list has no films, without a chart of awards “at 0 films”', async () => {
    await list(mod, 'create', { name: 'Nothing yet' });
    const progress = await list(bob, 'progress', { list: 'Nothing yet' });
    expect(progress.v2!.description).toContain('This list has no films yet.');
    expect(progress.v2!.gallery).toEqual([]);
    expect(progress.attachments).toEqual([]);
    club.expectClean();
  });
});
