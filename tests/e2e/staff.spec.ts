// The staff and technician console as staff use it: the hidden entrance, first-run admin, login
// and lockout, night retrieval with "open all", a return whose code the resident then uses, a
// correction, a recall, a manual override with a reason, the diagnostics grid reacting to a door,
// and a self-test finding a faulty door. Each checks the database and the lock frames.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatReference } from '../../main/contract/format';
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
  // Through the one formatter: the reference grouped, the time in the cabinet's zone, named in the header.
  expect(csv).toContain('collected_at (Asia/Shanghai)');
  expect(csv).toMatch(new RegExp(`${formatReference(first.reference)},社会保险,${first.label},\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},1001,ENV-0007`));
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
  // Shown once: closed, it is gone from the screen and its button with it (codes never pile up).
  await keepScreenshot(page, 'staff-code-once');
  await page.getByRole('dialog', { name: `${a.reference} 的取件码` }).getByRole('button', { name: '已记下，关闭' }).click();
  await expect(page.getByText(code)).toHaveCount(0);
  await expect(page.getByRole('button', { name: `显示 ${a.reference} 的取件码（只能看一次）` })).toHaveCount(0);
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
  test.setTimeout(150_000); // a bus scan, a self-test and axe on a busy 2-core machine
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

/** The docked on-screen keyboard of the field just touched. */
const touchKeyboard = (page: Page) => page.getByTestId('touch-keyboard');

/** Letters on the on-screen keyboard (simple-keyboard's keys carry data-skbtn). */
async function typeKeys(page: Page, letters: string): Promise<void> {
  for (const l of letters) await touchKeyboard(page).locator(`.hg-button[data-skbtn="${l}"]`).click();
}

/** Pinyin, then the candidate character. */
async function typePinyin(page: Page, pinyin: string, character: string): Promise<void> {
  await typeKeys(page, pinyin);
  await touchKeyboard(page).locator('.hg-candidate-box-list-item', { hasText: character }).first().click();
}

/** Back to the residents' home and into the login again (a refused login keeps its account id). */
async function startOver(page: Page): Promise<void> {
  await page.getByRole('button', { name: '返回首页' }).click();
  await enterConsole(page);
  await expect(page.getByText('账号编号', { exact: true })).toBeVisible();
}

/** Digits on the keypad inside the docked keyboard, then 完成. */
async function keypadInKeyboard(page: Page, digits: string): Promise<void> {
  const kb = touchKeyboard(page);
  await expect(kb.getByRole('group', { name: '数字键盘' })).toBeVisible();
  for (const d of digits) await kb.getByRole('button', { name: `数字 ${d}`, exact: true }).click();
  await kb.getByRole('button', { name: '完成', exact: true }).click();
  await expect(kb).toHaveCount(0);
}

test('accounts: typed on the on-screen keyboard (pinyin name), then disabled, PIN reset, card revoked — each refused at login, audited', async ({ page, harness }) => {
  test.setTimeout(180_000);
  await setupAdmin(page, harness);
  // The residents' bar is not inside the console; the console has its own way out.
  await expect(page.locator('.top-bar')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '退出控制台' })).toBeVisible();
  await page.getByRole('button', { name: '账号', exact: true }).click();

  await page.getByRole('textbox', { name: '账号编号' }).click();
  await keypadInKeyboard(page, '2002');
  await page.getByRole('textbox', { name: '姓名' }).click();
  await expect(touchKeyboard(page)).toBeVisible();
  await typePinyin(page, 'wang', '王');
  await typePinyin(page, 'fang', '方');
  await expect(page.getByRole('textbox', { name: '姓名' })).toHaveValue('王方');
  await keepScreenshot(page, 'staff-keyboard-pinyin');
  await touchKeyboard(page).locator('.hg-button[data-skbtn="{done}"]').click();
  await page.getByLabel('密码', { exact: true }).click();
  await keypadInKeyboard(page, '135791');
  await page.getByRole('textbox', { name: '工作证号（可选）' }).click();
  // A code field: letters and digits, no pinyin candidates.
  await typeKeys(page, 'card0042');
  await expect(touchKeyboard(page).locator('.hg-candidate-box-list-item')).toHaveCount(0);
  await touchKeyboard(page).locator('.hg-button[data-skbtn="{done}"]').click();
  await page.getByRole('button', { name: '创建', exact: true }).click();
  const row = page.getByRole('table', { name: '账号' }).getByRole('row').filter({ hasText: '2002' });
  await expect(row).toContainText('王方');
  await expect(row).toContainText('正常');
  expect(harness.query('SELECT name, card_id, disabled FROM accounts WHERE login = ?', '2002')).toEqual([{ name: '王方', card_id: 'card0042', disabled: 0 }]);

  // Disabled: the badge says so in words; the account cannot log in.
  await page.getByRole('button', { name: '停用 2002' }).click();
  await expect(row).toContainText('已停用');
  await expect(page.getByRole('button', { name: '停用 1001' })).toHaveCount(0); // never one's own
  await keepScreenshot(page, 'staff-accounts');
  expect((await sizeProblems(page)).problems).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: '退出控制台' }).click();
  await enterConsole(page);
  await keypad(page, '2002');
  await keypad(page, '135791');
  await expect(page.getByRole('alert')).toHaveText(/账号或密码不正确/);
  await startOver(page);
  await keypad(page, '1001');
  await keypad(page, '246810');

  // Enabled again, new PIN, card revoked.
  await page.getByRole('button', { name: '账号', exact: true }).click();
  await page.getByRole('button', { name: '启用 2002' }).click();
  await expect(row).toContainText('正常');
  await page.getByRole('button', { name: '重设密码 2002' }).click();
  await page.getByLabel('新密码（6–12 位数字）').click();
  await keypadInKeyboard(page, '864202');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2002 的密码已重设' })).toBeVisible();
  await page.getByRole('button', { name: '注销工作证 2002' }).click();
  await expect(row).toContainText('无');
  await page.getByRole('button', { name: '退出控制台' }).click();

  // The revoked card (a keyboard-wedge reader types it) is refused with the right PIN.
  await enterConsole(page);
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  await page.keyboard.type('card0042');
  await page.keyboard.press('Enter');
  await keypad(page, '864202');
  await expect(page.getByRole('alert')).toHaveText(/账号或密码不正确/);
  // The old PIN is refused, the new one opens the console.
  await startOver(page);
  expect((await sizeProblems(page)).problems).toEqual([]); // the login page too
  await keepScreenshot(page, 'staff-login');
  await keypad(page, '2002');
  await keypad(page, '135791');
  await expect(page.getByRole('alert')).toHaveText(/账号或密码不正确/);
  await startOver(page);
  await keypad(page, '2002');
  await keypad(page, '864202');
  await expect(page.getByRole('heading', { name: /工作人员控制台 · 王方/ })).toBeVisible();

  const actions = harness.query<{ action: string; outcome: string }>(
    "SELECT action, outcome FROM audit_log WHERE action IN ('account.disabled', 'account.enabled', 'account.pin-reset', 'account.card-revoked') ORDER BY id",
  );
  expect(actions).toEqual([
    { action: 'account.disabled', outcome: 'ok' },
    { action: 'account.enabled', outcome: 'ok' },
    { action: 'account.pin-reset', outcome: 'ok' },
    { action: 'account.card-revoked', outcome: 'ok' },
  ]);
  const reasons = harness.query<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'session.login' AND outcome = 'denied' ORDER BY id").map((r) => JSON.parse(r.detail).reason);
  expect(reasons).toEqual(['disabled', 'wrong-credentials', 'wrong-credentials']);
});

/**
 * Measured in the page: every visible text of the console ≥ 18 px, every visible target (buttons,
 * fields, dropdowns, keyboard keys, pinyin candidates) ≥ 48 × 48 px. Answers what falls short.
 */
async function sizeProblems(page: Page): Promise<{ problems: string[]; texts: number; targets: number }> {
  return page.evaluate(() => {
    const root = document.querySelector('.kiosk') ?? document.body;
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const problems: string[] = [];
    let texts = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !node.textContent?.trim() || !shown(el) || el.closest('option')) continue;
      texts++;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18) problems.push(`text ${size}px "${node.textContent.trim().slice(0, 30)}"`);
    }
    const targets = [...root.querySelectorAll('button, a[href], input, select, textarea, [role="button"], .hg-button, .hg-candidate-box-list-item')].filter(shown);
    // Nothing runs out of the console's column (under the panel beside it, or off screen).
    const right = Math.min(root.getBoundingClientRect().right, window.innerWidth);
    for (const el of targets) {
      const r = el.getBoundingClientRect();
      // The docked keyboard spans the whole screen on purpose; it must still fit on it.
      const limit = el.closest('.touch-keyboard') ? window.innerWidth : right;
      if (r.right > limit + 1) problems.push(`target outside the console (${Math.round(r.right)} > ${Math.round(limit)}) "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`);
      if (r.width < 48 || r.height < 48) problems.push(`target ${Math.round(r.width)}×${Math.round(r.height)} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`);
    }
    return { problems, texts, targets: targets.length };
  });
}

const CONSOLE_TABS = ['夜间取件', '放回结果', '逾期召回', '通知', '报表', '维护', '诊断', '设备', '审计日志', '账号'];

test('every console page: axe clean, text ≥ 18 px and targets ≥ 48 px measured, empty states, at 1920×1080 and 1080×1920', async ({ page, harness }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await setupAdmin(page, harness);
  // A fresh cabinet: the lists are empty and say so.
  await expect(page.getByText('没有待取件的办件')).toBeVisible();
  await expect(page.getByText('本班次还没有取出的办件')).toBeVisible();
  await expect(page.getByRole('table', { name: '交接清单（本班次）' })).toHaveCount(0);
  for (const [width, height] of [
    [1920, 1080],
    [1080, 1920],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const tab of CONSOLE_TABS) {
      await page.getByRole('button', { name: tab, exact: true }).click();
      await expect(page.getByRole('button', { name: tab, exact: true })).toHaveAttribute('aria-pressed', 'true');
      // Pages whose content arrives after the tab opens: measure them whole.
      if (tab === '诊断') await expect(page.getByRole('table', { name: '锁控板' }).getByRole('row')).toHaveCount(3);
      // Header, the lock bus, the printer and the (simulated) ID-card reader.
      if (tab === '设备') await expect(page.getByRole('table', { name: '设备' }).getByRole('row')).toHaveCount(4);
      if (tab === '账号') await expect(page.getByRole('table', { name: '账号' }).getByRole('row')).toHaveCount(2);
      const measured = await sizeProblems(page);
      expect(measured.problems, `${tab} at ${width}×${height}`).toEqual([]);
      expect(measured.texts).toBeGreaterThan(5);
      expect(measured.targets).toBeGreaterThan(5);
      expect(await seriousViolations(page), `${tab} at ${width}×${height}`).toEqual([]);
      await keepScreenshot(page, `console-${width}x${height}-${CONSOLE_TABS.indexOf(tab) + 1}`);
    }
  }
  // Dates in tables through the one formatter (the cabinet's zone), in both languages below.
  await page.getByRole('button', { name: '审计日志', exact: true }).click();
  await expect(page.getByRole('table', { name: '审计日志' }).getByRole('cell').first()).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  await page.getByRole('button', { name: '报表', exact: true }).click();
  await expect(page.getByTestId('report-period')).toHaveText(/^统计期间：\d{4}年\d{1,2}月\d{1,2}日 至 \d{4}年\d{1,2}月\d{1,2}日$/);

  // The keyboards themselves: the pinyin keys and their candidates, and the keypad.
  await page.getByRole('button', { name: '账号', exact: true }).click();
  await page.getByRole('textbox', { name: '姓名' }).click();
  await typeKeys(page, 'li');
  await expect(touchKeyboard(page).locator('.hg-candidate-box-list-item').first()).toBeVisible();
  expect((await sizeProblems(page)).problems).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await keepScreenshot(page, 'console-1080x1920-keyboard');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('textbox', { name: '账号编号' }).click();
  await expect(touchKeyboard(page).getByRole('group', { name: '数字键盘' })).toBeVisible();
  expect((await sizeProblems(page)).problems).toEqual([]);
  await keepScreenshot(page, 'console-1920x1080-keypad');
  await touchKeyboard(page).getByRole('button', { name: '完成', exact: true }).click();

  // English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Night retrieval', exact: true }).click();
  await expect(page.getByText('Nothing waiting for retrieval')).toBeVisible();
  expect((await sizeProblems(page)).problems).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await keepScreenshot(page, 'console-1920x1080-en');
  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Audit log' }).getByRole('cell').first()).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
});

test.describe('restart', () => {
  test('saving bus settings offers Restart now: the harness restarts, audited', async ({ page, harness }) => {
    await setupAdmin(page, harness);
    await page.getByRole('button', { name: '诊断', exact: true }).click();
    await expect(page.getByRole('button', { name: '立即重启' })).toHaveCount(0);
    await page.getByRole('button', { name: '保存设置（重启后生效）' }).click();
    await expect(page.getByRole('status').filter({ hasText: '已保存到' })).toBeVisible();
    await keepScreenshot(page, 'staff-restart-offered');
    await page.getByRole('button', { name: '立即重启' }).click();
    await expect(page.getByRole('status').filter({ hasText: '正在重启' })).toBeVisible();
    expect(harness.query("SELECT actor, outcome FROM audit_log WHERE action = 'system.restart'")).toEqual([{ actor: 'account:1001', outcome: 'ok' }]);
  });
});
