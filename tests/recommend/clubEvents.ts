import fc from 'fast-check';
import type { ContentModel } from '../../src/recommend/features.js';
import { groupFor } from '../../src/recommend/group.js';
import { recommendFor } from '../../src/recommend/personal.js';
import type { GuildData } from '../../src/store/schema.js';
import { FILMS, userId, type ClubBuilder } from './helpers.js';

/** One thing a member does to a film of the test catalog, for property tests of the recommender's state. */
export function clubEvent(members: number) {
  return fc.record({
    member: fc.integer({ min: 1, max: members }),
    film: fc.constantFrom(...FILMS.map((film) => film.id!)),
    kind: fc.constantFrom('watch', 'favorite', 'dislike', 'rate', 'watchlist'),
    stars: fc.integer({ min: 1, max: 10 }).map((halves) => halves / 2),
  });
}
export type ClubEvent = ReturnType<typeof clubEvent> extends fc.Arbitrary<infer T> ? T : never;

export function applyEvents(club: ClubBuilder, events: readonly ClubEvent[]): void {
  for (const { member, film, kind, stars } of events) {
    const user = userId(member);
    if (kind === 'watchlist') club.watchlist(user, film);
    else club.watch(user, film, { favorite: kind === 'favorite', dislike: kind === 'dislike', stars: kind === 'rate' ? stars : undefined });
  }
}

/** Everything a member sees that the recommender decides: suggestions, scores and reasons, per member, and a group's. */
export function memberAnswers(data: GuildData, model: ContentModel) {
  const users = Object.keys(data.memberFilms).sort();
  return {
    personal: users.map((user) => {
      try {
        return recommendFor(data, model, user, { limit: 10 }).items.map((item) => [item.film.id, item.score, item.because]);
      } catch (error) {
        return (error as Error).message;
      }
    }),
    group: users.length >= 2 ? groupFor(data, model, users.slice(0, 3)).items.map((item) => [item.film.id, item.score, item.because]) : [],
  };
}
