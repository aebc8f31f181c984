// The worker as a child process that starts cheaply: bundled once per test run with esbuild — the
// project's code and its pure-JS packages in one .mjs, only native addons left to node_modules —
// so each child is plain `node`, not `node --import tsx` transpiling the app on every start, nor
// resolving hundreds of package files (measured on this 2-core machine: ~0.9 s to 'ready' under
// tsx; 0.25–0.3 s of CPU with the bundle, of which ~0.12 s compiles it).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Cut, WorkerPlan } from './schedule';

const repo = join(import.meta.dirname, '..', '..', '..');
/** Native addons (and what loads them): they stay in node_modules. */
const NATIVE = ['better-sqlite3', '@node-rs/argon2', '@serialport/bindings-cpp'];

/**
 * Bundles worker.ts into node_modules/.cache (so the natives resolve to the repo's packages) and
 * answers its path. One file per process: parallel runs do not overwrite each other.
 */
export async function bundleWorker(): Promise<string> {
  const dir = join(repo, 'node_modules', '.cache', 'power-cut');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `worker-${process.pid}.mjs`);
  await build({
    entryPoints: [join(import.meta.dirname, 'worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: NATIVE,
    // CommonJS packages inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

export interface Killed {
  lines: string[];
  stderr: string;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** From the spawn to the SIGKILL (ms). */
  livedMs: number;
}

/** Runs the worker on `dataDir` until the cut and SIGKILLs it; resolves once it is gone. */
export function runUntilCut(bundle: string, dirs: { dataDir: string; config: string; planFile: string }, cut: Cut, plan: WorkerPlan): Promise<Killed> {
  writeFileSync(dirs.planFile, JSON.stringify(plan));
  const started = Date.now();
  const child = spawn(process.execPath, [bundle, dirs.dataDir, dirs.config, dirs.planFile], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  let armed = false;
  let killedAt = 0;
  const kill = () => {
    killedAt = Date.now();
    child.kill('SIGKILL');
  };
  const arm = () => {
    if (armed) return;
    armed = true;
    setTimeout(kill, cut.delayMs);
  };
  if (cut.marker === 'spawned') arm();
  // A cut whose marker never comes (the child got stuck) still ends the run, and the test fails on it.
  const guard = setTimeout(kill, 60_000);
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    const parts = (partial + c.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      // A marker may carry more words (the case it is about): `retrieve begin 1 2611300004`.
      if (line === cut.marker || line.startsWith(`${cut.marker} `)) arm();
    }
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (partial) lines.push(partial);
      resolve({ lines, stderr: armed ? stderr : `${stderr}\n(marker "${cut.marker}" never came)`, exit: { code, signal }, livedMs: (killedAt || Date.now()) - started });
    });
  });
}
