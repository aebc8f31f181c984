// Copies the curated key screens from the gallery (tests/artifacts/gallery, written by
// tests/e2e/gallery.spec.ts) into docs/screens, scaled to 45 % and saved as JPEG (quality 72) by
// Debian's Chromium: small enough for the repository, sharp enough to read.
// Usage: npx tsx scripts/curate-screens.ts
import { chromium } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const KEY_SCREENS = [
  'portrait-zh-home',
  'portrait-elder-home',
  'landscape-zh-home',
  'portrait-zh-dropoff-phone',
  'landscape-en-dropoff-phone',
  'portrait-elder-dropoff-confirm',
  'portrait-zh-dropoff-door',
  'landscape-zh-dropoff-door',
  'portrait-elder-dropoff-door',
  'portrait-zh-dropoff-receipt',
  'landscape-en-dropoff-receipt',
  '1280x1024-elder-dropoff-phone',
  'landscape-elder-status-result',
  'portrait-zh-help',
];
const SCALE = 0.45;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
mkdirSync('docs/screens', { recursive: true });
for (const name of KEY_SCREENS) {
  const png = readFileSync(join('tests', 'artifacts', 'gallery', `${name}.png`));
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)].map((n) => Math.round(n * SCALE)) as [number, number];
  await page.setViewportSize({ width, height });
  await page.setContent(`<body style="margin:0"><img style="display:block;width:${width}px;height:${height}px" src="data:image/png;base64,${png.toString('base64')}"></body>`);
  await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
  await page.screenshot({ path: join('docs', 'screens', `${name}.jpg`), type: 'jpeg', quality: 72 });
}
await browser.close();
console.log(`${KEY_SCREENS.length} screens in docs/screens`);
