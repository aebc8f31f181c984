// Pickup as a resident does it: drop off through the screen, the case is returned with a code
// (seed-returned.ts stands in for staff), then the code on the keypad opens the compartment,
// the door closes, and the rating is recorded. Wrong codes lock the screen with a countdown.
// Checked in the database and in the frames the simulated board received.
import { test, expect, typePhoneAndAgree, dropOffViaContract, enterPickup, keepScreenshot, openFrames, seedReturned, typeOnKeypad, zhDigit } from './harness';

const HOME = '您好！请选择要办理的业务';

test('a resident picks up results with the code and rates the service', async ({ page, harness }) => {
  await page.goto(harness.url);
  // The drop-off, through the screen.
  await page.getByRole('button', { name: /投递材料/ }).click();
  await page.getByRole('button', { name: '老年人优待证' }).click();
  await page.getByRole('button', { name: '材料已备齐，下一步' }).click();
  await typePhoneAndAgree(page, '13900001234');
  const door = page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: 'A01', exact: true });
  await expect(door).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('请把材料放进柜内，然后关好柜门')).toBeVisible();
  await door.click();
  const reference = ((await page.getByTestId('reference').textContent()) ?? '').replace(/\s/g, '');
  expect(reference).toMatch(/^\d{10}$/);

  // 完成 → the drop-off rating: very satisfied, "easy".
  await page.getByRole('button', { name: '完成' }).click();
  await expect(page.getByRole('heading', { name: '请为本次服务评价' })).toBeVisible();
  await page.getByRole('radio', { name: '非常满意' }).click();
  await page.getByRole('button', { name: '操作简单' }).click();
  await expect(page.getByRole('button', { name: '操作简单' })).toHaveAttribute('aria-pressed', 'true');
  await keepScreenshot(page, 'zh-rating');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
  await keepScreenshot(page, 'zh-rating-thanks');
  await page.getByRole('button', { name: '返回首页' }).last().click();
  await expect(page.getByRole('heading', { name: HOME })).toBeVisible();

  // Staff return the results and a code is issued (stored only as a hash).
  const code = seedReturned(harness, reference);
  expect(code).toMatch(/^\d{6}$/);

  await page.getByRole('button', { name: /取件/ }).click();
  await expect(page.getByRole('heading', { name: '请输入取件码' })).toBeVisible();
  await typeOnKeypad(page, code, zhDigit);
  await expect(page.getByLabel('已输入')).toHaveText(code);
  await keepScreenshot(page, 'zh-pickup-code');
  await page.getByRole('button', { name: '确认', exact: true }).click();
  // Then the last four digits of the phone the case was registered with.
  await expect(page.getByRole('heading', { name: '请输入手机号码后四位' })).toBeVisible();
  await typeOnKeypad(page, '1234', zhDigit);
  await keepScreenshot(page, 'zh-pickup-phone');
  await page.getByRole('button', { name: '确认', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'A01 号柜门已打开' })).toBeVisible();
  await expect(door).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('请取出您的材料，然后关好柜门')).toBeVisible();
  await expect(page.getByText('位置：从左数第 1 列，从上数第 1 行')).toBeVisible();
  await keepScreenshot(page, 'zh-pickup-door-open');
  await door.click();

  await expect(page.getByRole('status').filter({ hasText: '取件完成' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '请为本次服务评价' })).toBeVisible();
  await keepScreenshot(page, 'zh-pickup-done-rating');
  await page.getByRole('radio', { name: '满意', exact: true }).click();
  await page.getByRole('button', { name: '办理快' }).click();
  await page.getByRole('button', { name: '柜门有问题' }).click();
  await page.getByRole('button', { name: '柜门有问题' }).click(); // toggled off again
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();

  const [row] = harness.query<{ id: number; status: string; pickup_code_hash: string | null; closed_at: number | null }>(
    'SELECT id, status, pickup_code_hash, closed_at FROM cases WHERE reference = ?',
    reference,
  );
  expect(row).toMatchObject({ status: 'picked-up', pickup_code_hash: null });
  expect(row?.closed_at).toBeGreaterThan(0);
  expect(harness.query("SELECT state, case_id FROM compartments WHERE label = 'A01'")).toEqual([{ state: 'free', case_id: null }]);
  const ratings = harness.query<{ flow: string; level: number; case_id: number | null; comment: string }>('SELECT flow, level, case_id, comment FROM ratings ORDER BY id');
  expect(ratings.map((r) => [r.flow, r.level, r.case_id])).toEqual([
    ['drop-off', 5, row?.id],
    ['pick-up', 4, row?.id], // the pickup state carries the case's reference
  ]);
  expect(ratings[0]?.comment).toContain('easy');
  expect(ratings[1]?.comment).toContain('fast');
  expect(ratings[1]?.comment).not.toContain('door-problem');
  const audit = harness.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE action = 'pickup.code'");
  expect(audit.map((a) => a.outcome)).toEqual(['ok']);
  // The code never appears in plain text in the database.
  expect(JSON.stringify(harness.query('SELECT * FROM cases')) + JSON.stringify(harness.query('SELECT * FROM audit_log'))).not.toContain(code);

  // Board 1 lock 1 opened twice: the drop-off and the pickup.
  expect(await openFrames(harness)).toEqual(['8A 01 01 11 9B', '8A 01 01 11 9B']);
});

test('five wrong codes lock the pickup screen with a countdown; no door opens', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: /取件/ }).click();
  for (let i = 1; i <= 4; i++) {
    await enterPickup(page, '123456', '5678');
    await expect(page.getByRole('alert')).toHaveText(new RegExp(`取件码或手机号码后四位不正确.*还可以再试 ${5 - i} 次`));
    if (i === 1) await keepScreenshot(page, 'zh-pickup-wrong-code');
  }
  await enterPickup(page, '654321', '5678');
  await expect(page.getByRole('alert')).toHaveText('输错次数过多，取件暂时锁定');
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/请在 (1 分 00 秒|\d+ 秒) 后再试/);
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first ?? '');  // it counts down
  await expect(page.getByRole('button', { name: '数字 1', exact: true })).toBeDisabled();
  await keepScreenshot(page, 'zh-pickup-locked');

  // Locked for the cases of these phone digits only.
  const [limit] = harness.query<{ key: string; failures: number; lockouts: number; locked_until: number }>("SELECT * FROM rate_limits WHERE key = 'pickup-phone:5678'");
  expect(limit?.lockouts).toBe(1);
  const audit = harness.query<{ at: number; outcome: string; detail: string }>("SELECT at, outcome, detail FROM audit_log WHERE action = 'pickup.code' ORDER BY id");
  // Locked until after the last denied attempt (in the core's clock).
  expect(limit?.locked_until).toBeGreaterThan(Math.max(...audit.map((a) => a.at)));
  expect(audit).toHaveLength(5);
  expect(audit.every((a) => a.outcome === 'denied')).toBe(true);
  expect(audit.filter((a) => JSON.parse(a.detail).reason === 'wrong-code')).toHaveLength(5);
  expect(await openFrames(harness)).toEqual([]);
});

test('a QR / barcode scanner typing the code and Enter opens the door', async ({ page, harness }) => {
  const { reference, label } = await dropOffViaContract(harness);
  const code = seedReturned(harness, reference);
  await page.goto(harness.url);
  await page.getByRole('button', { name: /取件/ }).click();
  await expect(page.getByRole('heading', { name: '请输入取件码' })).toBeVisible();
  await expect(page.getByText('取件码在办结短信中，共 6 位数字')).toBeVisible();
  await expect(page.getByText('也可以把短信中的二维码对准扫码器')).toBeVisible();
  // A keypad key has the focus (a resident tapped it): the scanner's Enter must not press it.
  await page.getByRole('button', { name: zhDigit('5'), exact: true }).click();
  await page.getByRole('button', { name: '清空' }).focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '请输入手机号码后四位' })).toBeVisible();
  await typeOnKeypad(page, '5678', zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('heading', { name: `${label} 号柜门已打开` })).toBeVisible();
  const door = page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: label, exact: true });
  await door.click();
  await expect(page.getByRole('heading', { name: '请为本次服务评价' })).toBeVisible();
  expect(harness.query('SELECT status, pickup_code_hash FROM cases WHERE reference = ?', reference)).toEqual([{ status: 'picked-up', pickup_code_hash: null }]);
  expect(harness.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE action = 'pickup.code'").map((a) => a.outcome)).toEqual(['ok']);
  expect(await openFrames(harness)).toHaveLength(2); // the drop-off's and the pickup's
});

test.describe('a cabinet with 8-digit pickup codes', () => {
  test.use({ cabinetConfig: { pickup: { codeDigits: 8 } } });
  test('the hint and the keypad follow cabinet.info; the rating is stored with the case', async ({ page, harness }) => {
    expect(await harness.call('cabinet.info')).toMatchObject({ pickup: { codeDigits: 8 } });
    const { reference, label } = await dropOffViaContract(harness);
    const code = seedReturned(harness, reference, { digits: 8 });
    await page.goto(harness.url);
    await page.getByRole('button', { name: /取件/ }).click();
    await expect(page.getByText(/共 8 位数字/)).toBeVisible();
    await typeOnKeypad(page, code.slice(0, 6), zhDigit);
    await expect(page.getByRole('button', { name: '确认', exact: true })).toBeDisabled(); // 6 of 8 digits
    await typeOnKeypad(page, `${code.slice(6)}9`, zhDigit); // a ninth digit is not taken
    await expect(page.getByLabel('已输入')).toHaveText(code);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await typeOnKeypad(page, '5678', zhDigit);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await expect(page.getByRole('heading', { name: `${label} 号柜门已打开` })).toBeVisible();
    await page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: label, exact: true }).click();
    await page.getByRole('radio', { name: '非常满意' }).click();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
    const [c] = harness.query<{ id: number }>('SELECT id FROM cases WHERE reference = ?', reference);
    expect(harness.query('SELECT flow, level, case_id FROM ratings')).toEqual([{ flow: 'pick-up', level: 5, case_id: c?.id }]);
  });
});

test('an expired code is told kindly and opens nothing', async ({ page, harness }) => {
  const { reference } = await dropOffViaContract(harness);
  const code = seedReturned(harness, reference, { expired: true });
  await page.goto(harness.url);
  await page.getByRole('button', { name: /取件/ }).click();
  await enterPickup(page, code, '5678');
  await expect(page.getByRole('alert')).toHaveText('取件码已过期，请联系工作人员取件');
  expect(harness.query<{ status: string }>('SELECT status FROM cases')).toEqual([{ status: 'returned' }]);
  expect(await openFrames(harness)).toHaveLength(1); // the drop-off's only
});
