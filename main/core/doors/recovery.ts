// After a power cut or crash: flows that were in progress when the process stopped are settled
// from what the database and the door sensors say. Nothing is opened: a lock is only ever fired
// by a person's action.
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import { depositMessage } from '../resident/drop-off';
import type { Transitions } from '../cases/transitions';
import { addWorkingDays } from '../cases/working-days';

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
  repos: Pick<Repositories, 'transaction' | 'cases' | 'compartments' | 'outbox' | 'recovery'>,
  transitions: Transitions,
  now: number,
  doorOpen: (label: string) => boolean | undefined,
  config: CabinetConfig,
): RecoveryResult {
  const result: RecoveryResult = { abandoned: [], deposited: [] };
  const { cases, compartments, outbox, recovery } = repos;
  const calendar = { holidays: new Set(config.calendar.holidays), workdays: new Set(config.calendar.workdays) };
  const stale = recovery.interruptedCases();
  const move = { actor: 'cabinet', at: now, detail: { reason: 'interrupted by a restart' } };
  for (const c of stale) {
    const open = doorOpen(c.compartment) !== false;
    repos.transaction(() => {
      if (c.status === 'reserved') {
        transitions.moveCase(c.id, 'abandon', move);
        // Already fault ("open not detected" before the cut, the resident not yet moved on): it stays so.
        if (compartments.get(c.compartment)?.state === 'reserved') transitions.moveCompartment(c.compartment, open ? 'fail' : 'release', c.id, move);
        result.abandoned.push(c.compartment);
      } else {
        transitions.moveCase(c.id, 'door-closed', move);
        // A deposit like any other: its expected date and the staff message, in the same transaction.
        const matter = config.matters.find((m) => m.id === c.matterId);
        const expectedDate = matter ? addWorkingDays(now, matter.processingDays, calendar) : null;
        cases.setDeposit(c.id, now, expectedDate);
        transitions.moveCompartment(c.compartment, open ? 'fail' : 'fill', c.id, move);
        outbox.add(depositMessage(config, { reference: c.reference, matterId: c.matterId, compartment: c.compartment, at: now, expectedDate, phone: c.phone }));
        result.deposited.push(c.compartment);
      }
    });
  }
  const continuations = recovery.reservedForCasesIn('deposited');
  for (const k of continuations) {
    transitions.moveCompartment(k.label, doorOpen(k.label) !== false ? 'fail' : 'fill', k.caseId, { ...move, detail: { ...move.detail, continuation: true } });
    result.deposited.push(k.label);
  }
  // A staff return (results going back) cut short: nothing was issued yet, so the case stays
  // collected; the compartment is released, or marked fault if its door stands open.
  const returns = recovery.reservedForCasesIn('collected');
  for (const k of returns) {
    transitions.moveCompartment(k.label, doorOpen(k.label) !== false ? 'fail' : 'release', k.caseId, { ...move, detail: { ...move.detail, during: 'return' } });
    result.abandoned.push(k.label);
  }
  return result;
}
