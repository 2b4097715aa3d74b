import { join } from 'node:path';
import { Film, filmIdFor } from '../../src/catalog/schema.js';
import { readMovieTweetingsMovies, readMovieTweetingsRatings, type MovieTweetingsRating } from '../../src/import/movietweetings.js';
import { GuildData, SCHEMA_VERSION, type MemberFilm } from '../../src/store/schema.js';
import { Rng } from './rng.js';

/**
 * MovieTweetings as a film club (the protocol of issue #15): each user with enough ratings is a member; a rating
 * of 9–10 is a favorite, 0–4 a dislike, and every rating is a viewing with stars = rating / 2 (½ at least).
 */
export const FAVORITE_FROM = 9;
export const DISLIKE_UP_TO = 4;
export const MIN_RATINGS = 20;

export interface MovieTweetings {
  films: Film[];
  /** Ratings of catalog films, by user, for users with at least MIN_RATINGS of them (user ids ascending). */
  users: { user: string; ratings: { filmId: string; rating: number; at: number }[] }[];
  skippedLines: number;
}

export async function loadMovieTweetings(dir: string): Promise<MovieTweetings> {
  const movies = await readMovieTweetingsMovies(join(dir, 'movies.dat'));
  const ratings = await readMovieTweetingsRatings(join(dir, 'ratings.dat'));
  const films: Film[] = [];
  const filmOfImdb = new Map<string, string>();
  const ids = new Set<string>();
  for (const movie of movies.values) {
    const base = filmIdFor(movie.title, movie.year);
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    const parsed = Film.safeParse({ id, title: movie.title, year: movie.year, genres: movie.genres, externalIds: { imdb: movie.imdb } });
    if (!parsed.success) continue;
    ids.add(id);
    films.push(parsed.data);
    filmOfImdb.set(movie.imdb, id);
  }
  const byUser = new Map<string, MovieTweetingsRating[]>();
  for (const rating of ratings.values) {
    if (!filmOfImdb.has(rating.imdb)) continue;
    let list = byUser.get(rating.user);
    if (!list) byUser.set(rating.user, (list = []));
    list.push(rating);
  }
  const users = [...byUser.entries()]
    .map(([user, list]) => {
      // A film rated twice counts once, with its latest rating.
      const latest = new Map<string, { filmId: string; rating: number; at: number }>();
      for (const rating of [...list].sort((a, b) => a.at - b.at)) {
        const filmId = filmOfImdb.get(rating.imdb)!;
        latest.set(filmId, { filmId, rating: rating.rating, at: rating.at });
      }
      return { user, ratings: [...latest.values()] };
    })
    .filter((entry) => entry.ratings.length >= MIN_RATINGS)
    .sort((a, b) => Number(a.user) - Number(b.user));
  return { films, users, skippedLines: movies.problems.length + ratings.problems.length };
}

export const memberIdOf = (user: string) => String(300000000000000000n + BigInt(user));

/** A club of `size` members drawn from the users (all of them when `size` is larger). */
export function sampleClub(source: MovieTweetings, size: number, seed: number): MovieTweetings['users'] {
  if (size >= source.users.length) return source.users;
  return new Rng(seed).sample(source.users, size).sort((a, b) => Number(a.user) - Number(b.user));
}

function recordOf(rating: number, at: number): MemberFilm {
  const when = new Date(at * 1000).toISOString();
  const record: MemberFilm = {
    diary: [{ id: at.toString(36), watchedOn: when.slice(0, 10), loggedAt: when }],
    rating: { stars: Math.max(0.5, rating / 2), at: when },
  };
  if (rating >= FAVORITE_FROM) record.favoriteSince = when;
  if (rating <= DISLIKE_UP_TO) record.dislikeSince = when;
  return record;
}

/** The club's stored data, as the diary would hold it after members logged their ratings. */
export function clubData(members: MovieTweetings['users']): GuildData {
  const data = GuildData.parse({ version: SCHEMA_VERSION });
  for (const { user, ratings } of members) {
    const id = memberIdOf(user);
    data.members[id] = `User ${user}`;
    const records: Record<string, MemberFilm> = {};
    for (const { filmId, rating, at } of ratings) records[filmId] = recordOf(rating, at);
    data.memberFilms[id] = records;
  }
  return data;
}

export const MIN_FAVORITES_TO_TEST = 4;

/**
 * Hides `share` of the favorites of every member with at least MIN_FAVORITES_TO_TEST (the whole record: as far as
 * the recommender knows, the member never saw the film). Returns the data without them and what was hidden.
 */
export function hideFavorites(data: GuildData, share: number, seed: number): { data: GuildData; hidden: Map<string, string[]> } {
  const rng = new Rng(seed);
  const kept: GuildData = { ...data, memberFilms: {} };
  const hidden = new Map<string, string[]>();
  for (const [userId, records] of Object.entries(data.memberFilms)) {
    const favorites = Object.keys(records).filter((id) => records[id]!.favoriteSince);
    const copy = { ...records };
    if (favorites.length >= MIN_FAVORITES_TO_TEST) {
      const hide = rng.sample(favorites, Math.max(1, Math.round(favorites.length * share)));
      for (const id of hide) delete copy[id];
      hidden.set(userId, hide);
    }
    kept.memberFilms[userId] = copy;
  }
  return { data: kept, hidden };
}
