// Read-only views of cases for the console: pending, collected, overdue, with their compartments.
import type { CaseSummary } from '../../contract/staff-schemas';
import type { Db } from '../../store/database';
import type { CabinetConfig } from '../config';
import { maskPhone } from '../phone';

interface Row {
  id: number;
  reference: string;
  matter_id: string;
  status: string;
  phone: string | null;
  deposited_at: number | null;
  expected_date: string | null;
  pickup_deadline: number | null;
  labels: string | null;
}

export function createCaseQueries(db: Db, config: CabinetConfig) {
  const select = (where: string) =>
    db.prepare(
      `SELECT c.*, (SELECT group_concat(label, ',') FROM (SELECT label FROM compartments k WHERE k.case_id = c.id ORDER BY label)) AS labels
       FROM cases c WHERE ${where} ORDER BY c.deposited_at, c.id`,
    );
  const byStatus = select('c.status = ?');
  const overdue = select("c.status = 'expired' OR (c.status IN ('returned', 'needs-correction') AND c.pickup_deadline < ?)");
  const byId = select('c.id = ?');
  const byReference = select('c.reference = ?');

  const view = (r: Row): CaseSummary => ({
    caseId: r.id,
    reference: r.reference,
    matter: config.matters.find((m) => m.id === r.matter_id)?.name ?? { 'zh-CN': r.matter_id, en: r.matter_id },
    status: r.status,
    compartments: r.labels ? r.labels.split(',') : [],
    depositedAt: r.deposited_at,
    expectedDate: r.expected_date,
    pickupDeadline: r.pickup_deadline,
    maskedPhone: r.phone ? maskPhone(r.phone) : null,
  });

  return {
    withStatus: (status: string): CaseSummary[] => (byStatus.all(status) as Row[]).map(view),
    overdue: (now: number): CaseSummary[] => (overdue.all(now) as Row[]).map(view),
    byId: (id: number): CaseSummary | undefined => {
      const r = byId.get(id) as Row | undefined;
      return r ? view(r) : undefined;
    },
    byReference: (reference: string): CaseSummary | undefined => {
      const r = byReference.get(reference) as Row | undefined;
      return r ? view(r) : undefined;
    },
  };
}
export type CaseQueries = ReturnType<typeof createCaseQueries>;
