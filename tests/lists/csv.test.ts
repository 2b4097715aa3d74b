import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkAttachment, decodeCsvText, IMPORT_MAX_BYTES } from '../../src/lists/csv/attachment.js';
import { letterboxdSlug } from '../../src/lists/csv/match.js';
import { parseListCsv } from '../../src/lists/csv/parse.js';
import { csvField, csvFileName } from '../../src/lists/csv/write.js';
import { buildImportPreview } from '../../src/lists/importing.js';
import { ALICE, bundledCatalog, csvAttachment, fixture, GUILD, MOD, rejectsCleanly, setup } from './helpers.js';

function userError(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

const LETTERBOXD_HEAD = 'Letterboxd list export v7\nDate,Name,Tags,URL,Description\n2024-01-01,My list,,,\n\n';

describe('reading list files', () => {
  it('reads a Letterboxd list export: details, quoted fields with commas, quotes and line breaks, and file lines', () => {
    const parsed = parseListCsv(fixture('letterboxd-21st-century.csv'));
    expect(parsed.format).toBe('letterboxd');
    expect(parsed.meta).toEqual({
      name: 'TSPDT: the 21st Century, top picks',
      description: "The critics' canon of this century, so far.\nRanks follow the 2024 edition.",
      date: '2024-03-02',
      url: 'https://boxd.it/aB3x',
    });
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows).toHaveLength(13);
    expect(parsed.rows[0]).toEqual({ line: 7, sourcePosition: 1, title: 'In the Mood for Love', year: 2000, url: 'https://boxd.it/1XRk' });
    expect(parsed.rows[1]).toMatchObject({ line: 8, title: 'Mulholland Drive', note: 'Lynch\'s "dream", in two halves\nand a coda' });
    // The row after a two-line row starts on the right line.
    expect(parsed.rows[2]).toMatchObject({ line: 10, sourcePosition: 3, title: 'There Will Be Blood' });
    expect(parsed.rows[9]).toMatchObject({ line: 17, title: '4 Months, 3 Weeks and 2 Days', year: 2007 });
  });

  it('reads plain title,year CSV with or without a header, CRLF and a byte-order mark', () => {
    const parsed = parseListCsv(fixture('plain-title-year.csv'));
    expect(parsed.format).toBe('title-year');
    expect(parsed.rows.map((row) => [row.line, row.title, row.year])).toEqual([
      [2, 'Heat', 1995],
      [3, 'Solaris', undefined],
      [4, 'Stalker', 1979],
      [5, 'Crouching Tiger, Hidden Dragon', 2000],
      [8, 'Holy Motors', 2012],
      [9, 'holy motors', 2012],
    ]);
    expect(parsed.invalid).toEqual([
      { line: 6, reason: '“19x3” is not a release year', raw: 'Oldboy,19x3' },
      { line: 7, reason: 'no title', raw: ',2001' },
    ]);
    const headerless = parseListCsv('\uFEFFStalker,1979\r\n"Yi Yi",2000\r\nAmélie\r\n');
    expect(headerless.rows.map((row) => [row.line, row.title, row.year])).toEqual([
      [1, 'Stalker', 1979],
      [2, 'Yi Yi', 2000],
      [3, 'Amélie', undefined],
    ]);
    // Columns are found by name, in any order; Letterboxd's own import headers work too.
    const named = parseListCsv('Year,Title,LetterboxdURI,Rank\n1979,Stalker,https://letterboxd.com/film/stalker/,2\n');
    expect(named.rows).toEqual([{ line: 2, title: 'Stalker', year: 1979, url: 'https://letterboxd.com/film/stalker/', sourcePosition: 2 }]);
  });

  it('reads the delimiter once, from the header: a semicolon file, and a comma file whose notes hold semicolons', () => {
    const semicolons = parseListCsv('Title;Year\nStalker;1979\n"Heat, the 1995 one";1995\n');
    expect(semicolons.rows.map((row) => [row.title, row.year])).toEqual([
      ['Stalker', 1979],
      ['Heat, the 1995 one', 1995],
    ]);
    const commas = parseListCsv('Title,Year,Description\nStalker,1979,Slow; hypnotic; long\n');
    expect(commas.invalid).toEqual([]);
    expect(commas.rows).toEqual([expect.objectContaining({ title: 'Stalker', year: 1979, note: 'Slow; hypnotic; long' })]);
  });

  it('keeps good rows and reports each row that does not parse, with its line', () => {
    const parsed = parseListCsv(`${LETTERBOXD_HEAD}Position,Name,Year,URL,Description\n1,Stalker,1979,,\nfirst,Yi Yi,2000,,\n3,Heat,95,,\n4,,2001,,\n5,Oldboy,2003,,\n`);
    expect(parsed.rows.map((row) => row.title)).toEqual(['Stalker', 'Oldboy']);
    expect(parsed.invalid.map((row) => [row.line, row.reason])).toEqual([
      [7, '“first” is not a position'],
      [8, '“95” is not a release year'],
      [9, 'no title'],
    ]);
  });

  it('refuses files whose shape is wrong, with a message saying what was expected', () => {
    expect(userError(() => parseListCsv('Letterboxd list export v7\nDate,Name,Tags,URL,Description\n2024-01-01,My list,,,\n'))).toMatch(
      /no films section/,
    );
    expect(userError(() => parseListCsv('Letterboxd list export v7\nfoo,bar\n'))).toMatch(/Line 2 .* should be Date,Name,Tags,URL,Description/);
    expect(userError(() => parseListCsv('Letterboxd list export v7\n'))).toMatch(/ends early/);
    expect(userError(() => parseListCsv('Stalker,1979\n"Yi Yi,2000\nHeat,1995\n'))).toMatch(/cannot be read as CSV \(near line \d\): a quoted field is never closed/);
    expect(userError(() => parseListCsv('\n  \n,,\n'))).toMatch(/empty/);
    expect(userError(() => parseListCsv('title,year\n'))).toMatch(/no film rows/);
    const huge = 'title,year\n' + Array.from({ length: 5001 }, (_, i) => `Film ${i},2000`).join('\n');
    expect(userError(() => parseListCsv(huge))).toMatch(/5001 rows; a list holds at most 5000/);
  });
});

describe('attachments', () => {
  it('accepts CSV files by name or content type', () => {
    expect(checkAttachment({ name: 'list.csv', size: 120, contentType: 'text/csv; charset=utf-8' }).name).toBe('list.csv');
    checkAttachment({ name: 'LIST.CSV', size: 120, contentType: null });
    checkAttachment({ name: 'export.csv', size: 120, contentType: 'application/vnd.ms-excel' });
    checkAttachment({ name: 'noextension', size: 120, contentType: 'text/csv' });
  });

  it('refuses other files, empty files and files over the size limit', () => {
    expect(userError(() => checkAttachment({ name: 'poster.png', size: 100, contentType: 'image/png' }))).toMatch(/“poster.png” is not a CSV file/);
    expect(userError(() => checkAttachment({ name: 'list.txt', size: 100, contentType: 'text/plain' }))).toMatch(/not a CSV file/);
    expect(userError(() => checkAttachment({ name: 'list.xlsx', size: 100 }))).toMatch(/not a CSV file/);
    expect(userError(() => checkAttachment({ name: 'sneaky.csv', size: 100, contentType: 'application/zip' }))).toMatch(/Discord says it is application\/zip/);
    expect(userError(() => checkAttachment({ name: 'list.csv', size: 0 }))).toMatch(/empty/);
    expect(userError(() => checkAttachment({ name: 'list.csv', size: IMPORT_MAX_BYTES + 1 }))).toMatch(/is just over 1\.0 MB; imports are limited to 1\.0 MB/);
    expect(userError(() => checkAttachment({ name: 'list.csv', size: 5 * 1024 * 1024 }))).toMatch(/is 5\.0 MB/);
  });

  it('decodes UTF-8 text, Windows-1252 when it is not UTF-8, and refuses binary content', () => {
    expect(decodeCsvText(new TextEncoder().encode('Amélie,2001\n'))).toBe('Amélie,2001\n');
    expect(decodeCsvText(new Uint8Array([0x41, 0xff, 0xe9, 0x42]))).toBe('AÿéB');
    expect(userError(() => decodeCsvText('PK\u0003\u0004\u0000\u0000'))).toMatch(/binary/);
    expect(userError(() => decodeCsvText('x'.repeat(IMPORT_MAX_BYTES + 1)))).toMatch(/limited to/);
  });
});

describe('matching to the catalog', () => {
  it('previews a Letterboxd export: matched rows with their new ranks, and the unmatched rows with lines and reasons', async () => {
    const preview = buildImportPreview(fixture('letterboxd-21st-century.csv'), 'list.csv', await bundledCatalog());
    expect(preview.list).toEqual({
      name: 'TSPDT: the 21st Century, top picks',
      description: "The critics' canon of this century, so far.\nRanks follow the 2024 edition.",
      ranked: true,
    });
    expect(preview.matched.map((row) => [row.rank, row.sourcePosition, row.film.filmId, row.how])).toEqual([
      [1, 1, 'in-the-mood-for-love-2000', 'title-year'],
      [2, 2, 'mulholland-drive-2001', 'letterboxd-url'],
      [3, 3, 'there-will-be-blood-2007', 'title-year'],
      [4, 4, 'spirited-away-2001', 'title-year'],
      [5, 5, 'yi-yi-2000', 'title-year'],
      [6, 7, 'cache-2005', 'title-year'],
      [7, 8, 'holy-motors-2012', 'title-year'],
      [8, 9, 'werckmeister-harmonies-2000', 'title-year'],
      [9, 10, '4-months-3-weeks-and-2-days-2007', 'title-year'],
      [10, 13, 'amelie-2001', 'title-year'],
    ]);
    expect(preview.unmatched.map((row) => [row.line, row.sourcePosition, row.title])).toEqual([
      [13, 6, 'The Unmade Film of Nowhere'],
      [19, 12, 'Another Picture Nobody Made'],
    ]);
    // A near title is offered, not taken: a film the catalog lacks often has a look-alike in it (first-evening).
    expect(preview.ambiguous.map((row) => [row.sourcePosition, row.title, row.candidates.map((film) => film.filmId)])).toEqual([
      [11, expect.stringMatching(/^Memories of Murd/), ['memories-of-murder-2003']],
    ]);
    expect(preview.rowCount).toBe(13);
    // Plain data: it survives JSON (a session store, a restart-free round trip through a button).
    expect(JSON.parse(JSON.stringify(preview))).toEqual(preview);
  });

  it('previews a plain CSV: ambiguous titles with candidates, duplicates and invalid rows', async () => {
    const preview = buildImportPreview(fixture('plain-title-year.csv'), 'plain.csv', await bundledCatalog(), { name: 'Club picks' });
    expect(preview.list).toEqual({ name: 'Club picks', description: '', ranked: false });
    expect(preview.matched.map((row) => [row.line, row.film.filmId])).toEqual([
      [2, 'heat-1995'],
      [4, 'stalker-1979'],
      [5, 'crouching-tiger-hidden-dragon-2000'],
      [8, 'holy-motors-2012'],
    ]);
    expect(preview.ambiguous.map((row) => [row.line, row.candidates.map((film) => film.filmId)])).toEqual([[3, ['solaris-1972', 'solaris-2002']]]);
    expect(preview.duplicates.map((row) => [row.line, row.film.filmId, row.firstLine])).toEqual([[9, 'holy-motors-2012', 8]]);
    expect(preview.invalid.map((row) => row.line)).toEqual([6, 7]);
  });

  it('offers a year off by one, matches other titles, and explains a title whose year does not match', async () => {
    const catalog = await bundledCatalog();
    const preview = buildImportPreview(
      'title,year\nIn the Mood for Love,2001\nLe Voyage dans la Lune,1902\nHeat,2005\nDr. Strangelove,1964\nHeat,\n',
      'x.csv',
      catalog,
      { name: 'Mixed' },
    );
    expect(preview.matched.map((row) => [row.film.filmId, row.how])).toEqual([
      ['a-trip-to-the-moon-1902', 'title-year'],
      ['dr-strangelove-or-how-i-learned-to-stop-worrying-and-love-the-bomb-1964', 'title-year'],
    ]);
    expect(preview.unmatched.map((row) => row.reason)).toEqual(['the catalog has “Heat” from 1972, 1986, 1995, not 2005']);
    expect(preview.ambiguous.map((row) => row.candidates.map((film) => film.filmId))).toEqual([['in-the-mood-for-love-2000'], ['heat-1972', 'heat-1986', 'heat-1995']]);
  });

  it('reads Letterboxd film URLs and ignores short links it cannot resolve', () => {
    expect(letterboxdSlug('https://letterboxd.com/film/holy-motors/')).toBe('holy-motors');
    expect(letterboxdSlug('letterboxd.com/someone/film/holy-motors')).toBe('holy-motors');
    expect(letterboxdSlug('https://boxd.it/2Wpe')).toBeUndefined();
    expect(letterboxdSlug('https://example.com/film/holy-motors/')).toBeUndefined();
  });
});

describe('importing through ClubLists', () => {
  it('a preview writes nothing; confirming creates the list with the right ranks, notes and author', async () => {
    const ctx = await setup();
    const file = csvAttachment('21st.csv', fixture('letterboxd-21st-century.csv'));
    const before = JSON.stringify(await ctx.store.read(GUILD));
    const preview = await ctx.lists.previewImport(MOD, file);
    expect(JSON.stringify(await ctx.store.read(GUILD))).toBe(before);

    const result = await ctx.lists.applyImport(MOD, JSON.parse(JSON.stringify(preview)));
    expect(result).toMatchObject({ imported: 10, list: { name: 'TSPDT: the 21st Century, top picks', ranked: true, size: 10, authorName: 'Mona Moderator' } });
    expect(result.skipped.map((row) => row.reason)).toEqual(['ambiguous, no film chosen']);
    const shown = await ctx.lists.show(GUILD, result.list.id, { pageSize: 25 });
    expect(shown.page.items.slice(0, 2).map((item) => [item.position, item.film.title, item.note])).toEqual([
      [1, 'In the Mood for Love', undefined],
      [2, 'Mulholland Drive', 'Lynch\'s "dream", in two halves\nand a coda'],
    ]);
    expect(shown.page.items.at(-1)).toMatchObject({ position: 10, film: { title: 'Amélie' } });
    // The card shows the rank.
    expect((await ctx.lists.filmLists(GUILD, 'holy-motors-2012')).current).toEqual([
      { list: { id: result.list.id, name: 'TSPDT: the 21st Century, top picks', ranked: true, size: 10 }, position: 7 },
    ]);
  });

  it('refuses a plain member, a taken name, a file without a name, and a second confirm of the same preview', async () => {
    const ctx = await setup();
    const file = csvAttachment('21st.csv', fixture('letterboxd-21st-century.csv'));
    await rejectsCleanly(ctx.store, () => ctx.lists.previewImport(ALICE, file), /Only moderators/);
    const preview = await ctx.lists.previewImport(MOD, file);
    await rejectsCleanly(ctx.store, () => ctx.lists.applyImport(ALICE, preview), /Only moderators/);
    await ctx.lists.applyImport(MOD, preview);
    await rejectsCleanly(ctx.store, () => ctx.lists.applyImport(MOD, preview), /already a list called/);
    // Renamed at confirm time, it goes through.
    expect((await ctx.lists.applyImport(MOD, preview, { name: 'TSPDT (copy)' })).list.name).toBe('TSPDT (copy)');
    await rejectsCleanly(ctx.store, () => ctx.lists.previewImport(MOD, file), /already a list called/);
    await ctx.lists.previewImport(MOD, file, { name: 'Another name' });
    await rejectsCleanly(ctx.store, () => ctx.lists.previewImport(MOD, csvAttachment('plain.csv', fixture('plain-title-year.csv'))), /Give the imported list a name/);
    await rejectsCleanly(
      ctx.store,
      () => ctx.lists.previewImport(MOD, csvAttachment('list.csv', 'title,year\nStalker,1979\n'), { name: '@everyone\nsecond line' }),
      /single line/,
    );
  });

  it('checks the attachment and the content before reading it', async () => {
    const ctx = await setup();
    await rejectsCleanly(ctx.store, () => ctx.lists.previewImport(MOD, csvAttachment('poster.png', 'x', 'image/png')), /not a CSV file/);
    await rejectsCleanly(
      ctx.store,
      () => ctx.lists.previewImport(MOD, { attachment: { name: 'big.csv', size: 2 * 1024 * 1024, contentType: 'text/csv' }, content: 'title\n' }),
      /2\.0 MB/,
    );
    await rejectsCleanly(ctx.store, () => ctx.lists.previewImport(MOD, csvAttachment('broken.csv', 'title,year\n"Stalker,1979\n'), { name: 'X' }), /never closed/);
  });

  it('ambiguous rows are left out unless the moderator picks a film (or takes the best guesses)', async () => {
    const ctx = await setup();
    const text = 'title,year\nStalker,1979\nSolaris,\nHeat,\nHoly Motors,2012\n';
    const preview = await ctx.lists.previewImport(MOD, csvAttachment('a.csv', text), { name: 'Picks', ranked: true });
    expect(preview.ambiguous.map((row) => row.line)).toEqual([3, 4]);

    const skipped = await ctx.lists.applyImport(MOD, preview);
    expect(skipped.imported).toBe(2);
    expect(skipped.skipped.map((row) => [row.line, row.reason])).toEqual([
      [3, 'ambiguous, no film chosen'],
      [4, 'ambiguous, no film chosen'],
    ]);
    await ctx.lists.delete(MOD, 'Picks');

    const chosen = await ctx.lists.applyImport(MOD, preview, { choices: { '3': 'solaris-2002', '4': null } });
    expect((await ctx.lists.show(GUILD, chosen.list.id)).page.items.map((item) => [item.position, item.film.filmId])).toEqual([
      [1, 'stalker-1979'],
      [2, 'solaris-2002'],
      [3, 'holy-motors-2012'],
    ]);
    await ctx.lists.delete(MOD, 'Picks');

    const guessed = await ctx.lists.applyImport(MOD, preview, { takeBestGuesses: true, choices: { '4': 'heat-1995' } });
    expect((await ctx.lists.show(GUILD, guessed.list.id)).page.items.map((item) => item.film.filmId)).toEqual([
      'stalker-1979',
      'solaris-1972',
      'heat-1995',
      'holy-motors-2012',
    ]);
    await ctx.lists.delete(MOD, 'Picks');
    // A best guess is a film no other row brought in: "Solaris" beside "Solaris,1972" is the 2002 film.
    const both = await ctx.lists.previewImport(MOD, csvAttachment('b.csv', 'title,year\nSolaris,1972\nSolaris,\n'), { name: 'Both Solaris' });
    const bothGuessed = await ctx.lists.applyImport(MOD, both, { takeBestGuesses: true });
    expect(bothGuessed.skipped).toEqual([]);
    expect((await ctx.lists.show(GUILD, bothGuessed.list.id)).page.items.map((item) => item.film.filmId)).toEqual(['solaris-1972', 'solaris-2002']);
    await ctx.lists.delete(MOD, 'Both Solaris');
    // A choice naming a film already imported by another row is skipped, not duplicated.
    const repeat = await ctx.lists.applyImport(MOD, preview, { choices: { '3': 'stalker-1979' } });
    expect(repeat.imported).toBe(2);
    expect(repeat.skipped.map((row) => [row.line, row.reason])).toContainEqual([3, 'the same film as an earlier row']);
    await ctx.lists.delete(MOD, 'Picks');
    // A choice naming no catalog film is skipped and said.
    const bogus = await ctx.lists.applyImport(MOD, preview, { choices: { '3': 'no-such-film-1900' } });
    expect(bogus.skipped.map((row) => [row.line, row.reason])).toContainEqual([3, 'not a film in the catalog (any more)']);
  });

  it('refuses a preview that was tampered with or matched nothing, without writing', async () => {
    const ctx = await setup();
    const preview = await ctx.lists.previewImport(MOD, csvAttachment('a.csv', 'title,year\nStalker,1979\n'), { name: 'Ok' });
    await rejectsCleanly(ctx.store, () => ctx.lists.applyImport(MOD, { ...preview, kind: 'other' } as never), /no longer valid/);
    const broken = { ...preview, matched: [{ ...preview.matched[0]!, film: { filmId: 'NOT A SLUG', title: 'x' } }] };
    await rejectsCleanly(ctx.store, () => ctx.lists.applyImport(MOD, broken), /no longer valid/);
    const nothing = await ctx.lists.previewImport(MOD, csvAttachment('a.csv', 'title,year\nNo Such Film Anywhere,1999\n'), { name: 'Empty' });
    expect(nothing.unmatched).toHaveLength(1);
    await rejectsCleanly(ctx.store, () => ctx.lists.applyImport(MOD, nothing), /nothing to import/);
  });
});

describe('exporting', () => {
  it('writes Letterboxd’s list export layout, quoting what needs it', async () => {
    const ctx = await setup();
    await ctx.lists.create(MOD, { name: 'Club, "favourites"', description: 'Two lines:\nhere' });
    await ctx.lists.add(MOD, 'Club, "favourites"', 'stalker-1979', { note: 'The Zone, the room' });
    await ctx.lists.add(MOD, 'Club, "favourites"', '4-months-3-weeks-and-2-days-2007');
    const file = await ctx.lists.exportCsv(GUILD, 'club, "favourites"');
    expect(file.fileName).toBe('club-favourites.csv');
    expect(file.text).toBe(
      [
        'Letterboxd list export v7',
        'Date,Name,Tags,URL,Description',
        '2024-06-15,"Club, ""favourites""",,,"Two lines:\nhere"',
        '',
        'Position,Name,Year,URL,Description',
        '1,Stalker,1979,https://letterboxd.com/film/stalker/,"The Zone, the room"',
        '2,"4 Months, 3 Weeks and 2 Days",2007,https://letterboxd.com/film/4-months-3-weeks-and-2-days/,',
        '',
      ].join('\n'),
    );
  });

  it('round-trips: an exported list imports back to the same films, order and notes', async () => {
    const ctx = await setup();
    const preview = await ctx.lists.previewImport(MOD, csvAttachment('21st.csv', fixture('letterboxd-21st-century.csv')));
    const original = await ctx.lists.applyImport(MOD, preview);
    const exported = await ctx.lists.exportCsv(GUILD, original.list.id);
    const again = await ctx.lists.previewImport(MOD, csvAttachment(exported.fileName, exported.text), { name: 'Copy' });
    expect(again.unmatched).toEqual([]);
    expect(again.matched.every((row) => row.how === 'letterboxd-url')).toBe(true);
    const copy = await ctx.lists.applyImport(MOD, again);
    const entries = async (id: string) =>
      (await ctx.lists.show(GUILD, id, { pageSize: 25 })).page.items.map((item) => [item.position, item.film.filmId, item.note]);
    expect(await entries(copy.list.id)).toEqual(await entries(original.list.id));
    expect(copy.list.description).toBe(original.list.description);
  });

  it('quotes fields per RFC 4180 and names files safely', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(undefined)).toBe('');
    expect(csvFileName('**@everyone** Été!')).toBe('everyone-ete.csv');
    expect(csvFileName('★★★')).toBe('list.csv');
  });
});
