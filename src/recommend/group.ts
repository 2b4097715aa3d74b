import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { clubMatrixFor } from './club.js';
import { diversify } from './diversify.js';
import type { ContentModel } from './features.js';
import { type AppliedFilters, compileFilter, FilterInput } from './filters.js';
import { coldStartScores, candidateSlots, topOf } from './personal.js';
import { becauseText, type Reason } from './reasons.js';
import { blendScores, DEFAULT_TUNING, explain, isColdStart, type MemberContext, memberContext, serverReason, type Tuning } from './scoring.js';
import { DISLIKE, SEEN, WATCHLIST } from './signals.js';
import { parseOptions } from './validate.js';

export const MAX_GROUP = 25;

export const GroupOptions = FilterInput.extend({
  limit: z.number().int().min(1).max(25).default(10),
}).strict();
export type GroupOptions = z.input<typeof GroupOptions>;

const GroupMembers = z
  .array(Snowflake)
  .min(1, 'a group needs at least one member')
  .max(MAX_GROUP, `a group has at most ${MAX_GROUP} members`)
  .transform((ids) => [...new Set(ids)]);

/** How the average tempers least misery: the weakest fit decides, the others' enthusiasm breaks near-ties. */
const MEAN_SHARE = 0.1;

export interface MemberFit {
  userId: string;
  /** Display name as last seen (never a mention). */
  name: string;
  /** Where the film stands among this member's options: 1 their best, 0 their worst. */
  fit: number;
  reasons: Reason[];
  /** The member's reasons in the third person: "Alice favorited Holy Motors (directed by Leos Carax)". */
  because: string;
}

export interface GroupSuggestion {
  film: Film;
  score: number;
  /** Every member's fit, least keen first. */
  members: MemberFit[];
  /** Group-level reasons (who has it on their watchlist). */
  reasons: Reason[];
  because: string;
}

export interface GroupRecommendations {
  userIds: string[];
  items: GroupSuggestion[];
  filters: AppliedFilters;
  /** Films that passed the filters and no member has seen. */
  candidates: number;
}

/**
 * Films for a group to watch together: never one any of them has seen or disliked, ranked by least misery: each
 * member's fit is the film's percentile among their own scores, and the group score is the lowest fit (plus a
 * tenth of the mean), so a film one member would hate sinks however much the others want it.
 */
export function groupFor(
  data: DeepReadonly<GuildData>,
  model: ContentModel,
  userIds: readonly string[],
  input: GroupOptions = {},
  tuning: Tuning = DEFAULT_TUNING,
): GroupRecommendations {
  const membersParsed = GroupMembers.safeParse(userIds);
  if (!membersParsed.success) throw new UserError(`Invalid group: ${membersParsed.error.issues[0]?.message ?? 'bad member list'}.`);
  const ids = membersParsed.data;
  const options = parseOptions(GroupOptions, input, 'options');
  const filter = compileFilter(model, options);
  const matrix = clubMatrixFor(data, model);
  const contexts = ids.map((userId) => memberContext(model, matrix, userId, tuning));

  const excluded = new Uint8Array(model.size);
  for (const { row } of contexts) {
    row?.items.forEach((id, i) => {
      const slot = matrix.slotOfItem[id]!;
      if (slot >= 0 && row.flags[i]! & (SEEN | DISLIKE)) excluded[slot] = 1;
    });
  }
  const candidates = candidateSlots(model, filter.test, excluded);
  if (candidates.length === 0) throw new UserError(`There is no ${filter.describe()} that none of you has seen.`);

  const fits = contexts.map((context) => {
    const scores = isColdStart(context) ? coldStartScores(model, matrix, candidates) : blendScores(context, candidates, tuning);
    return percentiles(scores);
  });
  const ranked = candidates.map((slot, i) => {
    let min = 1;
    let sum = 0;
    for (const fit of fits) {
      min = Math.min(min, fit[i]!);
      sum += fit[i]!;
    }
    return { slot, score: min + (MEAN_SHARE * sum) / fits.length, at: i };
  });
  const position = new Map(candidates.map((slot, i) => [slot, i]));
  const picked = diversify(model, topOf(ranked, options.limit * 5), options.limit, {
    perDirector: tuning.perDirector,
    variety: tuning.variety,
  });

  const items = picked.map(({ slot, score }) => {
    const at = position.get(slot)!;
    const members = contexts
      .map((context, m) => memberFit(context, ids[m]!, data, slot, fits[m]![at]!))
      .sort((a, b) => a.fit - b.fit || a.name.localeCompare(b.name));
    const listedBy = contexts
      .map((context, m) => (context.row && matrix.flagsAt(context.row, slot) & WATCHLIST ? nameOf(data, ids[m]!) : undefined))
      .filter((name): name is string => name !== undefined);
    const reasons: Reason[] = listedBy.length ? [{ kind: 'watchlist', names: listedBy }] : [];
    const least = members[0]!;
    const line = [becauseText(reasons), ids.length > 1 ? `least keen: ${least.name} (${Math.round(least.fit * 100)}% fit)` : '']
      .filter(Boolean)
      .join('; ');
    return { film: model.films[slot]!, score, members, reasons, because: line };
  });
  return { userIds: ids, items, filters: filter.applied, candidates: candidates.length };
}

function nameOf(data: DeepReadonly<GuildData>, userId: string): string {
  return data.members[userId] ?? 'a member';
}

function memberFit(context: MemberContext, userId: string, data: DeepReadonly<GuildData>, slot: number, fit: number): MemberFit {
  const name = nameOf(data, userId);
  const reasons = isColdStart(context) ? [serverReason(context.matrix, slot) ?? { kind: 'canon' as const }] : explain(context, slot, 1);
  return { userId, name, fit, reasons, because: becauseText(reasons, name) };
}

/** Each score's percentile among all of them (ties share their average rank): 1 best, 0 worst. */
export function percentiles(scores: Float64Array): Float64Array {
  const n = scores.length;
  const result = new Float64Array(n);
  if (n === 1) {
    result[0] = 1;
    return result;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const rank = (start + end) / 2 / (n - 1);
    for (let k = start; k <= end; k++) result[order[k]!] = rank;
    start = end + 1;
  }
  return result;
}
