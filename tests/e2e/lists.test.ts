import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lists/${name}`, import.meta.url), 'utf8');

/** The name inside the fixture: markdown and a mention, to show neither is rendered nor pings. */
const CAHIERS = 'Cahiers: the **2010s**, @everyone';
const CAHIERS_SHOWN = 'Cahiers: the \\*\\*2010s\\*\\*, @everyone';
const TSPDT = 'TSPDT: the 21st Century, top picks';

let club: TestClub;
let mod: MemberHandle;
let alice: MemberHandle;
let bob: MemberHandle;
/** Added to the bot's clock, to let an import preview expire. */
let skewMs = 0;

beforeAll(async () => {
  club = await startTestClub({ now: () => new Date(Date.now() + skewMs) });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
});
afterAll(async () => club?.stop());

const channel = () => club.guild.defaultChannel;
const publicMessages = () => club.discord.messages(channel()).filter((message) => !message.ephemeral);
const csv = (name: string, text: string, contentType?: string) => club.discord.attachment(name, text, contentType);

async function importAndConfirm(file: string, text: string, button: string, options: Record<string, string | boolean> = {}): Promise<Message> {
  const preview = await mod.slash('list', { file: csv(file, text), ...options }, { subcommand: 'import' });
  expect(preview.ephemeral).toBe(true);
  return mod.click(preview, button);
}

/** Resolves with 'none' when the interaction behind `reply` posts no follow-up within a short while. */
async function followUpWithin(reply: Message, ms = 300): Promise<string> {
  return reply.waitForFollowUp(0, ms).then(
    (message) => message.content,
    () => 'none',
  );
}

describe('/list: moderators only, checked by the bot', () => {
  it('refuses a plain member’s changes, whatever Discord shows them', async () => {
    const add = await alice.slash('list', { list: 'anything', film: 'stalker-1979' }, { subcommand: 'add' });
    expect(add.ephemeral).toBe(true);
    expect(add.content).toMatch(/^Only moderators can change server lists/);
    const create = await alice.slash('list', { name: 'Alice’s list' }, { subcommand: 'create' });
    expect(create.content).toMatch(/^Only moderators/);
    const importing = await alice.slash('list', { file: csv('list.csv', fixture('letterboxd-cahiers-2010s.csv')) }, { subcommand: 'import' });
    expect(importing.content).toMatch(/^Only moderators/);
    const all = await alice.slash('list', {}, { subcommand: 'all' });
    expect(all.embed!.description).toMatch(/no lists yet/);
    club.expectClean();
  });

  it('lets members with the moderator role curate', async () => {
    const curators = club.guild.createRole({ name: 'Curators' });
    const carol = club.guild.addMember({ username: 'carol', roles: [curators] });
    expect((await carol.slash('list', { name: 'Carol’s picks' }, { subcommand: 'create' })).content).toMatch(/^Only moderators/);
    await mod.slash('config', { role: curators }, { subcommand: 'moderator-role' });
    const created = await carol.slash('list', { name: 'Carol’s picks', ranked: false }, { subcommand: 'create' });
    expect(created.content).toBe('Created the unranked list “Carol’s picks”. Add films with /list add, or import a CSV with /list import.');
    const deleting = await carol.slash('list', { list: 'carol’s PICKS' }, { subcommand: 'delete' });
    expect((await carol.click(deleting, 'Delete list')).content).toBe('Deleted “Carol’s picks” (0 films).');
    club.expectClean();
  });
});

describe('/list import', () => {
  it('previews a Letterboxd export, writes nothing until confirmed, then creates the list with the file’s ranks', async () => {
    const preview = await mod.slash('list', { file: csv('cahiers.csv', fixture('letterboxd-cahiers-2010s.csv')) }, { subcommand: 'import' });
    expect(preview.ephemeral).toBe(true);
    const embed = preview.embed!;
    expect(embed.title).toBe(`Import preview: ${CAHIERS}`);
    expect(embed.description).toContain('From *cahiers.csv* (Letterboxd list export): 10 rows.');
    expect(embed.description).toContain(`Confirming creates the ranked list “${CAHIERS_SHOWN}” with 8 films (1 more with best guesses`);
    expect(embed.field('Matched (8)')!.value.split('\n')).toEqual([
      '#1 Holy Motors (2012)',
      '#2 Uncle Boonmee Who Can Recall His Past Lives (2010)',
      '#3 The Social Network (2010)',
      '#4 A Separation (2011)',
      '#5 Ida (2013)',
      '#6 The Raid (2011)',
      '#7 Timbuktu (2014)',
      '#8 Moonlight (2016)',
    ]);
    expect(embed.field('Ambiguous (1) — left out unless you take best guesses')!.value).toBe('line 11 “Solaris”: Solaris (1972) or Solaris (2002)');
    expect(embed.field('Not in the catalog (1)')!.value).toMatch(/^line 14 “Nobody's Film, Never Made” \(2014\) — /);
    expect(preview.buttons().map((button) => button.label)).toEqual(['Import 8 films', 'Import with best guesses', 'Cancel']);
    expect(preview.mentions.everyone).toBe(false);

    // Nothing is written before the moderator confirms.
    expect((await alice.slash('list', {}, { subcommand: 'all' })).embed!.description).toMatch(/no lists yet/);

    const done = await mod.click(preview, 'Import 8 films');
    expect(done.id).toBe(preview.id);
    expect(done.buttons()).toEqual([]);
    expect(done.embed!.title).toBe(`Imported: ${CAHIERS}`);
    expect(done.embed!.description).toMatch(new RegExp(`^Created the ranked list “${escapeRegExp(CAHIERS_SHOWN)}” with 8 films\\.`));
    expect(done.embed!.field('Left out (1)')!.value).toBe('line 11 “Solaris” — ambiguous, no film chosen');

    const shown = await alice.slash('list', { list: CAHIERS }, { subcommand: 'show' });
    expect(shown.ephemeral).toBe(false);
    expect(shown.v2!.title).toBe(CAHIERS_SHOWN);
    expect(shown.v2!.description).toContain('`#1` **Holy Motors** (2012) — *Carax\'s return, in eleven "appointments"*\n`#2` **Uncle Boonmee');
    expect(shown.v2!.footer!.text).toBe('ranked · 8 films · by mod · ✓ seen by alice');
    expect(shown.mentions).toEqual({ users: [], roles: [], everyone: false });

    // "Memories of Murdr" is only offered (a near title is never taken on its own): the moderator takes the best guesses.
    const tspdt = await importAndConfirm('21st.csv', fixture('letterboxd-21st-century.csv'), 'Import with best guesses');
    expect(tspdt.embed!.description).toMatch(/with 11 films\./);
    expect(tspdt.embed!.field('Left out (1)')).toBeUndefined();
    club.expectClean();
  });

  it('autocompletes list names, and the film card shows the ranks', async () => {
    const choices = await alice.autocomplete('list', 'list', 'tspdt', { subcommand: 'show' });
    expect(choices).toHaveLength(1);
    expect(choices[0]!.name).toBe(`${TSPDT} · 11 films`);
    const both = await alice.autocomplete('list', 'list', '', { subcommand: 'show' });
    expect(both.map((choice) => choice.name)).toEqual([`${CAHIERS} · 8 films`, `${TSPDT} · 11 films`]);

    const byId = await alice.slash('list', { list: String(choices[0]!.value) }, { subcommand: 'show' });
    expect(byId.v2!.title).toBe(TSPDT);
    expect(byId.v2!.description).toContain('`#7` **Holy Motors** (2012)');
    expect(byId.v2!.description).toContain('`#10` **Memories of Murder** (2003)');

    const card = await alice.slash('film', { title: 'holy-motors-2012' });
    expect(card.v2!.field('Server lists')!.value).toBe(`In 2 server lists · #1 in ${CAHIERS_SHOWN}, #7 in ${TSPDT}`);
    expect(card.mentions.everyone).toBe(false);
    const unlisted = await alice.slash('film', { title: 'vertigo-1958' });
    expect(unlisted.v2!.field('Server lists')).toBeUndefined();
    club.expectClean();
  });

  it('shows rows that do not parse and repeats, and takes best guesses when asked', async () => {
    const preview = await mod.slash('list', { file: csv('plain.csv', fixture('plain-title-year.csv')), name: 'Club picks', ranked: true }, { subcommand: 'import' });
    const embed = preview.embed!;
    expect(embed.description).toContain('(title,year CSV): 8 rows.');
    expect(embed.field('Rows that do not parse (2)')!.value).toBe('line 6: “19x3” is not a release year\nline 7: no title');
    expect(embed.field('Repeated (1)')!.value).toBe('line 9 “holy motors” (2012) — the same film as line 8');
    expect(embed.field('Ambiguous (1) — left out unless you take best guesses')!.value).toContain('Solaris (1972) or Solaris (2002)');
    const done = await mod.click(preview, 'Import with best guesses');
    expect(done.embed!.description).toMatch(/^Created the ranked list “Club picks” with 5 films\./);
    const shown = await mod.slash('list', { list: 'club picks' }, { subcommand: 'show' });
    expect(shown.v2!.description).toContain('`#2` **Solaris** (1972)');
    club.expectClean();
  });

  it('cancels, and says when a preview has expired, without writing anything', async () => {
    const text = 'title,year\nStalker,1979\nHeat,1995\n';
    const cancelled = await importAndConfirm('a.csv', text, 'Cancel', { name: 'Never made' });
    expect(cancelled.content).toBe('Import cancelled: nothing was saved.');
    expect(cancelled.buttons()).toEqual([]);

    const preview = await mod.slash('list', { file: csv('a.csv', text), name: 'Never made either' }, { subcommand: 'import' });
    skewMs += 16 * 60_000;
    const expired = await mod.click(preview, 'Import 2 films');
    expect(expired.content).toMatch(/^This import preview has expired \(previews are kept for 15 minutes/);
    expect(expired.content).toContain('Nothing was imported');
    expect(expired.buttons()).toEqual([]);
    const all = await mod.slash('list', {}, { subcommand: 'all' });
    expect(all.embed!.description).not.toMatch(/Never made/);
    club.expectClean();
  });

  it('refuses files that are not a small CSV, or not CSV at all, and a name already taken', async () => {
    const png = await mod.slash('list', { file: csv('poster.png', 'not a list') }, { subcommand: 'import' });
    expect(png.ephemeral).toBe(true);
    expect(png.content).toMatch(/^“poster\.png” is not a CSV file\. Attach a \.csv file/);
    const big = await mod.slash('list', { file: csv('huge.csv', 'title,year\n' + 'Stalker,1979\n'.repeat(120_000)), name: 'Huge' }, { subcommand: 'import' });
    expect(big.content).toMatch(/^That file is 1\.5 MB; imports are limited to 1\.0 MB\.$/);
    const broken = await mod.slash('list', { file: csv('broken.csv', 'title,year\n"Stalker,1979\n'), name: 'Broken' }, { subcommand: 'import' });
    expect(broken.content).toMatch(/never closed/);
    const unnamed = await mod.slash('list', { file: csv('plain.csv', 'title,year\nStalker,1979\n') }, { subcommand: 'import' });
    expect(unnamed.content).toMatch(/^Give the imported list a name/);
    const taken = await mod.slash('list', { file: csv('21st.csv', fixture('letterboxd-21st-century.csv')) }, { subcommand: 'import' });
    expect(taken.content).toBe(`There is already a list called “${TSPDT}” (names are unique, ignoring case).`);
    const nothing = await mod.slash('list', { file: csv('none.csv', 'title,year\nNo Such Film Anywhere,1999\n'), name: 'Nothing' }, { subcommand: 'import' });
    expect(nothing.embed!.description).toContain('No row matched a film in the catalog, so there is nothing to import.');
    expect(nothing.buttons()).toEqual([]);
    club.expectClean();
  });
});

describe('progress and awards', () => {
  it('announces bronze once, publicly and without pings, when a member crosses 50 %', async () => {
    // The Cahiers list has 8 films: bronze at 4.
    for (const film of ['holy-motors-2012', 'uncle-boonmee-who-can-recall-his-past-lives-2010', 'the-social-network-2010']) {
      const logged = await alice.slash('watched', { film, date: '2024-03-01' });
      expect(await followUpWithin(logged, 100)).toBe('none');
    }
    await bob.slash('watched', { film: 'holy-motors-2012', date: '2024-03-01' });

    const card = await alice.slash('film', { title: 'a-separation-2011' });
    await alice.click(card, 'Watched');
    const announcement = await club.discord.waitForMessage(channel(), (message) => /reached bronze/.test(message.content));
    expect(announcement.ephemeral).toBe(false);
    expect(announcement.content).toBe(`🥉 alice reached bronze in “${CAHIERS_SHOWN}” — 50% watched (4 of 8)`);
    expect(announcement.mentions).toEqual({ users: [], roles: [], everyone: false });
    expect(announcement.allowedMentions).toEqual({ parse: [] });

    // The next watch earns nothing new; undoing it and watching again does not repeat the award either.
    const fifth = await alice.slash('watched', { film: 'ida-2013', date: '2024-03-02' });
    expect(await followUpWithin(fifth)).toBe('none');
    const undone = await alice.click(fifth, 'Undo');
    expect(undone.content).toMatch(/^Undone/);
    const again = await alice.slash('favorite', { film: 'ida-2013' });
    expect(again.content).toMatch(/marked as seen, without a diary entry/);
    expect(await followUpWithin(again)).toBe('none');
    expect(publicMessages().filter((message) => /reached/.test(message.content))).toHaveLength(1);

    const profile = await alice.slash('profile', {});
    expect(profile.v2!.field('List awards (1)')!.value).toBe(`🥉 bronze · ${CAHIERS_SHOWN} — 5/8 (62.5%)`);
    club.expectClean();
  });

  it('shows ✓ for what the viewer saw, each member’s progress, the leaderboard and the overview', async () => {
    const shown = await alice.slash('list', { list: CAHIERS }, { subcommand: 'show' });
    const lines = shown.v2!.description!.split('\n');
    expect(lines).toContain('`#1` ✓ **Holy Motors** (2012) — *Carax\'s return, in eleven "appointments"*');
    expect(lines).toContain('`#6` **The Raid** (2011)');
    expect(shown.v2!.field('alice’s progress')!.value).toBe('▰▰▰▰▰▰▱▱▱▱ 5 of 8 films seen · 62.5% · 🥉 bronze · 1 more film for 🥈 silver');

    const mine = await alice.slash('list', { list: CAHIERS }, { subcommand: 'progress' });
    expect(mine.v2!.title).toBe(`alice · ${CAHIERS_SHOWN}`);
    expect(mine.v2!.description).toBe('▰▰▰▰▰▰▱▱▱▱ **5** of 8 films seen · **62.5%**\nAward: 🥉 bronze\nNext: 🥈 silver in 1 more film');
    expect(mine.v2!.field('Up next')!.value).toBe('`#6` **The Raid** (2011)\n`#7` **Timbuktu** (2014)\n`#8` **Moonlight** (2016)');
    // The progress as a chart, its figures in the alt text.
    expect(mine.v2!.gallery).toEqual([{ url: 'attachment://progress.png', description: expect.stringContaining('5 of 8 films seen. Awards: bronze at 4 films (50%), reached') }]);
    const bobs = await alice.slash('list', { list: CAHIERS, member: bob }, { subcommand: 'progress' });
    expect(bobs.v2!.title).toBe(`bob · ${CAHIERS_SHOWN}`);
    expect(bobs.v2!.description).toMatch(/^▰▱▱▱▱▱▱▱▱▱ \*\*1\*\* of 8 films seen · \*\*12\.5%\*\*\nNext: 🥉 bronze in 3 more films$/);

    const board = await bob.slash('list', { list: CAHIERS }, { subcommand: 'leaderboard' });
    expect(board.embed!.title).toBe(`Leaderboard · ${CAHIERS}`);
    expect(board.embed!.description).toBe('**1.** alice — 5/8 · 62.5% 🥉\n**2.** bob — 1/8 · 12.5%');

    const all = await alice.slash('list', {}, { subcommand: 'all' });
    expect(all.embed!.description!.split('\n')).toEqual([
      `**${CAHIERS_SHOWN}** — ranked, 8 films · 5/8 seen (62.5%) 🥉`,
      '**Club picks** — ranked, 5 films · 1/5 seen (20%)',
      `**${TSPDT}** — ranked, 11 films · 1/11 seen (9%)`,
    ]);
    club.expectClean();
  });

  it('pages long lists', async () => {
    const ids = [
      'citizen-kane-1941', 'casablanca-1942', 'rashomon-1950', 'tokyo-story-1953', 'rear-window-1954', 'seven-samurai-1954',
      'the-searchers-1956', 'vertigo-1958', 'psycho-1960', 'breathless-1960', 'la-dolce-vita-1960', 'yojimbo-1961',
      'persona-1966', 'playtime-1967', 'the-godfather-1972', 'chinatown-1974', 'jaws-1975', 'taxi-driver-1976', 'alien-1979', 'ran-1985',
    ];
    const rows = ids.map((id) => {
      const film = club.app.catalog.get(id)!;
      return `"${film.title}",${film.year}`;
    });
    await importAndConfirm('canon.csv', `title,year\n${rows.join('\n')}\n`, 'Import 20 films', { name: 'Canon', ranked: true });
    const first = await bob.slash('list', { list: 'canon' }, { subcommand: 'show' });
    expect(first.v2!.description!.split('\n')).toHaveLength(15);
    expect(first.buttons().map((button) => button.label)).toEqual(['Previous', 'Page 1 of 2', 'Next']);
    const second = await alice.click(first, 'Next');
    expect(second.id).toBe(first.id);
    expect(second.v2!.description!.split('\n')[0]).toBe('`#16` **Chinatown** (1974)');
    // The ✓ marks stay those of the member who asked for the list.
    expect(second.v2!.footer!.text).toBe('ranked · 20 films · by mod · ✓ seen by bob · page 2 of 2');
    const jumped = await bob.slash('list', { list: 'canon', page: 2 }, { subcommand: 'show' });
    expect(jumped.v2!.description).toBe(second.v2!.description);
    club.expectClean();
  });
});

describe('editing a list', () => {
  it('adds with a clamped position said aloud, refuses a film twice, moves, renames, describes and removes', async () => {
    const created = await mod.slash('list', { name: 'Film club @everyone', description: 'Our picks' }, { subcommand: 'create' });
    expect(created.content).toBe('Created the ranked list “Film club @everyone”. Add films with /list add, or import a CSV with /list import.');
    expect(created.mentions.everyone).toBe(false);
    const duplicate = await mod.slash('list', { name: 'FILM CLUB  @everyone' }, { subcommand: 'create' });
    expect(duplicate.content).toBe('There is already a list called “Film club @everyone” (names are unique, ignoring case).');

    const first = await mod.slash('list', { list: 'film club @everyone', film: 'stalker-1979', note: 'The **zone**' }, { subcommand: 'add' });
    expect(first.content).toBe('Added **Stalker** (1979) to “Film club @everyone” at #1 (1 film now).');
    const clamped = await mod.slash('list', { list: 'film club @everyone', film: 'heat 1995', position: 99 }, { subcommand: 'add' });
    expect(clamped.content).toBe(
      'Added **Heat** (1995) to “Film club @everyone” at #2 (2 films now).\nPosition 99 is outside the list (it had 1 film), so the film went to #2.',
    );
    const twice = await mod.slash('list', { list: 'film club @everyone', film: 'stalker-1979' }, { subcommand: 'add' });
    expect(twice.content).toBe('Stalker (1979) is already #1 in “Film club @everyone”.');
    await mod.slash('list', { list: 'film club @everyone', film: 'vertigo-1958', position: 1 }, { subcommand: 'add' });

    const moved = await mod.slash('list', { list: 'film club @everyone', film: 'heat-1995', position: 1 }, { subcommand: 'move' });
    expect(moved.content).toBe('Moved **Heat** (1995) in “Film club @everyone” from #3 to #1.');
    const movedFar = await mod.slash('list', { list: 'film club @everyone', film: 'heat-1995', position: 40 }, { subcommand: 'move' });
    expect(movedFar.content).toBe('Moved **Heat** (1995) in “Film club @everyone” from #1 to #3.\nPosition 40 is outside the list (1–3), so it went to #3.');

    const taken = await mod.slash('list', { list: 'film club @everyone', name: 'canon' }, { subcommand: 'rename' });
    expect(taken.content).toMatch(/^There is already a list called “Canon”/);
    const renamed = await mod.slash('list', { list: 'film club @everyone', name: 'Club _favourites_' }, { subcommand: 'rename' });
    expect(renamed.content).toBe('Renamed “Film club @everyone” to “Club \\_favourites\\_”.');
    const described = await mod.slash('list', { list: 'club _favourites_', description: 'Chosen at the **monthly** meeting' }, { subcommand: 'describe' });
    expect(described.content).toBe('Updated the description of “Club \\_favourites\\_”.');

    const shown = await alice.slash('list', { list: 'Club _favourites_' }, { subcommand: 'show' });
    expect(shown.v2!.description).toBe(
      'Chosen at the \\*\\*monthly\\*\\* meeting\n\n`#1` **Vertigo** (1958)\n`#2` **Stalker** (1979) — *The \\*\\*zone\\*\\**\n`#3` **Heat** (1995)',
    );
    const cleared = await mod.slash('list', { list: 'club _favourites_' }, { subcommand: 'describe' });
    expect(cleared.content).toBe('Cleared the description of “Club \\_favourites\\_”.');
    // Nothing left to clear: it says so instead of claiming to have cleared it.
    const again = await mod.slash('list', { list: 'club _favourites_' }, { subcommand: 'describe' });
    expect(again.ephemeral).toBe(true);
    expect(again.content).toBe('“Club \\_favourites\\_” has no description to clear; give one with `description`.');

    const removed = await mod.slash('list', { list: 'club _favourites_', film: 'stalker-1979' }, { subcommand: 'remove' });
    expect(removed.content).toBe('Removed **Stalker** (1979) (#2) from “Club \\_favourites\\_”; 2 films left.');
    const notThere = await mod.slash('list', { list: 'club _favourites_', film: 'stalker-1979' }, { subcommand: 'remove' });
    // The underscores are escaped: Discord shows the name as written, not in italics.
    expect(notThere.content).toBe('Stalker is not in “Club \\_favourites\\_”.');
    const unknownList = await mod.slash('list', { list: 'no such list', film: 'stalker-1979' }, { subcommand: 'add' });
    expect(unknownList.content).toBe('There is no server list called “no such list”. /list all shows them.');
    club.expectClean();
  });

  it('says on the card when a film has left a list', async () => {
    await mod.slash('list', { list: TSPDT, film: 'holy-motors-2012' }, { subcommand: 'remove' });
    const card = await bob.slash('film', { title: 'holy-motors-2012' });
    expect(card.v2!.field('Server lists')!.value).toBe(`In 2 server lists · #1 in ${CAHIERS_SHOWN}, #5 in Club picks\nHas been in 3 server lists.`);
    club.expectClean();
  });

  it('exports in Letterboxd’s list format, which imports back as the same list', async () => {
    const exported = await bob.slash('list', { list: CAHIERS }, { subcommand: 'export' });
    expect(exported.ephemeral).toBe(true);
    expect(exported.content).toBe(`“${CAHIERS_SHOWN}” (8 films) in Letterboxd’s list format: import it on Letterboxd, or here with /list import.`);
    const [file] = exported.attachments;
    expect(file!.filename).toBe('cahiers-the-2010s-everyone.csv');
    const lines = file!.text().split('\n');
    expect(lines.slice(0, 2)).toEqual(['Letterboxd list export v7', 'Date,Name,Tags,URL,Description']);
    expect(lines[2]).toMatch(/^\d{4}-\d{2}-\d{2},"Cahiers: the \*\*2010s\*\*, @everyone",,,"Our club's pick of the decade,$/);
    expect(lines).toContain('Position,Name,Year,URL,Description');
    expect(lines).toContain('1,Holy Motors,2012,https://letterboxd.com/film/holy-motors/,"Carax\'s return, in eleven ""appointments"""');

    const again = await mod.slash('list', { file: csv(file!.filename, file!.text()), name: 'Cahiers copy' }, { subcommand: 'import' });
    expect(again.embed!.field('Matched (8)')!.value.split('\n')[0]).toBe('#1 Holy Motors (2012)');
    expect(again.embed!.fields.map((field) => field.name)).toEqual(['Matched (8)']);
    await mod.click(again, 'Cancel');
    club.expectClean();
  });

  it('deletes only after the confirmation, and only for a moderator', async () => {
    const refused = await alice.slash('list', { list: 'club _favourites_' }, { subcommand: 'delete' });
    expect(refused.content).toMatch(/^Only moderators/);

    const prompt = await mod.slash('list', { list: 'club _favourites_' }, { subcommand: 'delete' });
    expect(prompt.ephemeral).toBe(true);
    expect(prompt.content).toMatch(/^Delete “Club \\_favourites\\_” \(2 films\)\? .*This cannot be undone\.$/);
    expect(prompt.buttons().map((button) => button.label)).toEqual(['Delete list', 'Cancel']);
    const kept = await mod.click(prompt, 'Cancel');
    expect(kept.content).toBe('Kept: nothing was deleted.');
    expect((await alice.slash('list', {}, { subcommand: 'all' })).embed!.description).toContain('Club \\_favourites\\_');

    const again = await mod.slash('list', { list: 'club _favourites_' }, { subcommand: 'delete' });
    const deleted = await mod.click(again, 'Delete list');
    expect(deleted.content).toBe('Deleted “Club \\_favourites\\_” (2 films).');
    expect(deleted.buttons()).toEqual([]);
    expect((await alice.slash('list', {}, { subcommand: 'all' })).embed!.description).not.toContain('favourites');
    const gone = await alice.slash('list', { list: 'club _favourites_' }, { subcommand: 'show' });
    expect(gone.content).toMatch(/^There is no server list called/);
    // Vertigo was in it: the card remembers.
    const card = await alice.slash('film', { title: 'vertigo-1958' });
    expect(card.v2!.field('Server lists')!.value).toBe('In 1 server list · #8 in Canon\nHas been in 2 server lists.');
    club.expectClean();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
