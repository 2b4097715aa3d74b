import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { UserError } from '../../src/errors.js';
import { type ImportProgress, MemberImports } from '../../src/import/index.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, BOB, csvFile, fixedClock, fixture, GUILD, letterboxdCsv, NOW, testCatalog, zipOf } from './helpers.js';

function setup() {
  const store = createMemoryGuildStore();
  const catalog = testCatalog();
  const clock = fixedClock();
  const imports = new MemberImports({ store, catalog, now: clock.now });
  const diary = new ClubDiary({ store, films: catalog, now: clock.now });
  return { store, catalog, clock, imports, diary };
}

const zip = () => fixture('letterboxd-export.zip');

describe('member import: preview, then apply', () => {
  it('records the matched films with dates, half stars, rewatches and reviews', async () => {
    const { imports, diary, store } = setup();
    const preview = await imports.preview(ALICE, [zip()], { source: 'letterboxd' });
    // Oldboy (2004 in the file, 2003 here) and the misspelt Portrait of a Lady on Fire need a choice first (first-evening).
    // Four films are only in watched.csv, ratings.csv or likes: seen, without a viewing.
    expect(preview.effect).toEqual({ films: 17, viewings: 11, seen: 4, reviews: 4, ratings: 8, favorites: 3, dislikes: 0, watchlist: 4 });
    expect(preview.counts).toMatchObject({ viewings: 11, seen: 4 });
    // Nothing is stored by a preview.
    expect((await store.read(GUILD)).memberFilms).toEqual({});

    const result = await imports.apply(ALICE, preview);
    expect(result.added).toEqual(preview.effect);
    expect(result.importId).toMatch(/^i/);

    const holyMotors = await diary.memberFilm(GUILD, ALICE.userId, 'holy-motors-2012');
    expect(holyMotors).toMatchObject({ watched: true, viewings: 2, favorite: true, stars: 5 });
    const page = await diary.diary(GUILD, ALICE.userId, { pageSize: 25 });
    const holy = page.items.filter((item) => item.film.filmId === 'holy-motors-2012');
    expect(holy.map(({ watchedOn, stars, rewatch, review }) => ({ watchedOn, stars, rewatch, review: review?.text }))).toEqual([
      { watchedOn: '2024-01-19', stars: 5, rewatch: true, review: 'Even better the second time. *Merde!* & more' },
      {
        watchedOn: '2019-03-01',
        stars: 4.5,
        rewatch: false,
        review: 'Line one of a review, with a comma.\nSecond line with "quotes".\n\nA paragraph after a blank line.',
      },
    ]);
    const parasite = page.items.filter((item) => item.film.filmId === 'parasite-2019');
    expect(parasite.map(({ stars, rewatch }) => ({ stars, rewatch }))).toEqual([
      { stars: 1.5, rewatch: true },
      { stars: 0.5, rewatch: false },
    ]);
    // Seen, rated and liked without a diary entry: seen since the day it was marked, with no viewing invented.
    const sevenSamurai = await diary.memberFilm(GUILD, ALICE.userId, 'seven-samurai-1954');
    expect(sevenSamurai).toMatchObject({ watched: true, viewings: 0, stars: 4.5, favorite: true });
    expect(sevenSamurai.lastWatchedOn).toBeUndefined();
    expect((await store.read(GUILD)).memberFilms[ALICE.userId]!['seven-samurai-1954']!.seenSince).toBe('2023-01-15T00:00:00.000Z');
    expect(page.items.some((item) => item.film.filmId === 'seven-samurai-1954')).toBe(false);
    const watchlist = await diary.watchlist(GUILD, ALICE.userId);
    expect(watchlist.items.map((item) => [item.film.filmId, item.addedAt])).toEqual([
      ['dune-part-two-2024', '2023-10-04T00:00:00.000Z'],
      ['perfect-days-2023', '2023-10-03T00:00:00.000Z'],
      ['tar-2022', '2023-10-02T00:00:00.000Z'],
      ['past-lives-2023', '2023-10-01T00:00:00.000Z'],
    ]);
    const profile = await diary.profile(GUILD, ALICE.userId);
    expect(profile.counts).toMatchObject({ films: 13, viewings: 11, rewatches: 2, favorites: 3, ratings: 8, reviews: 4, watchlist: 4 });
    expect(profile.name).toBe('Alice');
    // The import is logged for the member, not spread over the server's activity feed.
    expect(await imports.history(GUILD, ALICE.userId)).toMatchObject([{ id: result.importId, source: 'letterboxd', films: 17 }]);
    expect((await store.read(GUILD)).activity).toEqual([]);
  });

  it('changes nothing when the same export is imported again', async () => {
    const { imports, store, clock } = setup();
    await imports.apply(ALICE, await imports.preview(ALICE, [zip()]));
    const before = JSON.stringify(await store.read(GUILD));
    clock.set('2024-06-20T09:00:00.000Z');

    const again = await imports.preview(ALICE, [zip()]);
    expect(again.previouslyImportedAt).toBe(NOW.toISOString());
    expect(again.effect).toEqual({ films: 0, viewings: 0, seen: 0, reviews: 0, ratings: 0, favorites: 0, dislikes: 0, watchlist: 0 });
    const result = await imports.apply(ALICE, again);
    expect(result.added.films).toBe(0);
    expect(result.unchanged).toBe(17);
    expect(result.importId).toBeUndefined();
    expect(JSON.stringify(await store.read(GUILD))).toBe(before);

    // The loose CSVs of the same export are the same data.
    const loose = ['diary.csv', 'reviews.csv', 'ratings.csv', 'watched.csv', 'watchlist.csv', 'likes/films.csv'].map(letterboxdCsv);
    await imports.apply(ALICE, await imports.preview(ALICE, loose));
    expect(JSON.stringify(await store.read(GUILD))).toBe(before);
  });

  it('adds only what a newer export has that the member does not', async () => {
    const { imports, diary } = setup();
    await imports.apply(ALICE, await imports.preview(ALICE, [zip()]));
    const newer = csvFile(
      'diary.csv',
      [
        'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date',
        '2019-03-02,Holy Motors,2012,https://boxd.it/aaa1,4.5,,,2019-03-01',
        '2024-01-20,Holy Motors,2012,https://boxd.it/aaa2,5,Yes,,2024-01-19',
        '2024-05-01,Holy Motors,2012,https://boxd.it/aaa0,4,Yes,,2024-04-30',
      ].join('\n'),
    );
    const preview = await imports.preview(ALICE, [newer]);
    expect(preview.effect).toMatchObject({ films: 1, viewings: 1, ratings: 1 });
    await imports.apply(ALICE, preview);
    const view = await diary.memberFilm(GUILD, ALICE.userId, 'holy-motors-2012');
    expect(view.entries.map((entry) => [entry.watchedOn, entry.stars])).toEqual([
      ['2024-04-30', 4],
      ['2024-01-19', 5],
      ['2019-03-01', 4.5],
    ]);
    // Without ratings.csv the latest rated viewing's rating counts, and it is more recent than the one stored.
    expect(view.stars).toBe(4);
  });

  it("never overwrites what the member recorded in Marquee", async () => {
    const { imports, diary, clock } = setup();
    clock.set('2024-06-01T10:00:00.000Z');
    await diary.rate(ALICE, 'heat-1995', 2); // marks it seen (no viewing) and rates after the file's 2020 rating
    await diary.dislike(ALICE, 'holy-motors-2012');
    await diary.watch(ALICE, 'past-lives-2023', { on: '2024-05-30' });
    clock.set(NOW.toISOString());

    const result = await imports.apply(ALICE, await imports.preview(ALICE, [zip()]));
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'heat-1995')).toMatchObject({ stars: 2, viewings: 1 });
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'holy-motors-2012')).toMatchObject({ dislike: true, favorite: false, viewings: 2 });
    expect(result.skipped).toEqual([
      { film: { filmId: 'holy-motors-2012', title: 'Holy Motors', year: 2012 }, reason: 'favorite in the file, but you marked it disliked here' },
    ]);
    // Seen after it went on the watchlist: an old export does not put it back.
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'past-lives-2023')).toMatchObject({ watchlist: false, viewings: 1 });
  });

  it('lets the member resolve ambiguous films, among the candidates only', async () => {
    const { imports, diary, store } = setup();
    const preview = await imports.preview(ALICE, [zip()]);
    const key = preview.ambiguous.find((film) => film.source.title === 'A Star Is Born')!.key;
    await expect(imports.apply(ALICE, preview, { [key]: 'heat-1995' })).rejects.toThrow('heat-1995 was not one of the films offered for “A Star Is Born”.');
    await expect(imports.apply(ALICE, preview, { 'no such key': 'heat-1995' })).rejects.toThrow(UserError);

    const oldboy = preview.ambiguous.find((film) => film.source.title === 'Oldboy')!;
    expect(oldboy.candidates.map((film) => film.filmId)).toEqual(['oldboy-2003']);
    const result = await imports.apply(ALICE, preview, { [key]: 'a-star-is-born-1954', [oldboy.key]: 'oldboy-2003' });
    expect(result.added.films).toBe(19);
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'oldboy-2003')).toMatchObject({ watched: true, viewings: 0 });
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'a-star-is-born-1954')).toMatchObject({ watched: true, viewings: 0 });
    expect((await store.read(GUILD)).memberFilms[ALICE.userId]!['a-star-is-born-1954']!.seenSince).toBe('2023-08-08T00:00:00.000Z');
    expect((await diary.memberFilm(GUILD, ALICE.userId, 'a-star-is-born-1937')).watched).toBe(false);
  });

  it('applies a preview that went through JSON, and only for the member who made it', async () => {
    const { imports } = setup();
    const preview = JSON.parse(JSON.stringify(await imports.preview(ALICE, [fixture('icheckmovies.csv')])));
    await expect(imports.apply(BOB, preview)).rejects.toThrow('Only the member who started this import can confirm it.');
    await expect(imports.apply(ALICE, { ...preview, matched: 'nope' })).rejects.toThrow('This import has expired or is damaged; upload the file again.');
    const result = await imports.apply(ALICE, preview);
    expect(result.added).toEqual({ films: 6, viewings: 5, seen: 0, reviews: 0, ratings: 0, favorites: 2, dislikes: 1, watchlist: 1 });
  });

  it('records an iCheckMovies export: checks as dated viewings, favorites, dislikes, watchlist', async () => {
    const { imports, diary } = setup();
    await imports.apply(ALICE, await imports.preview(ALICE, [fixture('icheckmovies.csv')], { source: 'icheckmovies' }));
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'holy-motors-2012')).toMatchObject({ viewings: 1, lastWatchedOn: '2013-04-02', favorite: true });
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'irma-vep-1996')).toMatchObject({ viewings: 1, dislike: true });
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'parasite-2019')).toMatchObject({ watched: false, watchlist: true });
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'beau-travail-1999')).toMatchObject({ viewings: 1, favorite: false, dislike: false });
  });

  it('marks films seen without a diary entry as seen, with no viewing invented; diary rows stay dated viewings', async () => {
    const { imports, diary, store, clock } = setup();
    const watched = csvFile('watched.csv', 'Date,Name,Year,Letterboxd URI\n2022-03-04,Heat,1995,\n2022-03-05,Parasite,2019,\n');
    const diaryCsv = csvFile('diary.csv', 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n2022-03-06,Parasite,2019,https://boxd.it/p1,4,,,2021-12-31\n');
    const preview = await imports.preview(ALICE, [watched, diaryCsv]);
    expect(preview.counts).toMatchObject({ viewings: 1, seen: 1 });
    expect(preview.effect).toMatchObject({ films: 2, viewings: 1, seen: 1 });
    const result = await imports.apply(ALICE, preview);
    expect(result.added).toMatchObject({ viewings: 1, seen: 1 });
    expect(await imports.history(GUILD, ALICE.userId)).toMatchObject([{ added: { viewings: 1, seen: 1 } }]);

    const records = (await store.read(GUILD)).memberFilms[ALICE.userId]!;
    expect(records['heat-1995']).toEqual({ diary: [], seenSince: '2022-03-04T00:00:00.000Z' });
    // Parasite has a diary entry: it is a dated viewing on its Watched Date, and not also "seen" on the watched.csv day.
    expect(records['parasite-2019']!.diary.map((entry) => entry.watchedOn)).toEqual(['2021-12-31']);
    expect(records['parasite-2019']!.seenSince).toBeUndefined();
    const page = await diary.diary(GUILD, ALICE.userId);
    expect(page.items.map((item) => [item.film.filmId, item.watchedOn])).toEqual([['parasite-2019', '2021-12-31']]);
    expect((await diary.profile(GUILD, ALICE.userId)).counts).toMatchObject({ films: 2, viewings: 1 });
    expect((await diary.seenBy(GUILD, 'heat-1995')).items.map((item) => item.userId)).toEqual([ALICE.userId]);

    // The same files again, even a day later, change nothing.
    clock.set('2024-06-16T12:00:00.000Z');
    const before = JSON.stringify(await store.read(GUILD));
    const again = await imports.preview(ALICE, [watched, diaryCsv]);
    expect(again.effect).toMatchObject({ films: 0, viewings: 0, seen: 0 });
    await imports.apply(ALICE, again);
    expect(JSON.stringify(await store.read(GUILD))).toBe(before);

    // A later diary.csv with a real viewing of Heat adds it; Heat stays seen.
    await imports.apply(ALICE, await imports.preview(ALICE, [csvFile('diary.csv', 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n2024-06-01,Heat,1995,https://boxd.it/h1,,,,2024-05-31\n')]));
    expect(await diary.memberFilm(GUILD, ALICE.userId, 'heat-1995')).toMatchObject({ watched: true, viewings: 1, lastWatchedOn: '2024-05-31' });
  });

  it('an undated iCheckMovies check is seen since the import, with no viewing', async () => {
    const { imports, store } = setup();
    const text = 'title,year,url,checkedcount,favouritecount,officialtoplistcount,usertoplistcount,akatitle,imdburl,checked,favorite,disliked,watchlist,owned\nStalker,1979,,,,,,,,yes,yes,no,no,no\n';
    const preview = await imports.preview(ALICE, [csvFile('checks.csv', text)], { source: 'icheckmovies' });
    expect(preview.notes).toContain('1 check has no date; marked as seen without a diary entry.');
    await imports.apply(ALICE, preview);
    expect((await store.read(GUILD)).memberFilms[ALICE.userId]!['stalker-1979']).toEqual({
      diary: [],
      seenSince: NOW.toISOString(),
      favoriteSince: NOW.toISOString(),
    });
  });

  it('skips films that left the catalog between preview and confirm', async () => {
    const store = createMemoryGuildStore();
    const catalog = testCatalog();
    const preview = await new MemberImports({ store, catalog, now: () => NOW }).preview(ALICE, [fixture('icheckmovies.csv')]);
    const smaller = { ...catalog, all: () => catalog.all(), search: catalog.search.bind(catalog), get: (id: string) => (id === 'stalker-1979' ? undefined : catalog.get(id)) };
    const result = await new MemberImports({ store, catalog: smaller, now: () => NOW }).apply(ALICE, preview);
    expect(result.skipped).toEqual([{ film: { filmId: 'stalker-1979', title: 'Stalker', year: 1979 }, reason: 'no longer in the catalog' }]);
    expect(result.added.films).toBe(5);
  });

  it('reports matching progress on long imports', async () => {
    const { imports } = setup();
    const rows = Array.from({ length: 600 }, (_, i) => `2024-01-01,Film number ${i},2001,`);
    const progress: ImportProgress[] = [];
    const preview = await imports.preview(ALICE, [csvFile('watched.csv', ['Date,Name,Year,Letterboxd URI', ...rows].join('\n'))], {
      onProgress: (report) => {
        progress.push(report);
      },
    });
    expect(preview.counts.unmatched).toBe(600);
    expect(progress).toEqual([
      { phase: 'matching', done: 250, total: 600 },
      { phase: 'matching', done: 500, total: 600 },
      { phase: 'matching', done: 600, total: 600 },
    ]);
  });
});

describe('import limits', () => {
  const small = { maxFileBytes: 2_000, maxUnzippedBytes: 5_000, maxZipEntries: 20, maxRows: 25 };
  const limited = () => new MemberImports({ store: createMemoryGuildStore(), catalog: testCatalog(), now: () => NOW, limits: small });

  it('refuses a file over the size limit, saying the limit', async () => {
    const big = csvFile('watched.csv', 'Date,Name,Year,Letterboxd URI\n' + '2024-01-01,Heat,1995,\n'.repeat(200));
    await expect(limited().preview(ALICE, [big])).rejects.toThrow('watched.csv is 4.3 KB; an import takes files up to 2.0 KB. Send the CSVs one at a time instead of the whole ZIP.');
  });

  it('refuses more rows than an import takes', async () => {
    const many = csvFile('watched.csv', 'Date,Name,Year,Letterboxd URI\n' + '2024-01-01,Heat,1995,\n'.repeat(30));
    await expect(limited().preview(ALICE, [many])).rejects.toThrow('That import has 30 rows; one import takes at most 25. Send its CSVs one at a time (diary.csv, ratings.csv, watchlist.csv…).');
  });

  it('refuses a ZIP that unpacks to too much, before inflating it', async () => {
    const bomb = zipOf('bomb.zip', { 'diary.csv': 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n' + ' '.repeat(50_000) });
    expect(bomb.bytes.length).toBeLessThan(2_000);
    await expect(limited().preview(ALICE, [bomb])).rejects.toThrow('bomb.zip unpacks to more than 4.9 KB of CSV; send its CSVs one at a time.');
  });

  it('refuses an empty upload and a damaged ZIP', async () => {
    const imports = limited();
    await expect(imports.preview(ALICE, [])).rejects.toThrow(/Attach your export/);
    await expect(imports.preview(ALICE, [csvFile('watched.csv', '')])).rejects.toThrow('watched.csv is empty.');
    const damaged = { name: 'export.zip', bytes: zip().bytes.slice(0, 400) };
    await expect(imports.preview(ALICE, [damaged])).rejects.toThrow(/export\.zip is not a ZIP file I can open/);
  });
});
