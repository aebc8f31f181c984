// Pickup and status through the real core, database and simulated boards. The case is moved to
// "returned" directly with the core's own transitions and code issuance, so these tests stand
// apart from the staff console (whose return flow staff-console.test.ts covers end to end).
import { afterEach, describe, expect, it } from 'vitest';
import { createTransitions } from '../../main/core/cases/transitions';
import { createRepositories } from '../../main/store/repositories';
import { CabinetError } from '../../main/contract/errors';
import { createAuditRepo } from '../../main/store/audit-repo';
import { until } from './until';
import { closeTestCabinets, openTestCabinet, type TestCabinet } from './test-cabinet';

afterEach(closeTestCabinets);

const start = () =>
  openTestCabinet((raw) => {
    raw.pickup.lockoutSeconds = 60;
  });

/** A deposited case, collected and returned by staff, with its pickup code. */
async function readyCase(env: TestCabinet) {
  const { cabinet, virtual, drops } = env;
  await cabinet.handlers['dropOff.begin']({ matterId: 'senior-card', phone: '13900001234', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
  await until(() => drops.some((d) => d.stage === 'open'));
  virtual.closeDoor(1, 1);
  await until(() => drops.some((d) => d.stage === 'deposited'));
  const reference = drops.find((d) => d.receipt)?.receipt?.reference as string;
  const qr = drops.find((d) => d.receipt)?.receipt?.qr as string;
  const { id } = cabinet.db.prepare('SELECT id FROM cases WHERE reference = ?').get(reference) as { id: number };
  const t = createTransitions(createRepositories(cabinet.db, cabinet.secrets));
  const at = Date.now();
  const code = cabinet.db.transaction(() => {
    t.moveCase(id, 'collect', { actor: 'staff:test', at });
    t.moveCase(id, 'return', { actor: 'staff:test', at });
    return cabinet.services.pickUps.issueCode(id, at).code;
  })();
  return { reference, caseId: id, code, qr };
}

describe('pickup', () => {
  it('stores the code only as a hash, opens the compartment for the right code, and closes the case when the door closes', async () => {
    const env = await start();
    const { code, caseId, reference } = await readyCase(env);
    expect(code).toMatch(/^\d{6}$/);
    const row = env.cabinet.db.prepare('SELECT pickup_code_hash FROM cases WHERE id = ?').get(caseId) as { pickup_code_hash: string };
    expect(row.pickup_code_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(env.cabinet.db.prepare('SELECT * FROM cases').all()) + JSON.stringify(env.cabinet.db.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain(code);

    env.virtual.clearLog();
    const state = await env.cabinet.handlers['pickUp.begin']({ code, phoneLast4: '1234' });
    expect(state.compartment.label).toBe('A01');
    expect(env.virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A')).map((e) => e.hex)).toEqual(['8A 01 01 11 9B']);
    await until(() => env.picks.some((p) => p.stage === 'open'));
    env.virtual.closeDoor(1, 1);
    await until(() => env.picks.some((p) => p.stage === 'picked-up'));
    expect(env.cabinet.db.prepare('SELECT status, pickup_code_hash, closed_at FROM cases WHERE id = ?').get(caseId)).toMatchObject({ status: 'picked-up', pickup_code_hash: null });
    expect(env.cabinet.db.prepare("SELECT state, case_id FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'free', case_id: null });
    // The code is spent.
    await expect(env.cabinet.handlers['pickUp.begin']({ code, phoneLast4: '1234' })).rejects.toMatchObject({ code: 'wrong-code' });
    const status = await env.cabinet.handlers['status.lookup']({ reference, phoneLast4: '1234' });
    expect(status).toMatchObject({ status: 'picked-up' });
  });

  it('locks out after five wrong codes in a row, with a growing lockout, audited, and kept in the database', async () => {
    const env = await start();
    await readyCase(env);
    const errors: CabinetError[] = [];
    for (let i = 0; i < 5; i++) {
      try {
        await env.cabinet.handlers['pickUp.begin']({ code: `00000${i}`, phoneLast4: '1234' });
      } catch (e) {
        errors.push(e as CabinetError);
      }
    }
    expect(errors.slice(0, 4).map((e) => [e.code, e.extra.triesLeft])).toEqual([['wrong-code', 4], ['wrong-code', 3], ['wrong-code', 2], ['wrong-code', 1]]);
    expect(errors[4]?.code).toBe('locked-out');
    expect(errors[4]?.extra.retryAfterSeconds).toBe(60);
    // While locked, even the right code is refused and opens nothing.
    env.virtual.clearLog();
    await expect(env.cabinet.handlers['pickUp.begin']({ code: '123456', phoneLast4: '1234' })).rejects.toMatchObject({ code: 'locked-out' });
    expect(env.virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A'))).toEqual([]);
    const denied = env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pickup.code' AND outcome = 'denied'").get();
    expect(denied).toEqual({ n: 6 });
    expect(env.cabinet.db.prepare("SELECT failures, lockouts FROM rate_limits WHERE key = 'pickup-phone:1234'").get()).toEqual({ failures: 0, lockouts: 1 });
  });

  it("one resident's typos lock only the cases of their phone digits; another resident still picks up", async () => {
    const env = await start();
    const { code } = await readyCase(env); // registered with a phone ending 1234
    for (let i = 0; i < 5; i++) await Promise.resolve(env.cabinet.handlers['pickUp.begin']({ code: `00000${i}`, phoneLast4: '9999' })).catch(() => undefined);
    await expect(env.cabinet.handlers['pickUp.begin']({ code, phoneLast4: '9999' })).rejects.toMatchObject({ code: 'locked-out' });
    // The right code with the wrong phone digits is just a wrong try: which one was wrong is not told.
    await expect(env.cabinet.handlers['pickUp.begin']({ code, phoneLast4: '4321' })).rejects.toMatchObject({ code: 'wrong-code' });
    const state = await env.cabinet.handlers['pickUp.begin']({ code, phoneLast4: '1234' });
    expect(state.compartment.label).toBe('A01');
  });

  it('guessing across many phones locks the cabinet\'s pickups for a while and alarms staff once', async () => {
    const env = await start();
    await readyCase(env);
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      outcomes.push(await Promise.resolve(env.cabinet.handlers['pickUp.begin']({ code: '000000', phoneLast4: String(1000 + i) })).then(() => 'opened', (e: { code: string }) => e.code));
    }
    expect(outcomes.slice(0, 29).every((o) => o === 'wrong-code')).toBe(true);
    expect(outcomes.slice(29).every((o) => o === 'locked-out')).toBe(true);
    expect(env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alarm' AND json_extract(payload, '$.alarm') = 'pickup-guessing'").get()).toEqual({ n: 1 });
  });

  it('does not grow the audit log under attack: 10,000 refusals during a lockout write one row, and the chain verifies', async () => {
    const env = await start();
    await readyCase(env);
    for (let i = 0; i < 5; i++) await Promise.resolve(env.cabinet.handlers['pickUp.begin']({ code: `00000${i}`, phoneLast4: '1234' })).catch(() => undefined);
    const rows = () => (env.cabinet.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = rows();
    const refused: string[] = [];
    for (let i = 0; i < 10_000; i++) await Promise.resolve(env.cabinet.handlers['pickUp.begin']({ code: '123456', phoneLast4: '1234' })).catch((e: { code: string }) => refused.push(e.code));
    expect(refused).toHaveLength(10_000);
    expect(new Set(refused)).toEqual(new Set(['locked-out']));
    expect(rows() - before).toBe(1);
    expect(createAuditRepo(env.cabinet.db).verify().ok).toBe(true);
  }, 60_000);

  it('does not grow the audit log when the guesses spread over phone digits: 10,000 refusals during a cabinet-wide lockout write one row', async () => {
    const env = await start();
    await readyCase(env);
    for (let i = 0; i < 30; i++) await Promise.resolve(env.cabinet.handlers['pickUp.begin']({ code: '000000', phoneLast4: String(1000 + i) })).catch(() => undefined);
    const rows = () => (env.cabinet.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = rows();
    const refused: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      await Promise.resolve(env.cabinet.handlers['pickUp.begin']({ code: '123456', phoneLast4: String(i).padStart(4, '0') })).catch((e: { code: string }) => refused.push(e.code));
    }
    expect(new Set(refused)).toEqual(new Set(['locked-out']));
    expect(refused).toHaveLength(10_000);
    expect(rows() - before).toBe(1);
    expect(createAuditRepo(env.cabinet.db).verify().ok).toBe(true);
  }, 60_000);
});

describe('status look-up', () => {
  it('answers the resident status for reference + last four digits, and refuses a wrong phone', async () => {
    const env = await start();
    const { reference } = await readyCase(env);
    expect(await env.cabinet.handlers['status.lookup']({ reference, phoneLast4: '1234' })).toMatchObject({
      reference,
      status: 'ready',
      compartment: 'A01',
      matter: { 'zh-CN': '老年人优待证' },
    });
    await expect(env.cabinet.handlers['status.lookup']({ reference, phoneLast4: '9999' })).rejects.toThrow(/No case matches/);
  });

  it("opens the case's status from the receipt's QR, and refuses a forged one as a failed look-up, never as a pickup try", async () => {
    const env = await start();
    const { reference, qr } = await readyCase(env);
    expect(qr).toMatch(new RegExp(`^CCR-${reference}-[0-9A-F]{8}$`));
    expect(await env.cabinet.handlers['status.byReceipt']({ qr })).toMatchObject({ reference, status: 'ready', compartment: 'A01' });
    // Same reference, another tag: no case, and the look-up limit counts it (audited as such).
    const forged = qr.slice(0, -8) + (qr.endsWith('00000000') ? '11111111' : '00000000');
    await expect(env.cabinet.handlers['status.byReceipt']({ qr: forged })).rejects.toMatchObject({ code: 'not-found' });
    await expect(env.cabinet.handlers['status.byReceipt']({ qr: reference })).rejects.toMatchObject({ code: 'not-found' });
    const audits = env.cabinet.db.prepare("SELECT action, outcome FROM audit_log WHERE action LIKE 'status.%' OR action LIKE 'pickup%'").all();
    expect(audits).toEqual([
      { action: 'status.by-receipt', outcome: 'denied' },
      { action: 'status.by-receipt', outcome: 'denied' },
    ]);
  });
});
