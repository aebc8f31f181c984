// The console's access path end to end on a real PostgreSQL and a real HTTP server: argon2id
// login, lockout on the injected clock, the session cookie's attributes, CSRF + Origin on every
// state change, idle and absolute expiry, role checks, the append-only audit, strict headers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createAccess } from '../../hub/server/access-service';
import { startHubServer, type HubServer } from '../../hub/server/server';
import { createAccountsStore, createLoginLimitsStore } from '../../hub/store/accounts';
import { createAuditStore } from '../../hub/store/audit';
import { createSessionsStore } from '../../hub/store/sessions';
import { DEFAULT_SESSION_POLICY } from '../../hub/domain/sessions';
import type { Pool } from '../../hub/db/pool';
import { startPG } from './hub-pg';

const pg = await startPG();
let pool: Pool;
let server: HubServer;
let secureServer: HubServer;
let now = Date.UTC(2026, 10, 30, 1, 0, 0);
let origin: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  ({ pool } = await pg.freshDb());
  const stores = { accounts: createAccountsStore(pool), limits: createLoginLimitsStore(pool), sessions: createSessionsStore(pool), audit: createAuditStore(pool) };
  const access = createAccess({ ...stores, now: () => now, randomBytes });
  for (const [login, role, dept] of [['wang', 'supervisor', null], ['li', 'dept-staff', 'civil-affairs'], ['root', 'admin', null]] as const) {
    await access.createAccount({ login, name: login, role, departmentId: dept, password: PASSWORD }, 'test');
  }
  const staticDir = mkdtempSync(join(tmpdir(), 'hub-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>hub</title>');
  const routes = [
    { method: 'POST' as const, path: '/api/cabinets/:id/push', permission: 'cabinets.push' as const, handle: async ({ params }: { params: Record<string, string> }) => ({ pushed: params.id }) },
    { method: 'GET' as const, path: '/api/ping', permission: 'signed-in' as const, handle: async () => ({ pong: true }) },
  ];
  server = await startHubServer({ access, routes, staticDir });
  secureServer = await startHubServer({ access, routes, staticDir, secureCookies: true, publicOrigin: 'https://hub.district.example' });
  origin = server.url.slice(0, -1);
});
afterAll(async () => {
  await server?.close();
  await secureServer?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}, base = server.url) {
  return fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json', origin, ...headers }, body: JSON.stringify(body) });
}
async function signIn(login: string, base = server.url) {
  const res = await post('/api/login', { login, password: PASSWORD }, {}, base);
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrf } = (await res.json()) as { csrf: string };
  return { cookie, csrf, setCookie: res.headers.get('set-cookie') ?? '' };
}

describe('hub access over HTTP', () => {
  it('serves strict security headers on pages and API answers', async () => {
    for (const path of ['/', '/api/session', '/no/such/page']) {
      const res = await fetch(new URL(path, server.url));
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('sets an HttpOnly SameSite=Strict cookie, Secure behind TLS, and stores only its hash', async () => {
    const { cookie, setCookie } = await signIn('wang');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const id = cookie.split('=')[1] as string;
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    const keys = (await pool.query<{ key: string }>('SELECT key FROM hub_sessions')).rows.map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).not.toContain(id);
    const secure = await post('/api/login', { login: 'wang', password: PASSWORD }, { origin: 'https://hub.district.example' }, secureServer.url);
    expect(secure.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a state change without the Origin or the CSRF token', async () => {
    const { cookie, csrf } = await signIn('root');
    const noOrigin = await fetch(new URL('/api/cabinets/xh-017/push', server.url), { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    expect(((await noOrigin.json()) as { error: { code: string } }).error.code).toBe('bad-origin');
    const elsewhere = await post('/api/cabinets/xh-017/push', {}, { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    const noToken = await post('/api/cabinets/xh-017/push', {}, { cookie });
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('bad-csrf');
    const other = await signIn('root');
    const wrongToken = await post('/api/cabinets/xh-017/push', {}, { cookie, 'x-csrf-token': other.csrf });
    expect(wrongToken.status).toBe(403);
    const ok = await post('/api/cabinets/xh-017/push', {}, { cookie, 'x-csrf-token': csrf });
    expect(await ok.json()).toEqual({ pushed: 'xh-017' });
  });

  it('checks the role and audits a refusal', async () => {
    const { cookie, csrf } = await signIn('li');
    const res = await post('/api/cabinets/xh-017/push', {}, { cookie, 'x-csrf-token': csrf });
    expect(res.status).toBe(403);
    const denied = await pool.query("SELECT actor FROM hub_audit WHERE action = 'permission.cabinets.push' AND outcome = 'denied'");
    expect(denied.rows).toEqual([{ actor: 'account:li' }]);
  });

  it('locks a login after 5 wrong passwords, doubling, on the injected clock', async () => {
    const tries: number[] = [];
    for (let i = 0; i < 5; i++) tries.push((await post('/api/login', { login: 'wang', password: 'wrong password!' })).status);
    expect(tries).toEqual([401, 401, 401, 401, 429]);
    const locked = await post('/api/login', { login: 'wang', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds).toBe(30);
    now += 30_000;
    await signIn('wang');
    expect((await pool.query("SELECT count(*)::int AS n FROM hub_audit WHERE actor = 'login:wang' AND outcome = 'denied'")).rows[0]).toEqual({ n: 6 });
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    const { cookie } = await signIn('wang');
    const ping = () => fetch(new URL('/api/ping', server.url), { headers: { cookie } });
    expect((await ping()).status).toBe(200);
    now += DEFAULT_SESSION_POLICY.idleMs - 1000;
    expect((await ping()).status).toBe(200);
    now += DEFAULT_SESSION_POLICY.idleMs;
    expect((await ping()).status).toBe(401);
    const second = await signIn('wang');
    for (let t = 0; t < DEFAULT_SESSION_POLICY.absoluteMs; t += DEFAULT_SESSION_POLICY.idleMs / 2) {
      now += DEFAULT_SESSION_POLICY.idleMs / 2;
      if (t + DEFAULT_SESSION_POLICY.idleMs / 2 < DEFAULT_SESSION_POLICY.absoluteMs) expect((await fetch(new URL('/api/ping', server.url), { headers: { cookie: second.cookie } })).status).toBe(200);
    }
    expect((await fetch(new URL('/api/ping', server.url), { headers: { cookie: second.cookie } })).status).toBe(401);
    // Housekeeping removes what no request came back for; a live session stays.
    await signIn('wang');
    const before = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM hub_sessions')).rows[0]?.n ?? 0;
    const removed = await createSessionsStore(pool).removeExpired(now, DEFAULT_SESSION_POLICY.idleMs, DEFAULT_SESSION_POLICY.absoluteMs);
    expect(removed).toBeGreaterThan(0);
    expect((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM hub_sessions')).rows[0]?.n).toBe(before - removed);
    expect(before - removed).toBeGreaterThanOrEqual(1);
  });

  it('logs out: the cookie is cleared and the session gone', async () => {
    const { cookie, csrf } = await signIn('wang');
    const res = await post('/api/logout', {}, { cookie, 'x-csrf-token': csrf });
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(new URL('/api/ping', server.url), { headers: { cookie } })).status).toBe(401);
  });

  it('answers bad input with 4xx and keeps serving', async () => {
    expect((await fetch(new URL('/api/login', server.url), { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{not json' })).status).toBe(400);
    expect((await post('/api/login', { login: 'wang', password: 'x'.repeat(5000) })).status).toBe(413);
    expect((await post('/api/login', { login: 7 })).status).toBe(400);
    expect((await fetch(new URL('/api/ping', server.url), { headers: { cookie: 'hub_session=%%%; x' } })).status).toBe(401);
    expect((await fetch(new URL('/api/session', server.url))).status).toBe(200);
  });

  it('keeps the audit append-only', async () => {
    await expect(pool.query("UPDATE hub_audit SET actor = 'nobody'")).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM hub_audit')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE hub_audit')).rejects.toThrow(/append-only/);
  });
});
