// The technician's offline update in the console (issue 13 item 6), in Chromium over the web
// harness: a USB stick (a folder) holding a signed package and a tampered one; the console shows
// the running version and each package's check, refuses nothing silently, installs the good one
// and offers the restart — axe-clean with big targets, in Chinese and in English.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUpdateKey, signFolder } from '../../scripts/update-sign';
import { expect, keepScreenshot, test } from './harness';
import { seriousViolations, setupAdmin } from './staff-helpers';

const APP_VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'e2e-updates-'));
const key = join(dir, 'district.pem');
const publicKey = newUpdateKey(key);
const next = APP_VERSION.replace(/^(\d+)\.(\d+)\..*$/, (_m, a: string, b: string) => `${a}.${Number(b) + 1}.0`);
const app = join(dir, 'app');
mkdirSync(app);
writeFileSync(join(app, 'civic-cabinet'), '#!/bin/sh\n', { mode: 0o755 });
const usb = join(dir, 'media', 'USB', 'civic-cabinet-updates');
mkdirSync(usb, { recursive: true });
const signed = signFolder(app, key, next);
writeFileSync(join(usb, `civic-cabinet-${next}.ccupdate`), signed);
const tampered = Buffer.from(signed);
tampered.writeUInt8(tampered[tampered.length - 5]! ^ 1, tampered.length - 5);
writeFileSync(join(usb, 'tampered.ccupdate'), tampered);

test.use({ cabinetConfig: { updates: { installRoot: join(dir, 'install'), publicKeys: [publicKey], mediaRoots: [join(dir, 'media')] } } });

test('a technician installs a signed update from USB; a tampered one is shown refused', async ({ page, harness }) => {
  test.setTimeout(120_000);
  mkdirSync(join(dir, 'install'), { recursive: true });
  // What the launcher leaves after rolling back a version that kept failing to start.
  writeFileSync(join(dir, 'install', 'rolled-back'), '0.1.9 2026-11-30T02:00:00Z\n');
  await setupAdmin(page, harness);
  await page.getByRole('button', { name: '维护' }).click();
  const section = page.getByRole('region', { name: '软件更新（U盘）' });
  await expect(section.getByText(APP_VERSION, { exact: true })).toBeVisible();
  await expect(section.getByText('版本 0.1.9 无法正常启动，已自动回退（2026-11-30 02:00:00 UTC）')).toBeVisible();
  const table = section.getByRole('table', { name: '找到的更新包' });
  await expect(table.getByRole('row', { name: /tampered\.ccupdate/ })).toContainText('内容与签名不符');
  await expect(table.getByRole('row', { name: /tampered\.ccupdate/ }).getByRole('button')).toBeDisabled();
  const install = table.getByRole('row', { name: new RegExp(`civic-cabinet-${next.replace(/\./g, '\\.')}`) }).getByRole('button', { name: `安装 ${next}` });
  await expect(install).toBeEnabled();
  for (const b of await section.getByRole('button').all()) expect((await b.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
  expect(await seriousViolations(page)).toEqual([]);

  await install.click();
  await expect(section.getByRole('status')).toHaveText(`版本 ${next} 已安装，下次重启后运行。`);
  await expect(section.getByRole('button', { name: '立即重启' })).toBeVisible();
  await expect(section.getByText('试运行中（运行几分钟后确认）')).toBeVisible();
  await keepScreenshot(page, 'staff-updates');
  expect(harness.query("SELECT outcome FROM audit_log WHERE action = 'update.applied'")).toEqual([{ outcome: 'ok' }]);

  await page.getByRole('button', { name: 'English' }).click();
  const en = page.getByRole('region', { name: 'Software update (USB)' });
  await expect(en.getByRole('row', { name: /tampered\.ccupdate/ })).toContainText('Contents do not match the signature');
  await expect(en.getByText('Rollback goes to')).toBeVisible();
  await expect(en.getByText('Version 0.1.9 failed to start and was rolled back (2026-11-30 02:00:00 UTC)')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
