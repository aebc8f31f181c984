// The staff and technician console through the real core, database and simulated boards.
import { formatCsvDateTime, formatReference } from '../../main/contract/format';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unseal, sealKey } from '../../main/core/cases/sealed';
import { createRepositories } from '../../main/store/repositories';
import { until } from './until';
import { closeTestCabinets, openTestCabinet, setupCodeOf } from './test-cabinet';

afterEach(closeTestCabinets);

async function start() {
  const env = await openTestCabinet((raw) => {
    raw.timeouts.doorOpenDetectSeconds = 2;
  });
  const { h, drops, jobs, close } = env;
  async function deposit(phone = '13800001111'): Promise<string> {
    drops.length = 0;
    await h['dropOff.begin']({ matterId: 'social-insurance', phone, phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await until(() => drops.some((d) => d.stage === 'open'));
    close(drops[0]!.compartment.label);
    await until(() => drops.some((d) => d.stage === 'deposited'));
    return drops.find((d) => d.receipt)!.receipt!.reference;
  }
  const doneJob = (kind: string, label: string) => jobs.some((j) => j.kind === kind && j.label === label && j.stage === 'done');
  /** Night retrieval of the first pending case: open, wait for the sensor, close. Its case id. */
  async function collectFirst(token: string): Promise<number> {
    const [c] = await h['retrieval.pending']({ token });
    await h['retrieval.open']({ token, caseId: c!.caseId });
    await until(() => jobs.some((j) => j.kind === 'retrieve' && j.stage === 'open'));
    close(c!.compartments[0]!);
    await until(() => doneJob('retrieve', c!.compartments[0]!));
    return c!.caseId;
  }
  return { ...env, deposit, doneJob, collectFirst };
}

async function admin(env: Awaited<ReturnType<typeof start>>) {
  expect(await env.h['staff.setupNeeded']({})).toEqual({ setupNeeded: true });
  const session = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
  expect(await env.h['staff.setupNeeded']({})).toEqual({ setupNeeded: false });
  return session.token;
}

describe('accounts', () => {
  it('has no default account: the first admin is created once, PINs hashed with argon2id', async () => {
    const env = await start();
    await admin(env);
    await expect(env.h['staff.createFirstAdmin']({ setupCode: '12345678', login: 'evil', name: 'x', pin: '111111' })).rejects.toMatchObject({ code: 'conflict' });
    const row = env.cabinet.db.prepare('SELECT pin_hash FROM accounts').get() as { pin_hash: string };
    expect(row.pin_hash).toMatch(/^\$argon2id\$/);
  });

  it('a flood of first-admin attempts once the admin exists writes one audit row (anyone can call it, for ever)', async () => {
    const env = await start();
    await admin(env);
    const rows = () => (env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.first-admin' AND outcome = 'denied'").get() as { n: number }).n;
    for (let i = 0; i < 1000; i++) await expect(env.h['staff.createFirstAdmin']({ setupCode: '12345678', login: 'evil', name: 'x', pin: '111111' })).rejects.toMatchObject({ code: 'conflict' });
    expect(rows()).toBe(1);
  });

  it('locks out after five wrong PINs with a growing delay, audited; roles limit what a session may do', async () => {
    const env = await start();
    const token = await admin(env);
    await env.h['staff.createAccount']({ token, login: 'wang', name: '王', role: 'staff', pin: '135791', cardId: 'CARD0042' });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(await env.h['staff.login']({ login: 'wang', pin: '000000' }).then(() => 'ok', (e) => e.code));
    expect(codes).toEqual(['wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'locked-out']);
    await expect(env.h['staff.login']({ login: 'wang', pin: '135791' })).rejects.toMatchObject({ code: 'locked-out' });
    // The card stands in for the account id (its own counter).
    const staff = await env.h['staff.login']({ cardId: 'CARD0042', pin: '135791' });
    expect(staff).toMatchObject({ login: 'wang', role: 'staff', permissions: ['retrieve', 'return', 'reports'] });
    await expect(env.h['diagnostics.doors']({ token: staff.token })).rejects.toMatchObject({ code: 'forbidden' });
    await env.h['staff.logout']({ token: staff.token });
    await expect(env.h['retrieval.pending']({ token: staff.token })).rejects.toMatchObject({ code: 'unauthorized' });
    const denied = env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'session.login' AND outcome = 'denied'").get();
    expect(denied).toEqual({ n: 6 });
  });
});

describe('night retrieval, return, pickup, correction, recall', () => {
  it('opens all pending one after another; a case is collected only when its door closes; manifest and CSV', async () => {
    const env = await start();
    const token = await admin(env);
    const refs = [await env.deposit('13800000001'), await env.deposit('13800000002')];
    expect((await env.h['retrieval.pending']({ token })).map((c) => c.reference)).toEqual(refs);
    expect(await env.h['retrieval.openAll']({ token })).toEqual({ queued: 2 });
    await until(() => env.jobs.some((j) => j.label === 'A01' && j.stage === 'open'));
    // The second door waits for the first to close.
    expect(env.jobs.some((j) => j.label === 'B01')).toBe(false);
    expect(env.cabinet.db.prepare('SELECT status FROM cases WHERE reference = ?').get(refs[0])).toEqual({ status: 'deposited' });
    env.close('A01');
    await until(() => env.jobs.some((j) => j.label === 'B01' && j.stage === 'open'));
    expect(env.cabinet.db.prepare('SELECT status FROM cases WHERE reference = ?').get(refs[0])).toEqual({ status: 'collected' });
    env.close('B01');
    await until(() => env.doneJob('retrieve', 'B01'));
    expect(await env.h['retrieval.pending']({ token })).toEqual([]);
    await env.h['retrieval.setSeal']({ token, reference: refs[0]!, seal: 'ENV-0001' });
    const manifest = await env.h['retrieval.manifest']({ token });
    expect(manifest.map((m) => [m.reference, m.compartments, m.seal])).toEqual([[refs[0], ['A01'], 'ENV-0001'], [refs[1], ['B01'], null]]);
    const { csv } = await env.h['retrieval.manifestCsv']({ token });
    expect(csv).toContain(`${formatReference(refs[0]!)},社会保险,A01,${formatCsvDateTime(manifest[0]!.collectedAt, 'Asia/Shanghai')},`);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFreference,matter,compartments,collected_at (Asia/Shanghai),collected_by,seal');
    expect(env.cabinet.db.prepare("SELECT state FROM compartments WHERE label IN ('A01','B01')").all()).toEqual([{ state: 'free' }, { state: 'free' }]);
  });

  it('returns results with a pickup code the resident then uses; the notification is sealed in the outbox', async () => {
    const env = await start();
    const token = await admin(env);
    const ref = await env.deposit('13912345678');
    const caseId = await env.collectFirst(token);

    const job = await env.h['returns.putBack']({ token, caseId, kind: 'return' });
    expect(job.label).toBe('A01');
    await until(() => env.jobs.some((j) => j.kind === 'return' && j.stage === 'open'));
    env.close('A01');
    await until(() => env.doneJob('return', 'A01'));
    // The job that reaches every screen carries no code: its issuer takes it, once.
    const done = env.jobs.find((j) => j.kind === 'return' && j.codeReady)!;
    expect(JSON.stringify(env.jobs)).not.toMatch(/"code"/);
    const technician = await env.h['staff.createAccount']({ token, login: 'li', name: '李', role: 'technician', pin: '135799' }).then(() => env.h['staff.login']({ login: 'li', pin: '135799' }));
    await expect(env.h['returns.takeCode']({ token: technician.token, jobId: done.jobId })).rejects.toMatchObject({ code: 'forbidden' });
    const { code } = await env.h['returns.takeCode']({ token, jobId: done.jobId });
    expect(code).toMatch(/^\d{6}$/);
    await expect(env.h['returns.takeCode']({ token, jobId: done.jobId })).rejects.toMatchObject({ code: 'not-found' });
    expect((await env.h['staff.jobs']({ token })).find((j) => j.jobId === done.jobId)?.codeReady).toBe(false);
    const message = env.cabinet.db.prepare("SELECT audience, payload FROM outbox WHERE kind = 'ready-for-pickup'").get() as { audience: string; payload: string };
    expect(message.audience).toBe('resident');
    expect(message.payload).not.toContain(code);
    const payload = JSON.parse(message.payload);
    expect(unseal(sealKey(env.cabinet.secrets), payload.codeSealed)).toBe(code);
    expect(payload).toMatchObject({ reference: ref, compartment: 'A01', location: { 'zh-CN': expect.any(String) } });

    await env.h['pickUp.begin']({ code, phoneLast4: '5678' });
    await until(() => env.picks.some((p) => p.stage === 'open'));
    env.close('A01');
    await until(() => env.picks.some((p) => p.stage === 'picked-up'));
    expect(env.cabinet.db.prepare('SELECT status FROM cases WHERE reference = ?').get(ref)).toEqual({ status: 'picked-up' });
  });

  it('returns incomplete materials for correction with a reason the resident sees', async () => {
    const env = await start();
    const token = await admin(env);
    const ref = await env.deposit('13912345678');
    const caseId = await env.collectFirst(token);
    await expect(env.h['returns.putBack']({ token, caseId, kind: 'correct' })).rejects.toMatchObject({ code: 'bad-request' });
    await env.h['returns.putBack']({ token, caseId, kind: 'correct', reason: 'missing-signature' });
    await until(() => env.jobs.some((j) => j.kind === 'correct' && j.stage === 'open'));
    env.close('A01');
    await until(() => env.doneJob('correct', 'A01'));
    expect(await env.h['status.lookup']({ reference: ref, phoneLast4: '5678' })).toMatchObject({ status: 'needs-correction', correctionReason: 'missing-signature', compartment: 'A01' });
    expect(env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'correction-needed'").get()).toEqual({ n: 1 });
  });

  it('reminds before the deadline, expires at it, and recalls only when the door closes', async () => {
    const env = await start();
    const token = await admin(env);
    await env.deposit('13912345678');
    const caseId = await env.collectFirst(token);
    await env.h['returns.putBack']({ token, caseId, kind: 'return' });
    await until(() => env.jobs.some((j) => j.kind === 'return' && j.stage === 'open'));
    env.close('A01');
    await until(() => env.doneJob('return', 'A01'));
    const { pickup_deadline: deadline } = env.cabinet.db.prepare('SELECT pickup_deadline FROM cases').get() as { pickup_deadline: number };

    const returns = env.cabinet.services.staff.returns;
    expect(returns.sweep(deadline - 2 * 86_400_000)).toEqual({ reminded: 0, expired: 0 });
    expect(returns.sweep(deadline - 3600_000)).toEqual({ reminded: 1, expired: 0 });
    expect(returns.sweep(deadline - 1800_000)).toEqual({ reminded: 0, expired: 0 });
    expect(returns.sweep(deadline + 1)).toEqual({ reminded: 0, expired: 1 });
    expect((await env.h['recall.list']({ token })).map((x) => x.status)).toEqual(['expired']);
    await env.h['recall.open']({ token, caseId });
    await until(() => env.jobs.some((j) => j.kind === 'recall' && j.stage === 'open'));
    expect(env.cabinet.db.prepare('SELECT status FROM cases').get()).toEqual({ status: 'expired' });
    env.close('A01');
    await until(() => env.doneJob('recall', 'A01'));
    expect(env.cabinet.db.prepare('SELECT status, pickup_code_hash FROM cases').get()).toEqual({ status: 'recalled', pickup_code_hash: null });
    expect(env.cabinet.db.prepare("SELECT kind FROM outbox WHERE audience = 'resident' ORDER BY id").all().map((r) => (r as { kind: string }).kind)).toEqual([
      'ready-for-pickup',
      'pickup-reminder',
      'pickup-overdue',
    ]);
  });
});

describe('technician', () => {
  it('opens any compartment only with a reason, audited with who and why; out of service and back', async () => {
    const env = await start();
    const token = await admin(env);
    const job = await env.h['maintenance.override']({ token, label: 'B07', reason: 'stuck-item', note: 'resident says umbrella left' });
    expect(job.kind).toBe('override');
    expect(env.opens()).toEqual(['8A 02 07 11 9E']);
    const audit = env.cabinet.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'override.open'").get() as { actor: string; detail: string };
    expect(audit.actor).toBe('account:admin');
    expect(JSON.parse(audit.detail)).toMatchObject({ reason: 'stuck-item' });
    expect(await env.h['maintenance.setInService']({ token, label: 'A03', inService: false })).toEqual({ state: 'out-of-service' });
    expect(await env.h['maintenance.setInService']({ token, label: 'A03', inService: true })).toEqual({ state: 'free' });
  });

  it('self-test finds a door that does not open and marks it fault; the grid and counters react', async () => {
    const env = await start();
    const token = await admin(env);
    env.virtual.setJammed(1, 2, true);
    const labels = ['A01', 'A02', 'A03'];
    env.cabinet.services.staff.maintenance.selfTest(null, labels);
    for (const label of labels) {
      await until(() => env.jobs.some((j) => j.kind === 'self-test' && j.label === label && j.stage !== 'opening'), 8000);
      if (env.jobs.some((j) => j.label === label && j.stage === 'open')) env.close(label);
    }
    await until(async () => (await env.h['maintenance.selfTestReport']({ token }))?.endedAt !== null);
    expect((await env.h['maintenance.selfTestReport']({ token }))?.results).toEqual([
      { label: 'A01', outcome: 'ok' },
      { label: 'A02', outcome: 'open-not-detected' },
      { label: 'A03', outcome: 'ok' },
    ]);
    const grid = await env.h['diagnostics.doors']({ token });
    expect(grid.find((d) => d.label === 'A02')?.state).toBe('fault');
    env.virtual.forceOpen(2, 12);
    await until(async () => (await env.h['diagnostics.doors']({ token })).find((d) => d.label === 'B12')?.open === true);
    const [bus] = await env.h['diagnostics.buses']({ token });
    expect(bus?.counters.transactions).toBeGreaterThan(0);
    expect((await env.h['diagnostics.traffic']({ token, limit: 10 })).entries).toHaveLength(10);
    // The self-test's opens, found among the polls by kind, then by board and lock.
    const opens = await env.h['diagnostics.traffic']({ token, limit: 50, hidePolls: true });
    expect(opens.entries.filter((e) => e.direction === 'tx').map((e) => `${e.kind} ${e.board}/${e.lock} ${e.hex}`)).toEqual([
      'open 1/1 8A 01 01 11 9B',
      'open 1/2 8A 01 02 11 98',
      'open 1/3 8A 01 03 11 99',
    ]);
    expect(opens.entries.filter((e) => e.direction === 'rx').every((e) => e.kind === 'open')).toBe(true);
    const lock2 = await env.h['diagnostics.traffic']({ token, limit: 50, hidePolls: true, board: 1, lock: 2 });
    expect(lock2.entries.map((e) => `${e.direction} ${e.hex}`)).toEqual(['tx 8A 01 02 11 98', expect.stringMatching(/^rx 8A 01 02 /)]);
    expect(await env.h['audit.verify']({ token })).toMatchObject({ ok: true });
  });
});

describe('technician settings, nightly check and logs', () => {
  it('saves bus settings only when the whole configuration stays valid, naming the bad field', async () => {
    const env = await start();
    const token = await admin(env);
    const bad = [{ id: 'bus1', port: '/dev/ttyUSB0', protocol: 'generic', baudRate: 9600, boards: [{ address: 1, channels: 4 }, { address: 2, channels: 12 }] }];
    await expect(env.h['diagnostics.saveBuses']({ token, buses: bad })).rejects.toThrow(/compartments\.\d+\.lock: expected a lock 1\.\.4 on board 1/);
    const good = [{ id: 'bus1', port: '/dev/ttyUSB0', protocol: 'generic', baudRate: 9600, boards: [{ address: 1, channels: 12, statusBytes: 3 }, { address: 2, channels: 12, statusBytes: 3 }] }];
    const saved = await env.h['diagnostics.saveBuses']({ token, buses: good });
    expect(saved).toMatchObject({ saved: true, restartRequired: true });
    const { readFileSync } = await import('node:fs');
    const { parseConfig: parse } = await import('../../main/core/config');
    const written = parse(JSON.parse(readFileSync(saved.path, 'utf8')));
    expect(written.buses[0]).toMatchObject({ port: '/dev/ttyUSB0', boards: [{ statusBytes: 3 }, { statusBytes: 3 }] });
    expect(env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'config.buses-saved'").get()).toEqual({ n: 1 });
  });

  it('scans the live bus for answering boards', async () => {
    const env = await start();
    const token = await admin(env);
    expect(await env.h['diagnostics.scan']({ token, busId: 'bus1' })).toEqual([
      { address: 1, statusBytes: 2 },
      { address: 2, statusBytes: 2 },
    ]);
  });

  it('the nightly check reports a free door standing open and a fault, once a day, opening nothing', async () => {
    const env = await start();
    await admin(env);
    env.virtual.forceOpen(1, 4);
    await until(() => env.cabinet.hardware.virtualBuses.get('bus1')!.door(1, 4).open);
    await new Promise((r) => setTimeout(r, 200));
    env.cabinet.db.prepare("UPDATE compartments SET state = 'fault' WHERE label = 'B09'").run();
    const before = env.opens().length;
    const { nightlyCheck } = await import('../../main/core/staff/nightly-check');
    const { createTransitions } = await import('../../main/core/cases/transitions');
    const repos = createRepositories(env.cabinet.db, env.cabinet.secrets);
    const args = {
      repos,
      config: env.cabinet.config,
      transitions: createTransitions(repos),
      transports: env.cabinet.hardware.transports,
      doorOpen: (label: string) => (label === 'A04' ? true : false),
      now: Date.now(),
    };
    const first = nightlyCheck(args);
    expect(first.written).toBe(true);
    expect(first.report).toMatchObject({ busesOffline: [], openButFree: ['A04'], fault: ['B09'] });
    expect(nightlyCheck(args).written).toBe(false);
    expect(env.opens().length).toBe(before);
    expect(env.cabinet.db.prepare("SELECT audience FROM outbox WHERE kind = 'nightly-check'").all()).toEqual([{ audience: 'technician' }]);
  });

  it('exports the log file', async () => {
    const env = await start();
    const token = await admin(env);
    const { text } = await env.h['diagnostics.exportLogs']({ token, days: 1 });
    expect(text).toContain('"message":"bus bus1 (simulator) is online"');
  });
});

describe('guessing PINs', () => {
  it('300 parallel guesses: only the first five are checked, the right PIN among them gets no session', async () => {
    const env = await start();
    const token = await admin(env);
    await env.h['staff.createAccount']({ token, login: 'wang', name: '王', role: 'staff', pin: '135791' });
    const guesses = Array.from({ length: 300 }, (_, i) => (i === 150 ? '135791' : String(100000 + i)));
    const outcomes = await Promise.all(guesses.map((pin) => env.h['staff.login']({ login: 'wang', pin }).then(() => 'session', (e: { code: string }) => e.code)));
    const count = (code: string) => outcomes.filter((o) => o === code).length;
    expect(count('session')).toBe(0);
    expect(count('wrong-code')).toBe(4);
    expect(count('locked-out')).toBe(296);
  });

  it('guesses spread over many logins lock the console cabinet-wide', async () => {
    const env = await start();
    await admin(env);
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < 4; j++) outcomes.push(await env.h['staff.login']({ login: `user${i}`, pin: String(200000 + j) }).then(() => 'session', (e: { code: string }) => e.code));
    }
    expect(outcomes.slice(0, 19).every((o) => o === 'wrong-code')).toBe(true);
    expect(outcomes.filter((o) => o === 'locked-out').length).toBeGreaterThanOrEqual(180);
    // Even the right PIN waits out the cabinet-wide lockout.
    await expect(env.h['staff.login']({ login: 'admin', pin: '246810' })).rejects.toMatchObject({ code: 'locked-out' });
  });
});

describe('compartments under check', () => {
  it('a door in doubt waits for staff: documents found make the abandoned case deposited; an empty one becomes free', async () => {
    const env = await start();
    const token = await admin(env);
    env.virtual.setJammed(1, 1, true);
    env.drops.length = 0;
    await env.h['dropOff.begin']({ matterId: 'social-insurance', phone: '13800002222', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await until(() => env.drops.some((d) => d.stage === 'open-uncertain'), 8000);
    const uncertain = env.drops.find((d) => d.stage === 'open-uncertain')!;
    await env.h['dropOff.cancel']({ dropOffId: uncertain.dropOffId }); // the resident walks away without answering
    env.virtual.setJammed(1, 1, false);
    expect(await env.h['check.list']({ token })).toEqual([{ label: 'A01', caseId: expect.any(Number), reference: expect.stringMatching(/^\d{10}$/) }]);
    // Not allocated to anyone meanwhile: the next drop-off gets another compartment.
    const reference = await env.deposit();
    expect(env.cabinet.db.prepare('SELECT compartment FROM cases WHERE reference = ?').get(reference)).toEqual({ compartment: 'B01' });

    expect(await env.h['check.clear']({ token, label: 'A01', found: 'documents' })).toEqual({ state: 'occupied' });
    expect(env.cabinet.db.prepare("SELECT status FROM cases WHERE compartment = 'A01'").get()).toEqual({ status: 'deposited' });
    expect(env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'deposit'").get()).toEqual({ n: 2 });
    expect(env.cabinet.db.prepare("SELECT actor FROM audit_log WHERE action = 'case.deposited' AND actor LIKE 'account:%'").all()).toEqual([{ actor: 'account:admin' }]);
    await expect(env.h['check.clear']({ token, label: 'A01', found: 'empty' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await env.h['check.list']({ token })).toEqual([]);

    env.cabinet.db.prepare("UPDATE compartments SET state = 'check', case_id = NULL WHERE label = 'A02'").run();
    expect(await env.h['check.clear']({ token, label: 'A02', found: 'empty' })).toEqual({ state: 'free' });
  });
});

describe('the first administrator', () => {
  it('needs the installer\'s one-time setup code: a stranger at a fresh cabinet cannot take it over', async () => {
    const env = await start();
    const file = join(dirname(env.cabinet.databaseFile), 'setup-code');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const code = setupCodeOf(env.cabinet);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    await expect(env.h['staff.createFirstAdmin']({ setupCode: wrong, login: 'evil', name: 'x', pin: '111111' })).rejects.toMatchObject({ code: 'wrong-code' });
    expect(await env.h['staff.setupNeeded']({})).toEqual({ setupNeeded: true });
    // Guessing is limited like PINs: five wrong codes lock the first-run screen.
    for (let i = 0; i < 4; i++) await env.h['staff.createFirstAdmin']({ setupCode: wrong, login: 'evil', name: 'x', pin: '111111' }).catch(() => undefined);
    await expect(env.h['staff.createFirstAdmin']({ setupCode: code, login: 'admin', name: 'Admin', pin: '246810' })).rejects.toMatchObject({ code: 'locked-out' });
    expect(env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.first-admin' AND outcome = 'denied'").get()).toEqual({ n: 5 });
  });

  it('is created with the code, which is then gone for good', async () => {
    const env = await start();
    await admin(env);
    expect(existsSync(join(dirname(env.cabinet.databaseFile), 'setup-code'))).toBe(false);
  });
});
