// `npm run test:faults [-- N]`: the power-cut suite with N SIGKILLs (default 200) instead of the 15
// that `npm test` runs; POWER_CUT_SEED=random explores a new schedule. Prints vitest's summary.
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] && /^\d+$/.test(process.argv[2]) ? process.argv[2] : '200';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['vitest', 'run', 'tests/integration/power-cut.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, POWER_CUT_RUNS: runs },
});
process.exit(result.status ?? 1);
