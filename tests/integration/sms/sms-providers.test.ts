// Resident SMS through the Aliyun and Tencent Cloud APIs, against a fake provider on 127.0.0.1
// that checks every signature itself: a verification code and a results-ready message go out
// through each; a body altered in transit, a wrong secret and a skewed clock are refused, and
// the outbox does what docs/sms-providers.md says (give up and show it, or retry).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channelOpener } from '../../../main/app/notify/channels';
import { seal, sealKey } from '../../../main/core/cases/sealed';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../../main/core/config';
import { createNotifier, type Notifier } from '../../../main/core/notify/notifier';
import { createCasesRepo } from '../../../main/store/cases-repo';
import { openDatabase, type Db } from '../../../main/store/database';
import { phoneCipher } from '../../../main/store/field-cipher';
import { createOutboxRepo } from '../../../main/store/outbox-repo';
import { createRepositories } from '../../../main/store/repositories';
import { memorySecrets, type SecretsRepo } from '../../../main/store/secrets-repo';
import { until } from '../until';
import { startFakeSmsProvider, type FakeSmsProvider } from './fake-sms-provider';

const ALIYUN_ID = 'LTAI5tCabinetTest01';
const TENCENT_ID = 'AKIDCabinetTest0001';
const SECRETS = { 'sms-aliyun-secret': 'aliyun-secret-0123456789abcdef', 'sms-tencent-secret': 'tencent-secret-0123456789abcd' };

let fake: FakeSmsProvider;
beforeAll(async () => {
  fake = await startFakeSmsProvider({ [ALIYUN_ID]: SECRETS['sms-aliyun-secret'], [TENCENT_ID]: SECRETS['sms-tencent-secret'] });
});
afterAll(() => fake.close());

const running: { notifier: Notifier; db: Db }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.notifier.stop();
    r.db.close();
  }
  fake.sent.length = 0;
  fake.refusals.length = 0;
  fake.skewMs = 0;
  fake.failNext = { code: '', times: 0 };
  fake.tamperNext = 0;
  fake.rawAnswers.length = 0;
});

const aliyun = () => ({
  type: 'sms-aliyun',
  id: 'ali',
  endpoint: `${fake.url}/aliyun/`,
  accessKeyId: ALIYUN_ID,
  signName: '示范社区',
  templates: {
    'verification-code': { templateCode: 'SMS_100001', params: { code: 'code' } },
    'ready-for-pickup': { templateCode: 'SMS_100002', params: { ref: 'reference', box: 'compartment', code: 'code', until: 'deadline' } },
  },
});
const tencent = () => ({
  type: 'sms-tencent',
  id: 'tc',
  endpoint: `${fake.url}/tencent/`,
  secretId: TENCENT_ID,
  smsSdkAppId: '1400000001',
  signName: '示范社区',
  templates: {
    'verification-code': { templateId: '200001', params: ['code'] },
    'ready-for-pickup': { templateId: '200002', params: ['reference', 'compartment', 'code', 'deadline'] },
  },
});

function configWith(channels: unknown[], smsLimits: Record<string, number> = {}): CabinetConfig {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
  // Phone verification needs a verification-code template on its channel; one test goes without.
  const smsVerification = channels.every((c) => Object.keys((c as { templates: object }).templates).length > 0);
  raw.notifications = { channels, retry: { firstDelaySeconds: 0.02, maxDelaySeconds: 0.1 }, digest: { enabled: false }, smsLimits, smsVerification };
  return parseConfig(raw);
}

/** Wall time plus an offset the test moves (the provider's clock is moved with it); timers stay real. */
function movableClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, setTimeout, clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout), advance: (ms: number) => (offset += ms) };
}

function setup(channels: unknown[], secrets: Record<string, string> = SECRETS, smsLimits: Record<string, number> = {}) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sms-')), 'cabinet.sqlite'));
  const keys: SecretsRepo = memorySecrets();
  const config = configWith(channels, smsLimits);
  const openChannels = channelOpener({ secretOf: (name) => secrets[name] });
  const clock = movableClock();
  const notifier = createNotifier({ repos: createRepositories(db, keys), config, clock, openChannels, random: () => 0.5, pollMs: 50 });
  running.push({ notifier, db });
  const cases = createCasesRepo(db, phoneCipher(keys));
  const newCase = (reference: string, phone: string) => cases.insert({ reference, matterId: 'social-insurance', phone, status: 'returned', compartment: 'B02', language: 'zh-CN', elderMode: false, at: Date.now() });
  const caseId = newCase('2611300007', '13800001111');
  const addReady = (key: string, forCase = caseId) =>
    createOutboxRepo(db).add({ at: clock.now(), kind: 'ready-for-pickup', audience: 'resident', idempotencyKey: key, payload: { caseId: forCase, reference: '2611300007', compartment: 'B02', deadline: Date.UTC(2026, 11, 3, 10, 0), codeSealed: seal(sealKey(keys), '482913') } });
  const row = (key: string) => db.prepare('SELECT status, last_error AS lastError FROM outbox WHERE idempotency_key = ?').get(key) as { status: string; lastError: string | null } | undefined;
  const attempts = (key: string) => db.prepare('SELECT d.attempts FROM outbox_deliveries d JOIN outbox o ON o.id = d.message_id WHERE o.idempotency_key = ?').pluck().all(key) as number[];
  notifier.start();
  return { notifier, addReady, row, attempts, clock, newCase, db };
}

const verification = (phone = '13800001111') => ({ kind: 'verification-code', audience: 'resident' as const, idempotencyKey: `verify-${Math.random()}`, createdAt: Date.now(), payload: {}, language: 'zh-CN' as const, phone, code: '482913' });

describe('SMS through the providers, signatures checked by the fake provider', () => {
  it('sends a verification code through each provider as its approved template', async () => {
    const t = setup([aliyun(), tencent()]);
    await t.notifier.sendNow('ali', verification());
    await t.notifier.sendNow('tc', verification());
    expect(fake.refusals).toEqual([]);
    expect(fake.sent).toEqual([
      expect.objectContaining({ provider: 'aliyun', phone: '13800001111', signName: '示范社区', template: 'SMS_100001', params: { code: '482913' } }),
      expect.objectContaining({ provider: 'tencent', phone: '+8613800001111', signName: '示范社区', template: '200001', params: { '1': '482913' } }),
    ]);
  });

  it('delivers a results-ready message from the outbox through both, with the reference grouped and the code unsealed', async () => {
    const t = setup([aliyun(), tencent()]);
    t.addReady('ready-1');
    await until(() => t.row('ready-1')?.status === 'delivered', 10_000, 'delivered on both');
    expect(fake.refusals).toEqual([]);
    const ali = fake.sent.find((s) => s.provider === 'aliyun');
    const tc = fake.sent.find((s) => s.provider === 'tencent');
    expect(ali).toMatchObject({ template: 'SMS_100002', params: { ref: '261130 0007', box: 'B02', code: '482913' }, context: 'ready-1' });
    expect(ali?.params.until).toMatch(/2026/);
    expect(tc).toMatchObject({ template: '200002', params: { '1': '261130 0007', '2': 'B02', '3': '482913' }, context: 'ready-1' });
  });

  it('a body altered in transit is refused (SignatureDoesNotMatch / AuthFailure.SignatureFailure) and the message fails, saying so', async () => {
    for (const channel of [aliyun(), tencent()]) {
      const t = setup([channel]);
      fake.tamperNext = 1;
      t.addReady(`tamper-${channel.id}`);
      await until(() => t.row(`tamper-${channel.id}`)?.status === 'failed', 10_000, 'failed');
      expect(t.row(`tamper-${channel.id}`)?.lastError).toMatch(channel.id === 'ali' ? /^Aliyun SignatureDoesNotMatch: .*check the access key/ : /^Tencent AuthFailure\.SignatureFailure: .*check the access key/);
      expect(t.row(`tamper-${channel.id}`)?.lastError).not.toContain('482913');
      expect(t.attempts(`tamper-${channel.id}`)).toEqual([1]);
    }
    expect(fake.sent).toEqual([]);
  });

  it('a wrong secret is refused, and a missing one fails before anything is sent', async () => {
    const wrong = setup([aliyun(), tencent()], { 'sms-aliyun-secret': 'not-the-secret', 'sms-tencent-secret': 'not-the-secret' });
    await expect(wrong.notifier.sendNow('ali', verification())).rejects.toThrow(/SignatureDoesNotMatch/);
    await expect(wrong.notifier.sendNow('tc', verification())).rejects.toThrow(/AuthFailure\.SignatureFailure/);
    expect(fake.refusals.map((r) => r.code)).toEqual(['SignatureDoesNotMatch', 'AuthFailure.SignatureFailure']);
    const none = setup([aliyun()], {});
    await expect(none.notifier.sendNow('ali', verification())).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/key file holds no "sms-aliyun-secret"/) });
    expect(fake.sent).toEqual([]);
  });

  it('a clock off by 20 minutes is refused as expired; the outbox retries, and it goes once the clock is right', async () => {
    for (const channel of [aliyun(), tencent()]) {
      const t = setup([channel]);
      fake.skewMs = 20 * 60_000;
      t.addReady(`skew-${channel.id}`);
      await until(() => (t.attempts(`skew-${channel.id}`)[0] ?? 0) >= 2, 10_000, 'two refused attempts');
      expect(t.row(`skew-${channel.id}`)?.status).toBe('pending');
      fake.skewMs = 0;
      await until(() => t.row(`skew-${channel.id}`)?.status === 'delivered', 10_000, 'delivered');
    }
    expect(fake.refusals.map((r) => r.code)).toEqual(expect.arrayContaining(['InvalidTimeStamp.Expired', 'AuthFailure.SignatureExpire']));
    expect(fake.sent.map((s) => s.provider)).toEqual(['aliyun', 'tencent']);
  });

  it('maps provider error codes: flow control is retried, an illegal number is given up', async () => {
    const cases = [
      { channel: aliyun(), code: 'isv.BUSINESS_LIMIT_CONTROL', outcome: 'delivered' },
      { channel: aliyun(), code: 'isv.MOBILE_NUMBER_ILLEGAL', outcome: 'failed' },
      { channel: tencent(), code: 'LimitExceeded.PhoneNumberOneHourLimit', outcome: 'delivered' },
      { channel: tencent(), code: 'InvalidParameterValue.IncorrectPhoneNumber', outcome: 'failed' },
    ];
    for (const [i, c] of cases.entries()) {
      const t = setup([c.channel]);
      fake.failNext = { code: c.code, times: 1 };
      t.addReady(`code-${i}`);
      await until(() => t.row(`code-${i}`)?.status === c.outcome, 10_000, `${c.code} → ${c.outcome}`);
      expect(t.attempts(`code-${i}`)).toEqual([c.outcome === 'delivered' ? 2 : 1]);
      if (c.outcome === 'failed') expect(t.row(`code-${i}`)?.lastError).toContain(c.code);
    }
  });

  it('a kind with no approved template fails for good, naming the channel', async () => {
    const t = setup([{ ...aliyun(), templates: {} }]);
    await expect(t.notifier.sendNow('ali', verification())).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/no approved template for "verification-code" messages on channel "ali"/) });
    expect(fake.sent).toEqual([]);
  });

  it('holds a message over the per-phone limits with the reason shown, and sends it when the window frees', async () => {
    const t = setup([aliyun()], SECRETS, { perPhonePerHour: 2, perPhonePerDay: 3 });
    for (const k of ['lim-1', 'lim-2', 'lim-3']) t.addReady(k);
    t.notifier.wake();
    await until(() => t.row('lim-2')?.status === 'delivered' && (t.row('lim-3')?.lastError ?? '') !== '', 10_000, 'two sent, the third held');
    expect(t.row('lim-3')).toEqual({ status: 'pending', lastError: expect.stringMatching(/^held: this phone already had 2 SMS in an hour \(notifications\.smsLimits\.perPhonePerHour\)/) });
    expect(t.notifier.messages(null, 10).find((m) => m.idempotencyKey === 'lim-3')?.lastError).toMatch(/perPhonePerHour/); // what the staff console lists
    // A verification code to the same phone is refused the same way, before it reaches the provider.
    await expect(t.notifier.sendNow('ali', verification())).rejects.toThrow(/perPhonePerHour/);
    expect(fake.sent).toHaveLength(2);
    // An hour later (the provider's clock moves too) the held message goes; a fourth meets the daily limit.
    t.clock.advance(3600_000 + 1000);
    fake.skewMs = 3600_000 + 1000;
    t.notifier.wake();
    await until(() => t.row('lim-3')?.status === 'delivered', 10_000, 'the held message sent');
    t.addReady('lim-4');
    t.notifier.wake();
    await until(() => /perPhonePerDay/.test(t.row('lim-4')?.lastError ?? ''), 10_000, 'the fourth held for the day');
    expect(fake.sent).toHaveLength(3);
    // Counted in SQLite under a keyed hash: no phone number in the table.
    const rows = t.db.prepare('SELECT phone_key FROM sms_sends').pluck().all() as string[];
    expect(rows).toHaveLength(3);
    expect(rows.join()).not.toContain('1111');
  });

  it('holds any phone once the cabinet has sent its hourly number', async () => {
    const t = setup([tencent()], SECRETS, { perCabinetPerHour: 2 });
    t.addReady('cab-1', t.newCase('2611300008', '13800002222'));
    t.addReady('cab-2', t.newCase('2611300009', '13800003333'));
    t.notifier.wake();
    await until(() => t.row('cab-1')?.status === 'delivered' && t.row('cab-2')?.status === 'delivered', 10_000, 'two sent');
    t.addReady('cab-3');
    t.notifier.wake();
    await until(() => /perCabinetPerHour/.test(t.row('cab-3')?.lastError ?? ''), 10_000, 'the third held');
    expect(t.row('cab-3')?.status).toBe('pending');
    expect(fake.sent).toHaveLength(2);
  });

  it('takes any answer from a provider without harm: odd or broken JSON is a failed attempt, retried', async () => {
    const odd = ['<html>502 Bad Gateway</html>', '', 'null', '{"Code":null}', '{"Code":{"x":1},"Message":[1]}', '{"Response":{"Error":{"Code":5,"Message":{}}}}', '{"Response":{"SendStatusSet":"Ok"}}', '{"Response":{"SendStatusSet":[null]}}'];
    for (const channel of [aliyun(), tencent()]) {
      const t = setup([channel]);
      fake.rawAnswers.push(...odd);
      t.addReady(`odd-${channel.id}`);
      await until(() => t.row(`odd-${channel.id}`)?.status === 'delivered', 15_000, 'delivered after the odd answers');
      expect(t.attempts(`odd-${channel.id}`)).toEqual([odd.length + 1]);
    }
  });
});
