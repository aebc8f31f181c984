// The idle return: after a quiet spell a countdown dialog warns, then the kiosk goes home and
// nothing of the previous person (reference, code, phone digits) is left on any screen. The page's
// clock is Playwright's fake one: the rule is about time, so the test moves time, not the machine.
import type { Page } from '@playwright/test';
import { test, expect, keepScreenshot, typeOnKeypad, zhDigit } from './harness';

/** The page's clock installed and paused: it moves only when the test says (runFor). */
async function stopTime(page: Page) {
  const start = new Date('2026-11-30T09:00:00+08:00').getTime();
  await page.clock.install({ time: start });
  await page.clock.pauseAt(start + 1000);
}

test.use({ cabinetConfig: { timeouts: { idleSeconds: 10, elderIdleSeconds: 10, idleWarningSeconds: 5 } } });

test('an idle status screen warns with a countdown, returns home, and forgets what was typed', async ({ page, harness }) => {
  await stopTime(page);
  await page.goto(harness.url);
  await page.getByRole('button', { name: /查询进度/ }).click();
  await typeOnKeypad(page, '2611270', zhDigit);
  await expect(page.getByLabel('已输入')).toHaveText('261127 0');

  const dialog = page.getByRole('alertdialog', { name: '您还在吗？' });
  await page.clock.runFor(4_000);
  await expect(dialog).toBeHidden(); // 6 s left: no warning yet
  await page.clock.runFor(1_500);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('5 秒后将返回首页');
  await keepScreenshot(page, 'zh-idle-dialog');
  // "Continue" keeps the session.
  await dialog.getByRole('button', { name: '继续办理' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('已输入')).toHaveText('261127 0');

  // Left alone again: home, then nothing remains.
  await page.clock.runFor(5_500);
  await expect(dialog).toBeVisible();
  await page.clock.runFor(5_000);
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('261127');
  await page.getByRole('button', { name: /查询进度/ }).click();
  await expect(page.getByLabel('已输入')).toHaveText('\u00a0');
  expect(harness.query("SELECT id FROM audit_log WHERE action = 'status.lookup'")).toHaveLength(0);
});

test('an idle pickup screen in senior mode and English ends the visit: home in the default language and standard mode', async ({ page, harness }) => {
  await stopTime(page);
  await page.goto(harness.url);
  await page.getByRole('button', { name: /长辈模式/ }).click();
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.getByRole('button', { name: /Pick up/ }).click();
  await typeOnKeypad(page, '4321', (d) => `Digit ${d}`);
  const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
  await page.clock.runFor(5_500);
  await expect(dialog).toBeVisible();
  await keepScreenshot(page, 'elder-en-idle-dialog');
  await page.clock.runFor(5_000);
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
  await expect(page.getByRole('button', { name: /长辈模式/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: /长辈模式/ })).toContainText('未开启');
  await page.getByRole('button', { name: /取件/ }).click();
  await expect(page.getByLabel('已输入')).toHaveText('\u00a0');
  expect(harness.query('SELECT * FROM rate_limits')).toHaveLength(0);
});
