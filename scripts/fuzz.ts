// `npm run test:fuzz [-- CALLS [FRAMES]]`: the web-harness fuzz suite with a new seed and more calls
// than `npm test` runs (defaults here 200,000 calls and 10,000 raw frames; CI keeps 10,000 and 1,000).
// FUZZ_SEED=<seed> replays a run whose seed was printed. Prints vitest's summary.
import { spawnSync } from 'node:child_process';

const count = (arg: string | undefined, fallback: string) => (arg && /^\d+$/.test(arg) ? arg : fallback);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['vitest', 'run', 'tests/integration/fuzz-harness.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_CALLS: count(process.argv[2], '200000'), FUZZ_FRAMES: count(process.argv[3], '10000'), FUZZ_SEED: process.env.FUZZ_SEED ?? 'random' },
});
process.exit(result.status ?? 1);
