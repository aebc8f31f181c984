import { describe, expect, it } from 'vitest';
import { allows, canSeeDepartment, hubPermissions, hubRoles, maskFor, maskName, maskPhone, seesPersonalData, type HubPrincipal } from '../../../hub/domain/access';
import { ACCOUNT_POLICY, HUB_WIDE_POLICY, afterFailure, freshLimit, lockedFor, passwordAcceptable, waitBeforeTry } from '../../../hub/domain/lockout';
import { DEFAULT_SESSION_POLICY, SESSION_ID, changesState, csrfMatches, csrfToken, newSessionId, originAllowed, sessionKey, sessionState } from '../../../hub/domain/sessions';
import { randomBytes } from 'node:crypto';

const staff: HubPrincipal = { login: 'li', role: 'dept-staff', departmentId: 'civil-affairs' };
const supervisor: HubPrincipal = { login: 'wang', role: 'supervisor', departmentId: null };
const admin: HubPrincipal = { login: 'root', role: 'admin', departmentId: null };

describe('hub roles', () => {
  it('grants each role exactly its table', () => {
    const table = Object.fromEntries(hubRoles.map((r) => [r, hubPermissions.filter((p) => allows(r, p))]));
    expect(table).toEqual({
      'dept-staff': ['cases.view', 'cases.transition', 'followups.close', 'cabinets.view'],
      supervisor: ['cases.view', 'cases.transition', 'cases.reassign', 'followups.close', 'cabinets.view', 'reports.view', 'audit.view'],
      admin: ['cases.view', 'cabinets.view', 'cabinets.push', 'reports.view', 'accounts.manage', 'audit.view'],
    });
  });
  it('only a supervisor reassigns, only an admin pushes to cabinets or manages accounts', () => {
    expect(hubRoles.filter((r) => allows(r, 'cases.reassign'))).toEqual(['supervisor']);
    expect(hubRoles.filter((r) => allows(r, 'cabinets.push'))).toEqual(['admin']);
    expect(hubRoles.filter((r) => allows(r, 'accounts.manage'))).toEqual(['admin']);
  });
  it('keeps department staff in their own department', () => {
    expect(canSeeDepartment(staff, 'civil-affairs')).toBe(true);
    expect(canSeeDepartment(staff, 'housing')).toBe(false);
    expect(canSeeDepartment(staff, null)).toBe(false);
    expect(canSeeDepartment({ ...staff, departmentId: null }, null)).toBe(false);
    expect(canSeeDepartment(supervisor, 'housing')).toBe(true);
  });
});

describe('masking', () => {
  it('masks names to the first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('王*');
    expect(maskName('')).toBe('');
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
  it('masks phones to 3 + 4', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138 1234 1234')).toBe('138****1234');
    expect(maskPhone('+8613812341234')).toBe('+86138****1234');
    expect(maskPhone('12345')).toBe('***45');
  });
  it('shows a resident in full only to the handling department', () => {
    const rec = { reference: '0172611300001', residentName: '张三', residentPhone: '13812341234' };
    expect(maskFor(staff, 'civil-affairs', rec)).toEqual(rec);
    expect(maskFor(staff, 'housing', rec)).toEqual({ reference: '0172611300001', residentName: '张*', residentPhone: '138****1234' });
    for (const who of [supervisor, admin]) {
      expect(seesPersonalData(who, 'civil-affairs')).toBe(false);
      expect(maskFor(who, 'civil-affairs', rec)).toEqual({ reference: '0172611300001', residentName: '张*', residentPhone: '138****1234' });
    }
    expect(maskFor(supervisor, null, { reference: 'r' })).toEqual({ reference: 'r' });
  });
});

describe('lockout', () => {
  it('locks an account after 5 failures, doubling, capped at 30 min', () => {
    let s = freshLimit;
    const locks: number[] = [];
    let now = 0;
    for (let i = 0; i < 60; i++) {
      s = afterFailure(s, now, ACCOUNT_POLICY);
      const l = lockedFor(s, now);
      if (l > 0) {
        locks.push(l);
        now += l;
      }
    }
    expect(locks.slice(0, 8)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000]);
  });
  it('the hub-wide lock stops a login too', () => {
    let wide = freshLimit;
    for (let i = 0; i < HUB_WIDE_POLICY.maxFailures; i++) wide = afterFailure(wide, 1000, HUB_WIDE_POLICY);
    expect(waitBeforeTry(freshLimit, wide, 1000)).toBe(60_000);
    expect(waitBeforeTry(freshLimit, wide, 61_000)).toBe(0);
  });
  it('asks for passwords of 12 characters or more', () => {
    expect(passwordAcceptable('short-pass1')).toBe(false);
    expect(passwordAcceptable('long-enough-1')).toBe(true);
  });
});

describe('sessions and CSRF', () => {
  it('makes 256-bit ids and stores only a hash', () => {
    const id = newSessionId(randomBytes);
    expect(id).toMatch(SESSION_ID);
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(sessionKey(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionKey(id)).not.toContain(id);
    expect(() => newSessionId(() => Buffer.alloc(16))).toThrow();
  });
  it('ends on idle and on the absolute limit', () => {
    const p = DEFAULT_SESSION_POLICY;
    expect(sessionState({ createdAt: 0, lastSeenAt: 0 }, p.idleMs - 1, p)).toBe('live');
    expect(sessionState({ createdAt: 0, lastSeenAt: 0 }, p.idleMs, p)).toBe('idle-expired');
    expect(sessionState({ createdAt: 0, lastSeenAt: p.absoluteMs - 1 }, p.absoluteMs, p)).toBe('absolute-expired');
  });
  it('ties the CSRF token to the session', () => {
    const a = newSessionId(randomBytes);
    const b = newSessionId(randomBytes);
    expect(csrfMatches(a, csrfToken(a))).toBe(true);
    expect(csrfMatches(a, csrfToken(b))).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(a, '')).toBe(false);
    expect(csrfToken(a)).not.toBe(sessionKey(a));
  });
  it('requires an Origin of the hub for state changes', () => {
    expect(['POST', 'PUT', 'DELETE', 'PATCH'].every(changesState)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(changesState)).toBe(false);
    expect(originAllowed('http://127.0.0.1:8080', ['http://127.0.0.1:8080'])).toBe(true);
    expect(originAllowed(undefined, ['http://127.0.0.1:8080'])).toBe(false);
    expect(originAllowed('https://evil.example', ['http://127.0.0.1:8080'])).toBe(false);
  });
});
