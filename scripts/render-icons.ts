// `npm run icons`: renders the app icon (scripts/package/icon.ts) into build/ for electron-builder:
// build/icons/<N>x<N>.png (Linux: AppImage, deb), build/icon.png (512) and build/icon.ico (NSIS).
// The outputs are committed; tests/unit/package/icon.test.ts checks they match this renderer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { icoFromPngs, renderIcon } from './package/icon';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export function iconPng(size: number): Buffer {
  return PNG.sync.write({ width: size, height: size, data: renderIcon(size) }, { colorType: 6 });
}

export function writeIcons(buildDir: string): string[] {
  const written: string[] = [];
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) {
    const file = join(buildDir, 'icons', `${size}x${size}.png`);
    writeFileSync(file, iconPng(size));
    written.push(file);
  }
  writeFileSync(join(buildDir, 'icon.png'), iconPng(512));
  writeFileSync(join(buildDir, 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, png: iconPng(size) }))));
  return [...written, join(buildDir, 'icon.png'), join(buildDir, 'icon.ico')];
}

if (process.argv[1]?.endsWith('render-icons.ts')) console.log(writeIcons('build').join('\n'));
