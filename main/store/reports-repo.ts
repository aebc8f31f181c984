// Read-only counts for the staff reports, over the audit log (every transition is there, with its
// time), the cases and the ratings. Periods are [from, to) in epoch ms.
import type { Db } from './database';

export function createReportsRepo(db: Db) {
  const countAction = db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND outcome = ? AND at >= ? AND at < ?');
  const toReady = db.prepare(
    `SELECT AVG(r.at - c.deposited_at) AS avgMs FROM audit_log r JOIN cases c ON c.id = r.case_id
     WHERE r.action IN ('case.returned', 'case.needs-correction') AND r.outcome = 'ok' AND r.at >= ? AND r.at < ? AND c.deposited_at IS NOT NULL`,
  );
  const ratings = db.prepare('SELECT level, COUNT(*) AS n FROM ratings WHERE at >= ? AND at < ? GROUP BY level');
  return {
    /** Successful audit entries of `action` in the period. */
    countOk: (action: string, from: number, to: number): number => (countAction.get(action, 'ok', from, to) as { n: number }).n,
    /** The mean time from deposit to results back (returned or for correction), or null if none. */
    averageMsToReady: (from: number, to: number): number | null => (toReady.get(from, to) as { avgMs: number | null }).avgMs,
    /** Ratings given in the period, counted by level. */
    ratingsByLevel: (from: number, to: number) => ratings.all(from, to) as { level: number; n: number }[],
  };
}
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
