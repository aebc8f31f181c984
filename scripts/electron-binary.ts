// Where the Electron binary is, without triggering the electron package's download-on-first-use
// (which fails on machines without internet). null when it is not installed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const NO_ELECTRON =
  'Electron binary not installed on this machine (it cannot be downloaded here) — run `npm run web` to use the kiosk in a browser.';

export function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative) : existsSync(pathFile) ? join(dir, 'dist', relative) : null;
  return binary && existsSync(binary) ? binary : null;
}
