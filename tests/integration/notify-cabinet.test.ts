// Notifications through the real cabinet and its contract: the deposit's staff message, delivery
// status and retry by hand in the console, a technician's channel test, and the SMS verification
// of the drop-off phone number against a gateway on 127.0.0.1.
import { formatReference } from '../../main/contract/format';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import type { DropOffState } from '../../main/contract/schemas';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import { DINGTALK_SECRET, WEBHOOK_SECRET, startHttpServer, type HttpTestServer } from './notify-servers';
import { until } from './until';
import { setupCodeOf } from './test-cabinet';
import { createRepositories } from '../../main/store/repositories';

let web: HttpTestServer;
beforeAll(async () => {
  web = await startHttpServer();
});
afterAll(async () => {
  await web.close();
});

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  web.failNext = 0;
});


async function start(withSms = true) {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown> & { timeouts: { pollIntervalMs: number } };
  raw.timeouts.pollIntervalMs = 50;
  raw.notifications = {
    channels: [
      { type: 'webhook', id: 'office', url: `${web.url}/webhook`, secret: WEBHOOK_SECRET },
      { type: 'dingtalk', id: 'tech', url: `${web.url}/dingtalk?access_token=t`, secret: DINGTALK_SECRET, msgtype: 'text' },
      ...(withSms ? [{ type: 'sms', id: 'sms', url: `${web.url}/sms`, body: '{"to":"{{phone}}","content":"{{text}}","code":"{{code}}"}', success: { jsonPath: 'result.code', equals: 0 } }] : []),
    ],
    routes: { staff: ['office'], technician: ['tech'] },
    digest: { enabled: false },
    retry: { firstDelaySeconds: 0.02, maxDelaySeconds: 0.05, maxAgeHours: 0.5 / 3600 },
  };
  const cabinet = await createCabinet({ config: parseConfig(raw), dataDir: mkdtempSync(join(tmpdir(), 'notify-cab-')), log: () => {} });
  opened.push(cabinet);
  const h = createClient(methods, createDispatcher(methods, cabinet.handlers));
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  const drops: DropOffState[] = [];
  cabinet.on('dropOff.changed', (d) => drops.push(d));
  const where = (label: string): [number, number] => [label.startsWith('A') ? 1 : 2, Number(label.slice(1))];
  async function finishDeposit(): Promise<string> {
    await until(() => drops.some((d) => d.stage === 'open'));
    virtual.closeDoor(...where(drops.find((d) => d.stage === 'open')!.compartment.label));
    await until(() => drops.some((d) => d.stage === 'deposited'));
    const reference = drops.find((d) => d.receipt)!.receipt!.reference;
    drops.length = 0;
    return reference;
  }
  return { cabinet, h, finishDeposit };
}

describe('notifications through the cabinet', () => {
  it('sends the deposit to the back office; staff see a failed message and retry it by hand', async () => {
    const { cabinet, h, finishDeposit } = await start(false);
    expect(await h['cabinet.info']({})).toMatchObject({ smsVerification: false });
    await h['dropOff.begin']({ matterId: 'social-insurance', phone: '13800001111', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    const first = await finishDeposit();
    await until(() => web.accepted.some((r) => r.key === `deposit:demo-01:${first}`), 5000, 'deposit delivered');
    const body = JSON.parse(web.accepted.find((r) => r.key === `deposit:demo-01:${first}`)!.body);
    expect(body.text).toContain(`新投递 ${formatReference(first)}`);
    expect(body.text).toContain('手机：138****1111');

    // The back office is down longer than the maximum age: the message fails, staff see it.
    web.failNext = 1_000_000;
    await h['dropOff.begin']({ matterId: 'retirement', phone: '13800002222', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    const second = await finishDeposit();
    const admin = await h['staff.createFirstAdmin']({ setupCode: setupCodeOf(cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    await h['staff.createAccount']({ token: admin.token, login: 'wang', name: '王', role: 'staff', pin: '135791' });
    const staff = await h['staff.login']({ login: 'wang', pin: '135791' });
    await until(async () => (await h['notify.messages']({ token: staff.token, status: 'failed' })).length === 1, 6000, 'failed');
    const [failed] = await h['notify.messages']({ token: staff.token, status: 'failed' });
    expect(failed).toMatchObject({ kind: 'deposit', reference: second, status: 'failed', lastError: expect.stringMatching(/HTTP 503/) });
    expect(failed!.deliveries[0]!.attempts).toBeGreaterThan(1);

    web.failNext = 0;
    expect(await h['notify.retry']({ token: staff.token, id: failed!.id })).toMatchObject({ status: 'pending' });
    await until(async () => (await h['notify.messages']({ token: staff.token })).every((m) => m.status === 'delivered'), 5000, 'delivered after the retry');
    await expect(h['notify.retry']({ token: staff.token, id: failed!.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(h['notify.test']({ token: staff.token, channelId: 'tech' })).rejects.toMatchObject({ code: 'forbidden' });

    // A technician's test of a channel: sent now, outside the outbox; the console lists the channels to pick from.
    await expect(h['notify.channels']({ token: staff.token })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await h['notify.channels']({ token: admin.token })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'office', audiences: ['staff'] }), expect.objectContaining({ id: 'tech', audiences: ['technician'] })]),
    );
    expect(await h['notify.test']({ token: admin.token, channelId: 'tech' })).toMatchObject({ ok: true });
    const test = web.accepted.filter((r) => r.path === '/dingtalk').at(-1);
    expect(JSON.parse(test!.body)).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('通知测试') } });
    web.failNext = 1;
    expect(await h['notify.test']({ token: admin.token, channelId: 'tech' })).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 503/) });
  });

  it('verifies the drop-off phone by an SMS code when an SMS channel is configured', async () => {
    const { cabinet, h, finishDeposit } = await start(true);
    expect(await h['cabinet.info']({})).toMatchObject({ smsVerification: true });
    const phone = '13912340000';
    expect(await h['phone.sendCode']({ phone })).toEqual({ sent: true, expiresInSeconds: 300, resendAfterSeconds: 60 });
    const sms = web.accepted.filter((r) => r.path === '/sms').at(-1);
    const { to, content, code } = JSON.parse(sms!.body) as { to: string; content: string; code: string };
    expect(to).toBe(phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(content).toContain(`验证码是${code}`);
    // Hashed: the code is nowhere in the database.
    const rows = cabinet.db.prepare('SELECT * FROM phone_verifications').all();
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(cabinet.db.prepare('SELECT * FROM outbox').all())).not.toContain(code);

    await expect(h['phone.sendCode']({ phone })).rejects.toMatchObject({ code: 'locked-out' }); // a minute between sends
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(h['phone.verifyCode']({ phone, code: wrong })).rejects.toMatchObject({ code: 'wrong-code', triesLeft: 4 });
    const { verification } = await h['phone.verifyCode']({ phone, code });
    expect(verification).toMatch(/^[A-Za-z0-9_-]{16,64}$/);

    // Either the number typed twice, or a verified number; never both, never neither.
    await expect(h['dropOff.begin']({ matterId: 'retirement', phone, consent: true, language: 'zh-CN', elderMode: false })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(h['dropOff.begin']({ matterId: 'retirement', phone: '13912349999', verification, consent: true, language: 'zh-CN', elderMode: false })).rejects.toMatchObject({ code: 'bad-request' });
    const state = await h['dropOff.begin']({ matterId: 'retirement', phone, verification, consent: true, language: 'zh-CN', elderMode: false });
    // The simulated door springs open when its lock fires, and the board's open reply says so.
    expect(state.stage).toBe('open');
    const reference = await finishDeposit();
    expect(cabinet.db.prepare('SELECT phone FROM cases WHERE reference = ?').pluck().get(reference)).toMatch(/^enc1:/); // sealed at rest
    expect(createRepositories(cabinet.db, cabinet.secrets).cases.byReference(reference)?.phone).toBe(phone);
    // The verification is recorded as used by this drop-off.
    expect(cabinet.db.prepare('SELECT used_at FROM phone_verifications WHERE verified_at IS NOT NULL').pluck().get()).toEqual(expect.any(Number));
    const denied = cabinet.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'dropoff.begin' AND outcome = 'denied'").pluck().get();
    expect(denied).toBe(1);
  });

  it('answers "unavailable" to an SMS code request when no SMS channel is configured', async () => {
    const { h } = await start(false);
    await expect(h['phone.sendCode']({ phone: '13912340000' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
