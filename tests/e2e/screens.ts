// Shared by the screen checks: the kiosk's three screen sizes, the fit-without-scrolling and
// senior-mode measurements of one screen, the gallery's screenshots, and a tap counter.
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from './harness';

export const kioskSizes = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
  '1280x1024': { width: 1280, height: 1024 },
} as const;
export type KioskSize = keyof typeof kioskSizes;

/** The real kiosk has no simulator beside it: hide the web harness's panel (doors are pressed through the contract). */
export async function kioskOnly(page: Page): Promise<void> {
  await page.addStyleTag({ content: '.simulator { display: none !important; } * { animation: none !important; transition: none !important; caret-color: transparent !important; }' });
}

/** What one screen measures: its overflow, and each visible button's and text's size. */
interface Measure {
  docOverflow: { x: number; y: number };
  mainOverflow: number;
  outside: string[];
  smallTargets: string[];
  smallText: string[];
  tightLines: string[];
}

function measure(): Measure {
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && getComputedStyle(el).visibility !== 'hidden';
  };
  const name = (el: Element) => (el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label') || el.tagName;
  const kiosk = document.querySelector('.kiosk') ?? document.body;
  const main = document.querySelector('main');
  const buttons = [...kiosk.querySelectorAll('button'), ...document.querySelectorAll('.overlay button')].filter(visible);
  const outside = buttons.filter((b) => {
    const r = b.getBoundingClientRect();
    return r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1;
  });
  const texts = [...kiosk.querySelectorAll('*'), ...document.querySelectorAll('.overlay *')].filter(
    (el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== ''),
  );
  const px = (el: Element, p: string) => parseFloat(getComputedStyle(el).getPropertyValue(p));
  return {
    docOverflow: { x: document.documentElement.scrollWidth - innerWidth, y: document.documentElement.scrollHeight - innerHeight },
    mainOverflow: main ? main.scrollHeight - main.clientHeight : 0,
    outside: outside.map(name),
    smallTargets: buttons.filter((b) => b.getBoundingClientRect().height < 72 || b.getBoundingClientRect().width < 72).map(name),
    smallText: texts.filter((el) => px(el, 'font-size') < 28).map((el) => `${name(el)} (${px(el, 'font-size')}px)`),
    tightLines: texts.filter((el) => px(el, 'line-height') / px(el, 'font-size') < 1.499).map((el) => `${name(el)} (${(px(el, 'line-height') / px(el, 'font-size')).toFixed(2)})`),
  };
}

/** The screen fits without scrolling (nothing cut off, nothing to scroll to); in senior mode, also its sizes. */
export async function expectFits(page: Page, label: string, elder: boolean): Promise<void> {
  const m = await page.evaluate(measure);
  expect(m.docOverflow, `${label}: the page scrolls`).toEqual({ x: expect.any(Number), y: expect.any(Number) });
  expect(Math.max(m.docOverflow.x, m.docOverflow.y), `${label}: the page scrolls`).toBeLessThanOrEqual(1);
  expect(m.mainOverflow, `${label}: the screen's content scrolls`).toBeLessThanOrEqual(1);
  expect(m.outside, `${label}: buttons outside the screen`).toEqual([]);
  if (!elder) return;
  expect(m.smallTargets, `${label}: senior-mode targets under 72 px`).toEqual([]);
  expect(m.smallText, `${label}: senior-mode text under 28 px`).toEqual([]);
  expect(m.tightLines, `${label}: senior-mode line height under 1.5`).toEqual([]);
}

/** One screen of the gallery: written to tests/artifacts/gallery (ignored by git). */
export async function galleryShot(page: Page, name: string): Promise<void> {
  const dir = join('tests', 'artifacts', 'gallery');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Counts the resident's taps on the kiosk (not on the web harness's simulator), from page load. */
export async function countTaps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { taps: string[] };
    w.taps = [];
    document.addEventListener(
      'pointerdown',
      (e) => {
        const target = e.target instanceof Element ? e.target : null;
        if (e.isTrusted && target?.closest('.kiosk, .overlay')) w.taps.push((target.closest('button')?.textContent ?? target.tagName).trim());
      },
      true,
    );
  });
}
export const taps = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { taps: string[] }).taps);
