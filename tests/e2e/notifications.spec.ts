// The console's notifications, with a real webhook receiver (an HTTP server in the test process on
// 127.0.0.1) as the back office's channel: a deposit's message shows delivered; with the receiver
// down, a message shows failed after the (short) maximum age and Retry delivers it once the
// receiver is back; the technician's notification test reports ok with its time. Checked in the
// outbox tables and the audit log, not only on screen; axe on the new tab.
import { startHttpServer, WEBHOOK_SECRET, type HttpTestServer } from '../integration/notify-servers';
import { test as base, expect, dropOffViaContract, keepScreenshot, type Harness } from './harness';
import { seriousViolations, setupAdmin } from './staff-helpers';

const test = base.extend<{ receiver: HttpTestServer }>({
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const server = await startHttpServer();
    await use(server);
    await server.close();
  },
  cabinetConfig: async ({ receiver }, use) =>
    use({
      notifications: {
        channels: [{ type: 'webhook', id: 'office', url: `${receiver.url}/webhook`, secret: WEBHOOK_SECRET }],
        digest: { enabled: false },
        // Retries a few times a second; a message not delivered within 3 s is marked failed.
        retry: { firstDelaySeconds: 0.3, maxDelaySeconds: 0.6, maxAgeHours: 3 / 3600 },
        timeoutSeconds: 2,
      },
    }),
});

const depositMessage = (harness: Harness) => harness.query<{ id: number; status: string }>("SELECT id, status FROM outbox WHERE kind = 'deposit'")[0];

test('a deposit message shows delivered; the notification test reports ok with its time', async ({ page, harness, receiver }) => {
  const { reference } = await dropOffViaContract(harness);
  await expect.poll(() => depositMessage(harness)?.status).toBe('delivered');
  expect(receiver.accepted.filter((r) => r.body.includes(reference))).toHaveLength(1);

  await setupAdmin(page, harness);
  await page.getByRole('button', { name: '通知', exact: true }).click();
  await expect(page.getByRole('heading', { name: '通知消息' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('新投递');
  await expect(row).toContainText('工作人员');
  await expect(row.getByRole('cell').nth(4)).toHaveText('✔ 已送达'); // a word and a symbol
  await expect(row).toContainText('office: ✔ 已送达 · 尝试 1 次');
  await expect(row.getByRole('button', { name: /重试/ })).toHaveCount(0); // only failed messages are retried
  await keepScreenshot(page, 'staff-notifications-delivered');
  expect(await seriousViolations(page)).toEqual([]);
  // The filter: nothing has failed.
  await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: '发送失败' }).click();
  await expect(page.getByText('没有符合条件的消息')).toBeVisible();
  await expect(page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: '发送失败' })).toHaveAttribute('aria-pressed', 'true');

  // Diagnostics: the notification test through the configured channel.
  await page.getByRole('button', { name: '诊断', exact: true }).click();
  await expect(page.getByRole('heading', { name: '通知测试' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '渠道' })).toHaveValue('office');
  await expect(page.getByRole('combobox', { name: '渠道' }).getByRole('option')).toHaveText(['office（webhook，工作人员、运维人员）']);
  const before = receiver.accepted.length;
  await page.getByRole('button', { name: '发送测试消息' }).click();
  await expect(page.getByRole('status').filter({ hasText: '成功' })).toHaveText(/^✔ 成功：用时 \d+ 毫秒$/);
  await page.getByRole('heading', { name: '通知测试' }).scrollIntoViewIfNeeded();
  await keepScreenshot(page, 'staff-notify-test-ok');
  expect(receiver.accepted.length).toBe(before + 1);
  const audit = harness.query<{ outcome: string; detail: string }>("SELECT outcome, detail FROM audit_log WHERE action = 'notify.test'");
  expect(audit).toHaveLength(1);
  expect(audit[0]?.outcome).toBe('ok');
  expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ channel: 'office', ms: expect.any(Number) });
});

test('with the receiver down a message fails after the maximum age; Retry delivers it once it is back', async ({ page, harness, receiver }) => {
  receiver.failNext = 1_000_000;
  const { reference } = await dropOffViaContract(harness);
  await expect.poll(() => depositMessage(harness)?.status, { timeout: 15_000 }).toBe('failed');
  const id = depositMessage(harness)?.id ?? 0;
  const [delivery] = harness.query<{ status: string; attempts: number; last_error: string }>('SELECT status, attempts, last_error FROM outbox_deliveries WHERE message_id = ?', id);
  expect(delivery?.status).toBe('failed');
  expect(delivery?.attempts).toBeGreaterThan(1);
  expect(delivery?.last_error).toMatch(/503/);

  await setupAdmin(page, harness);
  await page.getByRole('button', { name: '通知', exact: true }).click();
  await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: '发送失败' }).click();
  const row = page.getByRole('row').filter({ hasText: reference });
  await expect(row.getByRole('cell').nth(4)).toHaveText('✘ 发送失败');
  await expect(row).toContainText(`office: ✘ 发送失败 · 尝试 ${delivery?.attempts} 次`);
  await expect(row).toContainText('最近错误：');
  await keepScreenshot(page, 'staff-notifications-failed');
  expect(await seriousViolations(page)).toEqual([]);

  // The receiver is back: Retry sends it again, once.
  receiver.failNext = 0;
  await row.getByRole('button', { name: `重试消息 ${id}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `消息 ${id} 已重新排队发送` })).toBeVisible();
  await expect.poll(() => depositMessage(harness)?.status).toBe('delivered');
  expect(harness.query('SELECT status FROM outbox_deliveries WHERE message_id = ?', id)).toEqual([{ status: 'delivered' }]);
  expect(receiver.accepted.filter((r) => r.body.includes(reference))).toHaveLength(1);
  await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: '全部' }).click();
  await expect(page.getByRole('row').filter({ hasText: reference }).getByRole('cell').nth(4)).toHaveText('✔ 已送达');
  await keepScreenshot(page, 'staff-notifications-retried');
  expect(harness.query("SELECT outcome FROM audit_log WHERE action = 'notify.retry'")).toEqual([{ outcome: 'ok' }]);
});
