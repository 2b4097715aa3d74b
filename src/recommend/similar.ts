import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { quote, UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { type ClubMatrix, clubMatrixFor } from './club.js';
import type { ContentModel, SharedFeature } from './features.js';
import { type AppliedFilters, compileFilter, FilterInput } from './filters.js';
import { parseOptions, parseUserId } from './validate.js';
import { featureText } from './reasons.js';
import { DEFAULT_TUNING } from './scoring.js';
import { SEEN } from './signals.js';
import { gradeOf, lovedBoth, targetWatchFor, walkKey, walkRowOf } from './walk.js';

/** A film needs this many members who logged it before what they went on to love says more than its facts. */
export const LEARNED_MIN_MEMBERS = 5;

export const SimilarOptions = FilterInput.extend({
  limit: z.number().int().min(1).max(25).default(10),
  /** Leave out films the member (see `SimilarContext`) has seen. */
  unseen: z.boolean().default(false),
}).strict();
export type SimilarOptions = z.input<typeof SimilarOptions>;

export interface SimilarFilm {
  film: Film;
  /** Cosine similarity of the two films' feature vectors, 0–1. */
  similarity: number;
  /** What the two films share, most telling first. */
  shared: SharedFeature[];
  /** The shared facts as words: "directed by Leos Carax, Surreal and dreamlike, Drama". */
  because: string;
  /** Whether the member asking has seen it (only when a member is given). */
  seen?: boolean;
  /** Members who loved both films, when the club's histories ranked it (see `SimilarFilms.learned`). */
  lovedTogether?: number;
}

export interface SimilarFilms {
  film: Film;
  items: SimilarFilm[];
  /**
   * Whether the club's histories took part: with a member asking and at least LEARNED_MIN_MEMBERS members who
   * logged the film, films are ranked by their content similarity plus the learned item–item similarity (what
   * members who logged it thought of other films, as in the recommender's walk).
   */
  learned: boolean;
  filters: AppliedFilters;
}

/** Who is asking, so results can say what they have seen (and leave it out with `unseen`). */
export interface SimilarContext {
  data: DeepReadonly<GuildData>;
  userId: string;
}

/** Films most like `filmId` by cosine similarity of their content vectors. */
export function similarTo(model: ContentModel, filmId: string, input: SimilarOptions = {}, asker?: SimilarContext): SimilarFilms {
  const options = parseOptions(SimilarOptions, input, 'options');
  const slot = model.slotOf(filmId);
  if (slot === undefined) throw new UserError(`I don't know a film with the id ${quote(filmId, 90)}; pick one from the suggestions.`);
  const filter = compileFilter(model, options);
  let seen: ((slot: number) => boolean) | undefined;
  if (asker) {
    const matrix = clubMatrixFor(asker.data, model);
    const row = matrix.row(parseUserId(asker.userId));
    seen = (other) => (row ? (matrix.flagsAt(row, other) & SEEN) !== 0 : false);
  } else if (options.unseen) {
    throw new UserError('I need to know whose viewings to leave out.');
  }
  const accept = (other: number) => filter.test(other) && !(options.unseen && seen?.(other));
  const matrix = asker ? clubMatrixFor(asker.data, model) : undefined;
  const learned = matrix ? learnedSimilarity(matrix, slot, model.size) : undefined;
  const ranked = learned ? blended(model, slot, learned, options.limit, accept) : model.similar(slot, options.limit, accept);
  const items = ranked.map(({ slot: other }) => {
    const shared = model.sharedFeatures(slot, other, 3);
    const together = learned && matrix ? lovedTogether(matrix, slot, other) : 0;
    return {
      film: model.films[other]!,
      similarity: Math.min(1, model.similarity(slot, other)),
      shared,
      because: shared.map(featureText).join(', '),
      ...(seen ? { seen: seen(other) } : {}),
      ...(together > 0 ? { lovedTogether: together } : {}),
    };
  });
  return { film: model.films[slot]!, items, filters: filter.applied, learned: learned !== undefined };
}

/**
 * For every film, Σ over the members who logged `slot` of (what they thought of it) × (what they thought of the
 * film), over √(members who logged each): a cosine-like item–item similarity learned from the club.
 */
function learnedSimilarity(matrix: ClubMatrix, slot: number, size: number): Float64Array | undefined {
  const item = matrix.itemOfSlot[slot]!;
  if (item < 0) return undefined;
  const members = matrix.itemMembers[item]!;
  if (members.length < LEARNED_MIN_MEMBERS) return undefined;
  const flags = matrix.itemFlags[item]!;
  const scores = new Float64Array(size);
  const targetWatch = targetWatchFor(DEFAULT_TUNING, matrix.rows.length);
  const key = walkKey(DEFAULT_TUNING, targetWatch);
  for (let k = 0; k < members.length; k++) {
    const grade = gradeOf(flags[k]!, DEFAULT_TUNING);
    if (grade === 0) continue;
    // The member's films and grades as the walk caches them (0 for films the catalog no longer has: nothing to add).
    const { slots, grades } = walkRowOf(matrix, matrix.rows[members[k]!]!, DEFAULT_TUNING, targetWatch, key);
    for (let i = 0; i < slots.length; i++) if (grades[i] !== 0) scores[slots[i]!]! += grade * grades[i]!;
  }
  scores[slot] = 0;
  for (let other = 0; other < size; other++) {
    if (scores[other] !== 0) scores[other]! /= Math.sqrt(members.length * Math.max(1, matrix.watchers[other]!));
  }
  return scores;
}

/** Content similarity plus the learned one scaled to the same range (its best candidate scores 1). */
function blended(model: ContentModel, slot: number, learned: Float64Array, limit: number, accept: (slot: number) => boolean) {
  const content = new Float64Array(model.size);
  const profile = new Map<number, number>();
  model.addToProfile(profile, slot, 1);
  model.scoreProfile(profile, content);
  let best = 0;
  for (let other = 0; other < model.size; other++) if (other !== slot && accept(other)) best = Math.max(best, learned[other]!);
  const found: { slot: number; score: number }[] = [];
  for (let other = 0; other < model.size; other++) {
    if (other === slot || !accept(other)) continue;
    const score = content[other]! + (best > 0 ? Math.max(0, learned[other]!) / best : 0);
    if (score > 0) found.push({ slot: other, score });
  }
  return found.sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, limit);
}

/** Members who loved (favorite or ≥ 4★, not loathed) both films. */
function lovedTogether(matrix: ClubMatrix, a: number, b: number): number {
  const [first, second] = [matrix.itemOfSlot[a]!, matrix.itemOfSlot[b]!];
  if (first < 0 || second < 0) return 0;
  return lovedBoth(matrix, first, second);
}
