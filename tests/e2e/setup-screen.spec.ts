// The technician's setup screen, as the Electron shell serves it: the built renderer answered by
// the app:// scheme's own handler (main/electron/app-protocol.ts, with its CSP header) through a
// Playwright route, since Chromium here cannot register the app:// scheme itself. Both languages,
// axe-clean, big targets, the path and each field error shown, no CSP violation, no core called.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupHash } from '../../main/contract/setup-screen';
import { CONTENT_SECURITY_POLICY, serveAppRequest } from '../../main/electron/app-protocol';
import { keepScreenshot } from './harness';

type Words = { setup: { title: string }; app: { languageLabel: string; loading: string } };
const zh = JSON.parse(readFileSync('renderer/locales/zh-CN.json', 'utf8')) as Words;
const en = JSON.parse(readFileSync('renderer/locales/en.json', 'utf8')) as Words;
// localhost: a secure context, as app:// is for Electron (crypto.randomUUID needs one).
const ORIGIN = 'http://localhost:9';
const info = {
  configPath: '/var/lib/civic-cabinet/cabinet.json',
  issues: ['buses.0.port: Too small: expected string to have >=1 characters', 'pickup.codeDigits: Too small: expected number to be >=6'],
};

/** Serve the built renderer exactly as the kiosk's protocol handler does; note CSP violations and any socket. */
async function openAsKiosk(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('websocket', (ws) => problems.push(`websocket opened: ${ws.url()}`));
  let cspHeader = '';
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = route.request().url().replace(ORIGIN, 'app://cabinet');
    const response = await serveAppRequest({ url, method: route.request().method() }, join('dist', 'renderer'), fs);
    const headers = Object.fromEntries(response.headers.entries());
    if (url.endsWith('/index.html')) cspHeader = headers['content-security-policy'] ?? '';
    await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
  });
  await page.goto(`${ORIGIN}/index.html${setupHash(info)}`);
  return { problems, cspHeader: () => cspHeader };
}

async function axeClean(page: Page, name: string) {
  await keepScreenshot(page, `setup-${name}`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), name).toEqual([]);
}

test('a packaged kiosk without a valid config shows the setup screen in both languages, axe-clean, under the kiosk CSP', async ({ page }) => {
  test.setTimeout(90_000);
  const { problems, cspHeader } = await openAsKiosk(page);
  await expect(page.getByRole('heading', { level: 1, name: zh.setup.title })).toBeVisible();
  await expect(page.getByText(info.configPath, { exact: true })).toBeVisible();
  for (const issue of info.issues) await expect(page.getByText(issue, { exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await axeClean(page, 'zh');

  const toggle = page.getByRole('button', { name: zh.app.languageLabel });
  const box = await toggle.boundingBox();
  expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(60);
  await toggle.click();
  await expect(page.getByRole('heading', { level: 1, name: en.setup.title })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What needs fixing (2 items)' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await axeClean(page, 'en');

  // The fonts came through the scheme and the header policy; nothing was refused, nothing connected.
  expect(cspHeader()).toBe(CONTENT_SECURITY_POLICY);
  expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '中'))).toBe(true);
  expect(problems).toEqual([]);
});

test('a forged or broken setup fragment is not a setup screen: the kiosk itself starts, under the same header CSP', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const response = await serveAppRequest({ url: route.request().url().replace(ORIGIN, 'app://cabinet'), method: 'GET' }, join('dist', 'renderer'), fs);
    await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers.entries()), body: Buffer.from(await response.arrayBuffer()) });
  });
  await page.goto(`${ORIGIN}/index.html#setup=%7Bbroken`);
  // The kiosk's own chunk loaded and ran (with no core behind it here, it says it is connecting).
  await expect(page.getByRole('status')).toHaveText(zh.app.loading);
  await expect(page.getByRole('heading', { name: zh.setup.title })).toHaveCount(0);
  expect(problems).toEqual([]);
});

