// `npm run test:soak -- [N] [playwright args…]`: the end-to-end suite N times over (default 5), with
// no retries, then every test that failed even once, with how often. A flaky test shows here long
// before it costs a CI run. Runs beside a CPU hog as well: `SOAK_HOG=2 npm run test:soak` starts that
// many busy loops for the duration, as a shared 2-core CI machine would be.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [first, ...rest] = process.argv.slice(2);
const repeat = first !== undefined && /^\d+$/.test(first) ? Number(first) : 5;
const extra = first !== undefined && /^\d+$/.test(first) ? rest : process.argv.slice(2);
const report = 'test-results/soak-results.json';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Result { status: string }
interface Spec { title: string; file: string; line: number; tests: { results: Result[] }[] }
interface Suite { title: string; specs?: Spec[]; suites?: Suite[] }

function specs(suite: Suite, path: string[] = []): { name: string; results: Result[] }[] {
  const here = suite.title ? [...path, suite.title] : path;
  return [
    ...(suite.specs ?? []).map((s) => ({ name: [...here, s.title].join(' › ') + ` (${s.file}:${s.line})`, results: s.tests.flatMap((t) => t.results) })),
    ...(suite.suites ?? []).flatMap((child) => specs(child, here)),
  ];
}

function startHogs(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

const build = spawnSync(npx, ['vite', 'build', '--config', 'scripts/renderer.vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const hogs = startHogs(Number(process.env.SOAK_HOG ?? 0));
const started = Date.now();
// Its own output folder: a Playwright run started meanwhile cleans test-results/e2e, not this one's traces.
const run = spawnSync(npx, ['playwright', 'test', `--repeat-each=${repeat}`, '--retries=0', '--reporter=list,json', '--output=test-results/soak', ...extra], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
});
for (const hog of hogs) hog.kill('SIGKILL');

const suites = (JSON.parse(readFileSync(report, 'utf8')) as { suites: Suite[] }).suites;
const all = suites.flatMap((s) => specs(s));
const flaky = all
  .map((s) => ({ name: s.name, runs: s.results.length, failed: s.results.filter((r) => r.status !== 'passed' && r.status !== 'skipped').length }))
  .filter((s) => s.failed > 0);
console.log(`\n=== soak: ${all.length} tests × ${repeat} in ${Math.round((Date.now() - started) / 1000)} s${hogs.length ? ` beside ${hogs.length} busy loops` : ''}`);
if (flaky.length === 0) console.log('every test passed every time');
for (const f of flaky) console.log(`FAILED ${f.failed} of ${f.runs}: ${f.name}`);
process.exit(flaky.length || run.status !== 0 ? 1 : 0);
