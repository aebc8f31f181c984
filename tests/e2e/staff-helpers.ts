// What the staff e2e specs share: the hidden entrance, the keypad with its confirm, the first-run
// administrator, and axe's serious or critical findings.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_CODE_FILE } from '../../main/app/setup-code';
import { expect, keepScreenshot, typeOnKeypad, zhDigit, type Harness } from './harness';

/** The entrance residents do not find: hold the cabinet's name for three seconds. */
export async function enterConsole(page: Page): Promise<void> {
  await page.getByTestId('staff-entrance').hover();
  await page.mouse.down();
  await page.waitForTimeout(3200);
  await page.mouse.up();
}

/** Digits on the keypad, then its confirm key. */
export async function keypad(page: Page, digits: string): Promise<void> {
  await typeOnKeypad(page, digits, zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
}

/** First run: the console asks for the administrator (account 1001, PIN 246810), then logs them in. */
export async function setupAdmin(page: Page, harness: Harness, screenshot?: string): Promise<void> {
  await page.goto(harness.url);
  await enterConsole(page);
  await expect(page.getByRole('heading', { name: '首次使用：创建管理员账号' })).toBeVisible();
  if (screenshot) await keepScreenshot(page, screenshot);
  // The installer's one-time code, from the cabinet's data directory (never shown on screen).
  await expect(page.getByText('安装码', { exact: true })).toBeVisible();
  await keypad(page, readFileSync(join(harness.dataDir, SETUP_CODE_FILE), 'utf8').trim());
  await keypad(page, '1001');
  await keypad(page, '246810');
  await keypad(page, '246810');
  await expect(page.getByRole('heading', { name: /工作人员控制台/ })).toBeVisible();
}

export const seriousViolations = async (page: Page): Promise<string[]> =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`);
