import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { collectGarbage } from '../../src/search/collectGarbage.js';

// The bulk index build asks for full collections between stages (src/search/collectGarbage.ts): one must really happen.
it('collects an object nobody holds any more', async () => {
  let held: object | undefined = { films: Array.from({ length: 1000 }, (_, i) => ({ i })) };
  const ref = new WeakRef(held);
  held = undefined;
  // A WeakRef keeps its target until the current job ends.
  await nextTurn();
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
  expect(held).toBeUndefined();
});
