// SMS verification of the drop-off phone number, with a real SMS gateway (an HTTP server in the
// test process on 127.0.0.1): the code is read from what the gateway received, typed on the
// keypad, and the drop-off begins with the verification token. A wrong code, an expired code and
// the resend wait each get a kind message; 收不到短信？ falls back to the number typed once and read back.
// Checked in the database (cases, phone_verifications, audit), not only on screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { HttpTestServer } from '../integration/notify-servers';
import { testWithSmsGateway } from './sms-gateway';
import { expect, typePhoneAndAgree, keepScreenshot, typeOnKeypad, zhDigit, enDigit, type Harness } from './harness';

const PHONE = '13812345678';

const test = testWithSmsGateway;

const serious = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`);

/** The codes the gateway was asked to text to `phone`, oldest first. */
function codesSent(gateway: HttpTestServer, phone: string): string[] {
  return gateway.accepted.map((r) => JSON.parse(r.body) as { to: string; code: string }).filter((b) => b.to === phone).map((b) => b.code);
}

async function toPhoneStep(page: Page, harness: Harness) {
  if (page.url() !== harness.url) await page.goto(harness.url);
  await page.getByRole('button', { name: /投递材料/ }).click();
  await page.getByRole('button', { name: '老年人优待证' }).click();
  await page.getByRole('button', { name: '材料已备齐，下一步' }).click();
  await expect(page.getByRole('heading', { name: '请输入您的手机号码' })).toBeVisible();
}

test('a resident verifies the number with the texted code and drops off', async ({ page, harness, gateway }) => {
  expect(await harness.call('cabinet.info')).toMatchObject({ smsVerification: true });
  await toPhoneStep(page, harness);
  await expect(page.getByText('我们将向这个号码发送 6 位短信验证码')).toBeVisible();
  await typeOnKeypad(page, PHONE, zhDigit);
  await keepScreenshot(page, 'sms-zh-phone');
  expect(await serious(page)).toEqual([]);
  await page.getByRole('button', { name: '发送验证码' }).click();

  await expect(page.getByRole('heading', { name: '请输入短信验证码' })).toBeVisible();
  await expect(page.getByText('验证码已发送到 138****5678，5 分钟内有效')).toBeVisible();
  await expect.poll(() => codesSent(gateway, PHONE)).toHaveLength(1);
  const code = codesSent(gateway, PHONE)[0] ?? '';
  expect(code).toMatch(/^\d{6}$/);
  // The resend waits, counting down.
  const resend = page.getByRole('button', { name: /后可重新发送验证码/ });
  await expect(resend).toBeDisabled();
  const first = await resend.textContent();
  await expect(resend).not.toHaveText(first ?? '');
  await keepScreenshot(page, 'sms-zh-code');
  expect(await serious(page)).toEqual([]);

  // A wrong code is told kindly, with the tries left.
  const wrong = code === '000000' ? '111111' : '000000';
  await typeOnKeypad(page, wrong, zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/验证码不正确，请核对短信后重新输入。\s*还可以再试 4 次/);
  await keepScreenshot(page, 'sms-zh-wrong-code');
  expect(await serious(page)).toEqual([]);

  await typeOnKeypad(page, code, zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('heading', { name: '个人信息保护告知' })).toBeVisible();
  // The verified number is shown, marked as verified by text message: nothing to read back.
  await expect(page.getByTestId('read-back')).toHaveText('138 1234 5678');
  await expect(page.getByText('已通过短信验证')).toBeVisible();
  await page.getByRole('button', { name: '同意，打开柜门' }).click();
  const door = page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: 'A01', exact: true });
  await expect(page.getByText('请把材料放进柜内，然后关好柜门')).toBeVisible();
  await door.click();
  await expect(page.getByRole('heading', { name: '投递成功' })).toBeVisible();
  const reference = ((await page.getByTestId('reference').textContent()) ?? '').replace(/\s/g, '');

  const [row] = harness.query<{ status: string; phone: string; phone_last4: string; compartment: string }>('SELECT status, phone, phone_last4, compartment FROM cases WHERE reference = ?', reference);
  expect(row).toEqual({ status: 'deposited', phone: expect.stringMatching(/^enc1:/), phone_last4: PHONE.slice(-4), compartment: 'A01' });
  // The verification: one code, verified, its token used by this drop-off; the code is stored only as a hash.
  const verifications = harness.query<{ code_hash: string; verified_at: number | null; token_hash: string | null; used_at: number | null; wrong_attempts: number }>(
    'SELECT code_hash, verified_at, token_hash, used_at, wrong_attempts FROM phone_verifications',
  );
  expect(verifications).toHaveLength(1);
  expect(verifications[0]).toMatchObject({ wrong_attempts: 1, verified_at: expect.any(Number), token_hash: expect.any(String), used_at: expect.any(Number) });
  expect(JSON.stringify(harness.query('SELECT * FROM phone_verifications')) + JSON.stringify(harness.query('SELECT * FROM audit_log'))).not.toContain(code);
  const audit = harness.query<{ action: string; outcome: string }>("SELECT action, outcome FROM audit_log WHERE action LIKE 'phone.%' ORDER BY id");
  expect(audit).toEqual([
    { action: 'phone.sendCode', outcome: 'ok' },
    { action: 'phone.verifyCode', outcome: 'denied' },
    { action: 'phone.verifyCode', outcome: 'ok' },
  ]);
  // The code never goes through the outbox: only the staff's deposit message and the resident's
  // drop-off confirmation (docs/sms-providers.md), which carries the reference and no code.
  expect(harness.query<{ kind: string }>('SELECT kind FROM outbox ORDER BY id')).toEqual([{ kind: 'deposit' }, { kind: 'drop-off-confirmation' }]);
  const confirmation = async () => gateway.accepted.map((r) => JSON.parse(r.body) as { to: string; content: string; code: string }).find((b) => b.content.includes('材料已投递'));
  await expect.poll(async () => (await confirmation())?.content.replace(/\s/g, '')).toContain(reference);
  expect(await confirmation()).toMatchObject({ to: PHONE, code: '' });
});

test('an expired code is told kindly; 收不到短信 falls back to the number typed once and read back (senior mode)', async ({ page, harness, gateway }) => {
  await page.goto(harness.url);
  await page.getByTestId('elder-toggle').click();
  await toPhoneStep(page, harness);
  await typeOnKeypad(page, PHONE, zhDigit);
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expect.poll(() => codesSent(gateway, PHONE)).toHaveLength(1);
  // Five minutes pass (the core's clock reads the expiry from the database).
  harness.execute('UPDATE phone_verifications SET expires_at = 1');
  await typeOnKeypad(page, codesSent(gateway, PHONE)[0] ?? '', zhDigit);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('验证码已过期，请点击“重新发送验证码”获取新的验证码');
  await keepScreenshot(page, 'sms-elder-expired');
  expect(await serious(page)).toEqual([]);

  await page.getByRole('button', { name: '收不到短信？改为直接输入号码' }).click();
  await expect(page.getByRole('heading', { name: '请输入您的手机号码' })).toBeVisible();
  await typePhoneAndAgree(page, '13900001111');
  await expect(page.getByText('请把材料放进柜内，然后关好柜门')).toBeVisible();
  const [reserved] = harness.query<{ compartment: string }>('SELECT compartment FROM cases');
  await page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: reserved?.compartment ?? '', exact: true }).click();
  await expect(page.getByRole('heading', { name: '投递成功' })).toBeVisible();

  expect(harness.query('SELECT status, phone, phone_last4 FROM cases')).toEqual([{ status: 'deposited', phone: expect.stringMatching(/^enc1:/), phone_last4: '1111' }]);
  // The code was never verified nor used; no further text went out.
  expect(harness.query('SELECT verified_at, used_at FROM phone_verifications')).toEqual([{ verified_at: null, used_at: null }]);
  expect(harness.query<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'phone.verifyCode'").map((a) => JSON.parse(a.detail).reason)).toEqual(['expired']);
  // One code went out; the only other text is the drop-off confirmation (no code in it).
  await expect.poll(() => gateway.accepted.length).toBe(2);
  const sent = gateway.accepted.map((r) => JSON.parse(r.body) as { to: string; content: string; code: string });
  expect(sent.filter((b) => b.code !== '')).toHaveLength(1);
  expect(sent[1]).toMatchObject({ to: '13900001111', code: '', content: expect.stringContaining('材料已投递') });
});

test('asking again too soon shows the wait with a countdown (English)', async ({ page, harness, gateway }) => {
  // A code for this number went out a moment ago (another visit).
  await harness.call('phone.sendCode', { phone: PHONE });
  await page.goto(harness.url);
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.getByRole('button', { name: /Drop off/ }).first().click();
  const matters = await harness.call<{ id: string; name: Record<string, string> }[]>('matters.list');
  await page.getByRole('button', { name: matters.find((m) => m.id === 'senior-card')?.name.en ?? '' }).click();
  await page.getByRole('button', { name: 'I have them all — next' }).click();
  await expect(page.getByText('We will text a 6-digit code to this number')).toBeVisible();
  await typeOnKeypad(page, PHONE, enDigit);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('alert')).toHaveText('Codes were asked for too often. Please wait a moment');
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/Please try again in \d+ s/);
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first ?? '');
  await expect(page.getByRole('button', { name: 'Send code' })).toBeDisabled();
  await keepScreenshot(page, 'sms-en-send-wait');
  expect(await serious(page)).toEqual([]);
  expect(gateway.accepted).toHaveLength(1);
  expect(harness.query<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'phone.sendCode' AND outcome = 'denied'").map((a) => JSON.parse(a.detail).reason)).toEqual(['rate-limited']);
});
