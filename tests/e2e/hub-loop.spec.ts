// The whole loop with real parts (issue 16): a cabinet (the web harness, fleet configured) →
// Mosquitto (ACL, passwords) → the hub (ingest, sweeps, signed commands) → PostgreSQL → the
// console in Chromium. A drop-off appears in the right department's queue; a late case is
// flagged; a bad rating opens a follow-up closed with a note; a configuration pushed from the
// console reaches the cabinet. Every console page is checked with axe and kept as a screenshot.
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect, dropOffViaContract, keepScreenshot } from './harness';
import { startMosquitto, type Broker } from '../../scripts/mosquitto';
import { startPostgres, type PgCluster } from '../../scripts/postgres';
import { startHub, hubConfigSchema, type Hub } from '../../hub/start';
import { formatReference } from '../../main/contract/format';

const DISTRICT = 'xh';
const CABINET = 'demo-01';
const USERS = { district: 'district-pw', [CABINET]: 'cabinet-pw' };
const PASSWORD = 'hub-console-pw-1';

interface District {
  broker: Broker;
  cluster: PgCluster;
  hub: Hub;
  cabinetKeysDir: string;
}

/** The hub on the wall clock (the test moves a due date, not the clock), with a supervisor and an admin. */
async function startDistrictHub(broker: Broker, cluster: PgCluster, root: string): Promise<Hub> {
  const config = hubConfigSchema.parse({
    databaseUrl: await cluster.createDatabase('hub_loop'),
    districtId: DISTRICT,
    keysDir: join(root, 'hub-keys'),
    mqtt: { url: broker.url, username: 'district', password: USERS.district, clientId: 'hub:xh:1' },
    http: { port: 0 },
    sweepEveryMs: 3_600_000, // the test runs the sweep itself
  });
  const wall = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
  const hub = await startHub(config, { timers: wall });
  for (const [login, name, role] of [['wang', '王督办', 'supervisor'], ['root', '系统管理员', 'admin']] as const) {
    await hub.console.access.createAccount({ login, name, role, departmentId: null, password: PASSWORD }, 'test');
  }
  return hub;
}

const test = base.extend<{ district: District }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  district: async ({}, use) => {
    const broker = await startMosquitto({ users: USERS, acl: true });
    const cluster = await startPostgres({ fsync: false });
    let hub: Hub | undefined;
    try {
      const root = mkdtempSync(join(tmpdir(), 'hub-loop-'));
      hub = await startDistrictHub(broker, cluster, root);
      const cabinetKeysDir = join(root, 'cabinet-keys');
      mkdirSync(cabinetKeysDir, { mode: 0o700 });
      writeFileSync(join(cabinetKeysDir, 'cabinet.keys'), JSON.stringify({ 'fleet-password': Buffer.from(USERS[CABINET]).toString('base64') }), { mode: 0o600 });
      await use({ broker, cluster, hub, cabinetKeysDir });
    } finally {
      await hub?.stop();
      await broker.stop();
      await cluster.stop();
    }
  },
  cabinetConfig: async ({ district }, use) => {
    await use({
      cabinet: { code: '017' },
      keysDir: district.cabinetKeysDir,
      fleet: { url: district.broker.url, districtId: DISTRICT, districtPublicKey: district.hub.publicKeyRaw, heartbeatSeconds: 5, commandMaxAgeSeconds: 300, remoteOpen: false, inflight: 16, sessionExpirySeconds: 3600 },
    });
  },
});

async function axeClean(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
  await keepScreenshot(page, `hub-${name}`);
}

async function signIn(page: Page, url: string, login: string) {
  await page.goto(url);
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '全区概览' })).toBeVisible();
}

test('cabinet → Mosquitto → hub → PostgreSQL → console: route, deadline, rating follow-up, config push', async ({ harness, district, page }) => {
  test.setTimeout(180_000);
  const { hub } = district;
  const url = hub.console.server.url;
  const q = async <T>(sql: string, ...params: unknown[]) => (await hub.pool.query(sql, params)).rows as T[];

  const cspViolations: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  await page.goto(url);
  await axeClean(page, 'login');

  const { reference } = await dropOffViaContract(harness, '13812345678', 'senior-card');
  await expect.poll(async () => (await q<{ department_id: string }>('SELECT department_id FROM cases WHERE reference = $1', reference))[0]?.department_id, { timeout: 30_000 }).toBe('civil-affairs');

  await test.step('the drop-off is in 民政局\'s queue', async () => {
    // Keyboard only: Tab to the account field, type, Tab to the password, Enter.
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('账号')).toBeFocused();
    await page.keyboard.type('wang');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: '全区概览' })).toBeVisible();
    await axeClean(page, 'overview');
    await page.getByRole('link', { name: '民政局' }).click();
    await expect(page.getByRole('heading', { name: '民政局 待办' })).toBeVisible();
    await expect(page.getByRole('link', { name: formatReference(reference) })).toBeVisible();
    await axeClean(page, 'queue');
  });

  await test.step('a late case is flagged', async () => {
    await hub.pool.query("UPDATE cases SET due_date = DATE '2026-01-05' WHERE reference = $1", [reference]);
    await hub.sweeps.runOnce();
    await page.reload();
    await expect(page.getByRole('row', { name: new RegExp(formatReference(reference)) })).toContainText('已超期');
  });

  await test.step('a bad rating opens a follow-up, closed with a note', async () => {
    await harness.call('rating.submit', { flow: 'drop-off', reference, level: 1, comments: ['slow'] });
    await expect.poll(async () => (await q('SELECT id FROM followups WHERE closed_at IS NULL')).length, { timeout: 30_000 }).toBe(1);
    await page.getByRole('link', { name: '差评回访' }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`${formatReference(reference)} · 评分 1`) })).toBeVisible();
    await axeClean(page, 'followups');
    await page.getByRole('button', { name: '办结回访' }).click();
    await expect(page.getByRole('alert')).toHaveText('请填写回访记录。');
    await page.getByLabel('回访记录').fill('已电话联系居民，说明办理进度，居民表示理解');
    await page.getByRole('button', { name: '办结回访' }).click();
    await expect(page.getByRole('status')).toHaveText('回访已办结。');
    expect(await q('SELECT closed_by, note FROM followups')).toEqual([{ closed_by: 'wang', note: '已电话联系居民，说明办理进度，居民表示理解' }]);
  });

  await test.step('the case page shows the whole timeline and takes a move', async () => {
    const [row] = await q<{ id: number }>('SELECT id FROM cases WHERE reference = $1', reference);
    await page.goto(`${url}#/cases/${row?.id}`);
    await expect(page.getByRole('heading', { name: `案件 ${formatReference(reference)}` })).toBeVisible();
    for (const what of ['居民投递材料', '居民评价', '回访办结']) await expect(page.getByRole('cell', { name: new RegExp(`^${what}`) })).toBeVisible();
    await page.getByRole('button', { name: '改为「办理中」' }).click();
    await expect(page.getByTestId('case-state')).toHaveText('办理中');
    await axeClean(page, 'case');
    // 办结 from the console tells the cabinet its results are on their way: the cabinet answers ok.
    await page.getByRole('button', { name: '改为「办结」' }).click();
    await expect(page.getByTestId('case-state')).toHaveText('办结');
    await expect.poll(async () => (await q<{ state: string }>("SELECT state FROM commands WHERE type = 'cases.ready'"))[0]?.state, { timeout: 30_000 }).toBe('ok');
    // Each move's audit row was written with it.
    expect((await q<{ detail: { to: string } }>("SELECT detail FROM hub_audit WHERE action = 'case.state' ORDER BY id")).map((r) => r.detail.to)).toEqual(['in-progress', 'completed']);
    await page.getByRole('link', { name: '统计报表' }).click();
    await expect(page.getByRole('heading', { name: '统计报表' })).toBeVisible();
    await expect(page.getByRole('figure').first()).toBeVisible();
    await axeClean(page, 'reports');
    await page.getByRole('link', { name: '操作记录' }).click();
    await expect(page.getByRole('cell', { name: 'followup.close' })).toBeVisible();
    await axeClean(page, 'audit');
    await page.getByRole('button', { name: '退出登录' }).click();
  });

  await test.step('a configuration pushed from the console reaches the cabinet', async () => {
    const configFile = join(harness.dataDir, 'cabinet.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    config.cabinet.name['zh-CN'] = '示范社区政务云柜（已由区平台下发）';
    await signIn(page, url, 'root');
    await page.getByRole('link', { name: CABINET, exact: true }).first().click();
    await expect(page.getByRole('heading', { name: `柜机 ${CABINET}` })).toBeVisible();
    await page.getByLabel('下发内容').selectOption('config.push');
    await page.getByLabel('整份配置（JSON）').fill(JSON.stringify(config));
    await page.getByRole('button', { name: '签名并下发' }).click();
    await expect(page.getByRole('status')).toContainText('已下发');
    await expect.poll(() => JSON.parse(readFileSync(configFile, 'utf8')).cabinet.name['zh-CN'], { timeout: 30_000 }).toBe('示范社区政务云柜（已由区平台下发）');
    await expect.poll(async () => (await q<{ state: string }>("SELECT state FROM commands WHERE type = 'config.push'"))[0]?.state, { timeout: 30_000 }).toBe('ok');
    await page.reload();
    // Two commands answered ok on this cabinet's page: the cases.ready above and this config.push.
    await expect(page.getByRole('cell', { name: '已生效' })).toHaveCount(2);
    await axeClean(page, 'cabinet');
    await page.getByRole('link', { name: '账号管理' }).click();
    await expect(page.getByRole('cell', { name: 'wang', exact: true })).toBeVisible();
    await axeClean(page, 'accounts');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('link', { name: 'District overview' }).click();
    await axeClean(page, 'overview-en');
  });
  expect(cspViolations).toEqual([]);
});
