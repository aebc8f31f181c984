// Read-only lists of cases for the console and the digest, each with the compartments it holds.
import type { Db } from './database';
import type { FieldCipher } from './field-cipher';

export interface CaseListing {
  id: number;
  reference: string;
  matterId: string;
  status: string;
  phone: string | null;
  depositedAt: number | null;
  expectedDate: string | null;
  pickupDeadline: number | null;
  /** Labels of the compartments assigned to the case, sorted. */
  compartments: string[];
}

type Row = {
  id: number;
  reference: string;
  matter_id: string;
  status: string;
  phone: string | null;
  deposited_at: number | null;
  expected_date: string | null;
  pickup_deadline: number | null;
  labels: string | null;
};

const toListing = (r: Row, phones: FieldCipher): CaseListing => ({
  id: r.id,
  reference: r.reference,
  matterId: r.matter_id,
  status: r.status,
  phone: phones.open(r.phone),
  depositedAt: r.deposited_at,
  expectedDate: r.expected_date,
  pickupDeadline: r.pickup_deadline,
  compartments: r.labels ? r.labels.split(',') : [],
});

export function createCaseListingsRepo(db: Db, phones: FieldCipher) {
  const select = (where: string) =>
    db.prepare(
      `SELECT c.*, (SELECT group_concat(label, ',') FROM (SELECT label FROM compartments k WHERE k.case_id = c.id ORDER BY label)) AS labels
       FROM cases c WHERE ${where} ORDER BY c.deposited_at, c.id`,
    );
  const byStatus = select('c.status = ?');
  const overdue = select("c.status = 'expired' OR (c.status IN ('returned', 'needs-correction') AND c.pickup_deadline < ?)");
  const byId = select('c.id = ?');
  const byReference = select('c.reference = ?');
  const one = (r: unknown) => (r ? toListing(r as Row, phones) : undefined);
  const all = (rows: unknown[]) => (rows as Row[]).map((r) => toListing(r, phones));
  return {
    withStatus: (status: string): CaseListing[] => all(byStatus.all(status)),
    /** Expired cases, and those awaiting pickup whose deadline is before `now`. */
    overdue: (now: number): CaseListing[] => all(overdue.all(now)),
    byId: (id: number): CaseListing | undefined => one(byId.get(id)),
    byReference: (reference: string): CaseListing | undefined => one(byReference.get(reference)),
  };
}
export type CaseListingsRepo = ReturnType<typeof createCaseListingsRepo>;
