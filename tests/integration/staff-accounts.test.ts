// An account's life through the real core and database: disable/enable, PIN reset, card revoked —
// each audited and each declared with its permission in the contract, which every staff method is
// checked against; and the restart a technician asks for after saving bus settings.
import { afterEach, describe, expect, it } from 'vitest';
import { staffAccess } from '../../main/contract/staff-api';
import { until } from './until';
import { closeTestCabinets, openTestCabinet, setupCodeOf, type TestCabinet } from './test-cabinet';

afterEach(closeTestCabinets);

async function withAdmin(env: TestCabinet) {
  const session = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
  return session.token;
}

const auditRows = (env: TestCabinet, action: string) =>
  env.cabinet.db.prepare('SELECT actor, outcome, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as { actor: string; outcome: string; detail: string }[];

describe('account lifecycle', () => {
  it('a disabled account cannot log in (by id or card) and its live sessions end; enabled again, it can', async () => {
    const env = await openTestCabinet();
    const token = await withAdmin(env);
    await env.h['staff.createAccount']({ token, login: 'wang', name: '王芳', role: 'staff', pin: '135791', cardId: 'CARD0042' });
    const byId = await env.h['staff.login']({ login: 'wang', pin: '135791' });
    const byCard = await env.h['staff.login']({ cardId: 'CARD0042', pin: '135791' });

    expect(await env.h['staff.setDisabled']({ token, login: 'wang', disabled: true })).toEqual({ login: 'wang', disabled: true });
    for (const s of [byId, byCard]) await expect(env.h['retrieval.pending']({ token: s.token })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(env.h['staff.login']({ login: 'wang', pin: '135791' })).rejects.toMatchObject({ code: 'wrong-code' });
    await expect(env.h['staff.login']({ cardId: 'CARD0042', pin: '135791' })).rejects.toMatchObject({ code: 'wrong-code' });
    expect((await env.h['staff.accounts']({ token })).find((a) => a.login === 'wang')).toMatchObject({ disabled: true });
    expect(auditRows(env, 'account.disabled')).toEqual([{ actor: 'account:admin', outcome: 'ok', detail: JSON.stringify({ login: 'wang' }) }]);
    const denied = auditRows(env, 'session.login').filter((r) => r.outcome === 'denied').map((r) => JSON.parse(r.detail).reason);
    expect(denied).toEqual(['disabled', 'disabled']);

    await env.h['staff.setDisabled']({ token, login: 'wang', disabled: false });
    await expect(env.h['staff.login']({ login: 'wang', pin: '135791' })).resolves.toMatchObject({ login: 'wang' });
    expect(auditRows(env, 'account.enabled')).toHaveLength(1);
  });

  it('an admin cannot disable their own account; an unknown account is not found; both audited as denied', async () => {
    const env = await openTestCabinet();
    const token = await withAdmin(env);
    await expect(env.h['staff.setDisabled']({ token, login: 'admin', disabled: true })).rejects.toMatchObject({ code: 'conflict' });
    await expect(env.h['staff.setDisabled']({ token, login: 'nobody', disabled: true })).rejects.toMatchObject({ code: 'not-found' });
    await expect(env.h['staff.login']({ login: 'admin', pin: '246810' })).resolves.toMatchObject({ role: 'admin' });
    expect(auditRows(env, 'account.disabled').map((r) => r.outcome)).toEqual(['denied', 'denied']);
  });

  it('a PIN reset ends the sessions, refuses the old PIN, accepts the new one and lifts a lockout', async () => {
    const env = await openTestCabinet();
    const token = await withAdmin(env);
    await env.h['staff.createAccount']({ token, login: 'li', name: 'Li', role: 'technician', pin: '112233' });
    const live = await env.h['staff.login']({ login: 'li', pin: '112233' });
    for (let i = 0; i < 5; i++) await env.h['staff.login']({ login: 'li', pin: '000000' }).catch(() => undefined);
    await expect(env.h['staff.login']({ login: 'li', pin: '112233' })).rejects.toMatchObject({ code: 'locked-out' });

    expect(await env.h['staff.resetPin']({ token, login: 'li', pin: '445566' })).toEqual({ reset: true });
    await expect(env.h['diagnostics.doors']({ token: live.token })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(env.h['staff.login']({ login: 'li', pin: '112233' })).rejects.toMatchObject({ code: 'wrong-code' });
    await expect(env.h['staff.login']({ login: 'li', pin: '445566' })).resolves.toMatchObject({ login: 'li' });
    const [row] = auditRows(env, 'account.pin-reset');
    expect(row).toMatchObject({ actor: 'account:admin', outcome: 'ok' });
    expect(JSON.parse(row!.detail)).toEqual({ login: 'li', sessionsEnded: 1 });
    expect(row!.detail).not.toContain('445566');
  });

  it('a revoked card logs nobody in and ends the sessions it opened; the account id and PIN still work', async () => {
    const env = await openTestCabinet();
    const token = await withAdmin(env);
    await env.h['staff.createAccount']({ token, login: 'zhao', name: '赵', role: 'staff', pin: '975310', cardId: 'LOST1234' });
    const viaCard = await env.h['staff.login']({ cardId: 'LOST1234', pin: '975310' });
    const viaId = await env.h['staff.login']({ login: 'zhao', pin: '975310' });

    expect(await env.h['staff.revokeCard']({ token, login: 'zhao' })).toEqual({ revoked: true });
    await expect(env.h['staff.login']({ cardId: 'LOST1234', pin: '975310' })).rejects.toMatchObject({ code: 'wrong-code' });
    await expect(env.h['retrieval.pending']({ token: viaCard.token })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(env.h['retrieval.pending']({ token: viaId.token })).resolves.toEqual([]);
    expect((await env.h['staff.accounts']({ token })).find((a) => a.login === 'zhao')).toMatchObject({ hasCard: false, disabled: false });
    await expect(env.h['staff.revokeCard']({ token, login: 'zhao' })).rejects.toMatchObject({ code: 'not-found' });
    expect(auditRows(env, 'account.card-revoked').map((r) => r.outcome)).toEqual(['ok', 'denied']);
  });
});

describe('the contract declares each staff method’s permission, and the core enforces exactly it', () => {
  it('every method needing a permission refuses a role without it (audited); session methods refuse no session', async () => {
    const env = await openTestCabinet();
    const token = await withAdmin(env);
    await env.h['staff.createAccount']({ token, login: 'staff1', name: 'S', role: 'staff', pin: '111222' });
    await env.h['staff.createAccount']({ token, login: 'tech1', name: 'T', role: 'technician', pin: '333444' });
    const staff = await env.h['staff.login']({ login: 'staff1', pin: '111222' });
    const tech = await env.h['staff.login']({ login: 'tech1', pin: '333444' });
    const lacking = (p: string) => (staff.permissions.includes(p as never) ? tech : staff);
    const handlers = env.cabinet.handlers as unknown as Record<string, (input: unknown) => unknown>;
    const call = (method: string, input: unknown) => Promise.resolve().then(() => handlers[method]!(input));

    const checked: string[] = [];
    for (const [method, need] of Object.entries(staffAccess)) {
      if (need === 'public') continue;
      if (need === 'session') {
        await expect(call(method, { token: 'x'.repeat(32) }), method).rejects.toMatchObject({ code: 'unauthorized' });
      } else {
        const who = lacking(need);
        expect(who.permissions, method).not.toContain(need);
        await expect(call(method, { token: who.token }), method).rejects.toMatchObject({ code: 'forbidden' });
      }
      checked.push(method);
    }
    expect(checked).toEqual(expect.arrayContaining(['staff.setDisabled', 'staff.resetPin', 'staff.revokeCard', 'system.restart']));
    const refusals = env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'permission.%' AND outcome = 'denied'").get() as { n: number };
    expect(refusals.n).toBe(Object.values(staffAccess).filter((n) => n !== 'public' && n !== 'session').length);
  });
});

describe('restart after settings change', () => {
  it('is refused while a door is open, then asks the shell to restart once, audited', async () => {
    const restarts: number[] = [];
    const env = await openTestCabinet(() => {}, { restarter: { restart: () => restarts.push(Date.now()) } });
    const token = await withAdmin(env);
    await env.h['maintenance.override']({ token, label: 'A01', reason: 'inspection' });
    await until(() => env.jobs.some((j) => j.label === 'A01' && j.stage === 'open'));
    await expect(env.h['system.restart']({ token })).rejects.toMatchObject({ code: 'conflict' });
    expect(restarts).toEqual([]);

    env.close('A01');
    await until(() => env.jobs.some((j) => j.label === 'A01' && j.stage === 'done'));
    expect(await env.h['system.restart']({ token })).toEqual({ restarting: true });
    expect(restarts).toHaveLength(1);
    expect(auditRows(env, 'system.restart').map((r) => [r.outcome, JSON.parse(r.detail ?? 'null')?.reason ?? null])).toEqual([
      ['denied', 'doors-active'],
      ['ok', null],
    ]);
  });

  it('is refused as unavailable where the shell gave no way to restart', async () => {
    const env = await openTestCabinet();
    const token = await withAdmin(env);
    await expect(env.h['system.restart']({ token })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
