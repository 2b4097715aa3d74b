/**
 * The V8 flags the bot runs with: `npm start` (package.json) and the Dockerfile pass the same ones, which
 * tests/scale/botNodeFlags.test.ts checks, so the benchmarks measure the bot as it is run.
 *
 * A 4 MB young generation (V8's default is 16 MB) halves the longest garbage-collection pause during a burst of
 * presses, when every pending write's records survive until their shared commit: measured with `npm run
 * bench:store` on the idle 2-core machine, longest pause 14.6–21.6 → 7.2–9.8 ms and event-loop max during 500
 * presses 23–34 → 14–20.5 ms, for no measurable change in `bench:scale` throughput.
 */
export const BOT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
