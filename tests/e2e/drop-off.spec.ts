// The first vertical slice, as a resident does it: home → matter → checklist → phone typed once →
// read back with the privacy notice (one tap agrees) → the door opens → put documents in, close the door → receipt. Checked in the
// database and in the frames the simulated board received, not only on screen.
import { formatReference } from '../../main/contract/format';
import { test, expect, keepScreenshot, typeOnKeypad } from './harness';

const zhDigit = (d: string) => `数字 ${d}`;

test('a resident drops off documents in Chinese and gets a receipt', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
  await expect(page.getByRole('button', { name: /切换到英文/ })).toBeVisible();
  await expect(page.getByRole('region', { name: '模拟柜体' })).toBeVisible();
  await keepScreenshot(page, 'zh-home');

  await page.getByRole('button', { name: /投递材料/ }).click();
  await keepScreenshot(page, 'zh-dropoff-matter');
  await page.getByRole('button', { name: '社会保险' }).click();
  await expect(page.getByRole('heading', { name: /社会保险：请准备以下材料/ })).toBeVisible();
  await expect(page.getByText('承诺办结时间：10 个工作日')).toBeVisible();
  await keepScreenshot(page, 'zh-dropoff-checklist');
  await page.getByRole('button', { name: '材料已备齐，下一步' }).click();

  await expect(page.getByRole('heading', { name: '请输入您的手机号码' })).toBeVisible();
  await typeOnKeypad(page, '13812345678', zhDigit);
  await expect(page.getByLabel('已输入')).toHaveText('138 1234 5678');
  await keepScreenshot(page, 'zh-dropoff-phone');
  await page.getByRole('button', { name: '确认', exact: true }).click();

  // The number read back in large grouped digits, with the privacy notice: one tap agrees and opens.
  await expect(page.getByRole('heading', { name: '请核对您的手机号码' })).toBeVisible();
  await expect(page.getByTestId('read-back')).toHaveText('138 1234 5678');
  await expect(page.getByRole('heading', { name: '个人信息保护告知' })).toBeVisible();
  await keepScreenshot(page, 'zh-dropoff-consent');
  await page.getByRole('button', { name: '号码正确，同意并打开柜门' }).click();

  // The door screen completes on the door sensor: the simulated door A01 springs open.
  await expect(page.getByRole('heading', { name: 'A01 号柜门已打开' })).toBeVisible();
  const door = page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: 'A01', exact: true });
  await expect(door).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('请把材料放进柜内，然后关好柜门')).toBeVisible();
  await keepScreenshot(page, 'zh-dropoff-door-open');

  // The resident closes the door.
  await door.click();
  await expect(door).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('heading', { name: '投递成功' })).toBeVisible();
  // The reference in the one format (main/contract/format.ts): 261130 0001.
  const shown = (await page.getByTestId('reference').textContent())?.trim() ?? '';
  expect(shown).toMatch(/^\d{6} \d{4}$/);
  const reference = shown.replace(' ', '');
  // The paper receipt came out, and the screen says so.
  await expect(page.getByTestId('paper')).toHaveText('纸质回执已打印，请从出纸口取走');
  await expect(page.getByText('138****5678')).toBeVisible();
  await expect(page.getByRole('img', { name: '办件编号二维码' })).toBeVisible();
  await keepScreenshot(page, 'zh-dropoff-receipt');

  // The case is in the database, deposited in A01, with its staff notification in the outbox.
  const [row] = harness.query<{ status: string; compartment: string; matter_id: string; phone: string; expected_date: string }>(
    'SELECT status, compartment, matter_id, phone, expected_date FROM cases WHERE reference = ?',
    reference,
  );
  // The phone number is sealed at rest: the file shows no number.
  expect(row).toMatchObject({ status: 'deposited', compartment: 'A01', matter_id: 'social-insurance', phone: expect.stringMatching(/^enc1:/) });
  expect(row?.phone).not.toContain('13812345678');
  expect(row?.expected_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const [compartment] = harness.query<{ state: string }>("SELECT state FROM compartments WHERE label = 'A01'");
  expect(compartment?.state).toBe('occupied');
  const outbox = harness.query<{ kind: string; payload: string }>('SELECT kind, payload FROM outbox');
  expect(outbox).toHaveLength(1);
  expect(JSON.parse(outbox[0]?.payload ?? '{}')).toMatchObject({ reference, compartment: 'A01', phone: '138****5678' });

  // The simulated board 1 received the real generic open frame for lock 1: 8A 01 01 11 9B.
  const frames = await harness.call<{ hex: string }[]>('simulator.frames', { limit: 1000 });
  const opens = frames.filter((f) => f.hex.startsWith('8A'));
  expect(opens.map((f) => f.hex)).toEqual(['8A 01 01 11 9B']);

  // The simulated receipt printer printed the resident's receipt: the reference, its QR code, a cut.
  type Printout = { lines: string[]; qr: string[]; cut: boolean };
  await expect.poll(async () => (await harness.call<Printout[]>('simulator.printed', { limit: 5 })).filter((p) => p.cut).length).toBe(1);
  const [paper] = await harness.call<Printout[]>('simulator.printed', { limit: 5 });
  expect(paper?.lines).toEqual(expect.arrayContaining(['投递回执', formatReference(reference), '事项：社会保险', '格口：A01', '手机：138****5678', '凭办件编号和手机后四位可查询进度']));
  // Its QR is the receipt's own text (the reference and a tag), which the scanner takes to the status.
  expect(paper?.qr).toEqual([expect.stringMatching(new RegExp(`^CCR-${reference}-[0-9A-F]{8}$`))]);

  // 完成 leads to the rating (好差评), which may be skipped.
  await page.getByRole('button', { name: '完成' }).click();
  await expect(page.getByRole('heading', { name: '请为本次服务评价' })).toBeVisible();
  await page.getByRole('button', { name: '跳过，返回首页' }).click();
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
  expect(harness.query('SELECT id FROM ratings')).toHaveLength(0);
});

test('the home screen switches to English and back', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.getByRole('heading', { name: 'Welcome! What would you like to do?' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Simulated cabinet' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await keepScreenshot(page, 'en-home');
  await page.getByRole('button', { name: /Switch to Chinese/ }).click();
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
});

test('a wrong number is caught on the read-back and corrected before any door opens', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: /投递材料/ }).click();
  await page.getByRole('button', { name: '住房公积金' }).click();
  await page.getByRole('button', { name: '材料已备齐，下一步' }).click();
  await typeOnKeypad(page, '13812345679', zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByTestId('read-back')).toHaveText('138 1234 5679');
  // Wrong: back to the keypad with the digits kept; the last one corrected.
  await page.getByRole('button', { name: '号码有误，重新输入' }).click();
  await expect(page.getByLabel('已输入')).toHaveText('138 1234 5679');
  await page.getByRole('button', { name: '删除' }).click();
  await typeOnKeypad(page, '8', zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByTestId('read-back')).toHaveText('138 1234 5678');
  expect(harness.query('SELECT id FROM cases')).toHaveLength(0);
  const frames = await harness.call<{ hex: string }[]>('simulator.frames', { limit: 1000 });
  expect(frames.filter((f) => f.hex.startsWith('8A'))).toHaveLength(0);
  // The contract itself refuses a drop-off whose number was neither confirmed nor verified.
  await expect(harness.call('dropOff.begin', { matterId: 'housing-fund', phone: '13812345678', consent: true, language: 'zh-CN', elderMode: false })).rejects.toThrow();
  expect(harness.query('SELECT id FROM cases')).toHaveLength(0);
});
