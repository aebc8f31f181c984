// The status look-up: reference number and last four phone digits on the keypad → the status in
// plain words with a symbol. A wrong last-4 is told kindly and audited as denied.
import { test, expect, dropOffViaContract, enDigit, keepScreenshot, seedReturned, typeOnKeypad, zhDigit } from './harness';

test('a resident looks up a dropped-off case, mistypes the phone digits once, and rates the service', async ({ page, harness }) => {
  const { reference } = await dropOffViaContract(harness, '13812345678');
  await page.goto(harness.url);
  await page.getByRole('button', { name: /查询进度/ }).click();
  await expect(page.getByRole('heading', { name: '请输入办件编号' })).toBeVisible();
  await typeOnKeypad(page, reference, zhDigit);
  await expect(page.getByLabel('已输入')).toHaveText(`${reference.slice(0, 6)} ${reference.slice(6)}`);
  await keepScreenshot(page, 'zh-status-reference');
  await page.getByRole('button', { name: '确认', exact: true }).click();

  await expect(page.getByRole('heading', { name: '请输入手机号码后四位' })).toBeVisible();
  await typeOnKeypad(page, '5679', zhDigit);
  await keepScreenshot(page, 'zh-status-phone');
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('没有找到相符的办件。请核对办件编号和手机后四位后重试');
  await expect(page.getByRole('heading', { name: '请输入办件编号' })).toBeVisible();
  await keepScreenshot(page, 'zh-status-not-found');
  expect(harness.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE action = 'status.lookup'")).toEqual([{ outcome: 'denied' }]);
  expect(harness.query<{ failures: number }>("SELECT failures FROM rate_limits WHERE key = 'status-lookup'")).toEqual([{ failures: 1 }]);

  // The reference is still there to check; confirm it and give the right digits.
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await typeOnKeypad(page, '5678', zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('heading', { name: '办件进度' })).toBeVisible();
  await expect(page.getByTestId('case-status')).toHaveText('▣已收到材料');
  await expect(page.getByText(/您的材料已放入云柜，等待工作人员取走办理/)).toBeVisible();
  await expect(page.getByText('老年人优待证')).toBeVisible();
  await keepScreenshot(page, 'zh-status-result-received');
  expect(harness.query<{ failures: number }>("SELECT failures FROM rate_limits WHERE key = 'status-lookup'")).toEqual([{ failures: 0 }]);
  // The screen shows no phone digits.
  await expect(page.locator('main')).not.toContainText('5678');

  // Rating is offered, not required.
  await page.getByRole('button', { name: '评价本次服务' }).click();
  await page.getByRole('radio', { name: '基本满意' }).click();
  await page.getByRole('button', { name: '指引清楚' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('heading', { name: '感谢您的评价！' })).toBeVisible();
  const [caseRow] = harness.query<{ id: number }>('SELECT id FROM cases WHERE reference = ?', reference);
  expect(harness.query('SELECT flow, level, case_id, comment FROM ratings')).toEqual([{ flow: 'status', level: 3, case_id: caseRow?.id, comment: expect.stringContaining('clear-guidance') }]);
});

test('in English, a returned case reads "Ready for pickup" with its compartment', async ({ page, harness }) => {
  const { reference } = await dropOffViaContract(harness, '13900004321');
  seedReturned(harness, reference);
  await page.goto(harness.url);
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.getByRole('button', { name: /Status/ }).click();
  await typeOnKeypad(page, reference, enDigit);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await typeOnKeypad(page, '4321', enDigit);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page.getByTestId('case-status')).toHaveText('★Ready for pickup');
  await expect(page.getByText(/Your results are in compartment A01\. Collect them with the code in your text message before/)).toBeVisible();
  await keepScreenshot(page, 'en-status-result-ready');
  await page.getByRole('button', { name: 'Done, back to home' }).click();
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
});

test.describe('a cabinet with a district code', () => {
  test.use({ cabinetConfig: { cabinet: { code: '017' } } });

  test('takes the 13-digit reference, grouped as on the receipt, and finds the case', async ({ page, harness }) => {
    const { reference } = await dropOffViaContract(harness, '13812345678');
    expect(reference).toMatch(/^017\d{10}$/);
    await page.goto(harness.url);
    await page.getByRole('button', { name: /查询进度/ }).click();
    await expect(page.getByText('办件编号共 13 位数字，印在投递回执上')).toBeVisible();
    await typeOnKeypad(page, reference, zhDigit);
    await expect(page.getByLabel('已输入')).toHaveText(`017-${reference.slice(3, 9)}-${reference.slice(9)}`);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await typeOnKeypad(page, '5678', zhDigit);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await expect(page.getByTestId('case-status')).toHaveText('▣已收到材料');
  });
});
