import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ClubMatrix, MemberRow } from './club.js';
import type { ContentModel } from './features.js';
import { gradeOf, targetWatchFor, walkKey, walkRowOf, type WalkTuning } from './walk.js';

/**
 * The walk's item–item table, precomputed. The walk (walk.ts) scores film j for member u as
 * Σᵢ grade(u,i) · S(i,j), with S(i,j) = Σᵥ grade(v,i) · grade′(v,j) / (dᵢ^α · sᵥ^α) summed over the other members v
 * who logged i. Walking that at request time costs the postings of every film the member logged and then every
 * record of every member reached: in a server of 10,000 members that is most of the server's records, per request.
 * The table holds S, so a request costs the member's own films × their neighbours in the table.
 *
 * S depends on everyone's records, so it is not patched after each write: it is rebuilt in the background, in
 * slices that leave the event loop free (`ItemGraphHolder`), and a request in between scores with the last table
 * and the member's current records (their grades, and what they must not be offered, are always fresh; only what
 * the others did since the table was built waits for the next one). The popularity damping (÷ (watchers + prior)^β)
 * is applied at request time from the live counts.
 *
 * The member's own records are part of S (a table is shared by every member), but only on films they logged:
 * grade′ is 0 for a film not seen, and seen films are never offered, so on every film that can be offered the
 * table's scores are the walk's.
 */
export interface ItemGraph {
  model: ContentModel;
  /** The walk knobs it was built with (`graphKey`): another tuning walks exactly instead. */
  key: string;
  /** The matrix and its version when the build started (a write part-way leaves the table behind the matrix). */
  matrix: ClubMatrix;
  version: number;
  /** Per film id: the films (model slots) it leads to and the weights S(i, j), at most `neighbours` of them by |S|. */
  rows: Map<string, { slots: Int32Array; weights: Float64Array }>;
  neighbours: number;
}

const MEMBERS_PER_STEP = 256;

/** The knobs a table depends on. */
export function graphKey(tuning: WalkTuning): string {
  const { plainWatch, targetWatch, smallClubTargetWatch, smallClubMembers, lovedRating, loathed, walkAlpha } = tuning;
  return JSON.stringify([plainWatch, targetWatch, smallClubTargetWatch, smallClubMembers, lovedRating, loathed, walkAlpha]);
}

/**
 * How many neighbours each film keeps. All of them in a club whose films fit (the table is then the walk itself,
 * to rounding); in a club with very many films, the strongest ones, so the table stays about `budget` entries.
 */
export function neighboursPerFilm(films: number, budget = 4_000_000): number {
  return Math.max(films, 0) <= 2_000 ? Math.max(films, 1) : Math.max(300, Math.floor(budget / films));
}

/**
 * The table's build as steps, one film (or a few hundred of its members) per step, so a caller can stop between
 * them and let other work run (a film's steps cost the records of the members who logged it). Reads the matrix
 * afresh at every step: if a write lands between two steps, the table mixes the two states but carries the version
 * it started from, so it is not current and the next refresh builds it again.
 */
export function* itemGraphSteps(matrix: ClubMatrix, model: ContentModel, tuning: WalkTuning): Generator<void, ItemGraph> {
  const version = matrix.version;
  const key = graphKey(tuning);
  const rows = new Map<string, { slots: Int32Array; weights: Float64Array }>();
  const neighbours = neighboursPerFilm(matrix.filmIds.length);
  const scratch: Scratch = { sums: new Float64Array(model.size), marked: new Uint8Array(model.size), touched: [] };
  const { sums, marked, touched } = scratch;
  for (let item = 0; item < matrix.filmIds.length; item++) {
    const targetWatch = targetWatchFor(tuning, matrix.rows.length);
    const rowKey = walkKey(tuning, targetWatch);
    const members = matrix.itemMembers[item]!;
    const flags = matrix.itemFlags[item]!;
    const damping = Math.pow(members.length, tuning.walkAlpha);
    for (let k = 0; k < members.length; k++) {
      // A popular film in a large server has thousands of members: a step is a few hundred of them, so a slice
      // stays near its length.
      if (k % MEMBERS_PER_STEP === MEMBERS_PER_STEP - 1) yield;
      const grade = gradeOf(flags[k]!, tuning);
      if (grade === 0) continue;
      addRow(matrix, matrix.rows[members[k]!]!, grade / damping, tuning, targetWatch, rowKey, scratch);
    }
    const kept = strongest(sums, touched, neighbours);
    const weights = Float64Array.from(kept, (slot) => sums[slot]!);
    for (const slot of touched) {
      sums[slot] = 0;
      marked[slot] = 0;
    }
    touched.length = 0;
    if (kept.length) rows.set(matrix.filmIds[item]!, { slots: Int32Array.from(kept), weights });
    yield;
  }
  return { model, key, matrix, version, rows, neighbours };
}

interface Scratch {
  sums: Float64Array;
  marked: Uint8Array;
  touched: number[];
}

function addRow(matrix: ClubMatrix, row: MemberRow, step: number, tuning: WalkTuning, targetWatch: number, key: string, scratch: Scratch): void {
  const cache = walkRowOf(matrix, row, tuning, targetWatch, key);
  const { slots, grades } = cache;
  step *= cache.damping;
  const { sums, marked, touched } = scratch;
  for (let i = 0; i < slots.length; i++) {
    const grade = grades[i]!;
    if (grade === 0) continue;
    const slot = slots[i]!;
    if (marked[slot] === 0) {
      marked[slot] = 1;
      touched.push(slot);
    }
    sums[slot]! += step * grade;
  }
}

/** The `count` slots with the largest |sum| (ties to the lower slot), in slot order; all non-zero ones if fewer. */
function strongest(sums: Float64Array, touched: readonly number[], count: number): number[] {
  let kept = touched.filter((slot) => sums[slot] !== 0);
  if (kept.length > count) {
    kept = kept.sort((a, b) => Math.abs(sums[b]!) - Math.abs(sums[a]!) || a - b).slice(0, count);
  }
  return kept.sort((a, b) => a - b);
}

/** The whole table at once (tests and benchmarks). */
export function buildItemGraph(matrix: ClubMatrix, model: ContentModel, tuning: WalkTuning): ItemGraph {
  const steps = itemGraphSteps(matrix, model, tuning);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The walk's scores from a table and the member's current records: Σᵢ grade(u,i) · S(i,·), then damped by the
 * live watcher counts. Costs the member's films × the table's neighbours per film.
 */
export function graphScores(graph: ItemGraph, matrix: ClubMatrix, row: MemberRow, size: number, tuning: WalkTuning): Float64Array {
  const scores = new Float64Array(size);
  for (let i = 0; i < row.items.length; i++) {
    const grade = gradeOf(row.flags[i]!, tuning);
    if (grade === 0) continue;
    const found = graph.rows.get(matrix.filmIds[row.items[i]!]!);
    if (!found) continue;
    const { slots, weights } = found;
    for (let k = 0; k < slots.length; k++) scores[slots[k]!]! += grade * weights[k]!;
  }
  if (tuning.walkBeta !== 0) {
    for (let slot = 0; slot < size; slot++) {
      if (scores[slot] !== 0) scores[slot]! /= Math.pow(Math.max(1, matrix.watchers[slot]! + tuning.walkPrior), tuning.walkBeta);
    }
  }
  return scores;
}

export interface ItemGraphSettings {
  /**
   * Up to this many records in the server, the walk is computed exactly at each request (it costs about that many
   * steps, a few milliseconds): results follow every write at once and no table is kept.
   */
  exactWalkRecords: number;
  /**
   * A rebuild starts no sooner than this long after the previous one ended, nor sooner than `rebuildGapFactor` × the
   * time the previous one kept the event loop busy: on a busy server the table trails writes by a few seconds rather
   * than rebuilding without pause (at 10,000 members a build is about a second of work)…
   */
  minRebuildGapMs: number;
  rebuildGapFactor: number;
  /** …and runs in slices of about this long, each followed by a turn of the event loop. */
  sliceMs: number;
}

export const DEFAULT_ITEM_GRAPH: Readonly<ItemGraphSettings> = { exactWalkRecords: 20_000, minRebuildGapMs: 2_000, rebuildGapFactor: 4, sliceMs: 8 };

/** What a matrix nobody refreshes in the background has (built by `clubMatrixFor` alone, as in the benchmarks): the exact walk. */
export const EXACT_ONLY: Readonly<Partial<ItemGraphSettings>> = { exactWalkRecords: Number.POSITIVE_INFINITY };

/**
 * A server's table and its rebuilds. Carried from one club matrix to the next (a matrix rebuilt after an import
 * takes over its predecessor's holder), and shared by whatever reads that matrix (/recommend, /party suggest).
 */
export class ItemGraphHolder {
  #graph: ItemGraph | undefined;
  #building: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastEnded = Number.NEGATIVE_INFINITY;
  #lastBusyMs = 0;
  /** What the next build should describe: the latest matrix prepared, with the tuning and model asked for. */
  #wanted: { matrix: ClubMatrix; model: ContentModel; tuning: WalkTuning } | undefined;
  readonly settings: ItemGraphSettings;

  constructor(settings: Partial<ItemGraphSettings> = {}) {
    this.settings = { ...DEFAULT_ITEM_GRAPH, ...settings };
  }

  /** Whether this holder ever keeps a table (one made for `EXACT_ONLY` does not). */
  get enabled(): boolean {
    return Number.isFinite(this.settings.exactWalkRecords);
  }

  /** Whether requests on this matrix use a table at all (else they walk exactly). */
  wants(matrix: ClubMatrix): boolean {
    return matrix.records > this.settings.exactWalkRecords;
  }

  /**
   * The table to score with for this matrix and tuning, stale or not; undefined means walk exactly. When there is
   * none yet for them (the server's first request since start-up, or a new tuning), the request walks exactly and
   * `refresh` starts the first build at once in the background: building it inside the request took seconds in a
   * server of a million records, with the event loop blocked. Requests in between cost an exact walk each.
   */
  graphFor(matrix: ClubMatrix, model: ContentModel, tuning: WalkTuning): ItemGraph | undefined {
    if (!this.wants(matrix)) return undefined;
    const graph = this.#graph;
    return graph && graph.model === model && graph.key === graphKey(tuning) ? graph : undefined;
  }

  /** Called when a request prepares the matrix: starts (or schedules) a rebuild if the table is behind it. */
  refresh(matrix: ClubMatrix, model: ContentModel, tuning: WalkTuning): void {
    if (!this.wants(matrix)) return;
    this.#wanted = { matrix, model, tuning };
    if (this.#isCurrent() || this.#building || this.#timer) return;
    const gap = Math.max(this.settings.minRebuildGapMs, this.settings.rebuildGapFactor * this.#lastBusyMs);
    // Without a usable table every request walks exactly: the first build (or one for a new tuning) starts at once.
    const usable = this.#graph !== undefined && this.#graph.model === model && this.#graph.key === graphKey(tuning);
    const wait = usable ? this.#lastEnded + gap - performance.now() : 0;
    if (wait <= 0) {
      this.#start();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#isCurrent() && !this.#building) this.#start();
    }, wait);
    this.#timer.unref();
  }

  /** Resolves once no rebuild is running or waiting and the table describes the latest matrix prepared. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (!this.#isCurrent() && !this.#building) this.#start();
      }
      if (this.#building) {
        await this.#building;
        continue;
      }
      if (this.#wanted && !this.#isCurrent()) {
        this.#start();
        continue;
      }
      return;
    }
  }

  #isCurrent(): boolean {
    const wanted = this.#wanted;
    const graph = this.#graph;
    return (
      !wanted ||
      (graph !== undefined && graph.matrix === wanted.matrix && graph.version === wanted.matrix.version && graph.model === wanted.model && graph.key === graphKey(wanted.tuning))
    );
  }

  /** Starts a rebuild on the next turn of the event loop: never inside the request that asked for it. */
  #start(): void {
    this.#building = nextTurn()
      .then(() => {
        const wanted = this.#wanted!;
        return this.#run(wanted.matrix, wanted.model, wanted.tuning);
      })
      .finally(() => {
        this.#building = undefined;
        this.#lastEnded = performance.now();
      });
  }

  async #run(matrix: ClubMatrix, model: ContentModel, tuning: WalkTuning): Promise<void> {
    const steps = itemGraphSteps(matrix, model, tuning);
    this.#lastBusyMs = 0;
    for (;;) {
      const sliceStarts = performance.now();
      const sliceEnds = sliceStarts + this.settings.sliceMs;
      let next = steps.next();
      while (!next.done && performance.now() < sliceEnds) next = steps.next();
      this.#lastBusyMs += performance.now() - sliceStarts;
      if (next.done) {
        this.#graph = next.value;
        return;
      }
      await nextTurn();
    }
  }
}
