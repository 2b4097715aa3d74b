import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { MemberImports } from '../../src/import/index.js';
import type { DeepReadonly } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import type { MemberFilm } from '../../src/store/schema.js';
import { ALICE, BOB, fixedClock, fixture, GUILD, member, testCatalog } from './helpers.js';

const DAY = 86_400_000;

function setup() {
  const store = createMemoryGuildStore();
  const catalog = testCatalog();
  const clock = fixedClock(new Date('2024-03-01T18:30:00.000Z'));
  return { store, catalog, clock, imports: new MemberImports({ store, catalog, now: clock.now }), diary: new ClubDiary({ store, films: catalog, now: clock.now }) };
}

/** A member's records as the export format can carry them: days, not times of day; no entry ids. */
function comparable(records: DeepReadonly<Record<string, MemberFilm>> | undefined) {
  const day = (iso: string | undefined) => iso?.slice(0, 10);
  return Object.fromEntries(
    Object.entries(records ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([filmId, record]) => [
        filmId,
        {
          diary: record.diary.map((entry) => ({
            watchedOn: entry.watchedOn,
            logged: day(entry.loggedAt),
            stars: entry.stars,
            review: entry.review && { text: entry.review.text, spoiler: entry.review.spoiler, created: day(entry.review.createdAt) },
          })),
          seen: day(record.seenSince),
          rating: record.rating && { stars: record.rating.stars, on: day(record.rating.at) },
          favorite: day(record.favoriteSince),
          dislike: day(record.dislikeSince),
          watchlist: day(record.watchlistSince),
        },
      ]),
  );
}

describe('member export', () => {
  it('writes a ZIP of Letterboxd CSVs with the columns Letterboxd writes', async () => {
    const { imports, diary, clock } = setup();
    await diary.watch(ALICE, 'holy-motors-2012', { on: '2024-02-10', stars: 4.5 });
    clock.advance(DAY);
    await diary.review(ALICE, 'holy-motors-2012', { text: 'Chapter one.\nChapter "two", with commas.', spoiler: true });
    await diary.addToWatchlist(ALICE, 'past-lives-2023');
    const exported = await imports.export(GUILD, ALICE.userId);
    expect(exported.fileName).toBe('marquee-letterboxd-2024-03-02.zip');
    const files = unzipSync(exported.zip);
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'diary.csv',
      'dislikes.csv',
      'likes/films.csv',
      'ratings.csv',
      'reviews.csv',
      'watched.csv',
      'watchlist.csv',
    ]);
    expect(strFromU8(files['diary.csv']!)).toBe(
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n2024-03-01,Holy Motors,2012,https://letterboxd.com/film/holy-motors/,4.5,,,2024-02-10\n',
    );
    expect(strFromU8(files['reviews.csv']!)).toBe(
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date,Spoilers\n' +
        '2024-03-02,Holy Motors,2012,https://letterboxd.com/film/holy-motors/,4.5,,"Chapter one.\nChapter ""two"", with commas.",,2024-02-10,Yes\n',
    );
    expect(strFromU8(files['watchlist.csv']!)).toBe('Date,Name,Year,Letterboxd URI\n2024-03-02,Past Lives,2023,\n');
    expect(strFromU8(files['likes/films.csv']!)).toBe('Date,Name,Year,Letterboxd URI\n');
    expect(exported.counts).toEqual({ films: 2, viewings: 1, reviews: 1, ratings: 1, watchlist: 1, favorites: 0, dislikes: 0 });
  });

  it('export → import gives the same records', async () => {
    const { imports, diary, clock, store } = setup();
    const at = (iso: string) => clock.set(iso);
    at('2023-05-01T20:00:00.000Z');
    await diary.watch(ALICE, 'holy-motors-2012', { on: '2023-04-30', stars: 4.5 });
    await diary.review(ALICE, 'holy-motors-2012', { text: 'First time.\n\nA second paragraph, "quoted".' });
    at('2023-09-01T21:00:00.000Z');
    await diary.watch(ALICE, 'holy-motors-2012', { on: '2023-09-01', stars: 5 });
    await diary.favorite(ALICE, 'holy-motors-2012');
    at('2023-10-02T10:00:00.000Z');
    // A same-day rewatch, the second one reviewed with a spoiler warning.
    await diary.watch(ALICE, 'parasite-2019', { on: '2023-10-01', stars: 0.5 });
    at('2023-10-02T23:00:00.000Z');
    await diary.watch(ALICE, 'parasite-2019', { on: '2023-10-01', stars: 0.5 });
    await diary.review(ALICE, 'parasite-2019', { text: 'The stairs!', spoiler: true, stars: 1.5 });
    at('2024-01-05T08:00:00.000Z');
    await diary.watch(ALICE, 'irma-vep-1996', { on: '2024-01-05' });
    await diary.dislike(ALICE, 'irma-vep-1996');
    await diary.watch(ALICE, 'stalker-1979', { on: '2024-01-05' });
    await diary.rate(ALICE, 'stalker-1979', 3.5);
    // Rated without a viewing: seen, undated; it must come back seen without a viewing.
    await diary.rate(ALICE, 'heat-1995', 4);
    await diary.watch(ALICE, 'aftersun-2022', { on: '2023-12-24' });
    await diary.addToWatchlist(ALICE, 'past-lives-2023');
    // A planned rewatch: on the watchlist after being seen.
    await diary.addToWatchlist(ALICE, 'aftersun-2022');
    at('2024-03-01T12:00:00.000Z');

    const original = (await store.read(GUILD)).memberFilms[ALICE.userId];
    expect(Object.keys(comparable(original))).toEqual(['aftersun-2022', 'heat-1995', 'holy-motors-2012', 'irma-vep-1996', 'parasite-2019', 'past-lives-2023', 'stalker-1979']);
    expect(comparable(original)['heat-1995']).toMatchObject({ diary: [], seen: '2024-01-05', rating: { stars: 4, on: '2024-01-05' } });
    expect(comparable(original)['parasite-2019']!.diary).toEqual([
      { watchedOn: '2023-10-01', logged: '2023-10-02', stars: 0.5, review: undefined },
      { watchedOn: '2023-10-01', logged: '2023-10-02', stars: 1.5, review: { text: 'The stairs!', spoiler: true, created: '2023-10-02' } },
    ]);
    const exported = await imports.export(GUILD, ALICE.userId);
    const upload = { name: exported.fileName, bytes: exported.zip };

    // Into another member of the same server, and into another server.
    for (const target of [BOB, member(3, 'Carol', '100000000000000009')]) {
      const preview = await imports.preview(target, [upload], { source: 'letterboxd' });
      expect(preview.counts).toMatchObject({ unmatched: 0, ambiguous: 0, problems: 0 });
      await imports.apply(target, preview);
      const copy = (await store.read(target.guildId)).memberFilms[target.userId];
      expect(comparable(copy)).toEqual(comparable(original));
    }
    // And back into the same member: nothing changes.
    const before = JSON.stringify(await store.read(GUILD));
    await imports.apply(ALICE, await imports.preview(ALICE, [upload]));
    expect(JSON.stringify(await store.read(GUILD))).toBe(before);
  });

  it('exports what a Letterboxd import brought in, so it can go back to Letterboxd', async () => {
    const { imports, store } = setup();
    await imports.apply(ALICE, await imports.preview(ALICE, [fixture('letterboxd-export.zip')]));
    const exported = await imports.export(GUILD, ALICE.userId);
    // Films seen without a diary entry go out in watched.csv only, and come back seen without a viewing.
    expect(exported.counts).toMatchObject({ films: 17, viewings: 11, reviews: 4, ratings: 8, favorites: 3, watchlist: 4 });
    const bob = await imports.preview(BOB, [{ name: 'again.zip', bytes: exported.zip }]);
    await imports.apply(BOB, bob);
    const data = await store.read(GUILD);
    expect(comparable(data.memberFilms[BOB.userId])).toEqual(comparable(data.memberFilms[ALICE.userId]));
  });

  it('has nothing to export for a member without records', async () => {
    const { imports } = setup();
    await expect(imports.export(GUILD, ALICE.userId)).rejects.toThrow('You have nothing to export yet: log, rate or watchlist a film first.');
  });
});
