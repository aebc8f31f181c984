// Putting processed results back (return), or incomplete materials back for correction (补正),
// and recalling items not picked up by their deadline. A return or correction issues a pickup
// code when the door closes and writes the resident's notification in the same transaction.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { StaffJob } from '../../contract/staff-schemas';
import type { Repositories } from '../../store/repositories';
import { chooseCompartment } from '../cases/allocation';
import type { CabinetConfig } from '../config';
import type { PickUps } from '../resident/pickup';
import { seal, sealKey } from '../cases/sealed';
import type { Transitions } from '../cases/transitions';
import type { StaffSession } from './accounts';
import type { CaseQueries } from './case-queries';
import { createDeadlineSweep } from './deadline-sweep';
import type { DoorJobs } from './door-jobs';

export function createReturns(deps: { repos: Pick<Repositories, 'transaction' | 'cases' | 'compartments' | 'outbox' | 'secrets'>; config: CabinetConfig; timers: Timers; transitions: Transitions; jobs: DoorJobs; queries: CaseQueries; pickUps: PickUps }) {
  const { repos, config, timers, transitions, jobs, queries, pickUps } = deps;
  const { cases, compartments, outbox } = repos;
  const key = sealKey(repos.secrets);
  const caseRow = (caseId: number) => {
    const row = cases.byId(caseId);
    if (!row) throw new CabinetError('not-found', 'No such case.');
    return row;
  };

  /** Results (or materials for correction) go back in a fitting free compartment. */
  async function putBack(session: StaffSession, input: { caseId: number; kind: 'return' | 'correct'; reason?: string | undefined }): Promise<StaffJob> {
    const c = queries.byId(input.caseId);
    if (!c) throw new CabinetError('not-found', 'No such case.');
    if (c.status !== 'collected') throw new CabinetError('conflict', `Case ${c.reference} is ${c.status}: only collected cases can be returned.`);
    if (input.kind === 'correct' && !input.reason) throw new CabinetError('bad-request', 'A correction needs a reason.');
    const matter = config.matters.find((m) => m.id === caseRow(c.caseId).matterId);
    const free = new Set(compartments.all().filter((r) => r.state === 'free').map((r) => r.label));
    const compartment = chooseCompartment(config.compartments, (l) => free.has(l), { size: matter?.size ?? 'S', elderMode: false });
    if (!compartment) throw new CabinetError('no-compartment', 'No free compartment fits.');
    const actor = `account:${session.account.login}`;
    const at0 = timers.now();
    transitions.moveCompartment(compartment.label, 'reserve', c.caseId, { actor, at: at0, detail: { for: input.kind } });
    const { job } = await jobs.start({
      kind: input.kind,
      compartment,
      actor,
      reference: c.reference,
      done: (at) => {
        const code = repos.transaction(() => {
          transitions.moveCase(c.caseId, input.kind, { actor, at, detail: input.reason ? { reason: input.reason } : {} });
          if (input.reason) cases.setCorrectionReason(c.caseId, input.reason);
          transitions.moveCompartment(compartment.label, 'fill', c.caseId, { actor, at });
          cases.setCompartment(c.caseId, compartment.label);
          const issued = pickUps.issueCode(c.caseId, at);
          const resident = caseRow(c.caseId);
          outbox.add({
            at,
            kind: input.kind === 'return' ? 'ready-for-pickup' : 'correction-needed',
            audience: 'resident',
            idempotencyKey: `${input.kind}:${config.cabinet.id}:${c.reference}:${at}`,
            payload: {
              cabinet: config.cabinet.id,
              reference: c.reference,
              caseId: c.caseId,
              language: resident.language,
              location: config.cabinet.location,
              compartment: compartment.label,
              deadline: issued.deadline,
              reason: input.reason ?? null,
              codeSealed: seal(key, issued.code),
            },
          });
          return issued.code;
        });
        return { code };
      },
      failed: (at, why) => {
        transitions.moveCompartment(compartment.label, why === 'open-not-detected' ? 'fail' : 'release', c.caseId, { actor, at });
      },
    });
    return job;
  }

  return {
    returnable: () => queries.withStatus('collected'),
    putBack,

    /** Items past their deadline (expired, or due to expire at the next sweep). */
    recallList: () => queries.overdue(timers.now()),

    async recall(session: StaffSession, caseId: number): Promise<StaffJob[]> {
      const c = queries.byId(caseId);
      if (!c) throw new CabinetError('not-found', 'No such case.');
      if (c.status !== 'expired' && !(c.pickupDeadline !== null && c.pickupDeadline <= timers.now())) {
        throw new CabinetError('conflict', `Case ${c.reference} is not overdue.`);
      }
      const actor = `account:${session.account.login}`;
      // Recorded before any door opens: a disk that cannot take this row opens nothing ('unavailable').
      transitions.audit.append({ at: timers.now(), actor, action: 'recall.open', outcome: 'ok', caseId, detail: { compartments: c.compartments } });
      const { jobs: started } = await jobs.openCase({
        kind: 'recall',
        caseId,
        reference: c.reference,
        compartments: c.compartments,
        actor,
        markFault: (label, at) => transitions.moveCompartment(label, 'fail', caseId, { actor, at, detail: { during: 'recall' } }),
        allClosed: (at) =>
          repos.transaction(() => {
            if (c.status !== 'expired') transitions.moveCase(caseId, 'expire', { actor, at });
            transitions.moveCase(caseId, 'recall', { actor, at });
            cases.clearPickupCode(caseId);
            for (const l of c.compartments) transitions.moveCompartment(l, 'empty', caseId, { actor, at });
          }),
      });
      return started;
    },

    sweep: createDeadlineSweep({ repos, config, transitions, timers }),
  };
}
export type Returns = ReturnType<typeof createReturns>;
