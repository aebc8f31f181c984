// Personal data is kept only as long as it serves the resident: a configurable number of days
// after a case closes, its phone number is removed (the masked copy in sent messages stays).
import type { Db } from '../store/database';
import type { AuditRepo } from '../store/audit-repo';

const DAY_MS = 24 * 3600_000;

export function purgePersonalData(db: Db, audit: AuditRepo, now: number, purgeAfterDays: number): number {
  return db.transaction(() => {
    const cutoff = now - purgeAfterDays * DAY_MS;
    const { changes } = db
      .prepare('UPDATE cases SET phone = NULL, phone_last4 = NULL WHERE closed_at IS NOT NULL AND closed_at <= ? AND (phone IS NOT NULL OR phone_last4 IS NOT NULL)')
      .run(cutoff);
    if (changes > 0) audit.append({ at: now, actor: 'cabinet', action: 'privacy.purge', outcome: 'ok', detail: { cases: changes, closedBefore: cutoff } });
    return changes;
  })();
}
