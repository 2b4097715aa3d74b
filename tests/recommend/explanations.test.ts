import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/search/normalize.js';
import type { Film } from '../../src/catalog/schema.js';
import { ContentModel, type SharedFeature } from '../../src/recommend/features.js';
import { recommendFor } from '../../src/recommend/personal.js';
import { DEFAULT_TUNING, type Tuning } from '../../src/recommend/scoring.js';
import type { Reason } from '../../src/recommend/reasons.js';
import type { GuildData } from '../../src/store/schema.js';
import { ClubBuilder, FILMS, films, userId } from './helpers.js';

const model = new ContentModel(films());
const film = (id: string) => model.films[model.slotOf(id)!]!;
const ALICE = userId(1);

/** Whether a feature is a fact of a film, read from the film itself rather than from the model. */
function hasFeature(subject: Film, feature: SharedFeature): boolean {
  const key = normalize(feature.label);
  const among = (values: readonly string[]) => values.some((value) => normalize(value) === key);
  switch (feature.group) {
    case 'genre':
      return among(subject.genres);
    case 'theme':
      return among(subject.themes);
    case 'director':
      return among(subject.directors);
    case 'cast':
      return among(subject.cast.slice(0, 5).map((member) => member.name));
    case 'decade':
      return feature.label === `${Math.floor(subject.year / 10) * 10}s`;
    case 'country':
      return among(subject.countries);
    case 'language':
      return among(subject.languages);
  }
}

const lovedBy = (data: GuildData, user: string, filmId: string) => {
  const record = data.memberFilms[user]?.[filmId];
  return !!record && (!!record.favoriteSince || (record.rating?.stars ?? 0) >= 4);
};
const watchedBy = (data: GuildData, user: string, filmId: string) => (data.memberFilms[user]?.[filmId]?.diary.length ?? 0) > 0;

/** Checks one reason against the stored data and the catalog: the rule "explanations name true reasons". */
function expectTrue(reason: Reason, data: GuildData, user: string, suggested: Film): void {
  const others = Object.keys(data.memberFilms).filter((other) => other !== user);
  switch (reason.kind) {
    case 'film': {
      const record = data.memberFilms[user]?.[reason.film.filmId];
      expect(record, `a record of ${reason.film.filmId}`).toBeDefined();
      if (reason.via === 'favorite') expect(record!.favoriteSince).toBeDefined();
      if (reason.via === 'rating') expect(record!.rating?.stars).toBe(reason.stars);
      if (reason.via === 'watchlist') expect(record!.watchlistSince).toBeDefined();
      if (reason.via === 'watched') expect(record!.diary.length).toBeGreaterThan(0);
      expect(record!.dislikeSince).toBeUndefined();
      expect(reason.shared.length).toBeGreaterThan(0);
      for (const feature of reason.shared) {
        expect(hasFeature(film(reason.film.filmId), feature), `${reason.film.filmId} has ${feature.label}`).toBe(true);
        expect(hasFeature(suggested, feature), `${suggested.id} has ${feature.label}`).toBe(true);
      }
      break;
    }
    case 'also-loved': {
      // The member loved the film named, and that many other members loved both it and the suggestion.
      expect(lovedBy(data, user, reason.film.filmId), `${user} loved ${reason.film.filmId}`).toBe(true);
      expect(data.memberFilms[user]![reason.film.filmId]!.dislikeSince).toBeUndefined();
      const both = others.filter((other) => lovedBy(data, other, reason.film.filmId) && lovedBy(data, other, suggested.id));
      expect(reason.members).toBeGreaterThan(0);
      expect(reason.members).toBeLessThanOrEqual(both.length);
      for (const feature of reason.shared) {
        expect(hasFeature(film(reason.film.filmId), feature), `${reason.film.filmId} has ${feature.label}`).toBe(true);
        expect(hasFeature(suggested, feature), `${suggested.id} has ${feature.label}`).toBe(true);
      }
      break;
    }
    case 'neighbours':
      expect(reason.loved).toBeLessThanOrEqual(others.filter((other) => lovedBy(data, other, suggested.id)).length);
      expect(reason.watched).toBeLessThanOrEqual(others.filter((other) => watchedBy(data, other, suggested.id)).length);
      expect(reason.loved + reason.watched).toBeGreaterThan(0);
      break;
    case 'server':
      expect(reason.loved).toBe(others.filter((other) => lovedBy(data, other, suggested.id)).length);
      expect(reason.watched).toBe(others.filter((other) => watchedBy(data, other, suggested.id)).length);
      break;
    case 'taste':
      for (const feature of reason.features) {
        expect(hasFeature(suggested, feature)).toBe(true);
        // Some film the member loved has it.
        const loved = Object.keys(data.memberFilms[user] ?? {}).filter((id) => lovedBy(data, user, id));
        expect(loved.some((id) => hasFeature(film(id), feature)), `a loved film with ${feature.label}`).toBe(true);
      }
      break;
    case 'canon':
    case 'watchlist':
      break;
  }
}

describe('explanations', () => {
  it('reads like the issue: "3 members who loved Holy Motors also loved it", with what the films share', () => {
    const club = new ClubBuilder().favorite(ALICE, 'holy-motors-2012', 'irma-vep-1996');
    for (const n of [2, 3, 4]) club.favorite(userId(n), 'holy-motors-2012', 'irma-vep-1996', 'mauvais-sang-1986');
    const data = club.build();
    const top = recommendFor(data, model, ALICE, { limit: 3 }).items[0]!;
    expect(top.film.id).toBe('mauvais-sang-1986');
    expect(top.because).toBe(
      '3 members who loved Holy Motors (directed by Leos Carax, with Denis Lavant) also loved it; you favorited Irma Vep (from France, in French)',
    );
  });

  it('names a rating with its stars, and only films the member marked', () => {
    const data = new ClubBuilder().watch(ALICE, 'stalker-1979', { stars: 4.5 }).build();
    const items = recommendFor(data, model, ALICE, { limit: 3 }).items;
    expect(items[0]!.because).toMatch(/^you rated Stalker ★★★★½ \(directed by Andrei Tarkovsky/);
  });

  /**
   * The property: for any history the diary can produce, every reason of every suggestion is true. fast-check
   * prints the seed and path of a failure; pass them to `replay` below to keep it as a regression example.
   */
  const everyReasonIsTrue = (replay: { seed?: number; path?: string; numRuns?: number } = {}, tuning: Tuning = DEFAULT_TUNING) => {
    const filmIds = FILMS.map((entry) => entry.id!);
    const history = fc.array(
      fc.record({
        member: fc.integer({ min: 1, max: 5 }),
        film: fc.constantFrom(...filmIds),
        kind: fc.constantFrom('watch', 'favorite', 'dislike', 'rate', 'watchlist'),
        stars: fc.integer({ min: 1, max: 10 }).map((halves) => halves / 2),
      }),
      { minLength: 1, maxLength: 70 },
    );
    fc.assert(
      fc.property(history, (events) => {
        const data = buildHistory(events);
        for (let member = 1; member <= 5; member++) expectReasonsTrue(data, userId(member), tuning);
      }),
      { numRuns: 50, ...replay },
    );
  };

  it('every reason is true for that member, whatever the history', () => {
    everyReasonIsTrue();
  });

  it('every reason stays true with the learned item–item model (ease.ts) taking part, even in a club this small', () => {
    // The bot fits it only from `easeMinClub` members on; here it is forced on so the property covers its films.
    everyReasonIsTrue({ numRuns: 40 }, { ...DEFAULT_TUNING, easeMinClub: 1, ease: 1 });
  });

  // Seed 2144359824 once failed: member 5 rates, dislikes, then favorites Andrei Rublev. The test's builder kept
  // the dislike beside the new favorite — a state the diary never leaves (a favorite clears a dislike) — and the
  // recommender rightly cited the favorite. The builder now follows the diary; the seed stays as an example.
  it('regression: rate, dislike, then favorite the same film (fast-check seed 2144359824)', () => {
    const data = buildHistory([
      { member: 5, film: 'andrei-rublev-1966', kind: 'rate', stars: 3.5 },
      { member: 5, film: 'andrei-rublev-1966', kind: 'dislike', stars: 0.5 },
      { member: 5, film: 'andrei-rublev-1966', kind: 'favorite', stars: 0.5 },
      { member: 1, film: 'holy-motors-2012', kind: 'watch', stars: 0.5 },
    ]);
    expect(data.memberFilms[userId(5)]!['andrei-rublev-1966']).toMatchObject({ favoriteSince: expect.any(String) });
    expect(data.memberFilms[userId(5)]!['andrei-rublev-1966']!.dislikeSince).toBeUndefined();
    for (let member = 1; member <= 5; member++) expectReasonsTrue(data, userId(member));
    everyReasonIsTrue({ seed: 2144359824 });
  });
});

interface HistoryEvent {
  member: number;
  film: string;
  kind: string;
  stars: number;
}

function buildHistory(events: readonly HistoryEvent[]): GuildData {
  const club = new ClubBuilder();
  for (const { member, film: filmId, kind, stars } of events) {
    const user = userId(member);
    if (kind === 'watchlist') club.watchlist(user, filmId);
    else club.watch(user, filmId, { favorite: kind === 'favorite', dislike: kind === 'dislike', stars: kind === 'rate' ? stars : undefined });
  }
  return club.build();
}

function expectReasonsTrue(data: GuildData, user: string, tuning: Tuning = DEFAULT_TUNING): void {
  let items;
  try {
    items = recommendFor(data, model, user, { limit: 10, includeWatchlist: true }, tuning).items;
  } catch {
    return; // nothing left to suggest
  }
  for (const item of items) {
    expect(item.reasons.length).toBeGreaterThan(0);
    for (const reason of item.reasons) expectTrue(reason, data, user, item.film);
  }
}
