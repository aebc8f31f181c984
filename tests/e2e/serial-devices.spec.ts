// The serial scanner and staff-card reader (simulated, driven through simulator.lineRead: the bytes
// go through the same line reader as a real device's), the resident told when no paper receipt
// came out, and the technician's device screen — each checked with axe and kept as screenshots at
// the kiosk's two sizes (1080x1920 portrait, 1920x1080 landscape).
import { test, expect, dropOffViaContract, keepScreenshot, seedReturned, typePhoneAndAgree, type Harness } from './harness';
import { kioskOnly, kioskSizes } from './screens';
import { enterConsole, keypad, seriousViolations, setupAdmin } from './staff-helpers';
import type { Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

test.use({ cabinetConfig: { scanner: { port: 'simulator', model: 'Intermec ScanPlus 1800' }, cardReader: { port: 'simulator', lineEnding: 'CR', model: 'rf IDEAS pcProx Plus' } } });

const HOME = '您好！请选择要办理的业务';
const lineRead = (harness: Harness, device: 'scanner' | 'cardReader', text: string) => harness.call('simulator.lineRead', { device, text });

/** Axe-clean and kept at both kiosk sizes. */
async function checkBothSizes(page: Page, name: string): Promise<void> {
  for (const size of ['portrait', 'landscape'] as const) {
    await page.setViewportSize(kioskSizes[size]);
    expect(await seriousViolations(page), `${name} at ${size}`).toEqual([]);
    await keepScreenshot(page, `${name}-${size}`);
  }
}

test('a resident picks up by holding the pickup QR to the serial scanner: the door opens with no typing', async ({ page, harness }) => {
  const { reference } = await dropOffViaContract(harness, '13812345678');
  const code = seedReturned(harness, reference);
  await page.goto(harness.url);
  await kioskOnly(page);
  await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
  // Noise and an overlong line first: nothing happens on screen, the cabinet carries on.
  await harness.call('simulator.lineFault', { device: 'scanner', fault: 'garbage' });
  await harness.call('simulator.lineFault', { device: 'scanner', fault: 'overlong' });
  await lineRead(harness, 'scanner', `CCP-${code}-5678`);
  await expect(page.getByRole('heading', { name: /号柜门已打开/ })).toBeVisible();
  await expect(page.getByText('请取出您的材料，然后关好柜门')).toBeVisible();
  await checkBothSizes(page, 'serial-scan-pickup-door-open');
  // The resident takes the documents and closes the door: the pickup completes.
  const label = /([AB]\d\d) 号柜门已打开/.exec((await page.getByRole('heading', { name: /号柜门已打开/ }).textContent()) ?? '')?.[1] ?? '';
  expect(label).toMatch(/^[AB]\d\d$/);
  await harness.call('simulator.press', { label });
  await expect(page.getByRole('status').filter({ hasText: '取件完成' })).toBeVisible();
});

test('paper runs out: the resident is told with the reference large, the technician is alarmed and sees it', async ({ page, harness }) => {
  await harness.call('simulator.printerCondition', { paperEnd: true });
  await page.goto(harness.url);
  await page.getByRole('button', { name: /投递材料/ }).click();
  await page.getByRole('button', { name: '老年人优待证' }).click();
  await page.getByRole('button', { name: '材料已备齐，下一步' }).click();
  await typePhoneAndAgree(page, '13900001234');
  const door = page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: 'A01', exact: true });
  await expect(door).toHaveAttribute('aria-pressed', 'true');
  // The core has seen the door open (its next poll) before the hand closes it.
  await expect(page.getByText('请把材料放进柜内，然后关好柜门')).toBeVisible();
  await door.click();
  await kioskOnly(page);
  await expect(page.getByRole('alert').filter({ hasText: '未能打印纸质回执' })).toBeVisible();
  const reference = (await page.getByTestId('reference').textContent()) ?? '';
  await expect(page.getByTestId('no-paper-reference')).toHaveText(reference);
  await expect(page.getByText('请记下或拍下您的办件编号：')).toBeVisible();
  await checkBothSizes(page, 'receipt-no-paper');
  // The technician's alarm, through the outbox.
  const alarms = () => harness.query<{ payload: string }>("SELECT payload FROM outbox WHERE kind = 'alarm' AND audience = 'technician'").map((r) => (JSON.parse(r.payload) as { alarm: string }).alarm);
  await expect.poll(alarms).toContain('printer-paper-end');
});

test('the technician sees every device, tests the scanner, reads the config problems; a serial staff card logs in', async ({ page, harness }) => {
  await setupAdmin(page, harness);
  await kioskOnly(page);
  await page.getByRole('button', { name: '设备', exact: true }).click();
  const table = page.getByRole('table', { name: '设备' });
  // Header, bus, printer, scanner, card reader, and the default cabinet's simulated ID-card reader.
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(page.getByTestId('device-bus1')).toContainText('锁控总线 bus1');
  await expect(page.getByTestId('device-scanner')).toContainText('Intermec ScanPlus 1800');
  await expect(page.getByTestId('device-card-reader')).toContainText('正常');
  await expect(page.getByText('配置文件可以正常加载')).toBeVisible();
  await page.getByRole('button', { name: '测试读取 — 串口扫码器' }).click();
  await expect(page.getByRole('button', { name: '测试读取 — 串口扫码器' })).toHaveText('请现在扫码或刷卡…');
  // The read test is listening once the button says so; the code may take a moment to reach it.
  await expect.poll(async () => {
    await lineRead(harness, 'scanner', 'SEAL-0042');
    return page.getByText('已读取：SEAL-0042').isVisible();
  }).toBe(true);
  await checkBothSizes(page, 'staff-devices');

  // Someone edits the configuration file by hand: the screen names the bad field before a restart would fail on it.
  const file = join(harness.dataDir, 'cabinet.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  writeFileSync(file, JSON.stringify({ ...config, scanner: { ...config.scanner, lineEnding: 'TAB' } }));
  await page.getByRole('button', { name: '重新检查' }).click();
  await expect(page.getByRole('alert', { name: '配置文件' })).toContainText('scanner.lineEnding:');
  await checkBothSizes(page, 'staff-devices-config-problem');

  // A staff account with a card; then, logged out, the card on the serial reader fills the login.
  const admin = await harness.call<{ token: string }>('staff.login', { login: '1001', pin: '246810' });
  await harness.call('staff.createAccount', { token: admin.token, login: '2002', name: '王', role: 'staff', pin: '135791', cardId: '0012964329' });
  await page.getByRole('button', { name: '退出控制台' }).click();
  await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
  await enterConsole(page);
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  await lineRead(harness, 'cardReader', '0012964329');
  await expect(page.getByText('密码', { exact: true })).toBeVisible();
  await keypad(page, '135791');
  await expect(page.getByRole('heading', { name: /工作人员控制台/ })).toBeVisible();
  await expect(page.getByText('王')).toBeVisible();
});
