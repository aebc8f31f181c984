// electron-builder beforePack hook (electron-builder.yml): refuse to package a staged folder whose
// native modules were not rebuilt for Electron, or were staged for another CPU than this target —
// an arm64 deb holding x64 .node files installs fine and dies on first start.
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks with require(): CommonJS */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// electron-builder's Arch enum: ia32, x64, armv7l, arm64, universal.
const ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

exports.default = async function beforePack(context) {
  const appDir = context.packager.info.appDir;
  const staged = JSON.parse(readFileSync(join(appDir, 'STAGED.json'), 'utf8'));
  const target = ARCH[context.arch];
  if (!staged.rebuilt) throw new Error(`${appDir} was staged without an Electron rebuild (${staged.reason}); run npm run stage where Electron's headers can be fetched`);
  if (staged.platform !== context.electronPlatformName) throw new Error(`${appDir} was staged on ${staged.platform}, not ${context.electronPlatformName}: package on the target OS`);
  if (staged.arch !== target) throw new Error(`${appDir} was staged for ${staged.arch}, not ${target}: run npm run stage -- --install npm-ci --arch ${target} on a ${target} machine`);
};
