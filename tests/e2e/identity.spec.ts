// Identity at the kiosk (issue 14, items 2 and 3), through the real screen and harness, the ID
// cards placed and taken away with the simulator's own methods: a drop-off of a matter with
// personal results asks for the applicant's card and authorises a proxy by their card; at pickup a
// stranger's card is refused and the proxy's card opens the compartment, recorded and told to the
// resident. No card within the configured time says so, with "try again" and a way back. Every new
// screen is axe-checked and kept as a screenshot, portrait 1080×1920 and landscape 1920×1080.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, keepScreenshot, seedReturned, typeOnKeypad, typePhoneAndAgree, zhDigit, type Harness } from './harness';
import { seriousViolations, setupAdmin } from './staff-helpers';

const APPLICANT = { name: '张三', idNumber: '11010519491231002X' };
const PROXY = { name: '李四', idNumber: '320102198001011238' };
const TAKE_AWAY = '请先取走阅读器上刚读过的身份证，再放下一张。';
const STRANGER = { name: '王五', idNumber: '440305199002024569' };

const personal = { 'disability-card': { identity: 'id-card' as const, personalResults: true } };

async function axeClean(page: Page, screen: string): Promise<void> {
  await keepScreenshot(page, `identity-${screen}`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), screen).toEqual([]);
}

const place = (harness: Harness, card: { name: string; idNumber: string } | null) => harness.call('simulator.idCard', { card });

// Time for the axe scans of a busy machine before the screens give up waiting for a card.
test.describe(() => {
  test.use({ cabinetConfig: { matters: personal, idCardReader: { waitSeconds: 120 }, timeouts: { idleSeconds: 600 } } });
  test('portrait: a drop-off with the ID card and a proxy, then the proxy collects with their card (a stranger refused)', async ({ page, harness }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(harness.url);
    await page.getByRole('button', { name: /投递材料/ }).click();
    await page.getByRole('button', { name: '残疾人证' }).click();
    await page.getByRole('button', { name: '材料已备齐，下一步' }).click();
    await expect(page.getByRole('heading', { name: '请将居民身份证放在阅读器上' })).toBeVisible();
    await expect(page.getByRole('img', { name: '居民身份证平放在屏幕下方的阅读器上' })).toBeVisible();
    await axeClean(page, 'portrait-zh-applicant-card');

    await place(harness, APPLICANT);
    await expect(page.getByRole('heading', { name: '还有谁可以代领结果？' })).toBeVisible();
    await expect(page.getByTestId('applicant-read')).toContainText('张*，身份证号 **************002X');
    await axeClean(page, 'portrait-zh-proxy-choice');
    await page.getByRole('button', { name: '指定代领人：现在读取其身份证' }).click();
    await expect(page.getByRole('heading', { name: '请将代领人的居民身份证放在阅读器上' })).toBeVisible();
    await axeClean(page, 'portrait-zh-proxy-card');
    // The applicant's card still lies there: it is not taken for the proxy's until the reader is empty.
    await expect(page.getByText(TAKE_AWAY)).toBeVisible();
    await place(harness, null);
    await expect(page.getByText(TAKE_AWAY)).toBeHidden();
    await place(harness, PROXY);
    await typePhoneAndAgree(page, '13900001234');
    const door = page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: /^[AB]\d\d$/ }).and(page.locator('[aria-pressed="true"]'));
    await expect(door).toHaveCount(1);
    // The core sees the door open on its next poll; then the hand closes it.
    await expect(page.getByText('请把材料放进柜内，然后关好柜门')).toBeVisible();
    await door.click();
    const reference = ((await page.getByTestId('reference').textContent()) ?? '').replace(/\s/g, '');
    expect(reference).toMatch(/^\d{10}$/);
    const [c] = harness.query<{ id: number }>('SELECT id FROM cases WHERE reference = ?', reference);
    const ids = harness.query<{ role: string; id_last4: string; masked_name: string }>('SELECT role, id_last4, masked_name FROM case_identities WHERE case_id = ? ORDER BY role', c?.id);
    expect(ids).toEqual([
      { role: 'applicant', id_last4: '002X', masked_name: '张*' },
      { role: 'proxy', id_last4: '1238', masked_name: '李*' },
    ]);

    // Staff return the results with a code; the proxy comes with it and the phone's last four digits.
    const code = seedReturned(harness, reference);
    await page.goto(harness.url);
    await place(harness, STRANGER);
    await page.getByRole('button', { name: /取件/ }).click();
    await typeOnKeypad(page, code, zhDigit);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await typeOnKeypad(page, '1234', zhDigit);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await expect(page.getByRole('heading', { name: '此件须本人领取：请将居民身份证放在阅读器上' })).toBeVisible();
    await expect(page.getByText('此身份证既不是申请人的，也不是授权代领人的。请放申请人或代领人的身份证。')).toBeVisible();
    await axeClean(page, 'portrait-zh-collector-mismatch');
    expect(await openFramesCount(harness)).toBe(1); // the drop-off's only
    await expect(page.getByText(TAKE_AWAY)).toBeVisible();
    await place(harness, null);
    await expect(page.getByText(TAKE_AWAY)).toBeHidden();
    await place(harness, PROXY);
    await expect(page.getByRole('heading', { name: /号柜门已打开/ })).toBeVisible();
    await door.click();
    await expect(page.getByRole('heading', { name: '请为本次服务评价' })).toBeVisible();
    expect(harness.query('SELECT collected_as, masked_name FROM case_identities WHERE case_id = ? AND role = ?', c?.id, 'collector')).toEqual([{ collected_as: 'proxy', masked_name: '李*' }]);
    const [message] = harness.query<{ payload: string }>("SELECT payload FROM outbox WHERE kind = 'picked-up'");
    expect(JSON.parse(message?.payload ?? '{}')).toMatchObject({ reference, by: 'proxy', maskedName: '李*', idLast4: '1238' });
  });
});

async function openFramesCount(harness: Harness): Promise<number> {
  const frames = await harness.call<{ hex: string }[]>('simulator.frames', { limit: 1000 });
  return frames.filter((f) => f.hex.startsWith('8A')).length;
}

test.describe(() => {
  test.use({ cabinetConfig: { matters: personal, idCardReader: { waitSeconds: 6 }, timeouts: { idleSeconds: 600 } } });
  test('landscape, English, senior mode: no card within the time is said plainly, with try again and a way back', async ({ page, harness }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(harness.url);
    await page.getByRole('button', { name: '切换到英文 Switch to English' }).click();
    // Senior mode too: larger type and targets, the same words read out.
    await page.getByRole('button', { name: /^Senior mode/ }).click();
    await page.getByRole('button', { name: /Drop off/ }).click();
    await page.getByRole('button', { name: 'Disability certificate' }).click();
    await page.getByRole('button', { name: 'I have them all — next' }).click();
    await expect(page.getByRole('heading', { name: 'Place your resident ID card on the reader' })).toBeVisible();
    await axeClean(page, 'landscape-en-elder-applicant-card');
    await expect(page.getByText('No card was found within 6 seconds.', { exact: false })).toBeVisible({ timeout: 20_000 });
    await axeClean(page, 'landscape-en-elder-no-card');
    // Try again: this time the card is there.
    await page.getByRole('button', { name: 'Try again' }).click();
    await place(harness, APPLICANT);
    await expect(page.getByRole('heading', { name: 'Who else may collect the results?' })).toBeVisible();
    await axeClean(page, 'landscape-en-elder-proxy-choice');
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByRole('button', { name: 'I have them all — next' })).toBeVisible();
  });
});

test.describe(() => {
  test.use({ cabinetConfig: { matters: personal, timeouts: { idleSeconds: 600 } } });
  test('staff see the applicant masked on the case and authorise "anyone with the code" later', async ({ page, harness }) => {
    test.setTimeout(120_000);
    await place(harness, APPLICANT);
    const read = await harness.call<{ status: string; token: string }>('idCard.read');
    expect(read.status).toBe('read');
    const state = await harness.call<{ compartment: { label: string } }>('dropOff.begin', {
      matterId: 'disability-card', phone: '13900001234', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false, applicantCard: read.token,
    });
    await expect.poll(() => harness.query<{ status: string }>('SELECT status FROM cases')[0]?.status).toBe('door-opened');
    await harness.call('simulator.press', { label: state.compartment.label });
    await expect.poll(() => harness.query<{ status: string }>('SELECT status FROM cases')[0]?.status).toBe('deposited');
    // Staff took the documents in (the night retrieval, covered by staff.spec): the case is being processed.
    harness.execute("UPDATE cases SET status = 'collected'");
    const [row] = harness.query<{ id: number; reference: string }>('SELECT id, reference FROM cases');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await setupAdmin(page, harness);
    await page.getByRole('button', { name: '放回结果', exact: true }).click();
    const table = page.getByRole('table', { name: '待放回的办件' });
    await expect(table.getByTestId('case-identity')).toHaveText('申请人 张* **************002X · 须本人领取');
    await keepScreenshot(page, 'identity-staff-case');
    expect(await seriousViolations(page)).toEqual([]);
    await table.getByRole('button', { name: `代领：凭码任何人 ${row?.reference}` }).click();
    await expect(table.getByTestId('case-identity')).toContainText('代领：凭取件码和手机尾号任何人可领');
    expect(harness.query('SELECT anyone FROM case_identities WHERE case_id = ? AND role = ?', row?.id, 'proxy')).toEqual([{ anyone: 1 }]);
  });
});
