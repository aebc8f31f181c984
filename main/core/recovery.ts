// After a power cut or crash: flows that were in progress when the process stopped are settled
// from what the database and the door sensors say. Nothing is opened: a lock is only ever fired
// by a person's action.
import type { Db } from '../store/database';
import { createOutboxRepo } from '../store/outbox-repo';
import type { CabinetConfig } from './config';
import { depositMessage } from './drop-off';
import type { Transitions } from './transitions';
import { addWorkingDays } from './working-days';

export interface RecoveryResult {
  abandoned: string[];
  deposited: string[];
}

/**
 * - reserved (open sent, door never seen open): abandoned; the compartment is released if its
 *   door reads closed, or marked fault if it stands open (someone must look); one already fault
 *   (open not detected) stays fault.
 * - door-opened (door seen open, never seen closed): the resident may have put documents in, so
 *   it is recorded as deposited (with its staff message), to be checked at the next night
 *   retrieval; fault if still open.
 * - a compartment reserved for a staff return of a collected case: released (fault if open);
 *   the results go back in again by hand.
 * - a compartment still reserved for a case already deposited (继续投递 interrupted): whether its
 *   door opened is not recorded, so it may hold documents: it joins the case (to be checked at the
 *   next night retrieval); fault if still open.
 */
export function recoverInterrupted(
  db: Db,
  transitions: Transitions,
  now: number,
  doorOpen: (label: string) => boolean | undefined,
  config: CabinetConfig,
): RecoveryResult {
  const result: RecoveryResult = { abandoned: [], deposited: [] };
  const outbox = createOutboxRepo(db);
  const calendar = { holidays: new Set(config.calendar.holidays), workdays: new Set(config.calendar.workdays) };
  const stale = db
    .prepare("SELECT id, reference, matter_id, phone, status, compartment FROM cases WHERE status IN ('reserved', 'door-opened') ORDER BY id")
    .all() as { id: number; reference: string; matter_id: string; phone: string | null; status: string; compartment: string }[];
  const stateOf = db.prepare('SELECT state FROM compartments WHERE label = ?').pluck();
  const move = { actor: 'cabinet', at: now, detail: { reason: 'interrupted by a restart' } };
  for (const c of stale) {
    const open = doorOpen(c.compartment) !== false;
    db.transaction(() => {
      if (c.status === 'reserved') {
        transitions.moveCase(c.id, 'abandon', move);
        // Already fault ("open not detected" before the cut, the resident not yet moved on): it stays so.
        if (stateOf.get(c.compartment) === 'reserved') transitions.moveCompartment(c.compartment, open ? 'fail' : 'release', c.id, move);
        result.abandoned.push(c.compartment);
      } else {
        transitions.moveCase(c.id, 'door-closed', move);
        // A deposit like any other: its expected date and the staff message, in the same transaction.
        const matter = config.matters.find((m) => m.id === c.matter_id);
        const expectedDate = matter ? addWorkingDays(now, matter.processingDays, calendar) : null;
        db.prepare('UPDATE cases SET deposited_at = ?, expected_date = ? WHERE id = ?').run(now, expectedDate, c.id);
        transitions.moveCompartment(c.compartment, open ? 'fail' : 'fill', c.id, move);
        outbox.add(depositMessage(config, { reference: c.reference, matterId: c.matter_id, compartment: c.compartment, at: now, expectedDate, phone: c.phone }));
        result.deposited.push(c.compartment);
      }
    })();
  }
  const continuations = db
    .prepare("SELECT k.label, k.case_id AS caseId FROM compartments k JOIN cases c ON c.id = k.case_id WHERE k.state = 'reserved' AND c.status = 'deposited' ORDER BY k.label")
    .all() as { label: string; caseId: number }[];
  for (const k of continuations) {
    transitions.moveCompartment(k.label, doorOpen(k.label) !== false ? 'fail' : 'fill', k.caseId, { ...move, detail: { ...move.detail, continuation: true } });
    result.deposited.push(k.label);
  }
  // A staff return (results going back) cut short: nothing was issued yet, so the case stays
  // collected; the compartment is released, or marked fault if its door stands open.
  const returns = db
    .prepare("SELECT k.label, k.case_id AS caseId FROM compartments k JOIN cases c ON c.id = k.case_id WHERE k.state = 'reserved' AND c.status = 'collected' ORDER BY k.label")
    .all() as { label: string; caseId: number }[];
  for (const k of returns) {
    transitions.moveCompartment(k.label, doorOpen(k.label) !== false ? 'fail' : 'release', k.caseId, { ...move, detail: { ...move.detail, during: 'return' } });
    result.abandoned.push(k.label);
  }
  return result;
}
