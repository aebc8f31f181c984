// `npm run test:faults [-- N]`: the power-cut suite with N SIGKILLs (default 1000) instead of the
// 200 that `npm test` runs, across drop-off, retrieval, return and pickup; POWER_CUT_SEED=random
// explores a new schedule, POWER_CUT_LANES sets how many cabinets are killed side by side
// (default 8). Prints vitest's summary and the suite's per-flow, per-phase hit counts.
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] && /^\d+$/.test(process.argv[2]) ? process.argv[2] : '1000';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['vitest', 'run', 'tests/integration/power-cut.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, POWER_CUT_RUNS: runs },
});
process.exit(result.status ?? 1);
