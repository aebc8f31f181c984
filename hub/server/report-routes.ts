// Reports (issue 16, item 7) as JSON for the console's charts and as CSV / XLSX downloads. A
// period is two district days, from inclusive, to inclusive; at most a year.
import { round1, type Table } from '../domain/report-tables';
import { chinaDay } from '../domain/calendar';
import type { Pool } from '../db/pool';
import type { AuditStore } from '../store/audit';
import { completionTimes, overdueRates, ratingsBy, throughput, type Period } from '../store/reports';
import type { SignedIn } from './access-service';
import { HttpError } from './http-basics';
import { csvFile, xlsxFile } from './report-files';
import type { Route } from './server';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CHINA_OFFSET_MS = 8 * 3600_000;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS;

export function periodOf(query: URLSearchParams, now: number): Period & { fromDay: string; toDay: string } {
  const toDay = query.get('to') ?? chinaDay(now);
  const fromDay = query.get('from') ?? chinaDay(now - 29 * 86_400_000);
  if (!DAY.test(fromDay) || !DAY.test(toDay) || Number.isNaN(dayStart(fromDay)) || Number.isNaN(dayStart(toDay))) throw new HttpError(400, 'bad-request', 'from and to are dates YYYY-MM-DD.');
  const from = dayStart(fromDay);
  const to = dayStart(toDay) + 86_400_000;
  if (to <= from || to - from > 366 * 86_400_000) throw new HttpError(400, 'bad-request', 'A period is 1 to 366 days.');
  return { from, to, fromDay, toDay };
}

export async function reportData(pool: Pool, p: Period, today: string) {
  return {
    throughput: await throughput(pool, p),
    byMatter: await completionTimes(pool, p, 'matter'),
    byDepartment: await completionTimes(pool, p, 'department'),
    overdue: await overdueRates(pool, p, today),
    ratingsByMatter: await ratingsBy(pool, p, 'matter'),
    ratingsByDepartment: await ratingsBy(pool, p, 'department'),
    ratingsByCabinet: await ratingsBy(pool, p, 'cabinet'),
  };
}
type ReportData = Awaited<ReturnType<typeof reportData>>;

const HEADERS = {
  'zh-CN': { day: '日期', deposited: '投递', completed: '办结', matter: '事项', department: '部门', cabinet: '柜机', p50: '办结用时中位数（小时）', p90: '办结用时P90（小时）', finished: '已办结', late: '超期办结', open: '在办', openOverdue: '在办超期', rate: '超期率', ratings: '评价数', average: '平均分', bad: '差评' },
  en: { day: 'Day', deposited: 'Deposited', completed: 'Completed', matter: 'Matter', department: 'Department', cabinet: 'Cabinet', p50: 'Time to completion p50 (h)', p90: 'Time to completion p90 (h)', finished: 'Finished', late: 'Finished late', open: 'Open', openOverdue: 'Open overdue', rate: 'Overdue rate', ratings: 'Ratings', average: 'Average', bad: 'Bad' },
};

/** Every report as a table, headers in the reader's language. */
export function reportTables(d: ReportData, lang: 'zh-CN' | 'en'): Table[] {
  const h = HEADERS[lang];
  const completion = (name: string, key: string, rows: ReportData['byMatter']): Table => ({ name, headers: [key, h.completed, h.p50, h.p90], rows: rows.map((r) => [r.key, r.completed, round1(r.p50Hours), round1(r.p90Hours)]) });
  const rating = (name: string, key: string, rows: ReportData['ratingsByMatter']): Table => ({ name, headers: [key, h.ratings, h.average, h.bad], rows: rows.map((r) => [r.key, r.ratings, round1(r.average), r.bad]) });
  return [
    { name: 'throughput', headers: [h.day, h.deposited, h.completed], rows: d.throughput.map((r) => [r.day, r.deposited, r.completed]) },
    completion('completion-by-matter', h.matter, d.byMatter),
    completion('completion-by-department', h.department, d.byDepartment),
    { name: 'overdue', headers: [h.department, h.finished, h.late, h.open, h.openOverdue, h.rate], rows: d.overdue.map((r) => [r.departmentId ?? '', r.finished, r.finishedLate, r.open, r.openOverdue, r.rate === null ? null : Math.round(r.rate * 1000) / 1000]) },
    rating('ratings-by-matter', h.matter, d.ratingsByMatter),
    rating('ratings-by-department', h.department, d.ratingsByDepartment),
    rating('ratings-by-cabinet', h.cabinet, d.ratingsByCabinet),
  ];
}

export function reportRoutes(deps: { pool: Pool; audit: AuditStore; now: () => number }): Route[] {
  const { pool, audit, now } = deps;
  const exported = (who: SignedIn, format: string, p: { fromDay: string; toDay: string }, table?: string) =>
    audit.append({ at: now(), actor: `account:${who.login}`, action: 'report.export', outcome: 'ok', detail: { format, from: p.fromDay, to: p.toDay, ...(table ? { table } : {}) } });
  const lang = (q: URLSearchParams) => (q.get('lang') === 'en' ? 'en' : 'zh-CN');
  return [
    {
      method: 'GET',
      path: '/api/reports',
      permission: 'reports.view',
      handle: async ({ query }) => {
        const p = periodOf(query, now());
        return { from: p.fromDay, to: p.toDay, ...(await reportData(pool, p, chinaDay(now()))) };
      },
    },
    {
      method: 'GET',
      path: '/api/reports/export.csv',
      permission: 'reports.view',
      handle: async ({ who, query }) => {
        const p = periodOf(query, now());
        const tables = reportTables(await reportData(pool, p, chinaDay(now())), lang(query));
        const table = tables.find((t) => t.name === (query.get('table') ?? 'throughput'));
        if (!table) throw new HttpError(400, 'bad-request', `table is one of ${tables.map((t) => t.name).join(', ')}.`);
        await exported(who, 'csv', p, table.name);
        return csvFile(table, `hub-report-${p.fromDay}-${p.toDay}`);
      },
    },
    {
      method: 'GET',
      path: '/api/reports/export.xlsx',
      permission: 'reports.view',
      handle: async ({ who, query }) => {
        const p = periodOf(query, now());
        const tables = reportTables(await reportData(pool, p, chinaDay(now())), lang(query));
        await exported(who, 'xlsx', p);
        return xlsxFile(tables, `hub-report-${p.fromDay}-${p.toDay}`);
      },
    },
  ];
}
