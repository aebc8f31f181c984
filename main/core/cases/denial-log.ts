// Repeated denials under attack must not grow the audit log without bound: while a lockout lasts,
// the first refusal is written and the repeats are only counted; the count goes with the next row
// written for the same key. At most one row per lockout per key, and the hash chain stays whole.
import type { AuditEntry } from '../../store/audit-repo';

export function createDenialLog(append: (entry: AuditEntry) => void) {
  const open = new Map<string, { until: number; suppressed: number }>();
  return {
    /** Audit a refusal under `key` (e.g. 'pickup'), once until `until`; repeats before then are counted. */
    deny(key: string, until: number, entry: AuditEntry): void {
      const current = open.get(key);
      if (current && entry.at < current.until) {
        current.suppressed += 1;
        return;
      }
      const suppressed = current?.suppressed ?? 0;
      open.set(key, { until, suppressed: 0 });
      append({ ...entry, detail: { ...entry.detail, ...(suppressed > 0 ? { repeatsNotLogged: suppressed } : {}) } });
    },
    /** Repeats counted and not yet written, per key (for diagnostics and tests). */
    pending: (key: string): number => open.get(key)?.suppressed ?? 0,
  };
}
export type DenialLog = ReturnType<typeof createDenialLog>;
