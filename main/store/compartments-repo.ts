// Rows of the compartments table: the persistent state of each configured compartment.
import type { Db } from './database';

export interface CompartmentRow {
  label: string;
  state: string;
  case_id: number | null;
  updated_at: number;
}

export function createCompartmentsRepo(db: Db) {
  const ensure = db.prepare("INSERT OR IGNORE INTO compartments (label, state, updated_at) VALUES (?, 'free', ?)");
  const all = db.prepare('SELECT * FROM compartments ORDER BY label');
  const get = db.prepare('SELECT * FROM compartments WHERE label = ?');
  const set = db.prepare('UPDATE compartments SET state = ?, case_id = ?, updated_at = ? WHERE label = ?');
  return {
    /** Make sure every configured label has a row (new compartments start free). */
    ensure(labels: readonly string[], at: number): void {
      db.transaction(() => labels.forEach((l) => ensure.run(l, at)))();
    },
    all: () => all.all() as CompartmentRow[],
    get: (label: string) => get.get(label) as CompartmentRow | undefined,
    set(label: string, state: string, caseId: number | null, at: number): void {
      set.run(state, caseId, at, label);
    },
  };
}
export type CompartmentsRepo = ReturnType<typeof createCompartmentsRepo>;
