// Clearing a compartment under check: a door that may have opened unseen (a busy or failing bus, a
// restart mid-flow) left it possibly holding someone's documents. Staff open it on site and say
// what they found: empty (it becomes free) or documents (they stay, and the case they belong to is
// recorded as deposited, with its staff message). Audited with who.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { Repositories } from '../../store/repositories';
import type { Transitions } from '../cases/transitions';
import { addWorkingDays } from '../cases/working-days';
import type { CabinetConfig } from '../config';
import { depositMessage, dropOffConfirmation } from '../resident/drop-off-records';
import type { StaffSession } from './accounts';

export type CheckFinding = 'empty' | 'documents';

export function createCheckClearing(deps: { repos: Pick<Repositories, 'transaction' | 'cases' | 'compartments' | 'outbox'>; config: CabinetConfig; timers: Timers; transitions: Transitions }) {
  const { repos, config, timers, transitions } = deps;
  const calendar = { holidays: new Set(config.calendar.holidays), workdays: new Set(config.calendar.workdays) };

  /** An abandoned case whose documents were found after all: deposited now, with the staff message. */
  function depositFound(caseId: number, label: string, at: number, actor: string): void {
    const c = repos.cases.byId(caseId);
    if (!c) throw new CabinetError('not-found', `No case ${caseId}.`);
    transitions.moveCase(caseId, 'found', { actor, at, detail: { compartment: label } });
    const matter = config.matters.find((m) => m.id === c.matterId);
    const expectedDate = matter ? addWorkingDays(at, matter.processingDays, calendar, config.cabinet.timeZone) : null;
    repos.cases.setDeposit(caseId, at, expectedDate);
    repos.cases.setCompartment(caseId, label);
    repos.outbox.add(depositMessage(config, { reference: c.reference, matterId: c.matterId, compartment: label, at, expectedDate, phone: c.phone }));
    const confirmation = dropOffConfirmation(config, { caseId, reference: c.reference, matterId: c.matterId, compartment: label, at, expectedDate, phone: c.phone });
    if (confirmation) repos.outbox.add(confirmation);
  }

  return {
    /** Compartments waiting for a look, with the case each may hold. */
    pending: () => repos.compartments.all().filter((r) => r.state === 'check').map((r) => ({ label: r.label, caseId: r.caseId, reference: r.caseId === null ? null : (repos.cases.byId(r.caseId)?.reference ?? null) })),

    clear(session: StaffSession, label: string, found: CheckFinding): { state: string } {
      const actor = `account:${session.account.login}`;
      const row = repos.compartments.get(label);
      if (!row) throw new CabinetError('not-found', `No compartment ${label}.`);
      if (row.state !== 'check') throw new CabinetError('conflict', `Compartment ${label} is ${row.state}, not waiting for a check.`);
      const at = timers.now();
      if (found === 'empty') return { state: transitions.moveCompartment(label, 'empty', row.caseId, { actor, at, detail: { found } }) };
      const caseId = row.caseId;
      if (caseId === null) throw new CabinetError('conflict', `Compartment ${label} holds no case: take the documents out and record them by hand.`);
      // Results of a return cut short (the case still collected, no code issued): kept in, no flow
      // would ever free the compartment. They come out and go back through Returns.
      if (repos.cases.byId(caseId)?.status === 'collected') {
        throw new CabinetError('conflict', `Compartment ${label} holds results of a return that was cut short: take them out, record it empty, and put them back through Returns.`);
      }
      return repos.transaction(() => {
        if (repos.cases.byId(caseId)?.status === 'abandoned') depositFound(caseId, label, at, actor);
        return { state: transitions.moveCompartment(label, 'fill', caseId, { actor, at, detail: { found } }) };
      });
    },
  };
}
export type CheckClearing = ReturnType<typeof createCheckClearing>;
