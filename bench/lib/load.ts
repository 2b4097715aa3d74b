import type { Rng } from './rng.js';

/** One simulated interaction: resolves true when the member saw the answer it expected (else it says what they saw). */
export type Fire = () => Promise<true | string>;

export interface LoadResult {
  /** Interactions started. */
  sent: number;
  /** Interactions answered (those started during the window, answered during it or while draining after it). */
  answered: number;
  /** Of those, answered during the window: `answeredInWindow / seconds` is the throughput the system kept up. */
  answeredInWindow: number;
  /** Answered with something else than expected, or failed (no acknowledgement, a violation). */
  failed: number;
  /** Why, the first line of each distinct reason with how often it came. */
  failures: Map<string, number>;
  /** The window's length, and how long the last answers took to come after it. */
  seconds: number;
  drainSeconds: number;
  /** Most interactions in flight at once. */
  maxInFlight: number;
  /** Open loop only: how late each interaction was sent after its planned time (the generator's own lag), ms. */
  sendLagMs: number[];
}

/**
 * Closed loop: `concurrency` members, each sending its next interaction as soon as it has seen the answer to the
 * previous one (which the driver returns after its 50 ms settle time, see LocalDiscord). Its throughput is bounded
 * by concurrency / (latency + settle), whatever the bots could do: it shows latency at a fixed load, not capacity.
 */
export async function closedLoop(concurrency: number, seconds: number, fire: Fire): Promise<LoadResult> {
  const began = performance.now();
  const deadline = began + seconds * 1000;
  const result: LoadResult = { sent: 0, answered: 0, answeredInWindow: 0, failed: 0, failures: new Map(), seconds, drainSeconds: 0, maxInFlight: concurrency, sendLagMs: [] };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        result.sent += 1;
        const outcome = await fire().catch(failure);
        result.answered += 1;
        if (performance.now() <= deadline) result.answeredInWindow += 1;
        count(result, outcome);
      }
    }),
  );
  result.drainSeconds = Math.max(0, (performance.now() - deadline) / 1000);
  return result;
}

/**
 * Arrival times (ms from the start) of a Poisson process of `rate` per second over `seconds`: members act
 * independently of each other and of how fast the bot answers, so the gaps are exponential (bursts included).
 */
export function poissonArrivals(rate: number, seconds: number, rng: Rng): number[] {
  const arrivals: number[] = [];
  for (let at = 0; ; ) {
    at += (-Math.log(1 - rng.next()) / rate) * 1000;
    if (at >= seconds * 1000) return arrivals;
    arrivals.push(at);
  }
}

/** The first line of why, ids left out so that the same reason is counted once. */
function failure(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\d{17,20}/g, '…').slice(0, 160);
}

function count(result: LoadResult, outcome: true | string): void {
  if (outcome === true) return;
  result.failed += 1;
  result.failures.set(outcome, (result.failures.get(outcome) ?? 0) + 1);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Open loop: interactions are sent at their planned times (`arrivals`, ms) whether or not earlier ones were
 * answered, as members of many servers do. The system keeps up when it answers as fast as it is offered work with
 * a bounded latency; past its capacity the interactions in flight, and the latency, grow without bound. The
 * generator shares the machine, so how late it sent each interaction is measured too (`sendLagMs`).
 */
export async function openLoop(arrivals: readonly number[], seconds: number, fire: Fire): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, answered: 0, answeredInWindow: 0, failed: 0, failures: new Map(), seconds, drainSeconds: 0, maxInFlight: 0, sendLagMs: [] };
  const began = performance.now();
  const windowEnd = began + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  for (const at of arrivals) {
    const wait = began + at - performance.now();
    // setTimeout has millisecond resolution: a gap under a millisecond is sent at once, with the next ones.
    if (wait >= 1) await sleep(wait);
    result.sendLagMs.push(Math.max(0, performance.now() - (began + at)));
    result.sent += 1;
    const one: Promise<void> = fire()
      .catch(failure)
      .then((outcome) => {
        inFlight.delete(one);
        result.answered += 1;
        if (performance.now() <= windowEnd) result.answeredInWindow += 1;
        count(result, outcome);
      });
    inFlight.add(one);
    result.maxInFlight = Math.max(result.maxInFlight, inFlight.size);
  }
  const rest = windowEnd - performance.now();
  if (rest >= 1) await sleep(rest);
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  result.drainSeconds = Math.max(0, (performance.now() - windowEnd) / 1000);
  return result;
}

export interface LoadPlan {
  kind: 'closed' | 'open';
  /** Closed: members at once. */
  concurrency: number;
  /** Open: offered rates (interactions per second), one window of `seconds` each, in order. */
  rates: number[];
}

/**
 * `--rate 500` (open loop at 500/s), `--ramp 300,400,500,600` (open loop, one window per rate), else the closed
 * loop at the positional concurrency. Returns the plan and the positional arguments left.
 */
export function loadPlanFrom(argv: readonly string[], parseCounts: (values: string[]) => number[]): { plan: Omit<LoadPlan, 'concurrency'>; positional: string[] } {
  const positional: string[] = [];
  let rates: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--rate' || arg === '--ramp') {
      const value = argv[i + 1];
      if (value === undefined) {
        console.error(`${arg} takes ${arg === '--rate' ? 'a rate, e.g. --rate 500' : 'rates, e.g. --ramp 300,400,500,600'}`);
        process.exit(2);
      }
      rates = parseCounts(value.split(','));
      if (arg === '--rate' && rates.length !== 1) {
        console.error('--rate takes one rate (--ramp takes several)');
        process.exit(2);
      }
      i += 1;
    } else positional.push(arg);
  }
  return { plan: rates ? { kind: 'open', rates } : { kind: 'closed', rates: [] }, positional };
}
