// Night retrieval: staff take out what residents deposited. A case becomes "collected" only when
// the doors of all its compartments have been opened and closed again; "open all pending" works
// through the cases one after another, each confirmed by its doors closing.
import type { Timers } from '../../../hardware/transport/timers';
import { CabinetError } from '../../contract/errors';
import type { StaffJob } from '../../contract/staff-schemas';
import type { Db } from '../../store/database';
import type { Transitions } from '../transitions';
import type { StaffSession } from './accounts';
import type { CaseQueries } from './case-queries';
import type { DoorJobs } from './door-jobs';

export function createRetrieval(deps: { db: Db; timers: Timers; transitions: Transitions; jobs: DoorJobs; queries: CaseQueries }) {
  const { db, transitions, jobs, queries } = deps;
  const record = db.prepare('INSERT INTO retrievals (case_id, account_id, shift, compartments, collected_at) VALUES (?, ?, ?, ?, ?)');
  const setSeal = db.prepare('UPDATE retrievals SET seal = ? WHERE case_id = ? AND shift = ?');
  const manifestRows = db.prepare(
    `SELECT r.case_id, r.collected_at, r.seal, r.compartments, a.login, c.reference, c.matter_id
     FROM retrievals r JOIN accounts a ON a.id = r.account_id JOIN cases c ON c.id = r.case_id
     WHERE r.shift = ? ORDER BY r.collected_at`,
  );
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
        db.transaction(() => {
          transitions.moveCase(caseId, 'collect', { actor, at });
          for (const l of c.compartments) transitions.moveCompartment(l, 'empty', caseId, { actor, at });
          record.run(caseId, session.account.id, session.token, c.compartments.join(','), at);
        })(),
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
      type Row = { case_id: number; collected_at: number; seal: string | null; compartments: string; login: string; reference: string; matter_id: string };
      return (manifestRows.all(session.token) as Row[]).map((r) => ({
        reference: r.reference,
        matter: queries.byId(r.case_id)?.matter ?? { 'zh-CN': r.matter_id, en: r.matter_id },
        compartments: r.compartments.split(','),
        collectedAt: r.collected_at,
        collectedBy: r.login,
        seal: r.seal,
      }));
    },

    setSeal(session: StaffSession, reference: string, seal: string): void {
      const c = queries.byReference(reference);
      if (!c) throw new CabinetError('not-found', 'No such case.');
      const { changes } = setSeal.run(seal, c.caseId, session.token);
      if (changes === 0) throw new CabinetError('not-found', 'This case was not collected in this shift.');
      transitions.audit.append({ at: deps.timers.now(), actor: `account:${session.account.login}`, action: 'retrieval.seal', outcome: 'ok', caseId: c.caseId, detail: { seal } });
    },
  };
}
export type Retrieval = ReturnType<typeof createRetrieval>;

/** The handover manifest as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
export function manifestCsv(rows: { reference: string; matter: { 'zh-CN': string }; compartments: string[]; collectedAt: number; collectedBy: string; seal: string | null }[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['reference', 'matter', 'compartments', 'collected_at', 'collected_by', 'seal'].join(',')];
  for (const r of rows) {
    lines.push([r.reference, r.matter['zh-CN'], r.compartments.join(' '), new Date(r.collectedAt).toISOString(), r.collectedBy, r.seal ?? ''].map(quote).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
