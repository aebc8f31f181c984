// Rows of the compartments table: the persistent state of each configured compartment.
import type { Db } from './database';

export interface Compartment {
  label: string;
  state: string;
  caseId: number | null;
  updatedAt: number;
}

interface CompartmentRow {
  label: string;
  state: string;
  case_id: number | null;
  updated_at: number;
}

const toCompartment = (r: CompartmentRow): Compartment => ({ label: r.label, state: r.state, caseId: r.case_id, updatedAt: r.updated_at });

export function createCompartmentsRepo(db: Db) {
  const ensure = db.prepare("INSERT OR IGNORE INTO compartments (label, state, updated_at) VALUES (?, 'free', ?)");
  const all = db.prepare('SELECT * FROM compartments ORDER BY label');
  const get = db.prepare('SELECT * FROM compartments WHERE label = ?');
  const set = db.prepare('UPDATE compartments SET state = ?, case_id = ?, updated_at = ? WHERE label = ?');
  const occupiedBy = db.prepare("SELECT label FROM compartments WHERE case_id = ? AND state = 'occupied' ORDER BY label").pluck();
  return {
    /** Make sure every configured label has a row (new compartments start free). */
    ensure(labels: readonly string[], at: number): void {
      db.transaction(() => labels.forEach((l) => ensure.run(l, at)))();
    },
    all: () => (all.all() as CompartmentRow[]).map(toCompartment),
    get(label: string): Compartment | undefined {
      const r = get.get(label) as CompartmentRow | undefined;
      return r ? toCompartment(r) : undefined;
    },
    set(label: string, state: string, caseId: number | null, at: number): void {
      set.run(state, caseId, at, label);
    },
    /** The labels of the compartments holding this case's documents. */
    occupiedBy: (caseId: number) => occupiedBy.all(caseId) as string[],
  };
}
export type CompartmentsRepo = ReturnType<typeof createCompartmentsRepo>;
