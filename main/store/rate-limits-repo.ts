// Persistent rate-limit counters, so a restart does not reset a lockout.
import type { Db } from './database';

export interface LimitRow {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

export function createRateLimitsRepo(db: Db) {
  const get = db.prepare('SELECT failures, lockouts, locked_until AS lockedUntil FROM rate_limits WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO rate_limits (key, failures, lockouts, locked_until) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts, locked_until = excluded.locked_until',
  );
  return {
    get: (key: string) => get.get(key) as LimitRow | undefined,
    put(key: string, s: LimitRow): void {
      put.run(key, s.failures, s.lockouts, s.lockedUntil);
    },
  };
}
