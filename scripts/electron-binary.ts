// Where the Electron binary is, and fetching it on first use. The electron package (45+) has no
// install script: it downloads its binary the first time it is needed. `npm start` lets it do so,
// through electron's own install.js, and only when that download really fails says so in one line
// with the web harness as the alternative (ADR 0014).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Why the Electron tests did not run, when the binary is not on this machine. */
export const NO_ELECTRON = 'Electron binary not installed on this machine (`npm start` downloads it on first use; here it cannot) — run `npm run web` to use the kiosk in a browser.';

/** The one line `npm start` prints when the download fails. */
export function downloadFailedLine(reason: string): string {
  return `Electron could not be downloaded (${reason}) — run \`npm run web\` to use the kiosk in a browser instead.`;
}

function electronDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = electronDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative) : existsSync(pathFile) ? join(dir, 'dist', relative) : null;
  return binary && existsSync(binary) ? binary : null;
}

/** The last meaningful line of a failed download's output: "fetch failed", "404", ... */
export function failureReason(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const last = lines.at(-1) ?? 'no output';
  return last.length > 160 ? `${last.slice(0, 157)}...` : last;
}

/** Run electron's own installer (download + checksum + unzip); its progress goes to the terminal. */
export function downloadElectron(env: NodeJS.ProcessEnv = process.env, timeoutMs = 15 * 60_000): { ok: true; binary: string } | { ok: false; reason: string } {
  const dir = electronDir();
  if (!dir) return { ok: false, reason: 'the electron package is not installed: run `npm ci`' };
  const run = spawnSync(process.execPath, [join(dir, 'install.js')], { env, timeout: timeoutMs, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const binary = electronBinary(env);
  if (run.status === 0 && binary) return { ok: true, binary };
  if (run.error) return { ok: false, reason: run.error.message };
  return { ok: false, reason: failureReason(run.stderr ?? '') };
}
