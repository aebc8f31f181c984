// After a power cut or crash: flows that were in progress when the process stopped are settled
// from what the database and the door sensors say. Nothing is opened: a lock is only ever fired
// by a person's action.
import type { Repositories } from '../../store/repositories';
import type { Clock, TimerHandle } from '../clock';
import { isStorageError } from '../storage-errors';
import type { CabinetConfig } from '../config';
import { depositMessage, dropOffConfirmation } from '../resident/drop-off';
import type { Transitions } from '../cases/transitions';
import { addWorkingDays } from '../cases/working-days';

export interface RecoveryResult {
  abandoned: string[];
  deposited: string[];
}

/**
 * - reserved (open sent or about to be, door never seen open): abandoned; the lock may have fired
 *   and the documents may be inside, so the compartment goes to check (staff look on site); one
 *   already fault or check stays so.
 * - door-opened (door seen open, never seen closed): the resident may have put documents in, so
 *   it is recorded as deposited (with its staff message), to be checked at the next night
 *   retrieval; fault if still open.
 * - a compartment reserved for a staff return of a collected case: check (the results may be
 *   inside); staff look, then put them back again.
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
        // The open may have fired before the cut (nothing durable says it did not), so the
        // compartment may hold documents: check, never free. Already fault or check: it stays so.
        if (compartments.get(c.compartment)?.state === 'reserved') transitions.moveCompartment(c.compartment, 'doubt', c.id, move);
        result.abandoned.push(c.compartment);
      } else {
        transitions.moveCase(c.id, 'door-closed', move);
        // A deposit like any other: its expected date and the staff message, in the same transaction.
        const matter = config.matters.find((m) => m.id === c.matterId);
        const expectedDate = matter ? addWorkingDays(now, matter.processingDays, calendar, config.cabinet.timeZone) : null;
        cases.setDeposit(c.id, now, expectedDate);
        transitions.moveCompartment(c.compartment, open ? 'fail' : 'fill', c.id, move);
        outbox.add(depositMessage(config, { reference: c.reference, matterId: c.matterId, compartment: c.compartment, at: now, expectedDate, phone: c.phone }));
        const confirmation = dropOffConfirmation(config, { caseId: c.id, reference: c.reference, matterId: c.matterId, compartment: c.compartment, at: now, expectedDate, phone: c.phone });
        if (confirmation) outbox.add(confirmation);
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
  // collected; the results may already be inside, so the compartment goes to check.
  const returns = recovery.reservedForCasesIn('collected');
  for (const k of returns) {
    transitions.moveCompartment(k.label, 'doubt', k.caseId, { ...move, detail: { ...move.detail, during: 'return' } });
    result.abandoned.push(k.label);
  }
  return result;
}

/** How often settling is tried again while the disk refuses writes. */
export const RECOVERY_RETRY_MS = 2000;

/**
 * Settle interrupted flows at start-up. A disk that refuses writes (full, read-only) must not keep
 * the cabinet from starting: the interrupted compartments stay reserved meanwhile (never free,
 * never allocated), every call that would write answers 'unavailable', and settling is tried again
 * until it can be written.
 */
export function settleInterrupted(deps: {
  repos: Parameters<typeof recoverInterrupted>[0];
  transitions: Transitions;
  clock: Clock;
  doorOpen: (label: string) => boolean | undefined;
  config: CabinetConfig;
  log(level: 'warn' | 'error', message: string, detail?: unknown): void;
}): { stop(): void } {
  let timer: TimerHandle | undefined;
  const attempt = (first: boolean): void => {
    timer = undefined;
    try {
      const recovered = recoverInterrupted(deps.repos, deps.transitions, deps.clock.now(), deps.doorOpen, deps.config);
      if (recovered.abandoned.length || recovered.deposited.length) deps.log('warn', 'recovered interrupted flows', recovered);
    } catch (error) {
      // A bug at start-up is still thrown; from the retry timer it is only logged.
      if (first && !isStorageError(error)) throw error;
      deps.log('error', 'interrupted flows cannot be settled yet (the disk refuses writes); trying again', error);
      if (isStorageError(error)) timer = deps.clock.setTimeout(() => attempt(false), RECOVERY_RETRY_MS);
    }
  };
  attempt(true);
  return {
    stop: () => {
      if (timer !== undefined) deps.clock.clearTimeout(timer);
    },
  };
}
