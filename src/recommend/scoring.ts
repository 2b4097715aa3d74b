import { type ClubMatrix, type MemberRow, type Neighbour, neighbourCounts, neighbourScores, neighboursOf } from './club.js';
import { type EaseTuning, easeScores } from './ease.js';
import type { ContentModel } from './features.js';
import type { Reason } from './reasons.js';
import { DISLIKE, FAVORITE, LOVED, SEEN, WATCHLIST } from './signals.js';
import { alsoLoved, walkScores, type WalkTuning } from './walk.js';

/** The recommender's knobs. The defaults are what the benchmark (bench/recommend.ts) measures. */
export interface Tuning extends WalkTuning, EaseTuning {
  /** Weights of the signals once each is scaled to the candidates' best. */
  content: number;
  /** The learned item–item signal (walk.ts). */
  walk: number;
  neighbours: number;
  server: number;
  /** The server's weight for a member without neighbours, when content is the only personal signal. */
  serverWithoutNeighbours: number;
  /**
   * Weight of a negative content score (the film resembles what the member disliked or rated low). Stronger than
   * `content`: a member's explicit dislikes should outweigh neighbours who happen to love that director.
   */
  aversion: number;
  neighbourCount: number;
  minNeighbourSimilarity: number;
  shrinkage: number;
  /** At most this many films by one director per ten suggestions. */
  perDirector: number;
  /** How strongly a pick is held back for resembling films already picked (0: not at all). */
  variety: number;
}

// Chosen on real members' ratings (MovieTweetings, clubs of 50, 300 and all 595 users, validation splits that
// never see the benchmark's hidden favorites; `npm run bench:recommend -- --tune-marquee`, bench/RECOMMEND.md):
// the item–item walk carries the ranking; plain watches count half a favorite when finding alike members but
// little in what they propose (the aim is films the member will love, not merely watch) — except in small clubs,
// where favorites are too few to go by (`smallClubTargetWatch`); popular films are damped (β 0.3) but with a prior
// of 15 members, so that in a small club a film one member saw is not lifted above what several loved; content
// reorders a little and carries films few members logged. Neighbours
// add nothing measurable there once the walk is in, so they only explain ("3 members with your taste loved it").
// Dislikes count against in the walk (`loathed`) and in content (`aversion`, set for the rule "a disliked
// director's films fall", which neither benchmark rewards).
//
// The learned model (ease.ts: EASE on the same graded records, λ 100, films at least 3 members graded, at most
// 1,500) was chosen on the same validation splits pooled over three validation seeds per sample (bench/recommendBlend.ts,
// bench/RECOMMEND.md), because one seed's differences were inside its noise. From 150 members on it is fused with the
// walk by reciprocal rank (k 60: a plain sum of the two scaled scores scored below the walk alone on HR@10 at every
// size), without the server's popularity and with content's aversion at 0.2 (on MovieTweetings content is genres
// and year, and a full-strength aversion cost 0.01 HR@10): NDCG@10 0.111 → 0.112 at 300 members, 0.114 → 0.121 with all 595, HR@10
// within ±0.005. In a club of 50 every blend with it scored below the walk alone (0.28 → 0.25–0.27 HR@10), hence
// `easeMinClub`; λ 100 beat 300 and 1000 at 300 and 595 members, as it did for the graded-EASE baseline.
// Clubs of 50 were searched again over twelve club samples × three validation seeds, each setting paired with these
// (`npx tsx bench/recommendBlend.ts --small`): no popularity prior, damping exponent, content or model weight gained
// more than 0.003 HR@10 or NDCG@10 there, so the small-club defaults are these too.
export const DEFAULT_TUNING: Readonly<Tuning> = {
  content: 0.1,
  walk: 1,
  plainWatch: 0.5,
  targetWatch: 0.05,
  smallClubTargetWatch: 0.2,
  smallClubMembers: 100,
  lovedRating: 0.5,
  loathed: 0.25,
  walkAlpha: 0.4,
  walkBeta: 0.3,
  walkPrior: 15,
  neighbours: 0,
  server: 0.15,
  serverWithoutNeighbours: 0.75,
  aversion: 1,
  neighbourCount: 30,
  minNeighbourSimilarity: 0.05,
  shrinkage: 3,
  perDirector: 2,
  variety: 0.1,
  ease: 1,
  easeLambda: 100,
  easeMinMembers: 3,
  easeMaxFilms: 1500,
  easeWatch: 0.2,
  easeMinClub: 150,
  easeFusion: 60,
  easeAversion: 0.2,
};

/** A film must be at least this similar to a marked one for the mark to be named as a reason. */
const EXPLAIN_MIN_SIMILARITY = 0.12;

/** Everything known about one member's taste, computed once per request. */
export interface MemberContext {
  model: ContentModel;
  matrix: ClubMatrix;
  row?: MemberRow;
  /** Feature id → weight: the member's marks summed over their films' vectors. */
  profile: Map<number, number>;
  /** The same over only the films they loved (favorite or ≥4★): what "it has what you like" may name. */
  loved: Map<number, number>;
  /** Decades of the films they loved. */
  lovedDecades: Set<number>;
  neighbours: Neighbour[];
  /** Per model slot: profile · film, the neighbours' weighted votes, and the item–item walk. */
  content: Float64Array;
  collaborative: Float64Array;
  walk: Float64Array;
  /** The learned item–item model's scores (ease.ts); all 0 while the server has no fitted model. */
  ease: Float64Array;
}

export function memberContext(model: ContentModel, matrix: ClubMatrix, userId: string, tuning: Tuning): MemberContext {
  const row = matrix.row(userId);
  const profile = new Map<number, number>();
  const loved = new Map<number, number>();
  const lovedDecades = new Set<number>();
  const content = new Float64Array(model.size);
  let neighbours: Neighbour[] = [];
  if (row) {
    row.items.forEach((id, i) => {
      const slot = matrix.slotOfItem[id]!;
      const weight = row.taste[i]!;
      if (slot < 0) return;
      if (weight !== 0) model.addToProfile(profile, slot, weight);
      if (row.flags[i]! & LOVED && !(row.flags[i]! & DISLIKE)) {
        model.addToProfile(loved, slot, 1);
        lovedDecades.add(Math.floor(model.films[slot]!.year / 10) * 10);
      }
    });
    model.scoreProfile(profile, content);
    neighbours = neighboursOf(matrix, row, {
      count: tuning.neighbourCount,
      minSimilarity: tuning.minNeighbourSimilarity,
      shrinkage: tuning.shrinkage,
    });
  }
  const collaborative = neighbourScores(matrix, neighbours, model.size);
  const walk = row && tuning.walk > 0 ? walkScores(matrix, row, model.size, tuning) : new Float64Array(model.size);
  const fitted = row && tuning.ease > 0 ? matrix.ease.modelFor(matrix, tuning) : undefined;
  const ease = fitted && row ? easeScores(fitted, matrix, row, model.size, tuning) : new Float64Array(model.size);
  return { model, matrix, row, profile, loved, lovedDecades, neighbours, content, collaborative, walk, ease };
}

/** Nothing to personalise with: no marks on catalog films and no member with an overlapping history. */
export function isColdStart(context: MemberContext): boolean {
  return context.profile.size === 0 && context.neighbours.length === 0;
}

/**
 * Slots the member must never be offered: anything they watched or disliked, and (unless asked) what is already on
 * their watchlist, which they know about.
 */
export function excludedSlots(context: Pick<MemberContext, 'matrix' | 'row'>, size: number, includeWatchlist: boolean): Uint8Array {
  const excluded = new Uint8Array(size);
  const { matrix, row } = context;
  if (!row) return excluded;
  const mask = SEEN | DISLIKE | (includeWatchlist ? 0 : WATCHLIST);
  row.items.forEach((id, i) => {
    const slot = matrix.slotOfItem[id]!;
    if (slot >= 0 && row.flags[i]! & mask) excluded[slot] = 1;
  });
  return excluded;
}

function maxPositive(values: Float64Array, slots: readonly number[]): number {
  let max = 0;
  for (const slot of slots) max = Math.max(max, values[slot]!);
  return max;
}

function maxAbsolute(values: Float64Array, slots: readonly number[]): number {
  let max = 0;
  for (const slot of slots) max = Math.max(max, Math.abs(values[slot]!));
  return max;
}

/**
 * The blended score of each candidate (same order as `candidates`): content, neighbours and the server's overall
 * taste, each scaled so the best candidate scores 1, then weighted. Content alone ignores how good and how known a
 * film is, so it reorders what the club's votes propose rather than overriding them.
 */
export function blendScores(context: MemberContext, candidates: readonly number[], tuning: Tuning): Float64Array {
  const { content, collaborative, matrix } = context;
  // Scaled by the best positive score; a member with only dislikes so far gets their strongest aversion as scale.
  const contentScale = maxPositive(content, candidates) || maxAbsolute(content, candidates);
  const neighbourScale = maxPositive(collaborative, candidates);
  const easeScale = maxPositive(context.ease, candidates);
  // With the learned model, the walk and it are fused by rank (see `EaseTuning.easeFusion`): their raw scales are
  // unrelated, and each is sharpest at its top.
  const fused = easeScale > 0 && tuning.ease > 0 && tuning.easeFusion > 0 ? fuseByRank(context, candidates, tuning) : undefined;
  const walk = fused ?? context.walk;
  const walkScale = maxPositive(walk, candidates);
  const serverScale = maxPositive(matrix.serverScore, candidates);
  // Fused with the learned model, the club's popularity is left out (the model already weighs what the club loved)
  // and dislikes pull content down less (`easeAversion`): so it scored best on the validation splits (DEFAULT_TUNING).
  const server = fused ? 0 : context.neighbours.length ? tuning.server : tuning.serverWithoutNeighbours;
  const aversion = fused ? tuning.easeAversion : tuning.aversion;
  const scores = new Float64Array(candidates.length);
  candidates.forEach((slot, i) => {
    let score = 0;
    if (contentScale > 0) {
      const affinity = content[slot]! / contentScale;
      score += affinity >= 0 ? tuning.content * affinity : aversion * affinity;
    }
    if (neighbourScale > 0) score += (tuning.neighbours * collaborative[slot]!) / neighbourScale;
    // Fused scores carry the walk's and the model's weights already.
    if (walkScale > 0) score += ((fused ? 1 : tuning.walk) * walk[slot]!) / walkScale;
    if (easeScale > 0 && !fused) score += (tuning.ease * context.ease[slot]!) / easeScale;
    if (serverScale > 0) score += (server * matrix.serverScore[slot]!) / serverScale;
    scores[i] = score;
  });
  return scores;
}

/** Position of each candidate with a positive score, best first (0 for the best); the rest are left out. */
function ranksOf(values: Float64Array, candidates: readonly number[]): Map<number, number> {
  const positive = candidates.filter((slot) => values[slot]! > 0);
  positive.sort((a, b) => values[b]! - values[a]! || a - b);
  return new Map(positive.map((slot, rank) => [slot, rank]));
}

/**
 * The walk and the learned model fused by reciprocal rank: walk / (k + the film's rank by the walk) + ease / (k + its
 * rank by the model), by slot; a film neither ranks scores 0.
 */
function fuseByRank(context: MemberContext, candidates: readonly number[], tuning: Tuning): Float64Array {
  const fused = new Float64Array(context.walk.length);
  const k = tuning.easeFusion;
  for (const [slot, rank] of ranksOf(context.walk, candidates)) fused[slot]! += tuning.walk / (k + rank);
  for (const [slot, rank] of ranksOf(context.ease, candidates)) fused[slot]! += tuning.ease / (k + rank);
  return fused;
}

/**
 * The true reasons a film suits the member: the marked films it most resembles (with what they share), how many
 * of their neighbours loved it, else the features of their taste it has, else what the server thinks of it.
 */
export function explain(context: MemberContext, slot: number, maxFilms = 2): Reason[] {
  const { model, matrix, row } = context;
  const reasons: Reason[] = [];
  // The film named by "members who loved X also loved it" is not named again for what it shares.
  let named = -1;
  if (row && context.walk[slot]! > 0) {
    const also = alsoLoved(matrix, row, slot);
    if (also) {
      named = matrix.slotOfItem[also.item]!;
      const film = model.films[named]!;
      const shared = model.similarity(named, slot) >= EXPLAIN_MIN_SIMILARITY ? model.sharedFeatures(named, slot, 2) : [];
      reasons.push({ kind: 'also-loved', film: { filmId: film.id, title: film.title, year: film.year }, members: also.members, shared });
      maxFilms = Math.min(maxFilms, 1);
    }
  }
  if (row) {
    const marks: { slot: number; contribution: number; index: number }[] = [];
    row.items.forEach((id, i) => {
      const marked = matrix.slotOfItem[id]!;
      const weight = row.taste[i]!;
      if (marked < 0 || marked === slot || weight <= 0 || marked === named) return;
      const similarity = model.similarity(marked, slot);
      if (similarity >= EXPLAIN_MIN_SIMILARITY) marks.push({ slot: marked, contribution: weight * similarity, index: i });
    });
    marks.sort((a, b) => b.contribution - a.contribution || a.slot - b.slot);
    const best = marks[0]?.contribution ?? 0;
    for (const mark of marks) {
      if (reasons.filter((reason) => reason.kind === 'film').length >= maxFilms || mark.contribution < best / 2) break;
      const shared = model.sharedFeatures(mark.slot, slot, 2);
      if (shared.length === 0) continue;
      const flags = row.flags[mark.index]!;
      const stars = row.stars[mark.index]!;
      const film = model.films[mark.slot]!;
      const via = flags & FAVORITE ? 'favorite' : !Number.isNaN(stars) ? 'rating' : flags & WATCHLIST ? 'watchlist' : 'watched';
      reasons.push({
        kind: 'film',
        via,
        film: { filmId: film.id, title: film.title, year: film.year },
        ...(via === 'rating' ? { stars } : {}),
        shared,
      });
    }
  }
  if (context.collaborative[slot]! > 0 && named < 0) {
    const { loved, watched } = neighbourCounts(matrix, context.neighbours, slot);
    if (loved > 0 || watched >= 2) reasons.push({ kind: 'neighbours', loved, watched });
  }
  if (!reasons.some((reason) => reason.kind === 'film')) {
    const features = model.profileFeatures(context.loved, slot, 2, context.lovedDecades);
    if (features.length) reasons.push({ kind: 'taste', features });
  }
  if (reasons.length === 0) reasons.push(serverReason(matrix, slot) ?? { kind: 'canon' });
  return reasons;
}

export function serverReason(matrix: ClubMatrix, slot: number): Reason | undefined {
  const loved = matrix.lovers[slot]!;
  const watched = matrix.watchers[slot]!;
  return loved > 0 || watched > 0 ? { kind: 'server', loved, watched } : undefined;
}
