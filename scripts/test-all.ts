// `npm test`: lint, typecheck, unit + integration (vitest), build the renderer, the Electron
// security scan (Electronegativity), end-to-end
// (Playwright in Debian's Chromium through the web harness). Says plainly what is missing on a
// machine without the Debian packages, and ends with the runners' summaries and one total line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const missing: string[] = [];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) missing.push(`chromium (${chromium}) — apt-get install chromium`);
if (spawnSync('sh', ['-c', 'command -v socat'], { stdio: 'ignore' }).status !== 0) missing.push('socat — apt-get install socat');
if (!existsSync(process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto')) missing.push('mosquitto (the fleet tests start their own broker) — apt-get install mosquitto');
if (spawnSync('sh', ['-c', 'command -v espeak-ng'], { stdio: 'ignore' }).status !== 0) missing.push('espeak-ng (the kiosk\'s offline voice) — apt-get install espeak-ng');
if (spawnSync('sh', ['-c', 'fc-list | grep -qi "noto.*cjk"'], { stdio: 'ignore' }).status !== 0) missing.push('a CJK font for screenshots — apt-get install fonts-noto-cjk');
if (missing.length) {
  console.error(`npm test needs these Debian packages (.ci/run installs them):\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  process.exit(1);
}

function run(title: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return result.status === 0;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
rmSync('test-results', { recursive: true, force: true });
const steps: [string, boolean][] = [];
steps.push(['lint', run('lint', npx, ['eslint', '.'])]);
steps.push(['typecheck', run('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit'])]);
steps.push(['vitest', run('unit + integration', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest-results.json'])]);
const built =
  run('build renderer', npx, ['vite', 'build', '--config', 'scripts/renderer.vite.config.ts', '--logLevel', 'warn']) &&
  run('build electron main + preload', npx, ['tsx', 'scripts/build-electron.ts']);
steps.push(['build', built]);
// Electronegativity over main/ and the built renderer: anything above informational must be justified.
if (built) steps.push(['electronegativity', run('electron security scan', npx, ['tsx', 'scripts/electronegativity.ts'])]);
if (built) steps.push(['playwright', run('end-to-end', npx, ['playwright', 'test'])]);

interface Counts { passed: number; failed: number; skipped: number }
function vitestCounts(): Counts | null {
  if (!existsSync('test-results/vitest-results.json')) return null;
  const r = JSON.parse(readFileSync('test-results/vitest-results.json', 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
}
function playwrightCounts(): Counts | null {
  if (!existsSync('test-results/e2e-results.json')) return null;
  const s = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8')).stats;
  return { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected, skipped: s.skipped };
}

// CI keeps only the tail of the output: name each failed test there, with the first lines of why.
function vitestFailures(): string[] {
  if (!existsSync('test-results/vitest-results.json')) return [];
  const r = JSON.parse(readFileSync('test-results/vitest-results.json', 'utf8'));
  const out: string[] = [];
  for (const file of r.testResults ?? []) {
    const name = String(file.name).replace(`${process.cwd()}/`, '');
    const failed = (file.assertionResults ?? []).filter((a: { status: string }) => a.status === 'failed');
    if (!failed.length && file.status === 'failed') out.push(`${name}: ${firstLines(file.message)}`);
    for (const a of failed) out.push(`${name} › ${a.fullName}: ${firstLines((a.failureMessages ?? []).join('\n'))}`);
  }
  return out;
}
function firstLines(text: unknown): string {
  return String(text ?? '').split('\n').filter((l) => l.trim()).slice(0, 4).join(' | ').slice(0, 600);
}

const v = vitestCounts();
const p = playwrightCounts();
console.log('\n=== summary');
for (const [name, ok] of steps) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
if (v) console.log(`vitest: ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped`);
for (const line of vitestFailures()) console.log(`  failed: ${line}`);
if (p) console.log(`playwright: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`);
const stepFailures = steps.filter(([, ok]) => !ok).length;
const passed = (v?.passed ?? 0) + (p?.passed ?? 0);
const failed = (v?.failed ?? 0) + (p?.failed ?? 0) + (stepFailures && !((v?.failed ?? 0) + (p?.failed ?? 0)) ? stepFailures : 0);
const skipped = (v?.skipped ?? 0) + (p?.skipped ?? 0);
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(stepFailures ? 1 : 0);
