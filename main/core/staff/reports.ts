// Counts for a period, from the audit log (every transition is there, with its time) and the
// ratings. Read-only.
import { formatCsvDateTime } from '../../contract/format';
import type { ReportsRepo } from '../../store/reports-repo';

export function createReports(reports: ReportsRepo) {
  return function report(from: number, to: number) {
    const count = (action: string) => reports.countOk(action, from, to);
    const byLevel = [0, 0, 0, 0, 0];
    for (const r of reports.ratingsByLevel(from, to)) byLevel[r.level - 1] = r.n;
    const total = byLevel.reduce((a, b) => a + b, 0);
    const avgMs = reports.averageMsToReady(from, to);
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

/** The report as CSV: the period's bounds in the cabinet's zone (named on its own row), not UTC. */
export function reportCsv(r: ReturnType<ReturnType<typeof createReports>>, timeZone: string): string {
  const rows: [string, string | number][] = [
    ['from', formatCsvDateTime(r.from, timeZone)],
    ['to', formatCsvDateTime(r.to, timeZone)],
    ['time_zone', timeZone],
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
