// Per-day sequence numbers for case references, kept in the database so they never repeat.
import type { Db } from './database';

export function createReferenceCounter(db: Db) {
  const bump = db.prepare(
    'INSERT INTO reference_counters (day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last',
  );
  return {
    next: (day: string): number => (bump.get(day) as { last: number }).last,
  };
}
