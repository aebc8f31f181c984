// The outbox delivery worker against real servers on 127.0.0.1: every channel type, an endpoint
// down then back, order per recipient, a purged phone, no channel, and the nightly digest with a
// controlled clock. The database is a real file (WAL, synchronous=FULL).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import { messageIdFor, openChannels } from '../../main/app/notify/channels';
import { createNotifier, type Notifier } from '../../main/core/notify/notifier';
import { seal, sealKey } from '../../main/core/cases/sealed';
import { createCasesRepo } from '../../main/store/cases-repo';
import { openDatabase, type Db } from '../../main/store/database';
import { createRepositories } from '../../main/store/repositories';
import { memorySecrets, type SecretsRepo } from '../../main/store/secrets-repo';
import { createOutboxRepo, type OutboxMessage } from '../../main/store/outbox-repo';
import { DINGTALK_SECRET, WEBHOOK_SECRET, decodeMimeWords, startHttpServer, startSmtpServer, type HttpTestServer, type SmtpTestServer } from './notify-servers';
import { until } from './until';
import { phoneCipher } from '../../main/store/field-cipher';

/** One set of keys per database, as the app's key file would be: sealing and the notifier agree. */
const keys = new WeakMap<object, SecretsRepo>();
const secretsFor = (db: object): SecretsRepo => keys.get(db) ?? (keys.set(db, memorySecrets()), keys.get(db) as SecretsRepo);

let web: HttpTestServer;
let smtp: SmtpTestServer;
beforeAll(async () => {
  web = await startHttpServer();
  smtp = await startSmtpServer({ user: 'cabinet', pass: 'mail-pass' });
});
afterAll(async () => {
  await web.close();
  await smtp.close();
});

const running: { notifier: Notifier; db: Db }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.notifier.stop();
    r.db.close();
  }
  web.requests.length = 0;
  web.accepted.length = 0;
  web.replays.length = 0;
  web.processed.clear();
  web.failNext = 0;
  web.failKey.clear();
  web.hang = false;
  web.robotErrcode = { code: 0, times: 0 };
  smtp.mails.length = 0;
});


/** Wall time with a skew the test controls; timers stay real. */
function skewClock(start = Date.now()) {
  const t0 = Date.now();
  let skew = 0;
  return {
    now: () => start + (Date.now() - t0) + skew,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    advance(ms: number) {
      skew += ms;
    },
    set(at: number) {
      skew += at - (start + (Date.now() - t0) + skew);
    },
  };
}

const channels = () => [
  { type: 'webhook', id: 'backoffice-hook', url: `${web.url}/webhook`, secret: WEBHOOK_SECRET },
  { type: 'wecom', id: 'wecom-group', url: `${web.url}/wecom?key=robot-key` },
  { type: 'dingtalk', id: 'ding-tech', url: `${web.url}/dingtalk?access_token=tok`, secret: DINGTALK_SECRET },
  {
    type: 'email',
    id: 'office-mail',
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    ca: smtp.ca,
    auth: { user: 'cabinet', pass: 'mail-pass' },
    from: 'cabinet@example.org',
    to: ['office@example.org', 'lead@example.org'],
  },
  {
    type: 'sms',
    id: 'sms-gw',
    url: `${web.url}/sms?sender={{cabinet}}`,
    method: 'POST',
    headers: { Authorization: 'Bearer gw-token' },
    body: '{"phone":"{{phone}}","text":"{{text}}","code":"{{code}}","kind":"{{kind}}"}',
    bodyEncoding: 'json',
    success: { jsonPath: 'result.code', equals: 0 },
  },
];

function configWith(notifications: Record<string, unknown>): CabinetConfig {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
  // No digest unless a test asks for one: it would be due whenever a test runs after its time.
  raw.notifications = { retry: { firstDelaySeconds: 0.02, maxDelaySeconds: 0.1 }, digest: { enabled: false }, ...notifications };
  return parseConfig(raw);
}

function setup(config: CabinetConfig, clock = skewClock()) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'notify-')), 'cabinet.sqlite'));
  const notifier = createNotifier({ repos: createRepositories(db, secretsFor(db)), config, clock, openChannels, random: () => 0.5, pollMs: 50, log: (level, message, detail) => level === 'error' && console.error(message, detail) });
  running.push({ notifier, db });
  const outbox = createOutboxRepo(db);
  const add = (m: Partial<OutboxMessage> & { idempotencyKey: string }) =>
    outbox.add({ at: clock.now(), kind: 'deposit', audience: 'staff', payload: deposit(m.idempotencyKey), ...m });
  const statusOf = (key: string) => (db.prepare('SELECT status FROM outbox WHERE idempotency_key = ?').pluck().get(key) as string | undefined) ?? 'none';
  const row = (key: string) => db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?').get(key) as { id: number; status: string; payload: string; last_error: string | null };
  return { db, notifier, clock, add, statusOf, row };
}

const deposit = (reference: string) => ({
  cabinet: 'demo-01',
  reference,
  matter: 'social-insurance',
  compartment: 'A03',
  depositedAt: Date.now(),
  expectedDate: '2025-03-14',
  phone: '138****1111',
});

function addCase(db: Db, phone: string, language: 'zh-CN' | 'en' = 'zh-CN'): number {
  return createCasesRepo(db, phoneCipher(secretsFor(db))).insert({ reference: `25030400${String(Math.floor(Math.random() * 90) + 10)}`, matterId: 'social-insurance', phone, status: 'returned', compartment: 'B02', language, elderMode: false, at: Date.now() });
}

describe('the notification outbox worker', () => {
  it('delivers on every channel type: signed webhook, WeCom, signed DingTalk, SMTP mail, SMS gateway', async () => {
    const t = setup(configWith({ channels: channels(), routes: { staff: ['backoffice-hook', 'wecom-group', 'office-mail'], technician: ['ding-tech'] } }));
    const caseId = addCase(t.db, '13912345678');
    t.add({ idempotencyKey: '2503040001' });
    t.add({ idempotencyKey: 'alarm-1', kind: 'alarm', audience: 'technician', payload: { cabinet: 'demo-01', alarm: 'door-left-open', compartment: 'A05', at: Date.now() } });
    t.add({
      idempotencyKey: 'return-1',
      kind: 'ready-for-pickup',
      audience: 'resident',
      payload: { cabinet: 'demo-01', reference: '2503040001', caseId, language: 'zh-CN', location: { 'zh-CN': '一楼大厅', en: 'Hall' }, compartment: 'B02', deadline: Date.now() + 7 * 86_400_000, reason: null, codeSealed: seal(sealKey(secretsFor(t.db)), '482913') },
    });
    t.notifier.start();
    await until(() => ['2503040001', 'alarm-1', 'return-1'].every((k) => t.statusOf(k) === 'delivered'), 10_000, 'all delivered');

    const hook = web.accepted.find((r) => r.path === '/webhook');
    expect(hook?.key).toBe('2503040001'); // the server checked the HMAC before accepting
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({ id: '2503040001', kind: 'deposit', cabinet: 'demo-01', data: { reference: '2503040001', compartment: 'A03' } });
    expect(JSON.parse(hook?.body ?? '{}').text).toContain('预计办结：2025年3月14日');

    const wecom = JSON.parse(web.accepted.find((r) => r.path === '/wecom')?.body ?? '{}');
    expect(wecom).toMatchObject({ msgtype: 'markdown' });
    expect(wecom.markdown.content).toContain('新投递 250304 0001');
    expect(wecom.markdown.content).toContain('手机：138****1111');

    const ding = web.accepted.find((r) => r.path === '/dingtalk');
    expect(ding?.query.get('sign')).toBeTruthy(); // verified server-side against the secret
    expect(JSON.parse(ding?.body ?? '{}')).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('柜门长时间未关') } });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.secure).toBe(true); // STARTTLS, required
    expect(mail.user).toBe('cabinet');
    expect(mail.to).toEqual(['office@example.org', 'lead@example.org']);
    expect(decodeMimeWords(mail.subject)).toContain('新投递 250304 0001');
    expect(mail.text).toContain('格口：A03');
    expect(mail.messageId).toBe(messageIdFor('2503040001', 'demo-01'));

    const sms = web.accepted.find((r) => r.path === '/sms');
    expect(sms?.headers.authorization).toBe('Bearer gw-token');
    expect(sms?.query.get('sender')).toBe('demo-01');
    const smsBody = JSON.parse(sms?.body ?? '{}');
    expect(smsBody).toMatchObject({ phone: '13912345678', code: '482913', kind: 'ready-for-pickup' });
    expect(smsBody.text).toContain('取件码482913');
    expect(smsBody.text).toContain('B02');

    // Delivered: the sealed code is gone from the outbox.
    expect(JSON.parse(t.row('return-1').payload)).not.toHaveProperty('codeSealed');
    expect([...web.processed.values()].every((n) => n === 1)).toBe(true);
    const view = t.notifier.messages(null, 10).find((m) => m.idempotencyKey === '2503040001');
    expect(view?.deliveries.map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['backoffice-hook', 'delivered', 1],
      ['wecom-group', 'delivered', 1],
      ['office-mail', 'delivered', 1],
    ]);
  });

  it('retries with backoff while the endpoint is down, then delivers every message once', async () => {
    const t = setup(configWith({ channels: channels().slice(0, 1) }));
    const keys = Array.from({ length: 20 }, (_, i) => `down-${i}`);
    for (const k of keys) t.add({ idempotencyKey: k });
    web.failNext = 4;
    t.notifier.start();
    await until(() => keys.every((k) => t.statusOf(k) === 'delivered'), 10_000, 'all delivered');
    expect(web.requests.filter((r) => r.key === 'down-0')).toHaveLength(5); // 4 refused, then accepted
    expect(web.accepted.map((r) => r.key)).toEqual(keys); // in order, each once
    expect(web.replays).toHaveLength(0);
    expect([...web.processed.values()].every((n) => n === 1)).toBe(true);
    const first = t.notifier.messages(null, 100).find((m) => m.idempotencyKey === 'down-0');
    expect(first?.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 5, lastError: null });
  });

  it('keeps order per recipient while other recipients go on', async () => {
    const t = setup(configWith({ channels: channels().slice(0, 2) }));
    for (let i = 0; i < 6; i++) t.add({ idempotencyKey: `ord-${i}` });
    web.failKey.set('ord-0', 3); // the first message fails three times (on both channels)
    t.notifier.start();
    await until(() => [0, 1, 2, 3, 4, 5].every((i) => t.statusOf(`ord-${i}`) === 'delivered'), 10_000, 'all delivered');
    for (const path of ['/webhook', '/wecom']) {
      const seen = web.requests.filter((r) => r.path === path).map((r) => r.key);
      // No later message was even attempted before ord-0 went through on this recipient.
      const firstOk = seen.lastIndexOf('ord-0');
      expect(seen.slice(0, firstOk).every((k) => k === 'ord-0')).toBe(true);
      expect(web.accepted.filter((r) => r.path === path).map((r) => r.key)).toEqual(['ord-0', 'ord-1', 'ord-2', 'ord-3', 'ord-4', 'ord-5']);
    }
  });

  it('treats a robot errcode other than 0 as a failure to retry', async () => {
    const t = setup(configWith({ channels: channels().slice(1, 2) }));
    web.robotErrcode = { code: 45009, times: 2 };
    t.add({ idempotencyKey: 'robot-1' });
    t.notifier.start();
    await until(() => t.statusOf('robot-1') === 'delivered');
    expect(web.requests.filter((r) => r.key === 'robot-1')).toHaveLength(3);
  });

  it('fails a resident message whose phone was purged, saying so, and drops its sealed code', async () => {
    const t = setup(configWith({ channels: channels() }));
    const caseId = addCase(t.db, '13912345678');
    t.db.prepare('UPDATE cases SET phone = NULL WHERE id = ?').run(caseId);
    t.add({ idempotencyKey: 'purged-1', kind: 'ready-for-pickup', audience: 'resident', payload: { reference: 'x', caseId, codeSealed: seal(sealKey(secretsFor(t.db)), '111222') } });
    t.notifier.start();
    await until(() => t.statusOf('purged-1') === 'failed');
    expect(t.row('purged-1').last_error).toMatch(/phone number of this case was purged/);
    expect(JSON.parse(t.row('purged-1').payload)).not.toHaveProperty('codeSealed');
    expect(web.requests.filter((r) => r.path === '/sms')).toHaveLength(0);
  });

  it('keeps messages for an audience with no channel waiting until one is configured; a stale one is not sent', async () => {
    const t = setup(configWith({ channels: channels().slice(0, 1) }));
    const caseId = addCase(t.db, '13912345678');
    t.add({ idempotencyKey: 'wait-1', kind: 'ready-for-pickup', audience: 'resident', payload: { reference: 'x', caseId, compartment: 'B02', codeSealed: seal(sealKey(secretsFor(t.db)), '333444') } });
    t.add({ idempotencyKey: 'wait-old', at: Date.now() - 80 * 3600_000, kind: 'pickup-reminder', audience: 'resident', payload: { reference: 'y', caseId, codeSealed: seal(sealKey(secretsFor(t.db)), '555666') } });
    t.notifier.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(t.statusOf('wait-1')).toBe('pending');
    expect(JSON.parse(t.row('wait-1').payload)).toHaveProperty('codeSealed'); // still needed
    expect(t.notifier.messages('pending', 10).find((m) => m.idempotencyKey === 'wait-1')).toMatchObject({ deliveries: [], lastError: expect.stringMatching(/waiting: no notification channel is configured for resident messages/) });
    await t.notifier.stop();

    // An SMS gateway is configured (a restart with the new configuration).
    const next = createNotifier({ repos: createRepositories(t.db, secretsFor(t.db)), config: configWith({ channels: channels() }), clock: t.clock, openChannels, pollMs: 50 });
    running.unshift({ notifier: next, db: { close: () => {} } as unknown as Db });
    next.start();
    await until(() => t.statusOf('wait-1') === 'delivered' && t.statusOf('wait-old') === 'failed');
    expect(JSON.parse(web.accepted.find((r) => r.path === '/sms')!.body)).toMatchObject({ code: '333444', kind: 'ready-for-pickup' });
    expect(web.accepted.filter((r) => r.path === '/sms')).toHaveLength(1);
    expect(t.row('wait-old').last_error).toMatch(/older than 72 h .* not sent/);
    expect(JSON.parse(t.row('wait-old').payload)).not.toHaveProperty('codeSealed');
    // A retry by hand sends even the stale one (the code is gone: the text says to ask staff).
    expect(next.retry(t.row('wait-old').id)).toMatchObject({ ok: true });
    await until(() => t.statusOf('wait-old') === 'delivered');
    expect(JSON.parse(web.accepted.filter((r) => r.path === '/sms')[1]!.body)).toMatchObject({ code: '', kind: 'pickup-reminder' });
  });

  it('gives up after the maximum age, shows the failure, and delivers after a retry by hand', async () => {
    const clock = skewClock();
    const t = setup(configWith({ channels: channels().slice(0, 1), retry: { firstDelaySeconds: 0.02, maxDelaySeconds: 0.05, maxAgeHours: 2 } }), clock);
    web.failNext = 1_000_000;
    t.add({ idempotencyKey: 'old-1' });
    t.add({ idempotencyKey: 'old-2' });
    t.notifier.start();
    await until(() => web.requests.length >= 3);
    expect(t.statusOf('old-1')).toBe('pending');
    clock.advance(2 * 3600_000 + 1);
    t.notifier.wake();
    await until(() => t.statusOf('old-1') === 'failed' && t.statusOf('old-2') === 'failed');
    const failed = t.notifier.messages('failed', 10);
    expect(failed.map((m) => m.idempotencyKey).sort()).toEqual(['old-1', 'old-2']);
    expect(failed[0]?.lastError).toMatch(/gave up after 2 h: HTTP 503/);

    web.failNext = 0;
    const retried = t.notifier.retry(t.row('old-1').id);
    expect(retried).toMatchObject({ ok: true, message: { status: 'pending', deliveries: [{ status: 'pending', attempts: 0 }] } });
    await until(() => t.statusOf('old-1') === 'delivered');
    expect(t.statusOf('old-2')).toBe('failed');
    expect(t.notifier.retry(t.row('old-1').id)).toEqual({ ok: false, status: 'delivered' });
  });

  it('writes the nightly digest at its local time, once per day, listing what is pending', async () => {
    // Times in the cabinet's zone (Asia/Shanghai, the default), whatever zone the test process runs in.
    const start = Date.parse('2025-03-04T20:59:00+08:00');
    const clock = skewClock(start);
    const t = setup(configWith({ channels: channels().slice(0, 1), digest: { enabled: true, localTime: '21:00' } }), clock);
    const cases = createCasesRepo(t.db, phoneCipher(secretsFor(t.db)));
    const at = start - 86_400_000;
    const put = (reference: string, status: string, extra: string) => {
      const id = cases.insert({ reference, matterId: 'retirement', phone: '13800001111', status, compartment: 'A01', language: 'zh-CN', elderMode: false, at });
      t.db.prepare(`UPDATE cases SET deposited_at = ?, ${extra} WHERE id = ?`).run(at, id);
    };
    put('2503030001', 'deposited', 'expected_date = NULL');
    put('2503030002', 'collected', 'expected_date = NULL');
    put('2503030003', 'returned', `pickup_deadline = ${start + 5 * 86_400_000}`);
    put('2503030004', 'returned', `pickup_deadline = ${start - 3600_000}`);
    t.notifier.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(t.db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'digest'").pluck().get()).toBe(0);

    clock.set(Date.parse('2025-03-04T21:00:00+08:00'));
    t.notifier.wake();
    const key = 'digest:demo-01:2025-03-04';
    await until(() => t.statusOf(key) === 'delivered');
    const body = JSON.parse(web.accepted.find((r) => r.key === key)?.body ?? '{}');
    expect(body.data.counts).toEqual({ deposited: 1, collected: 1, awaitingPickup: 1, overdue: 1 });
    for (const ref of ['250303 0001', '250303 0002', '250303 0003', '250303 0004']) expect(body.text).toContain(ref);
    expect(body.text).toContain('待取出（居民已投递）：1 件');
    expect(body.text).toContain('逾期未取：1 件');

    clock.advance(3 * 3600_000); // later the same night, and again after a "restart"
    t.notifier.wake();
    const again = createNotifier({ repos: createRepositories(t.db, secretsFor(t.db)), config: configWith({ channels: channels().slice(0, 1), digest: { enabled: true, localTime: '21:00' } }), clock, openChannels, pollMs: 50 });
    again.start();
    await new Promise((r) => setTimeout(r, 150));
    await again.stop();
    expect(t.db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'digest'").pluck().get()).toBe(1);

    clock.set(Date.parse('2025-03-05T21:00:05+08:00'));
    t.notifier.wake();
    await until(() => t.statusOf(`digest:demo-01:2025-03-05`) === 'delivered');
    expect(t.db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'digest'").pluck().get()).toBe(2);
  });

  it('resumes after a stop: what was pending in the database goes out from a new worker', async () => {
    const t = setup(configWith({ channels: channels().slice(0, 1) }));
    web.failNext = 1_000_000;
    for (let i = 0; i < 5; i++) t.add({ idempotencyKey: `resume-${i}` });
    t.notifier.start();
    await until(() => web.requests.length >= 2);
    await t.notifier.stop();
    web.failNext = 0;
    const next = createNotifier({ repos: createRepositories(t.db, secretsFor(t.db)), config: configWith({ channels: channels().slice(0, 1) }), clock: t.clock, openChannels, pollMs: 50 });
    running.unshift({ notifier: next, db: { close: () => {} } as unknown as Db });
    next.start();
    await until(() => [0, 1, 2, 3, 4].every((i) => t.statusOf(`resume-${i}`) === 'delivered'));
    expect(web.accepted.map((r) => r.key)).toEqual(['resume-0', 'resume-1', 'resume-2', 'resume-3', 'resume-4']);
  });
});
