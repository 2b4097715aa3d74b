import type { ClubMatrix, MemberRow } from './club.js';
import { gradeOf, type WalkTuning } from './walk.js';

/**
 * A learned item–item model: EASE (Steck 2019) on graded feedback. X holds what each record says — a favorite 1, a
 * loved rating less, a plain watch a little, a dislike or low rating against (the walk's grades, `gradeOf`) — and
 * B, the item × item weights with a zero diagonal minimising ‖X − XB‖² + λ‖B‖², has the closed form
 * P = (XᵀX + λI)⁻¹, B(i,j) = −P(i,j) / P(j,j). A member's score for film j is Σᵢ x(u,i) B(i,j).
 *
 * Unlike the walk, B is fitted on the whole server at once (a dense n × n inversion, O(n³)): it is only kept for the
 * films at least `easeMinMembers` members graded, at most `easeMaxFilms` of them, and refitted off the event loop
 * (easeHolder.ts). Scores always use the member's current records with the last fit, so their exclusions are
 * fresh and only the others' latest records wait for the next fit.
 */
export interface EaseTuning {
  /** Weight of the model in the blend (scoring.ts), its best candidate scaled to 1; 0 turns it off. */
  ease: number;
  /** The ridge λ: larger keeps B closer to plain co-occurrence, smaller fits the club's particular pairs. */
  easeLambda: number;
  /** A film enters the model once this many members graded it… */
  easeMinMembers: number;
  /** …and at most this many films, the most graded first: the fit costs about n³ and n² memory. */
  easeMaxFilms: number;
  /** What a plain watch weighs in X (favorites weigh 1, loved ratings `lovedRating`, dislikes −`loathed`). */
  easeWatch: number;
  /** No model at all for a club with fewer members than this: B would be fitted on a handful of rows. */
  easeMinClub: number;
  /**
   * How the model meets the walk (scoring.ts): 0 adds the two, each scaled to its best candidate; k > 0 fuses them
   * by reciprocal rank, weight / (k + rank), which ignores their unrelated scales.
   */
  easeFusion: number;
  /** `aversion` (scoring.ts) while fused with the model: content's pull against what resembles a member's dislikes. */
  easeAversion: number;
}

/** What a fit needs, packed for a worker: the kept films and each member's graded records on them (CSR). */
export interface EaseInput {
  /** Club item ids of the kept films, in model order. */
  items: Int32Array;
  rowStart: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  lambda: number;
}

/** A fitted model: B over the kept films (row-major, n × n) and which film each index is. */
export interface EaseModel {
  /** What it was fitted from: the matrix and its version, and the knobs (`easeKey`). */
  matrix: ClubMatrix;
  version: number;
  key: string;
  /** Club item id per model index (of `matrix`), and the film ids they are. */
  items: Int32Array;
  filmIds: string[];
  weights: Float32Array;
}

/** The knobs a fit depends on. */
export function easeKey(tuning: WalkTuning & EaseTuning): string {
  const { easeLambda, easeMinMembers, easeMaxFilms, easeWatch, easeMinClub, lovedRating, loathed } = tuning;
  return JSON.stringify([easeLambda, easeMinMembers, easeMaxFilms, easeWatch, easeMinClub, lovedRating, loathed]);
}

/** Whether the model has anything to learn in this club with these knobs. */
export function easeWanted(matrix: ClubMatrix, tuning: EaseTuning): boolean {
  return tuning.ease > 0 && tuning.easeMaxFilms > 0 && matrix.rows.length >= tuning.easeMinClub;
}

/** A record's value in X. */
function easeGrade(flags: number, tuning: WalkTuning & EaseTuning): number {
  return gradeOf(flags, tuning, tuning.easeWatch);
}

/**
 * The films the model keeps and each member's graded records on them. Films are ordered by how many members graded
 * them, then by film id, and members by user id, so the same club state always gives the same input (and, summed in
 * the same order, bit-identical weights) whatever order members joined in and records arrived in. Typed arrays and
 * one pass per step. This part runs on the event loop (the fit does not), so it is written as steps of about
 * `ROWS_PER_STEP` members' records: the background holder runs a few per slice and lets other work in between. A
 * write landing between two steps mixes two states, but the model carries the version it started from and is
 * refitted.
 */
export function easeInput(matrix: ClubMatrix, tuning: WalkTuning & EaseTuning): EaseInput {
  const steps = easeInputSteps(matrix, tuning);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

const ROWS_PER_STEP = 64;

export function* easeInputSteps(matrix: ClubMatrix, tuning: WalkTuning & EaseTuning): Generator<void, EaseInput> {
  const films = matrix.filmIds.length;
  // A record's grade by its flags (flags fit in a byte): one table instead of a call per record.
  const gradeOfFlags = new Float64Array(256);
  for (let flags = 0; flags < 256; flags++) gradeOfFlags[flags] = easeGrade(flags, tuning);
  const counts = new Int32Array(films);
  for (let r = 0; r < matrix.rows.length; r++) {
    const { items, flags } = matrix.rows[r]!;
    for (let i = 0; i < items.length; i++) if (gradeOfFlags[flags[i]!] !== 0 && items[i]! < films) counts[items[i]!]! += 1;
    if (r % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  const candidates: number[] = [];
  for (let item = 0; item < films; item++) if (counts[item]! >= tuning.easeMinMembers && matrix.slotOfItem[item]! >= 0) candidates.push(item);
  const ids = matrix.filmIds;
  candidates.sort((a, b) => counts[b]! - counts[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const items = Int32Array.from(candidates.slice(0, Math.max(0, tuning.easeMaxFilms)));
  const index = new Int32Array(films).fill(-1);
  for (let i = 0; i < items.length; i++) index[items[i]!] = i;
  const rows = matrix.rows.map((row) => row.index).sort((a, b) => {
    const x = matrix.rows[a]!.userId;
    const y = matrix.rows[b]!.userId;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  yield;
  const rowStart = new Int32Array(rows.length + 1);
  let cols = new Int32Array(matrix.records);
  let values = new Float64Array(matrix.records);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const { items: rowItems, flags } = matrix.rows[rows[r]!]!;
    if (at + rowItems.length > cols.length) {
      // A write between steps can grow the server: make room.
      const grown = Math.max(cols.length * 2, at + rowItems.length);
      const moreCols = new Int32Array(grown);
      moreCols.set(cols);
      const moreValues = new Float64Array(grown);
      moreValues.set(values);
      cols = moreCols;
      values = moreValues;
    }
    for (let i = 0; i < rowItems.length; i++) {
      const kept = rowItems[i]! < films ? index[rowItems[i]!]! : -1;
      if (kept < 0) continue;
      const value = gradeOfFlags[flags[i]!]!;
      if (value === 0) continue;
      cols[at] = kept;
      values[at] = value;
      at += 1;
    }
    rowStart[r + 1] = at;
    if (r % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  return { items, rowStart, cols: cols.slice(0, at), values: values.slice(0, at), lambda: tuning.easeLambda };
}

/**
 * The fit itself: B from the packed input. Self-contained on purpose (no imports, no helpers, plain loops), because
 * easeHolder.ts runs this very function's source in a worker thread; the worker and the main thread therefore give
 * bit-identical weights. Returns B row-major as float32.
 */
export function fitEaseWeights(n: number, rowStart: Int32Array, cols: Int32Array, values: Float64Array, lambda: number): Float32Array {
  // G = XᵀX + λI, then its inverse by Cholesky: G = LLᵀ, M = L⁻¹, G⁻¹ = MᵀM.
  const a = new Float64Array(n * n);
  for (let r = 0; r + 1 < rowStart.length; r++) {
    for (let p = rowStart[r]!; p < rowStart[r + 1]!; p++) {
      const base = cols[p]! * n;
      const v = values[p]!;
      for (let q = rowStart[r]!; q < rowStart[r + 1]!; q++) a[base + cols[q]!]! += v * values[q]!;
    }
  }
  for (let i = 0; i < n; i++) a[i * n + i]! += lambda;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    const ljj = Math.sqrt(d > 0 ? d : lambda);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
  }
  const mt = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    mt[cj + j] = 1 / a[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      for (let k = j; k < i; k++) s += a[ri + k]! * mt[cj + k]!;
      mt[cj + i] = -s / a[ri + i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let j = 0; j <= i; j++) {
      const cj = j * n;
      let s = 0;
      for (let k = i; k < n; k++) s += mt[ci + k]! * mt[cj + k]!;
      a[ci + j] = s;
      a[cj + i] = s;
    }
  }
  const b = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) b[i * n + j] = -a[i * n + j]! / a[j * n + j]!;
  }
  return b;
}

/** Wraps fitted weights as a model of `matrix` (as it was at `version`). */
export function easeModelOf(matrix: ClubMatrix, version: number, key: string, items: Int32Array, weights: Float32Array): EaseModel {
  return { matrix, version, key, items, filmIds: Array.from(items, (item) => matrix.filmIds[item]!), weights };
}

/**
 * Model index per club item id of `matrix` (−1: not in the model), cached per matrix: item ids only grow within a
 * matrix, and a matrix rebuilt from scratch (after an import) numbers films anew, so it is looked up by film id.
 */
const indexes = new WeakMap<EaseModel, { matrix: ClubMatrix; items: number; index: Int32Array }>();
function indexOfItems(model: EaseModel, matrix: ClubMatrix): Int32Array {
  const cached = indexes.get(model);
  if (cached && cached.matrix === matrix && cached.items === matrix.filmIds.length) return cached.index;
  const index = new Int32Array(matrix.filmIds.length).fill(-1);
  const at = new Map(model.filmIds.map((filmId, i) => [filmId, i]));
  matrix.filmIds.forEach((filmId, item) => {
    index[item] = at.get(filmId) ?? -1;
  });
  indexes.set(model, { matrix, items: matrix.filmIds.length, index });
  return index;
}

/** The whole fit on the calling thread (benchmarks, tests, and small clubs where it costs milliseconds). */
export function fitEase(matrix: ClubMatrix, tuning: WalkTuning & EaseTuning): EaseModel {
  const version = matrix.version;
  const input = easeInput(matrix, tuning);
  const weights = fitEaseWeights(input.items.length, input.rowStart, input.cols, input.values, input.lambda);
  return easeModelOf(matrix, version, easeKey(tuning), input.items, weights);
}

/**
 * The member's scores per model slot: Σᵢ x(u,i) B(i,·) over their current graded records on films in the model.
 * Films outside the model score 0 (the walk and content speak for them).
 */
export function easeScores(model: EaseModel, matrix: ClubMatrix, row: MemberRow, size: number, tuning: WalkTuning & EaseTuning): Float64Array {
  const scores = new Float64Array(size);
  const n = model.items.length;
  if (n === 0) return scores;
  const index = indexOfItems(model, matrix);
  const dense = new Float64Array(n);
  let any = false;
  for (let i = 0; i < row.items.length; i++) {
    const at = index[row.items[i]!]!;
    if (at < 0) continue;
    const grade = easeGrade(row.flags[i]!, tuning);
    if (grade === 0) continue;
    any = true;
    const base = at * n;
    for (let j = 0; j < n; j++) dense[j]! += grade * model.weights[base + j]!;
  }
  if (!any) return scores;
  const films = matrix.model;
  for (let j = 0; j < n; j++) {
    const slot = films.slotOf(model.filmIds[j]!) ?? -1;
    if (slot >= 0) scores[slot] = dense[j]!;
  }
  return scores;
}
