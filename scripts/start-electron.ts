// `npm start`: build, then launch the kiosk in Electron. The first start downloads Electron's
// binary (electron's own installer); only if that fails, one line says so and points to the web
// harness. Nothing is downloaded by `npm ci`, so the tests never need the network (ADR 0014).
import { spawn, spawnSync } from 'node:child_process';
import { downloadElectron, downloadFailedLine, electronBinary } from './electron-binary';

function binaryOrExit(): string {
  const found = electronBinary();
  if (found) return found;
  console.log('Electron is not downloaded yet: downloading it once (about 100 MB)...');
  const got = downloadElectron();
  if (got.ok) return got.binary;
  // electron's installer declares Node >= 22.12; on an older Node say so with the failure.
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const oldNode = major < 22 || (major === 22 && minor < 12);
  console.error(downloadFailedLine(oldNode ? `${got.reason}; electron's installer wants Node >= 22.12, this is ${process.versions.node}` : got.reason));
  process.exit(1);
}

const binary = binaryOrExit();
const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
