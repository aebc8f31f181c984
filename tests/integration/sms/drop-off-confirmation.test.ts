// The drop-off confirmation SMS through the real cabinet: a resident deposits, and the Aliyun
// channel (secret in the key file, signature checked by the fake provider) sends the approved
// template with the reference as on the receipt, the expected date counted over the holiday
// calendar, and the status link, which the receipt also carries for its QR.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualBus } from '../../../hardware/simulator/virtual-bus';
import { createCabinet, type Cabinet } from '../../../main/app/cabinet';
import { formatDate, formatReference, localDate } from '../../../main/contract/format';
import type { DropOffState } from '../../../main/contract/schemas';
import { defaultConfig, parseConfig } from '../../../main/core/config';
import { until } from '../until';
import { startFakeSmsProvider, type FakeSmsProvider } from './fake-sms-provider';

const KEY_ID = 'LTAI5tCabinetTest02';
const SECRET = 'aliyun-secret-for-the-drop-off-test';
const DAY = 24 * 3600_000;

let fake: FakeSmsProvider;
beforeAll(async () => {
  fake = await startFakeSmsProvider({ [KEY_ID]: SECRET });
});
afterAll(() => fake.close());
const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

/** The next ten days are holidays: one working day later is the first weekday after them. */
function holidayCalendar(now: number) {
  const zone = 'Asia/Shanghai';
  const holidays = Array.from({ length: 10 }, (_, i) => localDate(now + (i + 1) * DAY, zone));
  let day = now + 11 * DAY;
  while ([0, 6].includes(new Date(`${localDate(day, zone)}T12:00:00Z`).getUTCDay())) day += DAY;
  return { holidays, expected: localDate(day, zone) };
}

async function start(now: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cab-sms-'));
  // The installer's key file: the provider secret beside the cabinet's own keys (ADR 0010).
  mkdirSync(`${dataDir}-keys`, { mode: 0o700 });
  writeFileSync(join(`${dataDir}-keys`, 'cabinet.keys'), JSON.stringify({ 'sms-aliyun-secret': Buffer.from(SECRET).toString('base64') }), { mode: 0o600 });
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  raw.matters = raw.matters.map((m) => (m.id === 'social-insurance' ? { ...m, processingDays: 1 } : m));
  raw.calendar = { holidays: holidayCalendar(now).holidays, workdays: [] };
  raw.notifications = {
    smsVerification: false,
    digest: { enabled: false },
    statusUrl: 'https://zwfw.example.gov.cn/cabinet/status?c={{cabinet}}&r={{reference}}',
    channels: [
      {
        type: 'sms-aliyun',
        id: 'ali',
        endpoint: `${fake.url}/aliyun/`,
        accessKeyId: KEY_ID,
        signName: '示范社区',
        templates: { 'drop-off-confirmation': { templateCode: 'SMS_100003', params: { ref: 'reference', date: 'expectedDate', link: 'statusUrl' } } },
      },
    ],
  } as never;
  const cabinet = await createCabinet({ config: parseConfig(raw), dataDir, log: () => {} });
  opened.push(cabinet);
  const events: DropOffState[] = [];
  cabinet.on('dropOff.changed', (s) => events.push(s));
  return { cabinet, events, virtual: cabinet.hardware.virtualBuses.get('bus1') as VirtualBus };
}

describe('the drop-off confirmation SMS', () => {
  it('goes to the resident with the grouped reference, the expected date past the holidays, and the status link the receipt also prints', async () => {
    const now = Date.now();
    const { cabinet, events, virtual } = await start(now);
    await cabinet.handlers['dropOff.begin']({ matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await until(() => events.some((e) => e.stage === 'open'), 10_000, 'door open');
    virtual.closeDoor(1, 1);
    await until(() => events.some((e) => e.stage === 'deposited'), 10_000, 'deposited');
    const receipt = events.find((e) => e.stage === 'deposited')?.receipt;
    const reference = receipt?.reference as string;
    const link = `https://zwfw.example.gov.cn/cabinet/status?c=${encodeURIComponent(defaultConfig().cabinet.id)}&r=${reference}`;
    expect(receipt?.statusUrl).toBe(link);
    expect(receipt?.expectedDate).toBe(holidayCalendar(now).expected);

    await until(() => fake.sent.length === 1, 10_000, 'the confirmation SMS');
    expect(fake.refusals).toEqual([]);
    expect(fake.sent[0]).toEqual({
      provider: 'aliyun',
      phone: '13812345678',
      signName: '示范社区',
      template: 'SMS_100003',
      params: { ref: formatReference(reference), date: formatDate(holidayCalendar(now).expected, 'zh-CN'), link },
      context: `drop-off-confirmation:${defaultConfig().cabinet.id}:${reference}`,
    });
    expect(formatReference(reference)).toMatch(/^\S+ \S+/); // grouped as on the receipt
    // The outcome is written in a batch shortly after the send.
    const status = () => (cabinet.db.prepare("SELECT status FROM outbox WHERE kind = 'drop-off-confirmation'").pluck().get() as string | undefined) ?? 'none';
    await until(() => status() === 'delivered', 10_000, 'recorded as delivered');
  });
});
