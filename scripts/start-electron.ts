// `npm start`: build, then launch the kiosk in Electron. Where no Electron binary is installed
// (as on the build machines, which cannot download it) say so in one line and point to the web
// harness, instead of letting the electron package try a download and print a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary, NO_ELECTRON } from './electron-binary';

const binary = electronBinary();
if (!binary) {
  console.error(NO_ELECTRON);
  process.exit(1);
}
const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
