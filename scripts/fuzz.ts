/**
 * `npm run test:fuzz -- --seed 42 --runs 500`: the interaction fuzzer and the permission suite for as long as one
 * likes. The seed and the number of runs are passed to the suites as FUZZ_SEED and FUZZ_RUNS (which may also be set
 * directly); `npm test` runs them with a fixed seed and a few runs. A failure prints the seed and the input.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seed: { type: 'string' }, runs: { type: 'string' } }, allowPositionals: false });
const env = { ...process.env };
for (const [name, value] of [['FUZZ_SEED', values.seed], ['FUZZ_RUNS', values.runs]] as const) {
  if (value === undefined) continue;
  if (!/^\d+$/.test(value)) {
    console.error(`--${name === 'FUZZ_SEED' ? 'seed' : 'runs'} takes a whole number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  env[name] = value;
}
env.FUZZ_SEED ??= String(Date.now() % 2 ** 31);
console.log(`fuzzing with FUZZ_SEED=${env.FUZZ_SEED}${env.FUZZ_RUNS ? ` FUZZ_RUNS=${env.FUZZ_RUNS}` : ''}`);
const run = spawnSync('npx', ['vitest', 'run', '--project', 'lowdb', 'tests/hardening/interactionFuzz.test.ts', 'tests/hardening/permissions.test.ts'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
