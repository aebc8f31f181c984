// Night retrieval: staff take out what residents deposited. A case becomes "collected" only when
// the doors of all its compartments have been opened and closed again; "open all pending" works
// through the cases one after another, each confirmed by its doors closing.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import { formatCsvDateTime, formatReference } from '../../contract/format';
import type { StaffJob } from '../../contract/staff-schemas';
import type { Repositories } from '../../store/repositories';
import type { Transitions } from '../cases/transitions';
import type { StaffSession } from './accounts';
import type { CaseQueries } from './case-queries';
import type { DoorJobs } from './door-jobs';

export function createRetrieval(deps: { repos: Pick<Repositories, 'transaction' | 'retrievals'>; timers: Timers; transitions: Transitions; jobs: DoorJobs; queries: CaseQueries }) {
  const { repos, transitions, jobs, queries } = deps;
  const { retrievals } = repos;
  let queue: number[] = [];
  let running = false;

  /** Open every compartment of one pending case; `finished` resolves when all its doors are closed again (or failed). */
  async function retrieveCase(session: StaffSession, caseId: number): Promise<{ jobs: StaffJob[]; finished: Promise<StaffJob[]> }> {
    const c = queries.byId(caseId);
    if (!c) throw new CabinetError('not-found', 'No such case.');
    if (c.status !== 'deposited') throw new CabinetError('conflict', `Case ${c.reference} is ${c.status}, not waiting for retrieval.`);
    const actor = `account:${session.account.login}`;
    return jobs.openCase({
      kind: 'retrieve',
      caseId,
      reference: c.reference,
      compartments: c.compartments,
      actor,
      markFault: (label, at) => transitions.moveCompartment(label, 'fail', caseId, { actor, at, detail: { during: 'retrieval' } }),
      allClosed: (at) =>
        repos.transaction(() => {
          transitions.moveCase(caseId, 'collect', { actor, at });
          for (const l of c.compartments) transitions.moveCompartment(l, 'empty', caseId, { actor, at });
          // The session's token stands for the shift: the manifest lists what this login collected.
          retrievals.record({ caseId, accountId: session.account.id, shift: session.token, compartments: c.compartments, at });
        }),
    });
  }

  return {
    pending: () => queries.withStatus('deposited'),

    /** Answers once the opens were sent; the console follows the jobs by event. */
    async open(session: StaffSession, caseId: number): Promise<StaffJob[]> {
      return (await retrieveCase(session, caseId)).jobs;
    },

    /** Open all pending cases, one after another: the next opens when the previous doors are closed. */
    openAll(session: StaffSession): { queued: number } {
      if (running) throw new CabinetError('conflict', 'Opening all pending is already under way.');
      queue = queries.withStatus('deposited').map((c) => c.caseId);
      const total = queue.length;
      running = true;
      void (async () => {
        try {
          while (queue.length > 0) {
            const next = queue.shift() as number;
            try {
              await (await retrieveCase(session, next)).finished;
            } catch (error) {
              transitions.audit.append({ at: deps.timers.now(), actor: `account:${session.account.login}`, action: 'retrieval.open-all', outcome: 'failed', caseId: next, detail: { message: (error as Error).message } });
            }
          }
        } finally {
          running = false;
        }
      })();
      return { queued: total };
    },

    /** Stop "open all" after the case in progress. */
    stopAll(): void {
      queue = [];
    },

    manifest(session: StaffSession) {
      return retrievals.manifest(session.token).map((r) => ({
        reference: r.reference,
        matter: queries.byId(r.caseId)?.matter ?? { 'zh-CN': r.matterId, en: r.matterId },
        compartments: r.compartments,
        collectedAt: r.collectedAt,
        collectedBy: r.collectedBy,
        seal: r.seal,
      }));
    },

    setSeal(session: StaffSession, reference: string, seal: string): void {
      const c = queries.byReference(reference);
      if (!c) throw new CabinetError('not-found', 'No such case.');
      if (!retrievals.setSeal(c.caseId, session.token, seal)) throw new CabinetError('not-found', 'This case was not collected in this shift.');
      transitions.audit.append({ at: deps.timers.now(), actor: `account:${session.account.login}`, action: 'retrieval.seal', outcome: 'ok', caseId: c.caseId, detail: { seal } });
    },
  };
}
export type Retrieval = ReturnType<typeof createRetrieval>;

/**
 * The handover manifest as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese); times in
 * the cabinet's zone, which the header names, and references as people see them (format.ts).
 */
export function manifestCsv(rows: { reference: string; matter: { 'zh-CN': string }; compartments: string[]; collectedAt: number; collectedBy: string; seal: string | null }[], timeZone: string): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['reference', 'matter', 'compartments', `collected_at (${timeZone})`, 'collected_by', 'seal'].map(quote).join(',')];
  for (const r of rows) {
    lines.push([formatReference(r.reference), r.matter['zh-CN'], r.compartments.join(' '), formatCsvDateTime(r.collectedAt, timeZone), r.collectedBy, r.seal ?? ''].map(quote).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
