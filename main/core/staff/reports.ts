// Counts for a period, from the audit log (every transition is there, with its time) and the
// ratings. Read-only.
import type { Db } from '../../store/database';

export function createReports(db: Db) {
  const countAction = db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND outcome = ? AND at >= ? AND at < ?');
  const toReady = db.prepare(
    `SELECT AVG(r.at - c.deposited_at) AS avgMs FROM audit_log r JOIN cases c ON c.id = r.case_id
     WHERE r.action IN ('case.returned', 'case.needs-correction') AND r.outcome = 'ok' AND r.at >= ? AND r.at < ? AND c.deposited_at IS NOT NULL`,
  );
  const ratings = db.prepare('SELECT level, COUNT(*) AS n FROM ratings WHERE at >= ? AND at < ? GROUP BY level');

  return function report(from: number, to: number) {
    const count = (action: string) => (countAction.get(action, 'ok', from, to) as { n: number }).n;
    const byLevel = [0, 0, 0, 0, 0];
    for (const r of ratings.all(from, to) as { level: number; n: number }[]) byLevel[r.level - 1] = r.n;
    const total = byLevel.reduce((a, b) => a + b, 0);
    const avgMs = (toReady.get(from, to) as { avgMs: number | null }).avgMs;
    return {
      from,
      to,
      deposits: count('case.deposited'),
      pickups: count('case.picked-up'),
      corrections: count('case.needs-correction'),
      returns: count('case.returned'),
      recalls: count('case.recalled'),
      averageHoursToReady: avgMs === null ? null : Math.round((avgMs / 3600_000) * 10) / 10,
      ratings: { count: total, average: total ? byLevel.reduce((sum, n, i) => sum + n * (i + 1), 0) / total : null, byLevel },
    };
  };
}

export function reportCsv(r: ReturnType<ReturnType<typeof createReports>>): string {
  const rows: [string, string | number][] = [
    ['from', new Date(r.from).toISOString()],
    ['to', new Date(r.to).toISOString()],
    ['deposits', r.deposits],
    ['pickups', r.pickups],
    ['returns', r.returns],
    ['corrections', r.corrections],
    ['recalls', r.recalls],
    ['average_hours_to_ready', r.averageHoursToReady ?? ''],
    ['ratings', r.ratings.count],
    ['rating_average', r.ratings.average === null ? '' : r.ratings.average.toFixed(2)],
    ...r.ratings.byLevel.map((n, i): [string, number] => [`rating_${i + 1}`, n]),
  ];
  return `\uFEFFmetric,value\r\n${rows.map(([k, v]) => `${k},${v}`).join('\r\n')}\r\n`;
}
