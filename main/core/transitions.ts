// Applying the lifecycle tables to the database: each move is checked against the table,
// written, and audited; a move the table does not allow is audited as denied and refused.
import { CabinetError } from '../contract/errors';
import type { Db } from '../store/database';
import { createAuditRepo } from '../store/audit-repo';
import {
  nextCaseStatus,
  nextCompartmentState,
  type CaseEvent,
  type CaseStatus,
  type CompartmentEvent,
  type CompartmentState,
} from './lifecycle';

export interface Move {
  actor: string;
  at: number;
  detail?: Record<string, unknown>;
}

export function createTransitions(db: Db) {
  const audit = createAuditRepo(db);
  const caseStatus = db.prepare('SELECT status, compartment FROM cases WHERE id = ?');
  const setCase = db.prepare('UPDATE cases SET status = ?, updated_at = ?, closed_at = CASE WHEN ? THEN ? ELSE closed_at END WHERE id = ?');
  const compartmentState = db.prepare('SELECT state FROM compartments WHERE label = ?');
  const setCompartment = db.prepare('UPDATE compartments SET state = ?, case_id = ?, updated_at = ? WHERE label = ?');
  const closedStatuses = new Set<CaseStatus>(['picked-up', 'abandoned', 'recalled']);

  return {
    audit,
    /** Move a case by `event`; returns the new status. Throws CabinetError('conflict') if not allowed. */
    moveCase(caseId: number, event: CaseEvent, move: Move): CaseStatus {
      const row = caseStatus.get(caseId) as { status: CaseStatus; compartment: string | null } | undefined;
      if (!row) throw new CabinetError('not-found', `No case ${caseId}.`);
      const next = nextCaseStatus(row.status, event);
      if (!next) {
        audit.append({ at: move.at, actor: move.actor, action: `case.${event}`, outcome: 'denied', caseId, compartment: row.compartment, detail: { from: row.status, ...move.detail } });
        throw new CabinetError('conflict', `A case that is ${row.status} cannot be ${event}.`);
      }
      const closing = closedStatuses.has(next) ? 1 : 0;
      setCase.run(next, move.at, closing, move.at, caseId);
      audit.append({ at: move.at, actor: move.actor, action: `case.${next}`, outcome: 'ok', caseId, compartment: row.compartment, detail: { from: row.status, event, ...move.detail } });
      return next;
    },
    /** Move a compartment by `event`, holding `caseId` (or none). Throws CabinetError('conflict') if not allowed. */
    moveCompartment(label: string, event: CompartmentEvent, caseId: number | null, move: Move): CompartmentState {
      const row = compartmentState.get(label) as { state: CompartmentState } | undefined;
      if (!row) throw new CabinetError('not-found', `No compartment ${label}.`);
      const next = nextCompartmentState(row.state, event);
      if (!next) {
        audit.append({ at: move.at, actor: move.actor, action: `compartment.${event}`, outcome: 'denied', caseId, compartment: label, detail: { from: row.state, ...move.detail } });
        throw new CabinetError('conflict', `Compartment ${label} is ${row.state} and cannot ${event}.`);
      }
      setCompartment.run(next, next === 'free' || next === 'out-of-service' ? null : caseId, move.at, label);
      audit.append({ at: move.at, actor: move.actor, action: `compartment.${next}`, outcome: 'ok', caseId, compartment: label, detail: { from: row.state, event, ...move.detail } });
      return next;
    },
  };
}
export type Transitions = ReturnType<typeof createTransitions>;
