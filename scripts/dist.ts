// `npm run dist[:linux|:win] [-- --arch arm64]`: stage the app (scripts/stage-app.ts) for this OS
// and CPU, then let electron-builder package it. Native modules are compiled for the target, so
// each OS/CPU is packaged on a machine of that OS/CPU (@electron/rebuild does not cross-compile);
// the beforePack hook refuses a mismatch. electron-builder downloads Electron itself (or from
// ELECTRON_MIRROR): packaging needs the network, the tests never do.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { linux: { type: 'boolean', default: false }, win: { type: 'boolean', default: false }, arch: { type: 'string', default: process.arch } } });
const platform = values.win ? 'win32' : values.linux ? 'linux' : process.platform;
if (platform !== process.platform) {
  console.error(`Packaging for ${platform} runs on ${platform}: the native modules are built there (this is ${process.platform}).`);
  process.exit(1);
}
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (args: string[]) => spawnSync(npx, args, { stdio: 'inherit' }).status === 0;
const install = values.arch === process.arch ? 'copy' : 'npm-ci';
if (!run(['tsx', 'scripts/stage-app.ts', '--require-rebuild', '--install', install, '--arch', values.arch])) process.exit(1);
const flag = platform === 'win32' ? '--win' : platform === 'darwin' ? '--mac' : '--linux';
process.exit(run(['electron-builder', flag, `--${values.arch}`, '--publish', 'never']) ? 0 : 1);
