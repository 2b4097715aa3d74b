import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs a computation written as steps (a generator that yields between small pieces of work) in slices of about
 * `sliceMs`, with a turn of the event loop after each: other interactions, timers and I/O run in between, so a
 * long build never holds the event loop for more than a slice (plus one step). Resolves with the generator's
 * result.
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs: number): Promise<T> {
  for (;;) {
    const sliceEnds = performance.now() + sliceMs;
    let next = steps.next();
    while (!next.done && performance.now() < sliceEnds) next = steps.next();
    if (next.done) return next.value;
    await nextTurn();
  }
}
