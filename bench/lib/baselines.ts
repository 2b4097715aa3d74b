/**
 * The well-known baselines the recommender is measured against (Dacrema et al. 2019, "Are we really making much
 * progress?"): popularity, item-kNN with shrinkage, RP3beta (Paudel et al. 2017) and EASE (Steck 2019), written
 * here on typed arrays. Each learns from the same stored club data Marquee sees, as implicit feedback: which
 * films a member logged (`watched`) or loved (`loved`: favorite or ≥ 4★), whichever tunes better.
 */
import type { DeepReadonly } from '../../src/store/GuildStore.js';
import type { GuildData } from '../../src/store/schema.js';
import { FAVORITE, flagsOf, LOATHED, LOVED, SEEN } from '../../src/recommend/signals.js';

export type Implicit = 'watched' | 'loved';

/** The club's records as a sparse users × films matrix (CSR), with a film's counts. */
export class Interactions {
  readonly users: string[] = [];
  readonly items: string[] = [];
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly flags: Uint8Array;
  /** Per item: members who watched / loved it. */
  readonly watchers: Int32Array;
  readonly lovers: Int32Array;

  constructor(data: DeepReadonly<GuildData>) {
    const itemIndex = new Map<string, number>();
    const cols: number[] = [];
    const flags: number[] = [];
    const ptr = [0];
    for (const [userId, films] of Object.entries(data.memberFilms)) {
      this.users.push(userId);
      for (const [filmId, record] of Object.entries(films)) {
        let item = itemIndex.get(filmId);
        if (item === undefined) {
          item = this.items.length;
          itemIndex.set(filmId, item);
          this.items.push(filmId);
        }
        cols.push(item);
        flags.push(flagsOf(record));
      }
      ptr.push(cols.length);
    }
    this.rowPtr = Int32Array.from(ptr);
    this.cols = Int32Array.from(cols);
    this.flags = Uint8Array.from(flags);
    this.watchers = new Int32Array(this.items.length);
    this.lovers = new Int32Array(this.items.length);
    this.cols.forEach((item, k) => {
      if (this.flags[k]! & SEEN) this.watchers[item]! += 1;
      if (this.flags[k]! & LOVED) this.lovers[item]! += 1;
    });
  }

  /** The items of user `u` that count as an interaction of this kind. */
  row(u: number, kind: Implicit): number[] {
    const mask = kind === 'watched' ? SEEN : LOVED;
    const items: number[] = [];
    for (let k = this.rowPtr[u]!; k < this.rowPtr[u + 1]!; k++) if (this.flags[k]! & mask) items.push(this.cols[k]!);
    return items;
  }

  /** Every item the user has any record of (never proposed). */
  known(u: number): number[] {
    return Array.from(this.cols.subarray(this.rowPtr[u]!, this.rowPtr[u + 1]!));
  }
}

/** Scores of every item for user `u` (higher is better); NaN or −Infinity: the model has nothing to say. */
export type Scorer = (u: number) => Float64Array;

export function popularity(x: Interactions, kind: Implicit): Scorer {
  const counts = kind === 'watched' ? x.watchers : x.lovers;
  const scores = Float64Array.from(counts);
  return () => scores;
}

/** Items with at least `minSupport` interactions, the only ones an item–item model keeps (dense n × n). */
function kept(x: Interactions, kind: Implicit, minSupport: number): { items: Int32Array; index: Int32Array } {
  const counts = kind === 'watched' ? x.watchers : x.lovers;
  const items: number[] = [];
  const index = new Int32Array(x.items.length).fill(-1);
  counts.forEach((count, item) => {
    if (count >= minSupport) {
      index[item] = items.length;
      items.push(item);
    }
  });
  return { items: Int32Array.from(items), index };
}

function keptRows(x: Interactions, kind: Implicit, index: Int32Array): Int32Array[] {
  return x.users.map((_, u) => Int32Array.from(x.row(u, kind).map((item) => index[item]!).filter((i) => i >= 0)));
}

const grams = new WeakMap<Interactions, Map<string, Float64Array>>();

/** G = XᵀX over the kept items, computed once per matrix, kind and support (a tuning grid reuses it). */
function cachedGram(x: Interactions, kind: Implicit, minSupport: number, rows: readonly Int32Array[], n: number): Float64Array {
  let cache = grams.get(x);
  if (!cache) grams.set(x, (cache = new Map()));
  const key = `${kind}:${minSupport}`;
  let g = cache.get(key);
  if (!g) cache.set(key, (g = gram(rows, n)));
  return g;
}

/** G = XᵀX over the kept items. */
function gram(rows: readonly Int32Array[], n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (const row of rows) {
    for (const i of row) {
      const base = i * n;
      for (const j of row) g[base + j]! += 1;
    }
  }
  return g;
}

/** Scores from an item × item weight matrix: Σ over the user's items of their rows. */
function fromWeights(x: Interactions, kind: Implicit, kept: { items: Int32Array; index: Int32Array }, w: Float64Array | Float32Array): Scorer {
  const n = kept.items.length;
  const rows = keptRows(x, kind, kept.index);
  return (u) => {
    const scores = new Float64Array(x.items.length);
    const dense = new Float64Array(n);
    for (const i of rows[u]!) {
      const base = i * n;
      for (let j = 0; j < n; j++) dense[j]! += w[base + j]!;
    }
    kept.items.forEach((item, j) => {
      scores[item] = dense[j]!;
    });
    return scores;
  };
}

/** Keeps the `k` largest entries of each row of an n × n matrix (the rest set to 0). */
function topKPerRow(w: Float64Array, n: number, k: number): void {
  if (k >= n) return;
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * n;
    row.set(w.subarray(base, base + n));
    row.sort();
    const threshold = row[n - k]!;
    let ties = 0;
    for (let j = 0; j < n; j++) {
      const value = w[base + j]!;
      if (value < threshold || (value === threshold && ++ties > k)) w[base + j] = 0;
    }
  }
}

export interface KnnParams {
  kind: Implicit;
  k: number;
  shrink: number;
  minSupport: number;
}

/**
 * Item-kNN: cosine similarity of two films' columns, shrunk by `shrink` (pairs seen together by few members count
 * less), the `k` nearest of each film kept; a film's score is the sum of its similarities to the member's films.
 */
export function itemKnn(x: Interactions, params: KnnParams): Scorer {
  const k = kept(x, params.kind, params.minSupport);
  const n = k.items.length;
  const g = cachedGram(x, params.kind, params.minSupport, keptRows(x, params.kind, k.index), n);
  const norms = Float64Array.from({ length: n }, (_, i) => Math.sqrt(g[i * n + i]!));
  // w[j][i]: similarity of target j to the member's film i, top k per target j; transposed for scoring.
  const w = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) if (i !== j) w[j * n + i] = g[j * n + i]! / (norms[i]! * norms[j]! + params.shrink);
  }
  topKPerRow(w, n, params.k);
  return fromWeights(x, params.kind, k, transpose(w, n));
}

export interface Rp3Params {
  kind: Implicit;
  alpha: number;
  beta: number;
  k: number;
  minSupport: number;
}

/**
 * RP3beta: the probability of a three-step random walk item → user → item, each step's probability raised to
 * `alpha`, divided by the target's popularity to the power `beta`; top `k` per film, rows normalised to sum 1.
 */
export function rp3beta(x: Interactions, params: Rp3Params): Scorer {
  const k = kept(x, params.kind, params.minSupport);
  const n = k.items.length;
  const rows = keptRows(x, params.kind, k.index);
  const degree = new Float64Array(n);
  for (const row of rows) for (const i of row) degree[i]! += 1;
  const w = new Float64Array(n * n);
  for (const row of rows) {
    if (row.length === 0) continue;
    const user = Math.pow(1 / row.length, params.alpha);
    for (const i of row) {
      const step = Math.pow(1 / degree[i]!, params.alpha) * user;
      const base = i * n;
      for (const j of row) if (j !== i) w[base + j]! += step;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j]! /= Math.pow(degree[j]!, params.beta);
  topKPerRow(w, n, params.k);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += w[i * n + j]!;
    if (sum > 0) for (let j = 0; j < n; j++) w[i * n + j]! /= sum;
  }
  return fromWeights(x, params.kind, k, w);
}

export interface EaseParams {
  kind: Implicit;
  lambda: number;
  minSupport: number;
}

/**
 * EASE: the item × item weights B minimising ‖X − XB‖² + λ‖B‖² with a zero diagonal, in closed form:
 * P = (XᵀX + λI)⁻¹, B = −P / diag(P) column-wise. The inversion is O(n³), hence `minSupport`.
 */
export function ease(x: Interactions, params: EaseParams): Scorer {
  const k = kept(x, params.kind, params.minSupport);
  const n = k.items.length;
  const p = Float64Array.from(cachedGram(x, params.kind, params.minSupport, keptRows(x, params.kind, k.index), n));
  for (let i = 0; i < n; i++) p[i * n + i]! += params.lambda;
  invertSymmetric(p, n);
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) b[i * n + j] = -p[i * n + j]! / p[j * n + j]!;
  }
  return fromWeights(x, params.kind, k, b);
}

export interface GradedEaseParams extends EaseParams {
  /** Which films are kept: those `minSupport` members watched. */
  kind: 'watched';
  /** What each record weighs in X: a favorite, a rating ≥ 4★, a plain watch; a dislike or ≤ 2★ is −`dislike`. */
  grades: { favorite: number; loved: number; watch: number; dislike: number };
}

/**
 * EASE on graded feedback rather than 0/1: X holds what each record says (favorites 1, loved ratings less, plain
 * watches a little, dislikes against), so the model learns from how much members liked films, as the issue's
 * "graded signals" suggest; the same closed form, scored as Σᵢ x(u,i) B(i,j).
 */
export function gradedEase(x: Interactions, params: GradedEaseParams): Scorer {
  const k = kept(x, 'watched', params.minSupport);
  const n = k.items.length;
  const { favorite, loved, watch, dislike } = params.grades;
  const grade = (flags: number) => (flags & LOATHED ? -dislike : flags & FAVORITE ? favorite : flags & LOVED ? loved : flags & SEEN ? watch : 0);
  const rows = x.users.map((_, u) => {
    const items: number[] = [];
    const values: number[] = [];
    for (let at = x.rowPtr[u]!; at < x.rowPtr[u + 1]!; at++) {
      const i = k.index[x.cols[at]!]!;
      const value = grade(x.flags[at]!);
      if (i >= 0 && value !== 0) {
        items.push(i);
        values.push(value);
      }
    }
    return { items, values };
  });
  const p = new Float64Array(n * n);
  for (const { items, values } of rows) {
    for (let a = 0; a < items.length; a++) {
      const base = items[a]! * n;
      for (let b = 0; b < items.length; b++) p[base + items[b]!]! += values[a]! * values[b]!;
    }
  }
  for (let i = 0; i < n; i++) p[i * n + i]! += params.lambda;
  invertSymmetric(p, n);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) w[i * n + j] = -p[i * n + j]! / p[j * n + j]!;
  }
  return (u) => {
    const scores = new Float64Array(x.items.length);
    const dense = new Float64Array(n);
    const { items, values } = rows[u]!;
    items.forEach((i, a) => {
      const base = i * n;
      for (let j = 0; j < n; j++) dense[j]! += values[a]! * w[base + j]!;
    });
    k.items.forEach((item, j) => {
      scores[item] = dense[j]!;
    });
    return scores;
  };
}

export function easeItemCount(x: Interactions, kind: Implicit, minSupport: number): number {
  return kept(x, kind, minSupport).items.length;
}

function transpose(w: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = w[i * n + j]!;
  return t;
}

/** In-place inverse of a symmetric positive-definite matrix: Cholesky A = LLᵀ, M = L⁻¹, A⁻¹ = MᵀM. */
export function invertSymmetric(a: Float64Array, n: number): void {
  // Cholesky: the lower triangle of `a` becomes L (row-major, so the inner loops run along rows).
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (d <= 0) throw new Error('matrix is not positive definite');
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
  }
  // mt holds Mᵀ: mt[j][k] = M[k][j], so that a column of M is contiguous.
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
}
