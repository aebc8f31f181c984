// Every resident screen at the kiosk's three sizes (1080×1920 portrait, 1920×1080 landscape,
// 1280×1024) in Chinese, English and senior mode: each fits without scrolling (nothing cut off,
// nothing to scroll to); in senior mode every text is >= 28 px, every target >= 72 px, every line
// >= 1.5. Each screen is written to tests/artifacts/gallery (the screen gallery, ignored by git).
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, seedReturned, typeOnKeypad, type Harness } from './harness';
import { expectFits, galleryShot, kioskOnly, kioskSizes, type KioskSize } from './screens';

type Mode = 'zh' | 'en' | 'elder';
const zh = JSON.parse(readFileSync('renderer/locales/zh-CN.json', 'utf8')) as typeof import('../../renderer/locales/zh-CN.json');
const en = JSON.parse(readFileSync('renderer/locales/en.json', 'utf8')) as typeof import('../../renderer/locales/zh-CN.json');
const help = { zh: JSON.parse(readFileSync('renderer/locales/help.zh-CN.json', 'utf8')) as Record<string, string>, en: JSON.parse(readFileSync('renderer/locales/help.en.json', 'utf8')) as Record<string, string> };

function walker(page: Page, harness: Harness, size: KioskSize, mode: Mode) {
  const L = mode === 'en' ? en : zh;
  const digit = (d: string) => L.keypad.digit.replace('{{digit}}', d);
  return {
    L,
    digit,
    type: (digits: string) => typeOnKeypad(page, digits, digit),
    confirm: () => page.getByRole('button', { name: L.keypad.confirm, exact: true }).click(),
    button: (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
    /** At home: the mode for this walk (a finished visit resets both). */
    enter: async () => {
      await expect(page.getByRole('heading', { name: zh.home.welcome })).toBeVisible();
      if (mode === 'en') await page.getByRole('button', { name: zh.app.languageLabel }).click();
      if (mode === 'elder') await page.getByTestId('elder-toggle').click();
      await expect(page.getByRole('heading', { name: L.home.welcome })).toBeVisible();
    },
    shot: async (name: string) => {
      await expectFits(page, `${size} ${mode} ${name}`, mode === 'elder');
      await galleryShot(page, `${size}-${mode}-${name}`);
    },
    closeDoor: async () => {
      const [row] = harness.query<{ compartment: string }>('SELECT compartment FROM cases ORDER BY id DESC LIMIT 1');
      await harness.call('simulator.press', { label: row?.compartment });
    },
  };
}

async function dropOffWalk(page: Page, w: ReturnType<typeof walker>): Promise<string> {
  const { L } = w;
  await w.enter();
  await w.shot('home');
  await page.getByTestId('help-button').click();
  await expect(page.getByTestId('help-hotline')).toBeVisible();
  await w.shot('help');
  await page.getByRole('button', { name: (L === en ? help.en : help.zh).close, exact: true }).click();
  await w.button(new RegExp(L.home.dropOff));
  await expect(page.getByRole('heading', { name: L.dropOff.chooseMatter })).toBeVisible();
  await w.shot('dropoff-matter');
  await w.button(L === en ? 'Senior citizen card' : '老年人优待证');
  await w.shot('dropoff-checklist');
  await w.button(L.dropOff.ready);
  await w.type('13812345678');
  await w.shot('dropoff-phone');
  await w.confirm();
  await expect(page.getByTestId('read-back')).toHaveText('138 1234 5678');
  await w.shot('dropoff-confirm');
  await w.button(L.dropOff.agreeNumber);
  await expect(page.getByText(L.dropOff.putIn)).toBeVisible();
  await w.shot('dropoff-door');
  await w.closeDoor();
  await expect(page.getByTestId('paper')).toHaveText(L.dropOff.paperPrinted);
  await w.shot('dropoff-receipt');
  const reference = ((await page.getByTestId('reference').textContent()) ?? '').replace(/\s/g, '');
  await w.button(L.dropOff.done);
  await w.shot('dropoff-rating');
  await w.button(L.rating.skip);
  return reference;
}

async function pickUpAndStatusWalk(page: Page, harness: Harness, w: ReturnType<typeof walker>, reference: string) {
  const { L } = w;
  const code = seedReturned(harness, reference);
  await w.enter();
  await w.button(new RegExp(L.home.pickUp));
  await w.shot('pickup-code');
  await w.type(code);
  await w.confirm();
  await w.type('5678');
  await w.shot('pickup-phone');
  await w.confirm();
  await expect(page.getByText(L.pickUp.takeOut)).toBeVisible();
  await w.shot('pickup-door');
  await w.closeDoor();
  await expect(page.getByRole('heading', { name: L.rating.title })).toBeVisible();
  await w.shot('pickup-done');
  await w.button(L.rating.skip);
  await w.enter();
  await w.button(new RegExp(L.home.status));
  await w.type(reference);
  await w.shot('status-reference');
  await w.confirm();
  await w.type('5678');
  await w.confirm();
  await expect(page.getByTestId('case-status')).toContainText(L.status.label.pickedUp);
  await w.shot('status-result');
}

for (const size of Object.keys(kioskSizes) as KioskSize[]) {
  for (const mode of ['zh', 'en', 'elder'] as const) {
    test(`every resident screen fits at ${size} (${mode})`, async ({ page, harness }) => {
      test.setTimeout(240_000);
      await page.setViewportSize(kioskSizes[size]);
      await page.goto(harness.url);
      await kioskOnly(page);
      const w = walker(page, harness, size, mode);
      const reference = await dropOffWalk(page, w);
      await pickUpAndStatusWalk(page, harness, w, reference);
    });
  }
}
