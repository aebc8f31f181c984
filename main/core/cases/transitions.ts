// Applying the lifecycle tables to the database: each move is checked against the table,
// written, and audited; a move the table does not allow is audited as denied and refused.
import { CabinetError } from '../../contract/errors';
import type { Repositories } from '../../store/repositories';
import {
  isClosed,
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

export function createTransitions(repos: Pick<Repositories, 'audit' | 'cases' | 'compartments'>) {
  const { audit, cases, compartments } = repos;
  return {
    audit,
    /** Move a case by `event`; returns the new status. Throws CabinetError('conflict') if not allowed. */
    moveCase(caseId: number, event: CaseEvent, move: Move): CaseStatus {
      const row = cases.byId(caseId) as { status: CaseStatus; compartment: string | null } | undefined;
      if (!row) throw new CabinetError('not-found', `No case ${caseId}.`);
      const next = nextCaseStatus(row.status, event);
      if (!next) {
        audit.append({ at: move.at, actor: move.actor, action: `case.${event}`, outcome: 'denied', caseId, compartment: row.compartment, detail: { from: row.status, ...move.detail } });
        throw new CabinetError('conflict', `A case that is ${row.status} cannot be ${event}.`);
      }
      cases.setStatus(caseId, next, move.at, isClosed(next));
      audit.append({ at: move.at, actor: move.actor, action: `case.${next}`, outcome: 'ok', caseId, compartment: row.compartment, detail: { from: row.status, event, ...move.detail } });
      return next;
    },
    /** Move a compartment by `event`, holding `caseId` (or none). Throws CabinetError('conflict') if not allowed. */
    moveCompartment(label: string, event: CompartmentEvent, caseId: number | null, move: Move): CompartmentState {
      const row = compartments.get(label) as { state: CompartmentState } | undefined;
      if (!row) throw new CabinetError('not-found', `No compartment ${label}.`);
      const next = nextCompartmentState(row.state, event);
      if (!next) {
        audit.append({ at: move.at, actor: move.actor, action: `compartment.${event}`, outcome: 'denied', caseId, compartment: label, detail: { from: row.state, ...move.detail } });
        throw new CabinetError('conflict', `Compartment ${label} is ${row.state} and cannot ${event}.`);
      }
      compartments.set(label, next, next === 'free' || next === 'out-of-service' ? null : caseId, move.at);
      audit.append({ at: move.at, actor: move.actor, action: `compartment.${next}`, outcome: 'ok', caseId, compartment: label, detail: { from: row.state, event, ...move.detail } });
      return next;
    },
  };
}
export type Transitions = ReturnType<typeof createTransitions>;
