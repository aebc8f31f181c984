// The pickup QR from the SMS to the door: a case returned at the cabinet texts the resident a link
// to the hub's /pickup page (notifications.pickupUrl) with CCP-<code>-<last4> in its fragment; the
// page, served by the hub's own static server from the built console (dist/hub-console), draws that
// QR at phone size; the same text on the cabinet's serial scanner opens the pickup and the door.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import QRCode from 'qrcode';
import type { Page } from '@playwright/test';
import { serveConsole } from '../../hub/server/static';
import { SETUP_CODE_FILE } from '../../main/app/setup-code';
import { dropOffViaContract, expect, keepScreenshot, type Harness } from './harness';
import { testWithSmsGateway } from './sms-gateway';
import { seriousViolations } from './staff-helpers';
import { readFileSync } from 'node:fs';

type Job = { jobId: string; label: string; stage: string };
type HubPage = { url: string; requested: string[] };

const test = testWithSmsGateway.extend<{ hubPage: HubPage }>({
  // eslint-disable-next-line no-empty-pattern
  hubPage: async ({}, use) => {
    const requested: string[] = [];
    const files = serveConsole(join(process.cwd(), 'dist', 'hub-console'));
    const server: Server = createServer((req, res) => {
      requested.push(req.url ?? '');
      void files(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await use({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requested });
    await new Promise((resolve) => server.close(resolve));
  },
  cabinetConfig: async ({ gateway, hubPage }, use) =>
    use({
      scanner: { port: 'simulator', model: 'Intermec ScanPlus 1800' },
      notifications: {
        channels: [{ type: 'sms', id: 'sms-gateway', url: `${gateway.url}/sms`, body: '{"to":"{{phone}}","content":"{{text}}","code":"{{code}}"}', success: { jsonPath: 'result.code', equals: 0 } }],
        digest: { enabled: false },
        pickupUrl: `${hubPage.url}/pickup`,
      },
    }),
});

/** A staff job's door: once the core has seen it open, the simulated hand closes it. */
async function closeWhenOpen(harness: Harness, token: string, job: Job): Promise<void> {
  const stage = async () => (await harness.call<Job[]>('staff.jobs', { token })).find((j) => j.jobId === job.jobId)?.stage;
  await expect.poll(stage, { timeout: 20_000 }).toBe('open');
  await harness.call('simulator.press', { label: job.label });
  await expect.poll(stage, { timeout: 20_000 }).toBe('done');
}

/** The staff collect the case and put its result back, as the staff console does: the pickup code. */
async function returnAtCabinet(harness: Harness, reference: string): Promise<string> {
  const setupCode = readFileSync(join(harness.dataDir, SETUP_CODE_FILE), 'utf8').trim();
  const { token } = await harness.call<{ token: string }>('staff.createFirstAdmin', { setupCode, login: '1001', name: '管理员', pin: '246810' });
  const [row] = harness.query<{ id: number }>('SELECT id FROM cases WHERE reference = ?', reference);
  const [collect] = await harness.call<Job[]>('retrieval.open', { token, caseId: row?.id });
  if (!collect) throw new Error('no retrieval job');
  await closeWhenOpen(harness, token, collect);
  const putBack = await harness.call<Job>('returns.putBack', { token, caseId: row?.id, kind: 'return' });
  await closeWhenOpen(harness, token, putBack);
  return (await harness.call<{ code: string }>('returns.takeCode', { token, jobId: putBack.jobId })).code;
}

/** The QR the page drew, read back from its SVG: one dark square per module, past the quiet zone. */
async function drawnModules(page: Page): Promise<boolean[][]> {
  return page.locator('svg[data-modules]').evaluate((svg) => {
    const n = Number(svg.getAttribute('data-modules'));
    const quiet = Number(svg.getAttribute('data-quiet'));
    const grid = Array.from({ length: n }, () => Array.from({ length: n }, () => false));
    for (const dot of svg.querySelectorAll('rect.dark')) {
      const row = grid[Number(dot.getAttribute('y')) - quiet];
      if (row) row[Number(dot.getAttribute('x')) - quiet] = dot.getAttribute('fill') === '#000000';
    }
    return grid;
  });
}

function expectedModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text);
  return Array.from({ length: modules.size }, (_, y) => Array.from({ length: modules.size }, (_, x) => Boolean(modules.get(y, x))));
}

test('the ready-for-pickup SMS links to the hub page whose QR, on the serial scanner, opens the door', async ({ page, harness, gateway, hubPage }) => {
  const { reference } = await dropOffViaContract(harness, '13812345678');
  const code = await returnAtCabinet(harness, reference);
  const text = `CCP-${code}-5678`;

  // The SMS the gateway got carries the link, the code and digits in its fragment.
  const sms = () => gateway.requests.map((r) => (JSON.parse(r.body) as { content: string }).content).find((c) => c.includes('#CCP-'));
  await expect.poll(sms, { timeout: 30_000 }).toBeTruthy();
  const link = /(http:\/\/127\.0\.0\.1:\d+\/pickup#CCP-\d+-\d{4})/.exec(sms() ?? '')?.[1];
  expect(link).toBe(`${hubPage.url}/pickup#${text}`);

  // Served with the console's strict CSP: our own scripts only, nothing inline, no other origin.
  const csp = (await fetch(`${hubPage.url}/pickup`)).headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");

  // The page at phone size: the QR equals the expected text's modules; the code under it; axe-clean, no CSP report.
  const cspReports: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspReports.push(m.text());
  });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(link ?? '');
  await expect(page.getByRole('heading', { name: '取件二维码' })).toBeVisible();
  await expect(page.getByRole('img', { name: `取件二维码，取件码 ${code}` })).toBeVisible();
  await expect(page.locator('figcaption')).toHaveText(`取件码${code}`);
  expect(await drawnModules(page)).toEqual(expectedModules(text));
  const box = await page.locator('svg[data-modules]').boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(300); // most of a 375-wide phone
  expect(await seriousViolations(page)).toEqual([]);
  await keepScreenshot(page, 'pickup-qr-phone-zh');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Pickup QR code' })).toBeVisible();
  await expect(page.locator('figcaption')).toHaveText(`Pickup code${code}`);
  expect(await seriousViolations(page)).toEqual([]);
  await keepScreenshot(page, 'pickup-qr-phone-en');
  // A link cut short says so plainly (a new fragment in the same tab keeps the chosen language).
  await page.goto(`${hubPage.url}/pickup#CCP-${code}`);
  await expect(page.getByRole('alert')).toContainText('This link is incomplete');
  await expect(page.locator('svg')).toHaveCount(0);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('alert')).toContainText('这个链接不完整');
  expect(await seriousViolations(page)).toEqual([]);
  await keepScreenshot(page, 'pickup-qr-phone-incomplete');
  expect(cspReports).toEqual([]);
  // The fragment never reached the server.
  expect(hubPage.requested.some((u) => u.includes('CCP'))).toBe(false);
  expect(hubPage.requested).toContain('/pickup');

  // The same text on the cabinet's serial scanner opens the pickup and the door.
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
  await harness.call('simulator.lineRead', { device: 'scanner', text });
  await expect(page.getByRole('heading', { name: /号柜门已打开/ })).toBeVisible();
  const label = /([AB]\d\d) 号柜门已打开/.exec((await page.getByRole('heading', { name: /号柜门已打开/ }).textContent()) ?? '')?.[1] ?? '';
  await harness.call('simulator.press', { label });
  await expect.poll(() => harness.query('SELECT status FROM cases WHERE reference = ?', reference)).toEqual([{ status: 'picked-up' }]);
});
