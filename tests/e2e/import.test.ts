import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../src/import/index.js';
import type { MemberHandle, Message } from '../../src/local-discord/index.js';
import type { DeepReadonly } from '../../src/store/GuildStore.js';
import type { MemberFilm } from '../../src/store/schema.js';
import { FIXTURES } from '../import/helpers.js';
import { startTestClub, type TestClub } from './harness.js';

let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let carol: MemberHandle;
let dave: MemberHandle;
/** Added to the bot's clock, to let a preview expire without waiting. */
let clockOffset = 0;

const letterboxdZip = () => readFileSync(join(FIXTURES, 'letterboxd-export.zip'));
const icheckmoviesCsv = () => readFileSync(join(FIXTURES, 'icheckmovies.csv'));

beforeAll(async () => {
  club = await startTestClub({
    // The films the import fixtures name, so the counts below are known.
    catalogFiles: [join(FIXTURES, 'catalog.json')],
    now: () => new Date(Date.now() + clockOffset),
    // Above the import limit, so the bot's own size check is what answers an oversized file.
    discord: { attachmentSizeLimit: IMPORT_LIMITS.maxFileBytes + 1024 * 1024 },
  });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
  carol = club.guild.addMember({ username: 'carol' });
  dave = club.guild.addMember({ username: 'dave' });
});
afterAll(async () => club?.stop());

/** The club's records, without the previews waiting for a button (each /import keeps one; see src/pending). */
const stored = async () => JSON.stringify({ ...(await club.app.store.read(club.guild.id)), pendingImports: undefined });
const publicMessages = () => club.discord.messages(club.guild.defaultChannel.id).filter((message) => !message.ephemeral);

function importFile(member: MemberHandle, source: 'letterboxd' | 'icheckmovies' | 'imdb', name: string, content: string | Uint8Array, contentType?: string) {
  return member.slash('import', { source, file: club.discord.attachment(name, content, contentType) });
}

/**
 * Waits for a deferred reply that was first edited with progress to show its final form. The bound only ends a
 * failing test; a loaded machine may take seconds to finish an import.
 */
async function settled(message: Message, done: (latest: Message) => boolean): Promise<Message> {
  const giveUpAt = Date.now() + 15_000;
  while (Date.now() < giveUpAt) {
    const latest = message.latest()!;
    if (done(latest)) return latest;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`message never settled: ${message.latest()?.text}`);
}

/** A member's records as the export format can carry them: days, not times of day. */
function comparable(records: DeepReadonly<Record<string, MemberFilm>> | undefined) {
  const day = (iso: string | undefined) => iso?.slice(0, 10);
  return Object.fromEntries(
    Object.entries(records ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([filmId, record]) => [
        filmId,
        {
          diary: record.diary.map((entry) => ({ watchedOn: entry.watchedOn, stars: entry.stars, review: entry.review && { text: entry.review.text, spoiler: entry.review.spoiler } })),
          seen: day(record.seenSince),
          rating: record.rating?.stars,
          favorite: day(record.favoriteSince),
          dislike: day(record.dislikeSince),
          watchlist: day(record.watchlistSince),
        },
      ]),
  );
}

describe('/import from Letterboxd', () => {
  it('previews the export privately, lets the member pick an ambiguous film, and records it on Confirm', async () => {
    const before = publicMessages().length;
    const preview = await importFile(alice, 'letterboxd', 'letterboxd-export.zip', letterboxdZip());
    expect(preview.ephemeral).toBe(true);
    const embed = preview.embed!;
    expect(embed.title).toBe('Import from Letterboxd — preview');
    expect(embed.description).toContain('naming 23 films');
    // Oldboy is 2004 in the file and 2003 here; "Fier" is not "Fire": a film the catalog lacks often has a look-alike
    // in it, so neither is taken without the member's word (first-evening).
    expect(embed.description).toContain('**17** matched · **3** to choose · **3** not found in the catalog');
    expect(embed.description).not.toContain('already imported');
    // Films only in watched.csv, ratings.csv or likes are seen without a date, not viewings.
    expect(embed.field('Confirming adds')!.value).toBe('17 films: 11 viewings, 4 seen without a date, 4 reviews, 8 ratings, 3 favorites, 4 watchlist entries.');
    expect(embed.field('Matched (17)')!.value).toMatch(/^\*\*Aftersun\*\* \(2022\)\nAmelie \(2001\) → \*\*Amélie\*\* \(2001\)\n/);
    expect(embed.field('Matched (17)')!.value).toMatch(/\n…and 12 more$/);
    expect(embed.field('To choose (3)')!.value).toMatch(/^Oldboy \(2004\): 2003\nPortrait of a Lady on Fier \(2019\): 2019\nA Star Is Born: 1937, 1954, 2018\n/);
    expect(embed.field('Not found, left out (3)')!.value).toContain('Solaris (1987) — the catalog has this title from 1972, 2002, not 1987');
    expect(embed.field('Rows with problems (3)')!.value).toContain('diary.csv line 11 (Nosferatu): Rating: expected a rating from 0.5 to 5 in half steps');
    expect(embed.field('Notes')!.value).toContain('Not read (not part of your film history): deleted/diary.csv, lists/favourites.csv, profile.csv.');
    expect(preview.buttons().map((button) => button.label)).toEqual(['Confirm', 'Cancel']);
    const [oldboyMenu, portraitMenu, starMenu] = preview.selects();
    expect(oldboyMenu!.options.map((option) => option.label)).toEqual(['Oldboy (2003)', 'None of these — leave it out']);
    expect(portraitMenu!.options.map((option) => option.label)).toEqual(['Portrait of a Lady on Fire (2019)', 'None of these — leave it out']);
    expect(starMenu!.options.map((option) => option.label)).toEqual(['A Star Is Born (1937)', 'A Star Is Born (1954)', 'A Star Is Born (2018)', 'None of these — leave it out']);
    // A preview records nothing.
    expect((await club.app.store.read(club.guild.id)).memberFilms).toEqual({});

    await alice.select(preview, ['oldboy-2003'], { customId: oldboyMenu!.customId });
    const picked = await alice.select(preview, ['a-star-is-born-1954'], { customId: starMenu!.customId });
    expect(picked.id).toBe(preview.id);
    expect(picked.selects()[2]!.options.find((option) => option.default)?.value).toBe('a-star-is-born-1954');
    expect(picked.embed!.field('Confirming adds')!.value).toBe('17 films: 11 viewings, 4 seen without a date, 4 reviews, 8 ratings, 3 favorites, 4 watchlist entries, plus the 2 films you chose below.');
    expect(picked.embed!.field('To choose (3)')!.value).toMatch(/^Oldboy \(2004\): 2003 ✓\nPortrait of a Lady on Fier \(2019\): 2019\nA Star Is Born: 1937, 1954, 2018 ✓/);

    const done = await alice.click(picked, 'Confirm');
    expect(done.id).toBe(preview.id);
    expect(done.embed!.title).toBe('Imported from Letterboxd');
    expect(done.embed!.description).toContain('Added to your records: 19 films — 11 viewings, 6 seen without a date, 4 reviews, 8 ratings, 3 favorites, 4 watchlist entries.');
    expect(done.embed!.description).toContain('Left out: 3 films not in the catalog and 1 film you did not choose.');
    expect(done.components).toEqual([]);
    // Nothing of the import went to the channel.
    expect(publicMessages().length).toBe(before);

    const diary = await alice.slash('diary', {});
    // Only diary.csv's dated viewings are in the diary; Seven Samurai (watched.csv, rated and liked) is seen, undated.
    expect(diary.v2!.footer!.text).toMatch(/^11 entries/);
    expect(diary.v2!.description).toContain('`2024-01-19` **Holy Motors** (2012) ★★★★★ ↻ ✍ ❤');
    expect(diary.v2!.description).not.toContain('Seven Samurai');
    const profile = await alice.slash('profile', {});
    expect(profile.v2!.field('Films')!.value).toBe(
      ['15 films watched (11 viewings, 2 rewatches)', '3 favorites · 0 dislikes · 4 on the watchlist', '8 ratings · 4 reviews'].join('\n'),
    );
    expect((await alice.slash('seen', { film: 'seven-samurai-1954' })).embed!.description).toMatch(/^\*\*alice\*\* · seen \(no date logged\) · ★★★★½ ❤$/);
    expect(profile.v2!.field('Favorites (3)')!.value).toContain('Holy Motors (2012)');
    club.expectClean();
  });

  it('keeps a reviews.csv row whose unquoted review holds semicolons: the delimiter is read once, from the header', async () => {
    const review = 'Slow; hypnotic; the zone stays with you';
    const csv = ['Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date', `2024-03-02,Solaris,1972,https://boxd.it/zz91,4.5,,${review},,2024-03-01`].join('\n');
    const erin = club.guild.addMember({ username: 'erin' });
    const preview = await importFile(erin, 'letterboxd', 'reviews.csv', csv);
    expect(preview.embed!.field('Confirming adds')!.value).toBe('1 film: 1 viewing, 1 review, 1 rating.');
    const done = await erin.click(preview, 'Confirm');
    expect(done.embed!.title).toBe('Imported from Letterboxd');
    const card = await erin.slash('film', { title: 'solaris-1972' });
    expect(card.v2!.field('Reviews (1)')!.value).toMatch(/^★★★★½ 90\/100 · erin · <t:\d+:R>\n> Slow; hypnotic; the zone stays with you$/);
    club.expectClean();
  });

  it('says so when the same file comes again, and confirming it changes nothing', async () => {
    const before = await stored();
    const again = await importFile(alice, 'letterboxd', 'letterboxd-export.zip', letterboxdZip());
    expect(again.embed!.description).toMatch(/You already imported this file on \d{4}-\d{2}-\d{2}\./);
    expect(again.embed!.field('Confirming adds')!.value).toBe('Nothing new: your records already have everything the matched films carry.');
    const done = await alice.click(again, 'Confirm');
    expect(done.embed!.title).toBe('Import from Letterboxd: nothing new');
    expect(done.embed!.description).toMatch(/^Nothing changed: your records already had everything in this file\./);
    expect(await stored()).toBe(before);
    club.expectClean();
  });

  it('offers a menu for each of the first ambiguous films; only the films picked are imported', async () => {
    const erin = club.guild.addMember({ username: 'erin' });
    // Without a year, a same-named remake or a near title is never taken without asking.
    const names = ['Heat', 'A Star Is Born', 'Holy Motor', 'Irma Vepp', 'Parasyte', 'Aftersum', 'Stalkr'];
    const csv = ['Date,Name,Year,Letterboxd URI', ...names.map((name, i) => `2024-01-0${i + 1},${name},,`)].join('\n');
    const preview = await importFile(erin, 'letterboxd', 'watched.csv', csv);
    expect(preview.embed!.description).toContain('**0** matched · **7** to choose · **0** not found in the catalog');
    expect(preview.embed!.field('Confirming adds')!.value).toBe('Nothing yet: pick the right films in the menus below.');
    expect(preview.embed!.field('To choose (7)')!.value).toContain('3 more films fit several catalog films and are left out: log them with /watched.');
    const menus = preview.selects();
    expect(menus.map((menu) => menu.placeholder)).toEqual([
      'Which “Heat”? (left out unless you pick)',
      'Which “A Star Is Born”? (left out unless you pick)',
      'Which “Holy Motor”? (left out unless you pick)',
      'Which “Irma Vepp”? (left out unless you pick)',
    ]);
    expect(menus[0]!.options.map((option) => [option.label, option.description])).toEqual([
      ['Heat (1972)', 'Paul Morrissey'],
      ['Heat (1986)', 'Dick Richards'],
      ['Heat (1995)', 'Michael Mann'],
      ['None of these — leave it out', undefined],
    ]);

    let message = await erin.select(preview, ['holy-motors-2012'], { customId: menus[2]!.customId });
    message = await erin.select(message, ['heat-1995'], { customId: menus[0]!.customId });
    expect(message.embed!.field('Confirming adds')!.value).toBe('The 2 films you chose below.');
    // Changing one's mind: "none of these" takes a pick back.
    message = await erin.select(message, ['-'], { customId: menus[0]!.customId });
    expect(message.selects()[0]!.options.some((option) => option.default)).toBe(false);
    expect(message.selects()[2]!.options.find((option) => option.default)?.value).toBe('holy-motors-2012');
    expect(message.embed!.field('Confirming adds')!.value).toBe('The 1 film you chose below.');

    const done = await erin.click(message, 'Confirm');
    expect(done.embed!.description).toContain('Added to your records: 1 film — 1 seen without a date.');
    expect(done.embed!.description).toContain('Left out: 6 films you did not choose.');
    const data = await club.app.store.read(club.guild.id);
    expect(Object.keys(data.memberFilms[erin.id] ?? {})).toEqual(['holy-motors-2012']);
    // watched.csv's Date is when the row was added, not a watch date: seen, but no viewing in the diary or the feed.
    expect((await erin.slash('diary', {})).v2!.description).toBe('Nothing logged yet. Use /watched or the Watched button on a film card.');
    expect((await erin.slash('profile', {})).v2!.field('Films')!.value).toMatch(/^1 film watched \(0 viewings, 0 rewatches\)/);
    expect((await erin.slash('seen', { film: 'holy-motors-2012' })).embed!.description).toContain('**erin** · seen (no date logged)');
    expect(data.activity.filter((event) => event.userId === erin.id)).toEqual([]);
    club.expectClean();
  });

  it('shows progress by editing the reply while it matches a long file', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `2024-01-01,Film number ${i},2001,`);
    // What bob's private reply shows over time (the emulator keeps only the latest state of a message).
    const seen = new Set<string>();
    const watcher = setInterval(() => {
      for (const message of club.discord.messages(club.guild.defaultChannel.id, { viewer: bob })) if (message.ephemeral && message.content) seen.add(message.content);
    }, 1);
    try {
      const reply = await importFile(bob, 'letterboxd', 'watched.csv', ['Date,Name,Year,Letterboxd URI', ...rows].join('\n'));
      const final = await settled(reply, (latest) => latest.embeds.length > 0);
      expect(final.content).toBe('');
      expect(final.embed!.description).toContain('**0** matched · **0** to choose · **2,000** not found in the catalog');
      expect(final.embed!.footer!.text).toBe('Nothing in this file matches the catalog, so there is nothing to import.');
      expect(final.buttons()).toEqual([]);
    } finally {
      clearInterval(watcher);
    }
    expect([...seen]).toContain('Matching… 250/2000 films');
    club.expectClean();
  });
});

describe('/import from iCheckMovies', () => {
  it('previews and records checks, favorites, dislikes and the watchlist', async () => {
    const preview = await importFile(bob, 'icheckmovies', 'icheckmovies.csv', icheckmoviesCsv());
    expect(preview.embed!.title).toBe('Import from iCheckMovies — preview');
    expect(preview.embed!.description).toContain('**6** matched · **0** to choose · **1** not found in the catalog');
    expect(preview.embed!.field('Confirming adds')!.value).toBe('6 films: 5 viewings, 2 favorites, 1 dislike, 1 watchlist entry.');
    expect(preview.embed!.field('Matched (6)')!.value).toContain('Ladri di biciclette (1948) → **Bicycle Thieves** (1948) · by another title');
    expect(preview.embed!.field('Rows with problems (2)')!.value).toContain('marked both favorite and disliked; neither is imported');
    expect(preview.selects()).toEqual([]);

    const done = await bob.click(preview, 'Confirm');
    expect(done.embed!.title).toBe('Imported from iCheckMovies');
    expect(done.embed!.description).toContain('Added to your records: 6 films — 5 viewings, 2 favorites, 1 dislike, 1 watchlist entry.');

    const diary = await alice.slash('diary', { member: bob });
    expect(diary.v2!.description).toContain('`2013-04-02` **Holy Motors** (2012) ❤');
    const profile = await alice.slash('profile', { member: bob });
    expect(profile.v2!.field('Films')!.value).toMatch(/^5 films watched \(5 viewings, 0 rewatches\)\n2 favorites · 1 dislike · 1 on the watchlist/);
    club.expectClean();
  });
});

describe('/export', () => {
  it('sends the member a private ZIP of Letterboxd CSVs with their records', async () => {
    const reply = await alice.slash('export', {});
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^Your records of 19 films in this server: 11 diary entries, 4 reviews, 8 ratings, 4 on your watchlist, 3 favorites\./);
    expect(reply.attachments.map((file) => file.filename)).toEqual([expect.stringMatching(/^marquee-letterboxd-\d{4}-\d{2}-\d{2}\.zip$/)]);
    const files = unzipSync(reply.attachments[0]!.bytes);
    const csv = (name: string) => strFromU8(files[name]!);
    expect(csv('diary.csv').split('\n')[0]).toBe('Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date');
    expect(csv('diary.csv')).toContain(',Holy Motors,2012,https://letterboxd.com/film/holy-motors/,5,Yes,,2024-01-19\n');
    // Seen without a date: in watched.csv only, never as an invented diary row.
    expect(csv('diary.csv')).not.toContain(',A Star Is Born,1954,');
    expect(csv('watched.csv')).toContain('2023-08-08,A Star Is Born,1954,');
    expect(csv('diary.csv').trim().split('\n')).toHaveLength(1 + 11);
    expect(csv('reviews.csv')).toContain('"Line one of a review, with a comma.\nSecond line with ""quotes"".\n\nA paragraph after a blank line."');
    expect(csv('reviews.csv').match(/Holy Motors/g)).toHaveLength(2);
    expect(csv('ratings.csv').trim().split('\n')).toHaveLength(1 + 8);
    expect(csv('watchlist.csv')).toContain(',Past Lives,2023,');
    expect(csv('watchlist.csv').trim().split('\n')).toHaveLength(1 + 4);
    expect(csv('likes/films.csv')).toContain(',Holy Motors,2012,https://letterboxd.com/film/holy-motors/\n');
    expect(csv('likes/films.csv').trim().split('\n')).toHaveLength(1 + 3);
    club.expectClean();
  });

  it('round trip: importing the export into another member gives the same records', async () => {
    const exported = (await alice.slash('export', {})).attachments[0]!;
    const preview = await importFile(carol, 'letterboxd', exported.filename, exported.bytes);
    expect(preview.embed!.description).toContain('**19** matched · **0** to choose · **0** not found in the catalog');
    expect(preview.embed!.field('Rows with problems (0)')).toBeUndefined();
    await carol.click(preview, 'Confirm');
    const data = await club.app.store.read(club.guild.id);
    expect(comparable(data.memberFilms[carol.id])).toEqual(comparable(data.memberFilms[alice.id]));
    // And carol's own export is alice's, file for file.
    const carolsZip = unzipSync((await carol.slash('export', {})).attachments[0]!.bytes);
    const alicesZip = unzipSync(exported.bytes);
    for (const name of ['diary.csv', 'reviews.csv', 'ratings.csv', 'watched.csv', 'watchlist.csv', 'likes/films.csv']) {
      expect(strFromU8(carolsZip[name]!), name).toBe(strFromU8(alicesZip[name]!));
    }
    club.expectClean();
  });

  it('tells a member with no records that there is nothing to export', async () => {
    const reply = await dave.slash('export', {});
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('You have nothing to export yet: log, rate or watchlist a film first.');
    expect(reply.attachments).toEqual([]);
    club.expectClean();
  });
});

describe('/import: bad input is answered privately', () => {
  const cases: [string, () => Promise<Message>, string | RegExp][] = [
    ['a file that is neither CSV nor ZIP', () => importFile(dave, 'letterboxd', 'poster.png', 'not an export', 'image/png'), '“poster.png” is not a CSV or ZIP file. Attach the ZIP Letterboxd gives you (or one of its .csv files).'],
    ['a .csv Discord says is an image', () => importFile(dave, 'letterboxd', 'diary.csv', 'x', 'image/png'), '“diary.csv” is named .csv, but Discord says it is image/png; attach the file exactly as you exported it.'],
    ['an empty file', () => importFile(dave, 'letterboxd', 'diary.csv', ''), '“diary.csv” is empty.'],
    ['a file over the size limit', () => importFile(dave, 'letterboxd', 'export.zip', Buffer.alloc(IMPORT_LIMITS.maxFileBytes + 1)), '“export.zip” is 20.0 MB; an import takes files up to 20.0 MB. Send the CSVs of your export one at a time instead.'],
    ['a damaged ZIP', () => importFile(dave, 'letterboxd', 'export.zip', letterboxdZip().subarray(0, 400)), /^export\.zip is not a ZIP file I can open/],
    ['a CSV that is no export', () => importFile(dave, 'letterboxd', 'notes.csv', 'hello,world\n1,2\n'), 'notes.csv is not a Letterboxd export file: its first line should start with Date,Name,Year,Letterboxd URI.'],
    ['an iCheckMovies file sent as Letterboxd', () => importFile(dave, 'letterboxd', 'icheckmovies.csv', icheckmoviesCsv()), 'icheckmovies.csv is an export from iCheckMovies; choose iCheckMovies as the source.'],
    ['a Letterboxd CSV sent as iCheckMovies', () => importFile(dave, 'icheckmovies', 'diary.csv', readFileSync(join(FIXTURES, 'letterboxd', 'diary.csv'))), 'diary.csv is an export from Letterboxd; choose Letterboxd as the source.'],
    ['a ZIP sent as iCheckMovies', () => importFile(dave, 'icheckmovies', 'letterboxd-export.zip', letterboxdZip()), '“letterboxd-export.zip” is a ZIP, and iCheckMovies exports a single .csv file. If it is your Letterboxd export, choose source: Letterboxd.'],
  ];
  it.each(cases)('%s', async (_name, send, message) => {
    const reply = await send();
    expect(reply.ephemeral).toBe(true);
    if (typeof message === 'string') expect(reply.content).toBe(message);
    else expect(reply.content).toMatch(message);
    expect(reply.components).toEqual([]);
    expect((await club.app.store.read(club.guild.id)).memberFilms[dave.id]).toBeUndefined();
    club.expectClean();
  });

  it('an expired preview says so and records nothing', async () => {
    const preview = await importFile(dave, 'icheckmovies', 'icheckmovies.csv', icheckmoviesCsv());
    clockOffset += 16 * 60_000;
    try {
      const reply = await dave.click(preview, 'Confirm');
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(
        'This import preview has expired (a preview is kept for 15 minutes). Run /import again with your file.',
      );
    } finally {
      clockOffset -= 16 * 60_000;
    }
    expect((await club.app.store.read(club.guild.id)).memberFilms[dave.id]).toBeUndefined();
    club.expectClean();
  });

  it('Cancel closes the preview without recording anything', async () => {
    const preview = await importFile(dave, 'icheckmovies', 'icheckmovies.csv', icheckmoviesCsv());
    const cancelled = await dave.click(preview, 'Cancel');
    expect(cancelled.id).toBe(preview.id);
    expect(cancelled.content).toBe('Import cancelled: nothing was recorded.');
    expect(cancelled.embeds).toEqual([]);
    expect(cancelled.components).toEqual([]);
    expect((await club.app.store.read(club.guild.id)).memberFilms[dave.id]).toBeUndefined();
    club.expectClean();
  });
});

describe('/import from IMDb', () => {
  it('reads a Windows-1252 ratings export without mojibake, matches by IMDb id first, and records ratings and the watchlist', async () => {
    const erin = club.guild.addMember({ username: 'erin' });
    const ratings = readFileSync(join(FIXTURES, 'imdb-ratings.csv'));
    // The fixture is what older IMDb exports are: Windows-1252, not UTF-8 (é is one byte, ’ is 0x92).
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(ratings)).toThrow();
    const preview = await importFile(erin, 'imdb', 'ratings.csv', ratings, 'text/csv');
    const embed = preview.embed!;
    expect(embed.title).toBe('Import from IMDb — preview');
    expect(embed.description).toContain('Read 8 rows from ratings.csv, naming 6 films:\n**4** matched · **0** to choose · **2** not found in the catalog');
    // Date Rated is when the film was rated, not watched: seen without a date, no viewing.
    expect(embed.field('Confirming adds')!.value).toBe('4 films: 4 seen without a date, 4 ratings.');
    // "Holy motors" is found by its IMDb id, not by its (differently written) title.
    expect(embed.field('Matched (4)')!.value).toBe('**Amélie** (2001)\n**Tár** (2022)\nHoly motors (2012) → **Holy Motors** (2012)\n**Stalker** (1979)');
    expect(embed.field('Not found, left out (2)')!.value).toBe(
      'Céline et Julie vont en bateau (1974) — no film with this title from 1973–1975 in the catalog\n' +
        'Don’t Look Now (1973) — no film with this title from 1972–1974 in the catalog',
    );
    expect(embed.field('Rows with problems (1)')!.value).toBe(
      'ratings.csv line 9 (In the Mood for Love): Your Rating: expected a whole rating from 1 to 10 (got “11”); row skipped',
    );
    expect(embed.field('Notes')!.value).toBe('1 row is a TV series or episode, not films; left out.');
    expect(JSON.stringify(embed)).not.toMatch(/Ã|â€|\uFFFD/);

    const done = await erin.click(preview, 'Confirm');
    expect(done.embed!.title).toBe('Imported from IMDb');
    expect(done.embed!.description).toContain('Added to your records: 4 films — 4 seen without a date, 4 ratings.\nLeft out: 2 films not in the catalog.');

    const watchlist = await importFile(erin, 'imdb', 'watchlist.csv', readFileSync(join(FIXTURES, 'imdb-watchlist.csv')));
    expect(watchlist.embed!.field('Confirming adds')!.value).toBe('2 films: 2 watchlist entries.');
    await erin.click(watchlist, 'Confirm');

    const diary = await erin.slash('diary', {});
    expect(diary.v2!.description).toBe('Nothing logged yet. Use /watched or the Watched button on a film card.');
    expect((await erin.slash('profile', {})).v2!.field('Films')!.value).toMatch(/^4 films watched \(0 viewings, 0 rewatches\)/);
    const records = (await club.app.store.read(club.guild.id)).memberFilms[erin.id]!;
    expect(records['holy-motors-2012']!.seenSince).toBe('2023-03-12T00:00:00.000Z');
    // IMDb's 1–10 is Marquee's half stars.
    expect(records['holy-motors-2012']!.rating!.stars).toBe(4.5);
    expect(records['stalker-1979']!.rating!.stars).toBe(5);
    expect(records['tar-2022']!.rating!.stars).toBe(3.5);
    expect(records['past-lives-2023']!.watchlistSince).toBe('2024-01-20T00:00:00.000Z');
    expect(records['dune-part-two-2024']!.watchlistSince).toBe('2024-02-10T00:00:00.000Z');
    club.expectClean();
  });

  it('tells a member who picked IMDb for another site’s file which source to choose', async () => {
    const reply = await bob.slash('import', { source: 'imdb', file: club.discord.attachment('icheckmovies.csv', icheckmoviesCsv(), 'text/csv') });
    expect(reply.content).toBe('icheckmovies.csv is an export from iCheckMovies; choose iCheckMovies as the source.');
    club.expectClean();
  });

  it('a file whose every row has a problem says so, not that its films are missing from the catalog', async () => {
    // diary.csv as Excel saves it again in a day-first locale: the film is in the catalog, its dates are not ISO.
    const csv = ['Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date', '02/03/2024,Solaris,1972,https://boxd.it/zz92,4,,,01/03/2024'].join('\r\n');
    const frank = club.guild.addMember({ username: 'frank' });
    const preview = await importFile(frank, 'letterboxd', 'diary.csv', csv);
    expect(preview.embed!.field('Confirming adds')!.value).toBe('Nothing: no row of this file could be read (see the problems below).');
    expect(preview.embed!.field('Rows with problems (1)')!.value).toBe('diary.csv line 2 (Solaris): Date: expected a date such as 2024-05-17 (got “02/03/2024”); row skipped');
    expect(preview.embed!.footer!.text).toBe('No row of this file could be read, so there is nothing to import: fix the rows listed and import it again.');
    expect(JSON.stringify([preview.embed!.fields, preview.embed!.footer])).not.toMatch(/catalog/);
    expect(preview.components).toEqual([]);
    club.expectClean();
  });
});
