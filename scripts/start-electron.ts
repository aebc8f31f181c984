// `npm start`: build, then launch the kiosk in Electron. Where no Electron binary is installed
// (as on the build machines, which cannot download it) say so in one line and point to the web
// harness, instead of letting the electron package try a download and print a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function electronBinary(): string | null {
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

const binary = electronBinary();
if (!binary) {
  console.error('Electron binary not installed on this machine (it cannot be downloaded here) — run `npm run web` to use the kiosk in a browser.');
  process.exit(1);
}
const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
