// The staff and technician console as staff use it: the hidden entrance, first-run admin, login
// and lockout, night retrieval with "open all", a return whose code the resident then uses, a
// correction, a recall, a manual override with a reason, the diagnostics grid reacting to a door,
// and a self-test finding a faulty door. Each checks the database and the lock frames.
import { formatReference } from '../../main/contract/format';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, dropOffViaContract, enterPickup, keepScreenshot, openFrames, type Harness } from './harness';
import { enterConsole, keypad, seriousViolations, setupAdmin } from './staff-helpers';

const HOME = '您好！请选择要办理的业务';

/**
 * Wait until the core has seen the door open (the console's job says so) before the simulated hand
 * closes it: a door opened and shut between two polls is, to the core, a door that never opened.
 */
async function closeWhenSeenOpen(page: Page, label: string): Promise<void> {
  await expect(page.getByTestId(`job-${label}`).first()).toContainText('门已打开', { timeout: 15_000 });
  await page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: label, exact: true }).click();
}

/** The compartment the core just reserved for a return. */
async function reservedLabel(harness: Harness): Promise<string> {
  const find = () => harness.query<{ label: string }>("SELECT label FROM compartments WHERE state = 'reserved'")[0]?.label ?? '';
  await expect.poll(find).not.toBe('');
  return find();
}

test('first run creates the admin; wrong PINs lock the login, audited', async ({ page, harness }) => {
  await setupAdmin(page, harness, 'staff-setup');
  expect(harness.query<{ role: string; pin_hash: string }>('SELECT role, pin_hash FROM accounts')).toEqual([{ role: 'admin', pin_hash: expect.stringMatching(/^\$argon2id\$/) }]);
  await keepScreenshot(page, 'staff-console-retrieval-empty');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: '退出控制台' }).click();
  await expect(page.getByRole('heading', { name: HOME })).toBeVisible();

  await enterConsole(page);
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await keypad(page, '1001');
  for (let i = 0; i < 4; i++) {
    await keypad(page, '000000');
    await expect(page.getByRole('alert')).toHaveText(/账号或密码不正确，还可尝试/);
  }
  await keypad(page, '000000');
  await expect(page.getByRole('alert')).toHaveText(/密码错误次数过多，请 \d+ 秒后再试/);
  // Even the right PIN is refused during the lockout.
  await keypad(page, '246810');
  await expect(page.getByRole('alert')).toHaveText(/密码错误次数过多/);
  await keepScreenshot(page, 'staff-login-locked');
  expect(harness.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'session.login' AND outcome = 'denied'")).toEqual([{ n: 6 }]);
});

test('night retrieval opens all pending one after another; the manifest records seals', async ({ page, harness }) => {
  const first = await dropOffViaContract(harness, '13800000001', 'social-insurance');
  const second = await dropOffViaContract(harness, '13800000002', 'social-insurance');
  await setupAdmin(page, harness);
  const table = page.getByRole('table', { name: '夜间取件' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await keepScreenshot(page, 'staff-retrieval-pending');
  await page.getByRole('button', { name: '全部依次打开' }).click();
  const sim = page.getByRole('region', { name: '模拟柜体' });
  await expect(sim.getByRole('button', { name: first.label, exact: true })).toHaveAttribute('aria-pressed', 'true');
  // One after another: the second waits until the first door is closed.
  await expect(sim.getByRole('button', { name: second.label, exact: true })).toHaveAttribute('aria-pressed', 'false');
  expect(harness.query('SELECT status FROM cases WHERE reference = ?', first.reference)).toEqual([{ status: 'deposited' }]);
  await closeWhenSeenOpen(page, first.label);
  await expect(sim.getByRole('button', { name: second.label, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => harness.query('SELECT status FROM cases WHERE reference = ?', first.reference)).toEqual([{ status: 'collected' }]);
  await closeWhenSeenOpen(page, second.label);
  await expect.poll(() => harness.query("SELECT COUNT(*) AS n FROM cases WHERE status = 'collected'")).toEqual([{ n: 2 }]);
  await expect(page.getByText('没有待取件的办件')).toBeVisible();

  const manifest = page.getByRole('table', { name: '交接清单（本班次）' });
  await expect(manifest.getByRole('row')).toHaveCount(3);
  await page.getByRole('textbox', { name: `封条号 ${first.reference}` }).fill('ENV-0007');
  await page.getByRole('button', { name: `保存封条号 ${first.reference}` }).click();
  await expect.poll(() => harness.query('SELECT seal FROM retrievals ORDER BY id')).toEqual([{ seal: 'ENV-0007' }, { seal: null }]);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const csv = await (await download).createReadStream().then(async (s) => {
    let text = '';
    for await (const chunk of s) text += chunk.toString();
    return text;
  });
  expect(csv).toContain(`${formatReference(first.reference)},社会保险,${first.label},`);
  expect(csv).toContain('ENV-0007');
  await keepScreenshot(page, 'staff-retrieval-manifest');
  // 打印 goes to the receipt printer (simulated here) instead of the screen's print dialog.
  await page.getByRole('button', { name: '打印', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '交接清单已在小票打印机打印' })).toBeVisible();
  const printed = await harness.call<{ lines: string[]; cut: boolean }[]>('simulator.printed', { limit: 1 });
  expect(printed[0]?.lines).toEqual(expect.arrayContaining(['交接清单', `1. ${formatReference(first.reference)}`, `2. ${formatReference(second.reference)}`, '封条号：ENV-0007', '共 2 件']));
  expect(await openFrames(harness)).toHaveLength(4); // two drop-offs, two retrievals: each sent once
});

test('a return issues a code the resident uses; a correction carries its reason; an overdue item is recalled', async ({ page, harness }) => {
  const a = await dropOffViaContract(harness, '13911112222', 'social-insurance');
  const b = await dropOffViaContract(harness, '13933334444', 'social-insurance');
  await setupAdmin(page, harness);
  const sim = page.getByRole('region', { name: '模拟柜体' });
  for (const c of [a, b]) {
    await page.getByRole('button', { name: `开门取出 ${c.reference}` }).click();
    await closeWhenSeenOpen(page, c.label);
    await expect.poll(() => harness.query('SELECT status FROM cases WHERE reference = ?', c.reference)).toEqual([{ status: 'collected' }]);
  }

  await page.getByRole('button', { name: '放回结果' }).click();
  await keepScreenshot(page, 'staff-returns');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: `放回办理结果 ${a.reference}` }).click();
  const label = await reservedLabel(harness);
  await closeWhenSeenOpen(page, label);
  // The code is not on anyone's screen until its issuer asks for it, once.
  await expect(page.getByRole('status').filter({ hasText: '取件码' })).toHaveCount(0);
  await page.getByRole('button', { name: `显示 ${a.reference} 的取件码（只能看一次）` }).click();
  const shown = page.getByRole('status').filter({ hasText: '取件码' });
  await expect(shown).toHaveText(/取件码 \d{6}/);
  const code = /取件码 (\d{6})/.exec((await shown.textContent()) ?? '')?.[1] ?? '';
  expect(harness.query('SELECT status FROM cases WHERE reference = ?', a.reference)).toEqual([{ status: 'returned' }]);
  const [message] = harness.query<{ payload: string }>("SELECT payload FROM outbox WHERE kind = 'ready-for-pickup'");
  expect(message?.payload).not.toContain(code);

  // Correction with its reason.
  await page.getByRole('combobox', { name: '补正原因' }).selectOption('missing-signature');
  await page.getByRole('button', { name: `退回补正 ${b.reference}` }).click();
  const label2 = await reservedLabel(harness);
  await closeWhenSeenOpen(page, label2);
  await expect.poll(() => harness.query('SELECT status, correction_reason FROM cases WHERE reference = ?', b.reference)).toEqual([
    { status: 'needs-correction', correction_reason: 'missing-signature' },
  ]);
  await page.getByRole('button', { name: '退出控制台' }).click();

  // The resident picks up with the code from the return.
  await page.getByRole('button', { name: /取件/ }).first().click();
  await enterPickup(page, code, '2222'); // a was dropped off with 139 1111 2222
  await expect(page.getByText('请取出您的材料，然后关好柜门')).toBeVisible();
  await sim.getByRole('button', { name: label, exact: true }).click();
  await expect.poll(() => harness.query('SELECT status FROM cases WHERE reference = ?', a.reference)).toEqual([{ status: 'picked-up' }]);

  // The correction is never picked up: past its deadline it is on the recall list.
  harness.execute('UPDATE cases SET pickup_deadline = ? WHERE reference = ?', Date.now() - 1000, b.reference);
  await page.getByRole('button', { name: '返回首页' }).first().click().catch(() => undefined);
  await page.goto(harness.url);
  await enterConsole(page);
  await keypad(page, '1001');
  await keypad(page, '246810');
  await page.getByRole('button', { name: '逾期召回' }).click();
  await page.getByRole('button', { name: `开门召回 ${b.reference}` }).click();
  await expect(page.getByTestId(`job-${label2}`).first()).toContainText('门已打开', { timeout: 15_000 });
  expect(harness.query('SELECT status FROM cases WHERE reference = ?', b.reference)).toEqual([{ status: 'needs-correction' }]);
  await sim.getByRole('button', { name: label2, exact: true }).click();
  await expect.poll(() => harness.query('SELECT status FROM cases WHERE reference = ?', b.reference)).toEqual([{ status: 'recalled' }]);
});

test.describe('technician', () => {
  test.use({ cabinetConfig: { timeouts: { doorOpenDetectSeconds: 3 } } });

test('technician: override with a reason, the live grid, a self-test that finds a faulty door, the audit chain', async ({ page, harness }) => {
  await setupAdmin(page, harness);
  await page.getByRole('button', { name: '维护' }).click();
  await expect(page.getByRole('button', { name: '开门', exact: true })).toBeDisabled(); // no reason yet
  await page.getByRole('combobox', { name: '柜格' }).selectOption('B07');
  await page.getByRole('combobox', { name: '开门原因' }).selectOption('inspection');
  await page.getByRole('button', { name: '开门', exact: true }).click();
  const sim = page.getByRole('region', { name: '模拟柜体' });
  await expect(sim.getByRole('button', { name: 'B07', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const [audit] = harness.query<{ actor: string; detail: string }>("SELECT actor, detail FROM audit_log WHERE action = 'override.open'");
  expect(audit?.actor).toBe('account:1001');
  expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ reason: 'inspection' });
  expect(await openFrames(harness)).toEqual(['8A 02 07 11 9E']);
  await closeWhenSeenOpen(page, 'B07');
  await keepScreenshot(page, 'staff-maintenance');
  expect(await seriousViolations(page)).toEqual([]);

  // The diagnostics grid follows a door opened by hand.
  await page.getByRole('button', { name: '诊断' }).click();
  await expect(page.getByRole('listitem', { name: /^A05 关/ })).toBeVisible();
  await sim.getByRole('button', { name: 'A05', exact: true }).click();
  await expect(page.getByRole('listitem', { name: /^A05 开/ })).toBeVisible();
  // The override's open, found in the traffic panel as a technician would: polls hidden, board 2 lock 7.
  const traffic = page.getByRole('region', { name: '串口通信（十六进制）' });
  await traffic.getByRole('button', { name: '隐藏门状态轮询' }).click();
  await traffic.getByRole('combobox', { name: '锁控板' }).selectOption('2');
  await traffic.getByRole('combobox', { name: '锁', exact: true }).selectOption('7');
  const frames = traffic.getByLabel('串口通信（十六进制）');
  await expect(frames).toContainText('→ 8A 02 07 11 9E  [开锁 锁控板 2 锁 7]');
  await expect(frames).not.toContainText('轮询');
  await traffic.getByRole('button', { name: '暂停' }).click();
  await expect(traffic.getByRole('button', { name: '继续刷新' })).toHaveAttribute('aria-pressed', 'true');
  await expect(traffic.getByRole('status')).toContainText(/显示 \d+ 条 · 共保留 \d+ 条/);
  await keepScreenshot(page, 'staff-diagnostics');
  expect(await seriousViolations(page)).toEqual([]);
  // The receipt printer's test page.
  await page.getByRole('button', { name: '打印测试页' }).click();
  await expect(page.getByRole('status').filter({ hasText: '测试页已打印' })).toHaveText(/测试页已打印：simulator: \d+ bytes sent/);
  const [testPage] = await harness.call<{ lines: string[]; qr: string[] }[]>('simulator.printed', { limit: 1 });
  expect(testPage?.lines).toContain('柜机 Cabinet: demo-01');
  expect(testPage?.qr[0]).toMatch(/^civic-cabinet:printer-test:demo-01:/);
  // Bus settings: scan, then save (validated by the core, applied at the next start).
  await page.getByRole('button', { name: '扫描总线' }).click();
  await expect(page.getByRole('status').filter({ hasText: '应答的锁控板地址' })).toHaveText('应答的锁控板地址：1, 2');
  await page.getByRole('button', { name: '保存设置（重启后生效）' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存到' })).toBeVisible();
  expect(existsSync(join(harness.dataDir, 'cabinet.json'))).toBe(true);
  await sim.getByRole('button', { name: 'A05', exact: true }).click();

  // Self-test: only A01..A03 free and tested here; A02 is jammed.
  for (const l of harness.query<{ label: string }>("SELECT label FROM compartments WHERE label NOT IN ('A01','A02','A03')")) {
    harness.execute("UPDATE compartments SET state = 'out-of-service' WHERE label = ?", l.label);
  }
  await harness.call('simulator.fault', { label: 'A02', jammed: true });
  await page.getByRole('button', { name: '维护' }).click();
  await page.getByRole('button', { name: '自检空柜格' }).first().click();
  for (const label of ['A01', 'A02', 'A03']) {
    if (label === 'A02') continue;
    await closeWhenSeenOpen(page, label);
  }
  await expect(page.getByRole('table', { name: '自检结果' })).toContainText('A03', { timeout: 20_000 });
  await expect(page.getByRole('table', { name: '自检结果' })).toContainText('门未打开');
  expect(harness.query("SELECT state FROM compartments WHERE label = 'A02'")).toEqual([{ state: 'fault' }]);

  await page.getByRole('button', { name: '审计日志' }).click();
  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByRole('status').filter({ hasText: '哈希链校验通过' })).toBeVisible();
  await keepScreenshot(page, 'staff-audit');
});
});
