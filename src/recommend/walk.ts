import type { ClubMatrix, MemberRow } from './club.js';
import { graphScores } from './itemGraph.js';
import { FAVORITE, LOATHED, LOVED, SEEN } from './signals.js';

/** The knobs of the walk (see `walkScores`); tuned on real members' ratings (bench/RECOMMEND.md). */
export interface WalkTuning {
  /**
   * How much a plain watch (not loved, not loathed) counts, where a favorite counts 1, in the steps that find
   * alike members (the member's own films and the others' records of them)…
   */
  plainWatch: number;
  /**
   * …and in what those members watched (the step that proposes films), in a club of at least
   * `smallClubMembers × smallClubTargetWatch / targetWatch` members. In smaller clubs a plain watch proposes more,
   * up to `smallClubTargetWatch` at `smallClubMembers` members or fewer: there are too few favorites to go by.
   */
  targetWatch: number;
  smallClubTargetWatch: number;
  smallClubMembers: number;
  /** A rating of 4★ or more without a favorite. */
  lovedRating: number;
  /** A dislike or a rating of 2★ or less counts as minus this. */
  loathed: number;
  /** Damping of busy films and busy members: a step through something with d records weighs d^−alpha. */
  walkAlpha: number;
  /** Damping of popular targets: a film's score is divided by (members who saw it + walkPrior)^beta… */
  walkBeta: number;
  /**
   * …where the prior keeps films one or two members saw from being lifted by the damping: in a small club every
   * count is small, and a film one member happened to see is not a hidden gem.
   */
  walkPrior: number;
}

/** What a plain watch weighs as a proposal in a club of `members` members (see `WalkTuning.targetWatch`). */
export function targetWatchFor(tuning: WalkTuning, members: number): number {
  const scaled = (tuning.smallClubTargetWatch * tuning.smallClubMembers) / Math.max(1, members);
  return Math.max(tuning.targetWatch, Math.min(tuning.smallClubTargetWatch, scaled));
}

/** What one record says in the walk: favorites 1, loved ratings less, plain watches a little, dislikes against. */
export function gradeOf(flags: number, tuning: WalkTuning, targetWatch?: number): number {
  if (flags & LOATHED) return -tuning.loathed;
  if (flags & FAVORITE) return 1;
  if (flags & LOVED) return tuning.lovedRating;
  if (flags & SEEN) return targetWatch ?? tuning.plainWatch;
  return 0;
}

/**
 * The learned item–item signal, in the manner of RP3beta (Paudel et al. 2017) but with graded, signed steps:
 * from each film the member logged, to the members who logged it too (agreement counts for, disagreement — one
 * loved what the other disliked — against), to the films those members logged, weighted by what they thought of
 * them. Equivalently Σᵢ grade(u,i) · sim(i,j) with sim(i,j) = Σᵥ grade(v,i) grade(v,j) / (dᵢ dᵥ)^alpha, divided by the
 * popularity of j (plus a prior) to the beta. Computed from the server's postings at request time, so the model is
 * the club matrix itself: a diary write only changes that member's row (see `ClubMatrix`). In a large server that
 * walk reaches most of the server's records, so there the same sum is read from a precomputed item–item table
 * rebuilt in the background (itemGraph.ts), with the member's current records.
 */
export function walkScores(matrix: ClubMatrix, row: MemberRow, size: number, tuning: WalkTuning): Float64Array {
  const holder = matrix.graphs;
  if (holder.wants(matrix)) {
    const graph = holder.graphFor(matrix, matrix.model, tuning);
    holder.refresh(matrix, matrix.model, tuning);
    if (graph) return graphScores(graph, matrix, row, size, tuning);
  }
  return exactWalkScores(matrix, row, size, tuning);
}

/** The walk itself, over the server's postings (what the table precomputes). */
export function exactWalkScores(matrix: ClubMatrix, row: MemberRow, size: number, tuning: WalkTuning): Float64Array {
  const scores = new Float64Array(size);
  const weight = new Float64Array(matrix.rows.length);
  const targetWatch = targetWatchFor(tuning, matrix.rows.length);
  // In a large server this walk reaches most of the server's records, so its inner loops read arrays only: a
  // grade per flag byte instead of a call per record, and the flags of a film's postings beside them.
  const grades = gradesByFlags(tuning);
  const touched: number[] = [];
  for (let i = 0; i < row.items.length; i++) {
    const grade = grades[row.flags[i]!]!;
    if (grade === 0) continue;
    const id = row.items[i]!;
    const members = matrix.itemMembers[id]!;
    const flags = matrix.itemFlags[id]!;
    const damping = Math.pow(members.length, tuning.walkAlpha);
    for (let k = 0; k < members.length; k++) {
      const other = members[k]!;
      if (other === row.index) continue;
      const agreement = grade * grades[flags[k]!]!;
      if (agreement === 0) continue;
      if (weight[other] === 0) touched.push(other);
      weight[other]! += agreement / damping;
    }
  }
  // What the members reached propose: read straight from their rows (a cache per row would allocate two arrays
  // for each of thousands of members on a server's first request, and the garbage collector's pauses with them).
  const proposals = gradesByFlags(tuning, targetWatch);
  const slotOfItem = matrix.slotOfItem;
  for (const other of touched) {
    const theirs = matrix.rows[other]!;
    const step = weight[other]! / Math.pow(Math.max(1, theirs.seen), tuning.walkAlpha);
    if (step === 0) continue;
    const { items, flags } = theirs;
    for (let i = 0; i < items.length; i++) {
      const slot = slotOfItem[items[i]!]!;
      const grade = proposals[flags[i]!]!;
      // Adding nothing (a grade of 0) leaves the sum as it was.
      if (slot >= 0 && grade !== 0) scores[slot]! += step * grade;
    }
  }
  if (tuning.walkBeta !== 0) {
    for (let slot = 0; slot < size; slot++) {
      if (scores[slot] !== 0) scores[slot]! /= Math.pow(Math.max(1, matrix.watchers[slot]! + tuning.walkPrior), tuning.walkBeta);
    }
  }
  return scores;
}

/** `gradeOf` for every flag byte (flags fit in one): what the walk's first step reads per record. */
export function gradesByFlags(tuning: WalkTuning, targetWatch?: number): Float64Array {
  const grades = new Float64Array(256);
  for (let flags = 0; flags < 256; flags++) grades[flags] = gradeOf(flags, tuning, targetWatch);
  return grades;
}

/** The knobs a row's walk cache depends on: the grades' and the damping's, and the club's size (`targetWatchFor`). */
export function walkKey(tuning: WalkTuning, targetWatch: number): string {
  const { plainWatch, targetWatch: floor, smallClubTargetWatch, smallClubMembers, lovedRating, loathed, walkAlpha } = tuning;
  return JSON.stringify([plainWatch, floor, smallClubTargetWatch, smallClubMembers, lovedRating, loathed, walkAlpha, targetWatch]);
}

/** What the walk's last step reads of a member: their films' slots and proposal grades, kept until the row changes. */
export interface WalkRow {
  key: string;
  slots: Int32Array;
  /** `gradeOf(flags, tuning, targetWatch)`, 0 for films the catalog no longer has. */
  grades: Float64Array;
  /** sᵥ^α, the damping of a member who saw sᵥ films, and its inverse. */
  busy: number;
  damping: number;
}

export function walkRowOf(matrix: ClubMatrix, row: MemberRow, tuning: WalkTuning, targetWatch: number, key: string): WalkRow {
  const cached = row.walkCache;
  if (cached?.key === key) return cached;
  const slots = Int32Array.from(row.items, (id) => matrix.slotOfItem[id]!);
  const grades = Float64Array.from(row.flags, (flags, i) => (slots[i]! < 0 ? 0 : gradeOf(flags, tuning, targetWatch)));
  const busy = Math.pow(Math.max(1, row.seen), tuning.walkAlpha);
  row.walkCache = { key, slots, grades, busy, damping: 1 / busy };
  return row.walkCache;
}

/** Whether a record is "loved" for the reasons: favorite or ≥ 4★, and not disliked or rated ≤ 2★. */
function isLoved(flags: number): boolean {
  return (flags & LOVED) !== 0 && (flags & LOATHED) === 0;
}

/**
 * Marks (1) the members who loved a club item in `marks` (indexed by row), except `except`; returns how many.
 * Typed marks rather than sets: in a large server a film has thousands of lovers and a reason compares several films'.
 */
function markLovers(matrix: ClubMatrix, item: number, marks: Uint8Array, except: number): number {
  const members = matrix.itemMembers[item]!;
  const flags = matrix.itemFlags[item]!;
  let count = 0;
  for (let k = 0; k < members.length; k++) {
    const member = members[k]!;
    if (member !== except && isLoved(flags[k]!)) {
      marks[member] = 1;
      count += 1;
    }
  }
  return count;
}

/** How many of the members who loved a club item are marked. */
function countMarkedLovers(matrix: ClubMatrix, item: number, marks: Uint8Array): number {
  const members = matrix.itemMembers[item]!;
  const flags = matrix.itemFlags[item]!;
  let count = 0;
  for (let k = 0; k < members.length; k++) {
    if (marks[members[k]!] === 1 && isLoved(flags[k]!)) count += 1;
  }
  return count;
}

/** Members who loved both club items. */
export function lovedBoth(matrix: ClubMatrix, a: number, b: number): number {
  const marks = new Uint8Array(matrix.rows.length);
  return markLovers(matrix, a, marks, -1) === 0 ? 0 : countMarkedLovers(matrix, b, marks);
}

/**
 * "Members who loved X also loved it": of the films the member loved, the one the most other members loved
 * together with the film in `slot`, and how many they are. Undefined when no such member exists.
 */
export function alsoLoved(matrix: ClubMatrix, row: MemberRow, slot: number): { item: number; members: number } | undefined {
  const target = matrix.itemOfSlot[slot]!;
  if (target < 0) return undefined;
  const marks = new Uint8Array(matrix.rows.length);
  if (markLovers(matrix, target, marks, row.index) === 0) return undefined;
  let best: { item: number; members: number } | undefined;
  row.items.forEach((id, i) => {
    if (!isLoved(row.flags[i]!) || id === target || matrix.slotOfItem[id]! < 0) return;
    const count = countMarkedLovers(matrix, id, marks);
    // Ties go to the film first in the catalog (item ids depend on the order members were added).
    if (count > 0 && (!best || count > best.members || (count === best.members && matrix.slotOfItem[id]! < matrix.slotOfItem[best.item]!))) {
      best = { item: id, members: count };
    }
  });
  return best;
}
