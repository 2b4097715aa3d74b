import { describe, expect, it } from 'vitest';
import { UNKNOWN_MEMBER } from '../../src/club/views.js';
import { ALICE, BOB, CAROL, GUILD, member, setup } from './helpers.js';

const HM = 'holy-motors-2012';

describe('film summary', () => {
  it('counts watchers, shares of favorites/dislikes among them, ratings and the watchlist', async () => {
    const { diary } = setup();
    const members = Array.from({ length: 8 }, (_, i) => member(10 + i));
    for (const m of members) await diary.watch(m, HM, { on: '2024-01-01' });
    await diary.watch(members[0]!, HM, { on: '2024-02-01' }); // a rewatch: one watcher, two viewings
    await diary.favorite(members[0]!, HM);
    await diary.dislike(members[1]!, HM);
    await diary.favorite(members[2]!, HM);
    await diary.rate(members[0]!, HM, 5);
    await diary.rate(members[1]!, HM, 1.5);
    await diary.rate(members[2]!, HM, 4.5);
    await diary.addToWatchlist(ALICE, HM); // on a watchlist, not a watcher

    const summary = await diary.filmSummary(GUILD, HM);
    expect(summary.film).toEqual({ filmId: HM, title: 'Holy Motors', year: 2012 });
    expect(summary.watchers).toBe(8);
    expect(summary.viewings).toBe(9);
    expect(summary.favorites).toEqual({ count: 2, percent: 25 });
    expect(summary.dislikes).toEqual({ count: 1, percent: 12.5 });
    expect(summary.watchlisted).toBe(1);
    expect(summary.ratings.count).toBe(3);
    expect(summary.ratings.average).toBeCloseTo(11 / 3);
    expect(summary.ratings.score).toBe(73);
    expect(summary.ratings.histogram).toHaveLength(10);
    expect(summary.ratings.histogram.filter((bucket) => bucket.count > 0)).toEqual([
      { stars: 1.5, count: 1 },
      { stars: 4.5, count: 1 },
      { stars: 5, count: 1 },
    ]);
  });

  it('rounds shares to one decimal, like "13.2% of the viewers favorited this title"', async () => {
    const { diary } = setup();
    for (let i = 0; i < 3; i++) await diary.watch(member(20 + i), HM);
    await diary.favorite(member(20), HM);
    expect((await diary.filmSummary(GUILD, HM)).favorites.percent).toBe(33.3);
    const empty = await diary.filmSummary(GUILD, 'stalker-1979');
    expect(empty).toMatchObject({ watchers: 0, favorites: { count: 0, percent: 0 }, ratings: { count: 0 } });
    expect(empty.ratings.average).toBeUndefined();
  });

  it('lists who has seen it, most recent viewing first, with a count of the rest', async () => {
    const { diary } = setup();
    await diary.watch(ALICE, HM, { on: '2023-05-01' });
    await diary.watch(BOB, HM, { on: '2024-05-01' });
    await diary.watch(CAROL, HM, { on: '2022-05-01' });
    await diary.watch(ALICE, HM, { on: '2024-06-01' }); // Alice's rewatch makes her the most recent
    const summary = await diary.filmSummary(GUILD, HM, { seenBy: 2 });
    expect(summary.seenBy.members.map((viewer) => [viewer.name, viewer.lastWatchedOn, viewer.viewings])).toEqual([
      ['Alice', '2024-06-01', 2],
      ['Bob', '2024-05-01', 1],
    ]);
    expect(summary.seenBy.more).toBe(1);
    const page2 = await diary.seenBy(GUILD, HM, { page: 2, pageSize: 2 });
    expect(page2.items.map((viewer) => viewer.name)).toEqual(['Carol']);
    expect(page2).toMatchObject({ page: 2, pageCount: 2, total: 3 });
  });

  it('shows the three most recent reviews with stars, /100 and the spoiler flag', async () => {
    const { diary } = setup();
    await diary.review(ALICE, HM, { text: 'One.', stars: 3 });
    await diary.review(BOB, HM, { text: 'Two. ' + 'long '.repeat(100), stars: 4.5, spoiler: true });
    await diary.review(CAROL, HM, { text: 'Three.', stars: 5 });
    await diary.review(ALICE, 'stalker-1979', { text: 'Other film.', stars: 2 });
    await diary.review(member(9, 'Dan'), HM, { text: 'Four.', stars: 1 });
    const { reviews } = await diary.filmSummary(GUILD, HM);
    expect(reviews.total).toBe(4);
    expect(reviews.items.map((review) => [review.name, review.stars, review.score, review.spoiler])).toEqual([
      ['Dan', 1, 20, false],
      ['Carol', 5, 100, false],
      ['Bob', 4.5, 90, true],
    ]);
    const bob = reviews.items[2]!;
    expect(bob.snippet.length).toBeLessThanOrEqual(300);
    expect(bob.snippet.endsWith('…')).toBe(true);
    expect(bob.text.length).toBeGreaterThan(300);
    expect(bob.createdAt).toMatch(/^2024-06-15T/);
  });

  it('includes the film’s latest activity, newest first', async () => {
    const { diary } = setup();
    await diary.watch(ALICE, HM);
    await diary.watch(BOB, 'stalker-1979');
    await diary.favorite(BOB, HM);
    await diary.addToWatchlist(CAROL, HM);
    const { activity } = await diary.filmSummary(GUILD, HM, { activity: 3 });
    // Bob's favorite marks the film seen without a viewing, so the feed gets no "watched" he never logged.
    expect(activity.map((item) => [item.name, item.kind])).toEqual([
      ['Carol', 'watchlisted'],
      ['Bob', 'favorited'],
      ['Alice', 'watched'],
    ]);
    expect(activity[0]!.film.title).toBe('Holy Motors');
  });
});

describe('member views', () => {
  it('paginates the diary newest first and clamps pages', async () => {
    const { diary } = setup();
    for (let day = 1; day <= 12; day++) {
      await diary.watch(ALICE, day % 2 ? HM : 'stalker-1979', { on: `2024-03-${String(day).padStart(2, '0')}` });
    }
    const first = await diary.diary(GUILD, ALICE.userId, { pageSize: 5 });
    expect(first).toMatchObject({ page: 1, pageCount: 3, total: 12, pageSize: 5 });
    expect(first.items.map((item) => item.watchedOn)).toEqual(['2024-03-12', '2024-03-11', '2024-03-10', '2024-03-09', '2024-03-08']);
    const last = await diary.diary(GUILD, ALICE.userId, { page: 99, pageSize: 5 });
    expect(last.page).toBe(3);
    expect(last.items.map((item) => [item.watchedOn, item.rewatch])).toEqual([
      ['2024-03-02', false],
      ['2024-03-01', false],
    ]);
    expect((await diary.diary(GUILD, BOB.userId)).items).toEqual([]);
  });

  it('filters the server feed by film and member, with pages', async () => {
    const { diary } = setup();
    await diary.watch(ALICE, HM);
    await diary.watch(BOB, HM);
    await diary.rate(ALICE, 'stalker-1979', 4);
    await diary.favorite(ALICE, HM);
    const all = await diary.activity(GUILD);
    expect(all.total).toBe(4); // rating an unlogged film marks it seen, without a viewing in the feed
    const aliceOnHm = await diary.activity(GUILD, { filmId: HM, userId: ALICE.userId });
    expect(aliceOnHm.items.map((item) => item.kind)).toEqual(['favorited', 'watched']);
    const byBob = await diary.activity(GUILD, { userId: BOB.userId });
    expect(byBob.items.map((item) => [item.name, item.film.title, item.kind])).toEqual([['Bob', 'Holy Motors', 'watched']]);
    const page = await diary.activity(GUILD, {}, { page: 2, pageSize: 2 });
    expect(page.items.map((item) => item.kind)).toEqual(['watched', 'watched']);
    expect(page.items.map((item) => item.name)).toEqual(['Bob', 'Alice']);
  });

  it('shows the stars given with /rate on the latest viewing that has none of its own', async () => {
    const { diary } = setup();
    await diary.watch(ALICE, HM, { on: '2024-01-01', stars: 3 });
    await diary.watch(ALICE, HM, { on: '2024-02-01' });
    await diary.watch(ALICE, 'stalker-1979', { on: '2024-03-01' });
    await diary.rate(ALICE, HM, 4.5);
    const items = (await diary.diary(GUILD, ALICE.userId)).items;
    expect(items.map((item) => [item.film.filmId, item.watchedOn, item.stars])).toEqual([
      ['stalker-1979', '2024-03-01', undefined],
      [HM, '2024-02-01', 4.5],
      [HM, '2024-01-01', 3],
    ]);
  });

  it('builds a profile: counts, favorites, top genres and directors, ratings, recent diary', async () => {
    const { diary } = setup();
    await diary.watch(ALICE, HM, { stars: 5 });
    await diary.watch(ALICE, HM, { on: '2020-01-01' });
    await diary.favorite(ALICE, HM);
    await diary.watch(ALICE, 'mauvais-sang-1986', { stars: 4 });
    await diary.review(ALICE, 'irma-vep-1996', { text: 'Yes.', stars: 4 });
    await diary.favorite(ALICE, 'irma-vep-1996');
    await diary.dislike(ALICE, 'the-general-1926');
    await diary.addToWatchlist(ALICE, 'stalker-1979');
    await diary.addToWatchlist(ALICE, 'clouds-of-sils-maria-2014');

    const profile = await diary.profile(GUILD, ALICE.userId, { top: 2 });
    expect(profile.name).toBe('Alice');
    expect(profile.counts).toEqual({
      films: 4,
      viewings: 4,
      rewatches: 1,
      favorites: 2,
      dislikes: 1,
      watchlist: 2,
      ratings: 3,
      reviews: 1,
    });
    expect(profile.favorites.items.map((film) => film.title)).toEqual(['Irma Vep', 'Holy Motors']);
    expect(profile.topGenres).toEqual([
      { name: 'Drama', count: 3 },
      { name: 'Comedy', count: 2 },
    ]);
    expect(profile.topDirectors).toEqual([
      { name: 'Leos Carax', count: 2 },
      { name: 'Buster Keaton', count: 1 },
    ]);
    expect(profile.ratings.histogram.filter((bucket) => bucket.count > 0)).toEqual([
      { stars: 4, count: 2 },
      { stars: 5, count: 1 },
    ]);
    // The General was disliked, never logged: seen (counted in films) but not in the diary.
    expect(profile.recentDiary.map((item) => item.film.title)).not.toContain('The General');
    expect(profile.recentDiary.at(-1)!.watchedOn).toBe('2020-01-01');
  });

  it('describes one member’s state for a film and falls back for unknown names and films', async () => {
    const { diary, store } = setup();
    expect(await diary.memberFilm(GUILD, ALICE.userId, HM)).toEqual({
      filmId: HM,
      watched: false,
      viewings: 0,
      favorite: false,
      dislike: false,
      watchlist: false,
      entries: [],
    });
    await diary.watch(ALICE, HM, { on: '2024-01-01', stars: 3.5 });
    expect(await diary.memberFilm(GUILD, ALICE.userId, HM)).toMatchObject({ watched: true, lastWatchedOn: '2024-01-01', stars: 3.5 });

    // A member seen only through stored data, and a film since removed from the catalog.
    await store.update(GUILD, (data) => {
      data.memberFilms['299999999999999999'] = { 'gone-film-1999': { diary: [{ id: 'dz', watchedOn: '2001-01-01', loggedAt: '2001-01-01T00:00:00.000Z' }] } };
    });
    const [item] = (await diary.activity(GUILD)).items;
    expect(item!.name).toBe('Alice');
    const viewers = await diary.seenBy(GUILD, 'gone-film-1999');
    expect(viewers.items[0]!.name).toBe(UNKNOWN_MEMBER);
    expect((await diary.diary(GUILD, '299999999999999999')).items[0]!.film).toEqual({ filmId: 'gone-film-1999', title: 'gone-film-1999' });
    // Entries of films no longer in the catalog can still be deleted.
    await diary.deleteEntry({ guildId: GUILD, userId: '299999999999999999', name: 'Ghost' }, 'dz');
    expect((await diary.seenBy(GUILD, 'gone-film-1999')).total).toBe(0);
  });
});
