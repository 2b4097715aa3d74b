import type { Film } from '../catalog/schema.js';
import { filmRef, type FilmRef } from '../club/types.js';
import { hasSeen } from '../club/records.js';
import { contentModelFor, DEFAULT_TUNING, groupFor, LiveClubMatrices, MAX_GROUP, type Tuning } from '../recommend/index.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { person } from './views.js';

type Data = DeepReadonly<GuildData>;

export interface GroupPick {
  film: FilmRef;
  /** Higher is better; only comparable within one ranking. */
  score: number;
  /** Attendees who have it on their watchlist. */
  watchlistedBy: string[];
  /** Short sentences for the card ("On the watchlist of Alice and Bob", "Same director as Stalker (Carol's favorite)"). */
  reasons: string[];
  /** How well the film suits each attendee (0–1, least keen first), when the ranking measures it. */
  fits?: { userId: string; name: string; fit: number }[];
}

export interface GroupRankingRequest {
  /**
   * The server `data` belongs to: with it, a ranking that keeps a model per server can carry it from one snapshot
   * to the next (patching what a write changed) instead of rebuilding it for every request.
   */
  guildId?: string;
  data: Data;
  /** The attendees: none of them may have watched a suggested film. */
  memberIds: readonly string[];
  limit: number;
}

/**
 * Ranks films for a group. The party service depends only on this, so the recommend engine can supply its own
 * (richer) ranking without touching parties.
 */
export interface GroupRanker {
  rankForGroup(request: GroupRankingRequest): GroupPick[] | Promise<GroupPick[]>;
}

/** What the rankings read from the catalog (`Catalog` satisfies it). */
export interface FilmCatalog {
  readonly size: number;
  all(): Iterable<Film>;
  get(id: string): Film | undefined;
}

/** The most attendees a group ranking considers (the recommend engine's limit). */
export const GROUP_MAX = MAX_GROUP;

/**
 * The default group ranking: the recommend engine's (`groupFor`): films none of the attendees has seen or
 * disliked, least misery first (the least keen attendee decides), from their favorites, ratings, watchlists and
 * the club's tastes, with the same learned model and defaults as /recommend. Its explanations become the pick's
 * reasons. `live` may be shared with the `Recommender` so both read one matrix per server.
 */
export function recommendGroupRanker(catalog: FilmCatalog, tuning: Partial<Tuning> = {}, live = new LiveClubMatrices()): GroupRanker {
  const settings = { ...DEFAULT_TUNING, ...tuning };
  return {
    async rankForGroup({ guildId, data, memberIds, limit }) {
      const model = contentModelFor(catalog);
      // The same incremental path as /recommend: after a write only the members whose records changed are patched
      // into the server's club matrix, which groupFor then finds registered for this snapshot. A server's first
      // request since start-up builds it in slices, the event loop free in between.
      if (guildId !== undefined) await live.prepareAsync(guildId, data, model);
      const result = groupFor(data, model, memberIds, { limit: Math.min(25, Math.max(1, limit)) }, settings);
      return result.items.map((item) => ({
        film: filmRef(catalog, item.film.id),
        score: item.score,
        watchlistedBy: result.userIds.filter((userId) => data.memberFilms[userId]?.[item.film.id]?.watchlistSince !== undefined),
        reasons: [...new Set([item.because, ...item.members.map((member) => member.because)].filter((text) => text.length > 0))],
        fits: item.members.map((member) => ({ userId: member.userId, name: member.name, fit: member.fit })),
      }));
    },
  };
}

// How much a shared trait says about taste: a director is a strong signal, a genre a weak one.
const TRAIT_WEIGHTS = { director: 3, theme: 1, cast: 1, genre: 0.5 } as const;
type TraitKind = keyof typeof TRAIT_WEIGHTS;
const CAST_CONSIDERED = 5;
/** Points for each attendee who has the film on their watchlist. */
const WATCHLIST_POINTS = 3;
/** Points for the closest favorite of each attendee (similarity 0–1 times this). */
const NEIGHBOUR_POINTS = 2;
/** Taken off for resemblance to an attendee's dislikes. */
const DISLIKE_POINTS = 1.5;
/** Seeds: favorites count fully, films an attendee rated highly count less. */
const FAVORITE_WEIGHT = 1;
const HIGH_RATING_WEIGHT = 0.6;
const HIGH_RATING = 4;

interface Seed {
  member: number;
  film: Film;
  weight: number;
  positive: boolean;
}

/**
 * A lighter group ranking with no model to build, for tests and small setups: films none of the attendees has seen, scored by how many attendees want to see them
 * (watchlists) and how close they are to each attendee's favorites (shared director, themes, cast, genres: a
 * film's "neighbours"), minus closeness to their dislikes. Each attendee counts once (their closest favorite), so
 * a member with hundreds of favorites does not outweigh the others. Ties: more watchlists, then title.
 */
export function createSimpleGroupRanker(catalog: FilmCatalog): GroupRanker {
  return {
    rankForGroup({ data, memberIds, limit }) {
      const members = [...new Set(memberIds)];
      const seen = new Set<string>();
      const watchlists = new Map<string, string[]>();
      const seeds: Seed[] = [];
      members.forEach((userId, member) => {
        for (const [filmId, record] of Object.entries(data.memberFilms[userId] ?? {})) {
          if (hasSeen(record)) seen.add(filmId);
          if (record.watchlistSince) watchlists.set(filmId, [...(watchlists.get(filmId) ?? []), userId]);
          const film = catalog.get(filmId);
          if (!film) continue;
          if (record.favoriteSince) seeds.push({ member, film, weight: FAVORITE_WEIGHT, positive: true });
          else if ((record.rating?.stars ?? 0) >= HIGH_RATING) seeds.push({ member, film, weight: HIGH_RATING_WEIGHT, positive: true });
          else if (record.dislikeSince) seeds.push({ member, film, weight: 1, positive: false });
        }
      });

      // Trait → seeds having it, so each candidate only meets the seeds it shares something with.
      const bySeedTrait = new Map<string, number[]>();
      seeds.forEach((seed, index) => {
        for (const trait of traitsOf(seed.film)) {
          const list = bySeedTrait.get(trait.key) ?? [];
          list.push(index);
          bySeedTrait.set(trait.key, list);
        }
      });

      const overlap = new Float64Array(seeds.length);
      const strongest: (TraitKind | undefined)[] = new Array(seeds.length);
      const picks: GroupPick[] = [];
      for (const film of catalog.all()) {
        if (seen.has(film.id)) continue;
        const touched: number[] = [];
        for (const trait of traitsOf(film)) {
          for (const index of bySeedTrait.get(trait.key) ?? []) {
            if (overlap[index] === 0) touched.push(index);
            overlap[index] = overlap[index]! + TRAIT_WEIGHTS[trait.kind];
            const current = strongest[index];
            if (!current || TRAIT_WEIGHTS[trait.kind] > TRAIT_WEIGHTS[current]) strongest[index] = trait.kind;
          }
        }
        // Per attendee: the closest liked seed and the closest disliked one.
        const bestLike = new Map<number, { score: number; seed: number }>();
        const worstDislike = new Map<number, number>();
        for (const index of touched) {
          const seed = seeds[index]!;
          const similarity = (1 - Math.exp(-overlap[index]! / 3)) * seed.weight;
          if (seed.positive) {
            const best = bestLike.get(seed.member);
            if (!best || similarity > best.score) bestLike.set(seed.member, { score: similarity, seed: index });
          } else {
            worstDislike.set(seed.member, Math.max(worstDislike.get(seed.member) ?? 0, similarity));
          }
        }
        const watchers = watchlists.get(film.id) ?? [];
        let score = watchers.length * WATCHLIST_POINTS;
        for (const { score: similarity } of bestLike.values()) score += similarity * NEIGHBOUR_POINTS;
        for (const similarity of worstDislike.values()) score -= similarity * DISLIKE_POINTS;
        if (score > 0 && (watchers.length > 0 || bestLike.size > 0)) {
          picks.push({ film: filmRef(catalog, film.id), score, watchlistedBy: watchers, reasons: reasonsFor(data, members, seeds, watchers, bestLike, strongest) });
        }
        for (const index of touched) {
          overlap[index] = 0;
          strongest[index] = undefined;
        }
      }
      return picks
        .sort((a, b) => b.score - a.score || b.watchlistedBy.length - a.watchlistedBy.length || a.film.title.localeCompare(b.film.title))
        .slice(0, Math.max(0, limit));
    },
  };
}

function traitsOf(film: Film): { key: string; kind: TraitKind }[] {
  const traits: { key: string; kind: TraitKind }[] = [];
  const add = (kind: TraitKind, value: string) => traits.push({ key: `${kind}:${value.trim().toLowerCase()}`, kind });
  for (const director of film.directors) add('director', director);
  for (const member of film.cast.slice(0, CAST_CONSIDERED)) add('cast', member.name);
  for (const theme of film.themes) add('theme', theme);
  for (const genre of film.genres) add('genre', genre);
  // A film listing a name twice (a director who also acts is fine: different kinds) must not count it twice.
  const unique = new Map(traits.map((trait) => [trait.key, trait]));
  return [...unique.values()];
}

const TRAIT_PHRASES: Record<TraitKind, string> = {
  director: 'Same director as',
  theme: 'Shares themes with',
  cast: 'Shares cast with',
  genre: 'Same genre as',
};

function reasonsFor(
  data: Data,
  members: readonly string[],
  seeds: readonly Seed[],
  watchers: readonly string[],
  bestLike: ReadonlyMap<number, { score: number; seed: number }>,
  strongest: readonly (TraitKind | undefined)[],
): string[] {
  const reasons: string[] = [];
  if (watchers.length > 0) {
    const names = watchers.map((userId) => person(data, userId).name);
    reasons.push(`On the watchlist of ${joinNames(names)}`);
  }
  const likes = [...bestLike.entries()].sort(([, a], [, b]) => b.score - a.score).slice(0, 2);
  for (const [member, { seed: index }] of likes) {
    const seed = seeds[index]!;
    const kind = strongest[index] ?? 'genre';
    const whose = person(data, members[member]!).name;
    const relation = seed.weight === FAVORITE_WEIGHT ? 'favorite' : 'high rating';
    reasons.push(`${TRAIT_PHRASES[kind]} ${seed.film.title} (${whose}'s ${relation})`);
  }
  return reasons;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
}
