import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ClubMatrix } from './club.js';
import { type EaseModel, type EaseTuning, easeInputSteps, easeKey, easeModelOf, easeWanted, fitEase, fitEaseWeights } from './ease.js';
import type { WalkTuning } from './walk.js';

type FitTuning = WalkTuning & EaseTuning;

export interface EaseSettings {
  /**
   * `inline`: fit on the calling thread when a request needs a model for the current state (benchmarks and tests;
   * what a matrix nobody refreshes has). `background`: never inside a request — the fit runs in a worker thread and
   * requests answer without the model (the walk alone) until the first fit is ready, then with the latest fit.
   */
  mode: 'inline' | 'background';
  /** A refit starts no sooner than this long after the previous one ended… */
  minRefitGapMs: number;
  /** …nor sooner than this × the previous fit's duration, so a busy server does not keep a core fitting. */
  refitGapFactor: number;
  /** Packing the fit's input runs on the event loop in slices of about this long. */
  sliceMs: number;
  /**
   * No learned model in a server with more records than this: at 1,000,000 records (10,000 members) its refits
   * measured /recommend p95 458 ms and 1.8 s event-loop stalls against 40 ms and 0.2 s without it (bench:recommend-
   * latency, shared machine). Measured again with a probe of the main thread's CPU time in each stall, the stalls
   * stayed under 0.32 s and were mostly waiting for a core, but p95 was still 37–53 ms against 25.5 ms without the
   * model (README, recommendation latency), so such a server ranks with the walk's table alone.
   */
  maxRecords: number;
}

export const DEFAULT_EASE: Readonly<EaseSettings> = { mode: 'background', minRefitGapMs: 5_000, refitGapFactor: 2, sliceMs: 8, maxRecords: 250_000 };
export const INLINE_EASE: Readonly<Partial<EaseSettings>> = { mode: 'inline' };

interface Job {
  resolve: (weights: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread for every server's fits, started on the first fit. Its code is `fitEaseWeights`'s own source
 * (that function is self-contained): no separate file to compile or resolve, the same under tsx, vitest and the
 * built bot, and the same arithmetic as an inline fit.
 */
class EaseWorker {
  #worker: Worker | undefined;
  #jobs = new Map<number, Job>();
  #next = 0;

  fit(n: number, rowStart: Int32Array, cols: Int32Array, values: Float64Array, lambda: number): Promise<Float32Array> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<Float32Array>((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject });
      // A job in flight keeps the process alive; an idle worker does not.
      worker.ref();
      worker.postMessage({ id, n, rowStart, cols, values, lambda }, [rowStart.buffer as ArrayBuffer, cols.buffer as ArrayBuffer, values.buffer as ArrayBuffer]);
    });
  }

  /** Stops the thread (tests, shutdown); a later fit starts a new one. */
  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const source = [
      "const { parentPort } = require('node:worker_threads');",
      // Transpilers may wrap functions with a naming helper; give it one that does nothing.
      'var __name = (target) => target;',
      `const fit = ${fitEaseWeights.toString()};`,
      'parentPort.on("message", (job) => {',
      '  try {',
      '    const weights = fit(job.n, job.rowStart, job.cols, job.values, job.lambda);',
      '    parentPort.postMessage({ id: job.id, weights }, [weights.buffer]);',
      '  } catch (error) {',
      '    parentPort.postMessage({ id: job.id, error: String(error && error.stack || error) });',
      '  }',
      '});',
    ].join('\n');
    const worker = new Worker(source, { eval: true, name: 'marquee-ease-fit' });
    worker.on('message', (message: { id: number; weights?: Float32Array; error?: string }) => {
      const job = this.#jobs.get(message.id);
      this.#jobs.delete(message.id);
      if (this.#jobs.size === 0) worker.unref();
      if (!job) return;
      if (message.weights) job.resolve(message.weights);
      else job.reject(new Error(message.error ?? 'the fit failed'));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const job of this.#jobs.values()) job.reject(error);
      this.#jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the fitting thread exited (${code})`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

export const easeWorker = new EaseWorker();

/**
 * A server's learned item–item model (ease.ts) and its refits. Carried from one club matrix to the next, like the
 * item–item table's holder, and shared by whatever reads that matrix (/recommend, /party suggest).
 */
export class EaseHolder {
  #model: EaseModel | undefined;
  #fitting: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastEnded = Number.NEGATIVE_INFINITY;
  #lastFitMs = 0;
  #wanted: { matrix: ClubMatrix; tuning: FitTuning } | undefined;
  /** The last background fit's failure, if the last one failed (the walk answers meanwhile). */
  lastError: Error | undefined;
  readonly settings: EaseSettings;

  constructor(settings: Partial<EaseSettings> = {}) {
    this.settings = { ...DEFAULT_EASE, ...settings };
  }

  get background(): boolean {
    return this.settings.mode === 'background';
  }

  /**
   * The model to score with for this matrix and tuning, stale or not; undefined while there is none (the blend then
   * goes without it). Inline, fits now if the matrix changed; in the background, asks for a refit when behind.
   */
  modelFor(matrix: ClubMatrix, tuning: FitTuning): EaseModel | undefined {
    if (!easeWanted(matrix, tuning) || matrix.records > this.settings.maxRecords) return undefined;
    const key = easeKey(tuning);
    const model = this.#model;
    if (!this.background) {
      if (model && model.matrix === matrix && model.version === matrix.version && model.key === key) return model;
      this.#model = fitEase(matrix, tuning);
      return this.#model;
    }
    this.#refresh(matrix, tuning);
    return model && model.key === key ? model : undefined;
  }

  /** Resolves once no fit is running or waiting and the model describes the latest matrix asked about. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (!this.#isCurrent() && !this.#fitting) this.#start();
      }
      if (this.#fitting) {
        await this.#fitting;
        continue;
      }
      if (this.#wanted && !this.#isCurrent() && !this.lastError) {
        this.#start();
        continue;
      }
      return;
    }
  }

  #refresh(matrix: ClubMatrix, tuning: FitTuning): void {
    this.#wanted = { matrix, tuning };
    if (this.#isCurrent() || this.#fitting || this.#timer) return;
    const gap = Math.max(this.settings.minRefitGapMs, this.settings.refitGapFactor * this.#lastFitMs);
    // The first fit starts at once: until it is ready the server has no model at all.
    const wait = this.#model ? this.#lastEnded + gap - performance.now() : 0;
    if (wait <= 0) {
      this.#start();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#isCurrent() && !this.#fitting) this.#start();
    }, wait);
    this.#timer.unref();
  }

  #isCurrent(): boolean {
    const wanted = this.#wanted;
    const model = this.#model;
    return (
      !wanted ||
      (model !== undefined && model.matrix === wanted.matrix && model.version === wanted.matrix.version && model.key === easeKey(wanted.tuning))
    );
  }

  /** Starts a fit on the next turn of the event loop (never inside the request that asked for it). */
  #start(): void {
    const started = performance.now();
    this.#fitting = nextTurn()
      .then(async () => {
        const { matrix, tuning } = this.#wanted!;
        const version = matrix.version;
        // Packing the input reads every record on this thread, in slices of about `sliceMs` with a turn of the
        // event loop after each; the O(n³) fit runs in the worker.
        const steps = easeInputSteps(matrix, tuning);
        let next = steps.next();
        while (!next.done) {
          const sliceEnds = performance.now() + this.settings.sliceMs;
          while (!next.done && performance.now() < sliceEnds) next = steps.next();
          if (!next.done) await nextTurn();
        }
        const input = next.value;
        const weights = await easeWorker.fit(input.items.length, input.rowStart, input.cols, input.values, input.lambda);
        this.#model = easeModelOf(matrix, version, easeKey(tuning), input.items, weights);
        this.lastError = undefined;
      })
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.#fitting = undefined;
        this.#lastEnded = performance.now();
        this.#lastFitMs = this.#lastEnded - started;
      });
  }
}
