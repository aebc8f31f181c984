// The console's API on a real PostgreSQL: the board, drill-downs limited by department, case
// moves and reassignment through hub-core's services, follow-ups closed only with a note, pushes
// for admins only, every action in the audit, and the reports — figures checked against known
// data, CSV and XLSX downloads read back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../hub/db/pool';
import { startConsoleApp, type ConsoleApp } from '../../hub/server/console-app';
import { seed } from '../../hub/services/seed';
import { ensureCabinets } from '../../hub/store/cabinets';
import { insertCase, setCaseState } from '../../hub/store/cases';
import { insertRating, openFollowup } from '../../hub/store/ratings';
import { startPG } from './hub-pg';

const pg = await startPG();
let pool: Pool;
let app: ConsoleApp;
let base: string;
const H = 3600_000;
const T0 = Date.UTC(2026, 10, 2, 1, 0, 0); // Mon 2 Nov 2026, 09:00 in China
const now = T0 + 10 * 24 * H;
const pushed: { cabinet: string; type: string; issuedBy: string }[] = [];
const PASSWORD = 'district-password-1';

async function addCase(reference: string, matterId: string, departmentId: string, depositedAt: number, dueDate: string, completedAfterHours?: number) {
  const id = (await insertCase(pool, { cabinet: 'xh-017', reference, matterId, departmentId, compartment: 'A01', depositedAt, dueDate })) as number;
  if (completedAfterHours !== undefined) {
    await setCaseState(pool, id, 'in-progress', depositedAt + H);
    await setCaseState(pool, id, 'completed', depositedAt + completedAfterHours * H);
  }
  return id;
}

beforeAll(async () => {
  ({ pool } = await pg.freshDb());
  await seed(pool);
  await ensureCabinets(pool, [{ id: 'xh-017', district: 'xh' }]);
  // hrss: completed in 10, 20, 30, 40 h (p50 25, p90 37); civil-affairs: one open, overdue.
  for (const [i, hours] of [10, 20, 30, 40].entries()) await addCase(`017261102000${i}`, 'social-insurance', 'hrss', T0 + i * H, '2026-11-09', hours);
  await addCase('0172611020009', 'senior-card', 'civil-affairs', T0, '2026-11-05');
  const caseId = (await addCase('0172611020010', 'senior-card', 'civil-affairs', T0 + 2 * H, '2026-11-20')) as number;
  const rating = { eventId: 'r-1', cabinet: 'xh-017', reference: '0172611020010', caseId, matterId: 'senior-card', departmentId: 'civil-affairs', flow: 'drop-off', level: 1, comments: ['等太久'], at: T0 + 3 * H };
  await insertRating(pool, rating);
  await openFollowup(pool, rating);
  await insertRating(pool, { ...rating, eventId: 'r-2', level: 5, comments: [], at: T0 + 4 * H });
  const staticDir = mkdtempSync(join(tmpdir(), 'hub-static-'));
  app = await startConsoleApp({ pool, staticDir, now: () => now, push: async (c) => (pushed.push(c), { id: `cmd-${pushed.length}` }) });
  for (const [login, role, dept] of [['wang', 'supervisor', null], ['li', 'dept-staff', 'civil-affairs'], ['zhao', 'dept-staff', 'hrss'], ['root', 'admin', null]] as const) {
    await app.access.createAccount({ login, name: login, role, departmentId: dept, password: PASSWORD }, 'test');
  }
  base = app.server.url;
});
afterAll(async () => app?.close());

async function as(login: string) {
  const origin = base.slice(0, -1);
  const res = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ login, password: PASSWORD }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrf } = (await res.json()) as { csrf: string };
  return {
    get: async <T>(path: string) => {
      const r = await fetch(new URL(path, base), { headers: { cookie } });
      return { status: r.status, body: (await r.json()) as T };
    },
    raw: (path: string) => fetch(new URL(path, base), { headers: { cookie } }),
    post: async <T>(path: string, body: unknown) => {
      const r = await fetch(new URL(path, base), { method: 'POST', headers: { cookie, origin, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as T };
    },
  };
}
type Case = { id: number; reference: string; departmentId: string; state: string };

describe('console API', () => {
  it('shows the supervisor the district, and department staff only their department', async () => {
    const wang = await as('wang');
    const board = await wang.get<{ cases: Case[]; followups: number; cabinets: { id: string }[] }>('/api/overview');
    expect(board.body.cabinets.map((c) => c.id)).toEqual(['xh-017']);
    expect(board.body.cases.map((c) => c.reference)).toEqual(['0172611020009', '0172611020010']); // open only, overdue first
    expect(board.body.followups).toBe(1);
    const zhao = await as('zhao');
    expect((await zhao.get<{ cases: Case[] }>('/api/overview')).body.cases).toEqual([]);
    expect((await zhao.get('/api/departments/civil-affairs/queue')).status).toBe(403);
    const li = await as('li');
    const queue = await li.get<{ cases: Case[] }>('/api/departments/civil-affairs/queue');
    expect(queue.body.cases.map((c) => c.reference)).toEqual(['0172611020009', '0172611020010']);
    const other = board.body.cases[0] as Case;
    expect((await zhao.get(`/api/cases/${other.id}`)).status).toBe(404);
  });

  it('moves a case, refuses a move its state does not allow, and audits who did it', async () => {
    const li = await as('li');
    const { body } = await li.get<{ cases: Case[] }>('/api/departments/civil-affairs/queue');
    const c = body.cases[0] as Case;
    expect((await li.post<{ state: string }>(`/api/cases/${c.id}/state`, { to: 'in-progress' })).body.state).toBe('in-progress');
    expect((await li.post(`/api/cases/${c.id}/state`, { to: 'accepted' })).status).toBe(409);
    expect((await li.post(`/api/cases/${c.id}/state`, { to: 'nonsense' })).status).toBe(400);
    const detail = await li.get<{ timeline: { actor: string; kind: string; toState: string }[]; hubActions: { actor: string; action: string }[]; nextStates: string[] }>(`/api/cases/${c.id}`);
    expect(detail.body.timeline.at(-1)).toMatchObject({ actor: 'hub:li', kind: 'state', toState: 'in-progress' });
    expect(detail.body.hubActions.map((a) => [a.actor, a.action])).toEqual([['account:li', 'case.state']]);
    expect(detail.body.nextStates).toEqual(['completed', 'correction', 'rejected']);
  });

  it('lets only a supervisor reassign, and only with a reason', async () => {
    const li = await as('li');
    const wang = await as('wang');
    const c = (await wang.get<{ cases: Case[] }>('/api/overview')).body.cases[1] as Case;
    expect((await li.post(`/api/cases/${c.id}/reassign`, { departmentId: 'hrss', reason: 'wrong desk' })).status).toBe(403);
    expect((await wang.post(`/api/cases/${c.id}/reassign`, { departmentId: 'hrss', reason: '   ' })).status).toBe(400);
    expect((await wang.post(`/api/cases/${c.id}/reassign`, { departmentId: 'nowhere', reason: 'x' })).status).toBe(400);
    expect((await wang.post(`/api/cases/${c.id}/reassign`, { departmentId: 'hrss', reason: '属社保业务' })).status).toBe(200);
    const zhao = await as('zhao');
    expect((await zhao.get<{ case: Case }>(`/api/cases/${c.id}`)).body.case.departmentId).toBe('hrss');
    const audit = await pool.query("SELECT actor, detail->>'reason' AS reason FROM hub_audit WHERE action = 'case.reassign'");
    expect(audit.rows).toEqual([{ actor: 'account:wang', reason: '属社保业务' }]);
  });

  it('closes a follow-up only with a note, once', async () => {
    const wang = await as('wang');
    const [f] = (await wang.get<{ followups: { id: number; level: number }[] }>('/api/followups')).body.followups;
    expect(f?.level).toBe(1);
    expect((await wang.post(`/api/followups/${f?.id}/close`, { note: ' ' })).status).toBe(400);
    expect((await wang.post(`/api/followups/${f?.id}/close`, { note: '已电话回访，居民满意' })).status).toBe(200);
    expect((await wang.post(`/api/followups/${f?.id}/close`, { note: 'again' })).status).toBe(404);
    expect((await wang.get<{ followups: unknown[] }>('/api/followups')).body.followups).toEqual([]);
  });

  it('pushes to a cabinet for an admin only', async () => {
    const wang = await as('wang');
    expect((await wang.post('/api/cabinets/xh-017/push', { type: 'holidays.push', body: { calendar: { holidays: [], workdays: [] } } })).status).toBe(403);
    const root = await as('root');
    expect((await root.post('/api/cabinets/xh-017/push', { type: 'door.open', body: {} })).status).toBe(400);
    expect((await root.post('/api/cabinets/nope/push', { type: 'holidays.push', body: {} })).status).toBe(404);
    expect((await root.post<{ id: string }>('/api/cabinets/xh-017/push', { type: 'holidays.push', body: { calendar: { holidays: [], workdays: [] } } })).body.id).toBe('cmd-1');
    expect(pushed).toEqual([{ cabinet: 'xh-017', type: 'holidays.push', body: { calendar: { holidays: [], workdays: [] } }, issuedBy: 'root' }]);
  });
});

describe('accounts', () => {
  it('lets an admin create and disable accounts; disabling ends their sessions; the last admin stays', async () => {
    const root = await as('root');
    expect((await (await as('wang')).post('/api/accounts', {})).status).toBe(403);
    expect((await root.post('/api/accounts', { login: 'chen', name: '陈', role: 'dept-staff', departmentId: null, password: PASSWORD })).status).toBe(400);
    expect((await root.post('/api/accounts', { login: 'chen', name: '陈', role: 'dept-staff', departmentId: 'hrss', password: 'short' })).status).toBe(400);
    expect((await root.post('/api/accounts', { login: 'chen', name: '陈', role: 'dept-staff', departmentId: 'hrss', password: PASSWORD })).status).toBe(200);
    expect((await root.post('/api/accounts', { login: 'chen', name: '陈', role: 'dept-staff', departmentId: 'hrss', password: PASSWORD })).status).toBe(409);
    const chen = await as('chen');
    expect((await chen.get('/api/overview')).status).toBe(200);
    expect((await root.post('/api/accounts/chen/disabled', { disabled: true })).status).toBe(200);
    expect((await chen.get('/api/overview')).status).toBe(401);
    expect((await root.post('/api/accounts/root/disabled', { disabled: true })).status).toBe(409);
    const list = (await root.get<{ accounts: { login: string; disabled: boolean }[] }>('/api/accounts')).body.accounts;
    expect(list.find((a) => a.login === 'chen')).toMatchObject({ disabled: true });
    expect(JSON.stringify(list)).not.toContain('argon2');
    const audit = await pool.query("SELECT action, detail->>'login' AS login FROM hub_audit WHERE action LIKE 'account.%' AND actor = 'account:root' ORDER BY id");
    expect(audit.rows).toEqual([{ action: 'account.created', login: 'chen' }, { action: 'account.disabled', login: 'chen' }]);
  });
});

describe('reports', () => {
  const period = 'from=2026-11-01&to=2026-11-30';
  it('computes p50/p90, throughput, overdue rate and ratings', async () => {
    const wang = await as('wang');
    const r = (await wang.get<{ byMatter: { key: string; completed: number; p50Hours: number; p90Hours: number }[]; throughput: { day: string; deposited: number; completed: number }[]; overdue: { departmentId: string; openOverdue: number; rate: number }[]; ratingsByMatter: { key: string; ratings: number; average: number; bad: number }[] }>(`/api/reports?${period}`)).body;
    expect(r.byMatter).toEqual([{ key: 'social-insurance', completed: 4, p50Hours: 25, p90Hours: 37 }]);
    expect(r.throughput.reduce((n, d) => n + d.deposited, 0)).toBe(6);
    expect(r.throughput.reduce((n, d) => n + d.completed, 0)).toBe(4);
    const ca = r.overdue.find((o) => o.departmentId === 'civil-affairs');
    expect(ca).toMatchObject({ openOverdue: 1, rate: 1 });
    expect(r.ratingsByMatter).toEqual([{ key: 'senior-card', ratings: 2, average: 3, bad: 1 }]);
    expect((await (await as('li')).get('/api/reports')).status).toBe(403);
    expect((await wang.get('/api/reports?from=2026-13-01')).status).toBe(400);
  });

  it('exports CSV with a BOM and Chinese headers, read back', async () => {
    const res = await (await as('wang')).raw(`/api/reports/export.csv?${period}&table=completion-by-matter`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''hub-report-2026-11-01-2026-11-30-completion-by-matter.csv");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toEqual(['事项,办结,办结用时中位数（小时）,办结用时P90（小时）', 'social-insurance,4,25,37']);
    const audit = await pool.query("SELECT actor, detail->>'table' AS t FROM hub_audit WHERE action = 'report.export'");
    expect(audit.rows).toContainEqual({ actor: 'account:wang', t: 'completion-by-matter' });
  });

  it('exports every table as an XLSX workbook, read back with exceljs', async () => {
    const res = await (await as('wang')).raw(`/api/reports/export.xlsx?${period}&lang=en`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['throughput', 'completion-by-matter', 'completion-by-department', 'overdue', 'ratings-by-matter', 'ratings-by-department', 'ratings-by-cabinet']);
    const sheet = book.getWorksheet('completion-by-department');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Department', 'Completed', 'Time to completion p50 (h)', 'Time to completion p90 (h)']);
    expect(sheet?.getRow(2).values).toEqual([undefined, 'hrss', 4, 25, 37]);
  });
});
