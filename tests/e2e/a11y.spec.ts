// Accessibility: axe-core on every resident screen, in Chinese, in English and in elder mode,
// with no serious or critical violation; each screen is kept as a screenshot to be looked at.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, dropOffViaContract, keepScreenshot, seedReturned, typeOnKeypad, type Harness } from './harness';

type Mode = 'zh' | 'en' | 'elder';
// The screens' own strings, so the walk finds each control by the name a resident hears.
const zh = JSON.parse(readFileSync('renderer/locales/zh-CN.json', 'utf8')) as typeof import('../../renderer/locales/zh-CN.json');
const en = JSON.parse(readFileSync('renderer/locales/en.json', 'utf8')) as typeof import('../../renderer/locales/zh-CN.json');

async function axe(page: Page, mode: Mode, screen: string) {
  await keepScreenshot(page, `a11y-${mode}-${screen}`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${mode} ${screen}`).toEqual([]);
}

/** At home: put the kiosk in `mode` (the idle/home return resets both toggles). */
async function enter(page: Page, mode: Mode) {
  if (mode === 'en') await page.getByRole('button', { name: zh.app.languageLabel }).click();
  if (mode === 'elder') await page.getByRole('button', { name: new RegExp(`^${zh.elder.name}`) }).click();
}

/** The names a walk needs in one mode's language. */
function words(page: Page, mode: Mode) {
  const L = mode === 'en' ? en : zh;
  const digit = (d: string) => L.keypad.digit.replace('{{digit}}', d);
  const confirm = () => page.getByRole('button', { name: L.keypad.confirm, exact: true }).click();
  const simDoor = (label: string) => page.getByRole('region', { name: L.simulator.title }).getByRole('button', { name: label, exact: true });
  return { L, digit, confirm, simDoor };
}

const lastCompartment = (harness: Harness) => harness.query<{ compartment: string }>('SELECT compartment FROM cases ORDER BY id DESC LIMIT 1')[0]?.compartment ?? '';

/**
 * Each group of screens is its own test, with a budget that grows with the screens it scans: one
 * axe scan plus a full-page screenshot takes seconds on a busy 2-core machine, so a fixed budget for a
 * walk through every screen failed there (issue 9).
 */
const PER_SCREEN_MS = 12_000;
function budget(screens: number) {
  test.setTimeout(30_000 + screens * PER_SCREEN_MS);
}

async function dropOffScreens(page: Page, harness: Harness, mode: Mode) {
  const { L, digit, confirm, simDoor } = words(page, mode);
  const lang = mode === 'en' ? 'en' : 'zh-CN';
  const matters = await harness.call<{ id: string; name: Record<string, string> }[]>('matters.list');
  const senior = matters.find((m) => m.id === 'senior-card')?.name[lang] ?? '';
  await page.goto(harness.url);
  await enter(page, mode);
  await expect(page.getByRole('heading', { name: L.home.welcome })).toBeVisible();
  await axe(page, mode, 'home');
  await page.getByRole('button', { name: new RegExp(L.home.dropOff) }).click();
  await expect(page.getByRole('button', { name: senior })).toBeVisible();
  await axe(page, mode, 'matter');
  await page.getByRole('button', { name: senior }).click();
  await axe(page, mode, 'checklist');
  await page.getByRole('button', { name: L.dropOff.ready }).click();
  await typeOnKeypad(page, '13812345678', digit);
  await axe(page, mode, 'phone');
  await confirm();
  await expect(page.getByRole('heading', { name: L.dropOff.consentTitle })).toBeVisible();
  await axe(page, mode, 'consent');
  await page.getByRole('button', { name: L.dropOff.agreeNumber }).click();
  await expect(page.getByText(L.dropOff.putIn)).toBeVisible();
  await axe(page, mode, 'door');
  // 柜门没有打开: staff are told (help.call), the screen says so, and nothing is sent to the lock again.
  await page.getByRole('button', { name: L.door.didNotOpen }).click();
  await expect(page.getByTestId('door-trouble')).toHaveText(L.door.troubleTold.replace('{{label}}', lastCompartment(harness)));
  await axe(page, mode, 'door-trouble');
  expect(harness.query<{ payload: string }>("SELECT payload FROM outbox WHERE kind = 'help'").map((r) => JSON.parse(r.payload).screen)).toEqual(['drop-off/door-did-not-open']);
  await simDoor(lastCompartment(harness)).click();
  await expect(page.getByRole('heading', { name: L.dropOff.receiptTitle })).toBeVisible();
  await expect(page.getByRole('img')).toBeVisible();
  await expect(page.getByTestId('paper')).toHaveText(L.dropOff.paperPrinted);
  await axe(page, mode, 'receipt');
  await page.getByRole('button', { name: L.dropOff.done }).click();
  await page.getByRole('radio', { name: L.rating.level4, exact: true }).click();
  await page.getByRole('button', { name: L.rating.comments.easy }).click();
  await axe(page, mode, 'rating');
  await page.getByRole('button', { name: L.rating.submit }).click();
  await expect(page.getByRole('heading', { name: L.rating.thanks })).toBeVisible();
  await axe(page, mode, 'thanks');
}

async function pickUpScreens(page: Page, harness: Harness, mode: Mode) {
  const { L, digit, confirm, simDoor } = words(page, mode);
  const { reference } = await dropOffViaContract(harness);
  const code = seedReturned(harness, reference);
  await page.goto(harness.url);
  await enter(page, mode);
  await page.getByRole('button', { name: new RegExp(L.home.pickUp) }).click();
  const reversed = code.split('').reverse().join('');
  await typeOnKeypad(page, reversed === code ? '000000' : reversed, digit);
  await confirm();
  await typeOnKeypad(page, '5678', digit);
  await confirm();
  await expect(page.getByRole('alert')).toBeVisible();
  await axe(page, mode, 'pickup-wrong-code');
  await typeOnKeypad(page, code, digit);
  await axe(page, mode, 'pickup-code');
  await confirm();
  await expect(page.getByRole('heading', { name: L.pickUp.enterPhone })).toBeVisible();
  await typeOnKeypad(page, '5678', digit);
  await axe(page, mode, 'pickup-phone');
  await confirm();
  await expect(page.getByText(L.pickUp.takeOut)).toBeVisible();
  await axe(page, mode, 'pickup-door');
  await simDoor(lastCompartment(harness)).click();
  await expect(page.getByRole('heading', { name: L.rating.title })).toBeVisible();
  await axe(page, mode, 'pickup-done');
  await page.getByRole('button', { name: L.rating.skip }).click();
}

async function statusScreens(page: Page, harness: Harness, mode: Mode) {
  const { L, digit, confirm } = words(page, mode);
  const { reference } = await dropOffViaContract(harness);
  await page.goto(harness.url);
  await enter(page, mode);
  await page.getByRole('button', { name: new RegExp(L.home.status) }).click();
  await typeOnKeypad(page, reference, digit);
  await axe(page, mode, 'status-reference');
  await confirm();
  await typeOnKeypad(page, '5678', digit);
  await axe(page, mode, 'status-phone');
  await confirm();
  await expect(page.getByTestId('case-status')).toContainText(L.status.label.received);
  await axe(page, mode, 'status-result');
  await page.getByRole('button', { name: L.status.finish }).click();
  // Home again, in the default language.
  await expect(page.getByRole('heading', { name: zh.home.welcome })).toBeVisible();
}

for (const mode of ['zh', 'en', 'elder'] as const) {
  test.describe(`every resident screen passes axe (${mode})`, () => {
    test('home and drop-off', async ({ page, harness }) => {
      budget(9);
      await dropOffScreens(page, harness, mode);
    });
    test('pickup', async ({ page, harness }) => {
      budget(5);
      await pickUpScreens(page, harness, mode);
    });
    test('status', async ({ page, harness }) => {
      budget(3);
      await statusScreens(page, harness, mode);
    });
  });
}

test.describe('the idle dialog', () => {
  // A long countdown: axe runs on real timers (the clock resumed), well inside the 58 s warning.
  test.use({ cabinetConfig: { timeouts: { idleSeconds: 60, elderIdleSeconds: 60, idleWarningSeconds: 58 } } });
  test('passes axe in every mode', async ({ page, harness }) => {
    budget(3);
    // The page's clock stands still until the test moves it past the 2 s before the warning.
    const start = new Date('2026-11-30T09:00:00+08:00').getTime();
    await page.clock.install({ time: start });
    for (const mode of ['zh', 'en', 'elder'] as const) {
      const L = mode === 'en' ? en : zh;
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await page.goto(harness.url);
      await enter(page, mode);
      await page.getByRole('button', { name: new RegExp(L.home.status) }).click();
      await page.clock.runFor(2_500);
      await expect(page.getByRole('alertdialog', { name: L.idle.title })).toBeVisible();
      await page.clock.resume();
      await axe(page, mode, 'idle-dialog');
    }
  });
});
