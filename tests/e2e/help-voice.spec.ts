// Call for help and the kiosk's voice in the real UI (web harness, Chromium): the help button on
// a resident screen alarms the staff through the outbox and shows the hotline in both languages;
// with no platform voice (Debian Chromium has none), elder mode is still heard: the harness's
// main process synthesizes the prompt with espeak-ng, and the WAV it wrote is measured.
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, keepScreenshot } from './harness';
import { wavStats } from '../integration/wav-stats';

const wavDir = mkdtempSync(join(tmpdir(), 'e2e-voice-'));
test.use({ cabinetConfig: { voice: { player: 'none', wavDir } } });

test('call for help: staff alarmed through the outbox, hotline and "staff have been told" in both languages', async ({ page, harness }) => {
  await page.goto(harness.url);
  const help = page.getByRole('button', { name: '呼叫帮助', exact: true });
  const box = await help.boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(60);
  await help.click();
  const dialog = page.getByRole('dialog', { name: '已通知工作人员' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('help-hotline')).toHaveText('12345');
  await expect(dialog).toContainText(/\d{2}:\d{2} 已通知值班工作人员/);
  await keepScreenshot(page, 'help-zh-told');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await dialog.getByRole('button', { name: '好的' }).click();
  await expect(dialog).toBeHidden();
  await expect(help).toBeFocused();

  const rows = harness.query<{ audience: string; payload: string }>("SELECT audience, payload FROM outbox WHERE kind = 'help'");
  expect(rows).toHaveLength(1);
  expect(rows[0]!.audience).toBe('staff');
  expect(JSON.parse(rows[0]!.payload)).toMatchObject({ cabinet: 'demo-01', screen: 'home', language: 'zh-CN' });

  // In English, at once again: told (staff already know), no second alarm.
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.getByRole('button', { name: 'Call for help', exact: true }).click();
  const en = page.getByRole('dialog', { name: 'Staff have been told' });
  await expect(en).toContainText(/The staff on duty were told at \d{2}:\d{2}/);
  await expect(en.getByTestId('help-hotline')).toHaveText('12345');
  await keepScreenshot(page, 'help-en-told');
  expect(harness.query("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'help'")).toEqual([{ n: 1 }]);
});

test('elder mode is heard with no platform voice: the main process speaks the Chinese prompt (WAV measured)', async ({ page, harness }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
  await page.goto(harness.url);
  const before = new Set(readdirSync(wavDir));
  await page.getByRole('button', { name: /大字与语音模式|长辈模式/ }).first().click();
  await expect.poll(() => readdirSync(wavDir).filter((f) => !before.has(f) && f.endsWith('zh-CN.wav')).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const file = readdirSync(wavDir).filter((f) => !before.has(f) && f.endsWith('zh-CN.wav')).sort()[0]!;
  // The cabinet renames the file into place only once espeak-ng has finished it; measure it.
  const s = wavStats(join(wavDir, file));
  expect(s.seconds).toBeGreaterThan(2);
  expect(s.rms).toBeGreaterThan(0.03);
  expect(s.voicedShare).toBeGreaterThan(0.4);
  expect(errors).toEqual([]);
});

test('the help button and its dialog in elder mode, portrait: targets >= 72 px, text >= 28 px, the dialog on screen', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(harness.url);
  await page.getByRole('button', { name: /大字与语音模式|长辈模式/ }).first().click();
  const help = page.getByRole('button', { name: '呼叫帮助', exact: true });
  const button = await help.boundingBox();
  expect(button?.height).toBeGreaterThanOrEqual(72);
  expect(await help.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(28);
  await help.click();
  const dialog = page.getByRole('dialog', { name: '已通知工作人员' });
  await expect(dialog).toBeVisible();
  const close = await dialog.getByRole('button', { name: '好的' }).boundingBox();
  expect(close?.height).toBeGreaterThanOrEqual(72);
  const box = await dialog.locator('.help-dialog').boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(1920);
  expect(await dialog.getByTestId('help-hotline').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48);
  await keepScreenshot(page, 'help-elder-portrait');
});
