import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { type ClubMatrix, clubMatrixFor } from './club.js';
import { diversify, type Ranked } from './diversify.js';
import type { ContentModel } from './features.js';
import { type AppliedFilters, compileFilter, FilterInput } from './filters.js';
import { becauseText, type Reason } from './reasons.js';
import { parseOptions, parseUserId } from './validate.js';
import {
  blendScores,
  DEFAULT_TUNING,
  excludedSlots,
  explain,
  isColdStart,
  type MemberContext,
  memberContext,
  serverReason,
  type Tuning,
} from './scoring.js';

export const MAX_RESULTS = 25;

export const RecommendOptions = FilterInput.extend({
  limit: z.number().int().min(1).max(MAX_RESULTS).default(10),
  /** Also suggest films already on the member's watchlist (off by default: they know about those). */
  includeWatchlist: z.boolean().default(false),
}).strict();
export type RecommendOptions = z.input<typeof RecommendOptions>;

export interface Suggestion {
  film: Film;
  /** Ranking score; only the order means anything. */
  score: number;
  reasons: Reason[];
  /** The reasons as one line: "you favorited Holy Motors (directed by Leos Carax); 3 members with your taste loved it". */
  because: string;
}

export interface Recommendations {
  userId: string;
  /** `personal`: from the member's own marks and neighbours; `cold-start`: they have none yet. */
  mode: 'personal' | 'cold-start';
  items: Suggestion[];
  filters: AppliedFilters;
  /** Films that passed the filters and the member has not seen. */
  candidates: number;
  /** Members whose taste overlaps (personal mode). */
  neighbours: number;
}

type Data = DeepReadonly<GuildData>;

/** Candidate slots: passing the filter and not excluded. */
export function candidateSlots(model: ContentModel, test: (slot: number) => boolean, excluded: Uint8Array): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < model.size; slot++) if (!excluded[slot] && test(slot)) slots.push(slot);
  return slots;
}

/**
 * Personal recommendations for one member of a server: unseen films scored from their marks (content) and from
 * members with overlapping histories (neighbours), with a little of the server's taste, varied, each with its
 * reasons. A member with no history gets the cold-start answer: the server's favourites, then the catalog's canon.
 */
export function recommendFor(
  data: Data,
  model: ContentModel,
  userId: string,
  input: RecommendOptions = {},
  tuning: Tuning = DEFAULT_TUNING,
): Recommendations {
  const member = parseUserId(userId);
  const options = parseOptions(RecommendOptions, input, 'recommendation options');
  const filter = compileFilter(model, options);
  const matrix = clubMatrixFor(data, model);
  const context = memberContext(model, matrix, member, tuning);
  const excluded = excludedSlots(context, model.size, options.includeWatchlist);
  const candidates = candidateSlots(model, filter.test, excluded);
  if (candidates.length === 0) {
    throw new UserError(`There is no ${filter.describe()} left that hasn't been watched already.`);
  }

  if (isColdStart(context)) {
    const ranked = coldStartRanking(model, matrix, candidates);
    const picked = diversify(model, ranked, options.limit, { perDirector: 1, variety: 0.35 });
    return {
      userId: member,
      mode: 'cold-start',
      items: picked.map(({ slot, score }) => suggestion(model.films[slot]!, score, [serverReason(matrix, slot) ?? { kind: 'canon' }])),
      filters: filter.applied,
      candidates: candidates.length,
      neighbours: 0,
    };
  }

  const picked = rankPersonal(context, candidates, options.limit, tuning);
  return {
    userId: member,
    mode: 'personal',
    items: picked.map(({ slot, score }) => suggestion(model.films[slot]!, score, explain(context, slot))),
    filters: filter.applied,
    candidates: candidates.length,
    neighbours: context.neighbours.length,
  };
}

/** The member's best `limit` candidates, varied. */
export function rankPersonal(context: MemberContext, candidates: readonly number[], limit: number, tuning: Tuning): Ranked[] {
  const scores = blendScores(context, candidates, tuning);
  const ranked = candidates.map((slot, i) => ({ slot, score: scores[i]! }));
  return diversify(context.model, topOf(ranked, limit * 5), limit, { perDirector: tuning.perDirector, variety: tuning.variety });
}

/**
 * For a member with no history: what the server loved (by members' votes), then the catalog's canon, and last the
 * films the server's votes are against. Server favourites score above 1, canon in [0, 1], the rest below 0. Same
 * order as `candidates`.
 */
export function coldStartScores(model: ContentModel, matrix: ClubMatrix, candidates: readonly number[]): Float64Array {
  let best = 0;
  for (const slot of candidates) best = Math.max(best, matrix.serverScore[slot]!);
  return Float64Array.from(candidates, (slot) => {
    const votes = matrix.serverScore[slot]!;
    if (matrix.lovers[slot]! > 0 && votes > 0) return 1 + votes / best;
    return votes < 0 ? model.canon[slot]! - 1 : model.canon[slot]!;
  });
}

export function coldStartRanking(model: ContentModel, matrix: ClubMatrix, candidates: readonly number[]): Ranked[] {
  const scores = coldStartScores(model, matrix, candidates);
  return topOf(
    candidates.map((slot, i) => ({ slot, score: scores[i]! })),
    200,
  );
}

/** The `count` best by score (ties by slot), without sorting the whole catalog when it is large. */
export function topOf(ranked: Ranked[], count: number): Ranked[] {
  if (ranked.length > count * 8) {
    // On a 36k-film catalog, a numeric typed-array sort to find the cut-off is much cheaper than sorting objects.
    const scores = Float64Array.from(ranked, (item) => item.score).sort();
    const threshold = scores[scores.length - 1 - count]!;
    ranked = ranked.filter((item) => item.score >= threshold);
  }
  return ranked.sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, count);
}

export function suggestion(film: Film, score: number, reasons: Reason[]): Suggestion {
  return { film, score, reasons, because: becauseText(reasons) };
}
