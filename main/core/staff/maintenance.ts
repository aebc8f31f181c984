// A technician's (or admin's) hands on the cabinet: open any compartment with a reason, take a
// compartment out of service and back, and the self-test of empty compartments (open each, wait
// for the door, confirm) that finds doors that do not open.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { StaffJob } from '../../contract/staff-schemas';
import type { CompartmentsRepo } from '../../store/compartments-repo';
import type { CompartmentState } from '../cases/lifecycle';
import type { Transitions } from '../cases/transitions';
import type { StaffSession } from './accounts';
import type { DoorJobs } from './door-jobs';

export interface SelfTestResult {
  startedAt: number;
  endedAt: number | null;
  by: string;
  results: { label: string; outcome: 'ok' | 'open-not-detected' | 'not-sent' | 'skipped' }[];
}

export function createMaintenance(deps: { compartments: CompartmentsRepo; timers: Timers; transitions: Transitions; jobs: DoorJobs }) {
  const { compartments, timers, transitions, jobs } = deps;
  let lastSelfTest: SelfTestResult | undefined;
  let selfTestRunning = false;

  return {
    /** Open any compartment, whatever it holds: only with a reason, audited with who and why. */
    async override(session: StaffSession, input: { label: string; reason: string; note?: string | undefined }): Promise<StaffJob> {
      const actor = `account:${session.account.login}`;
      const row = compartments.get(input.label);
      if (!row) throw new CabinetError('not-found', `No compartment ${input.label}.`);
      transitions.audit.append({ at: timers.now(), actor, action: 'override.open', outcome: 'ok', caseId: row.caseId, compartment: input.label, detail: { reason: input.reason, note: input.note ?? null } });
      const { job } = await jobs.start({
        kind: 'override',
        compartment: jobs.compartmentOf(input.label),
        actor,
        done: (at) => transitions.audit.append({ at, actor, action: 'override.closed', outcome: 'ok', caseId: row.caseId, compartment: input.label }),
        failed: (at, why) => transitions.audit.append({ at, actor, action: 'override.open', outcome: 'failed', compartment: input.label, detail: { why } }),
      });
      return job;
    },

    setInService(session: StaffSession, label: string, inService: boolean): CompartmentState {
      const actor = `account:${session.account.login}`;
      const row = compartments.get(label);
      if (!row) throw new CabinetError('not-found', `No compartment ${label}.`);
      const at = timers.now();
      if (inService) return transitions.moveCompartment(label, row.state === 'fault' ? 'repair' : 'return-to-service', null, { actor, at });
      return transitions.moveCompartment(label, 'take-out-of-service', null, { actor, at });
    },

    /**
     * Open every free compartment one after another; each passes when its door is seen open and
     * then closed again (the technician closes it), fails when it never opens (→ fault).
     */
    selfTest(session: StaffSession | null, labels?: string[]): { queued: number } {
      if (selfTestRunning) throw new CabinetError('conflict', 'A self-test is already running.');
      const actor = session ? `account:${session.account.login}` : 'cabinet:scheduled';
      const targets = (labels ?? compartments.all().filter((r) => r.state === 'free').map((r) => r.label)).filter((l) => compartments.get(l)?.state === 'free');
      const result: SelfTestResult = { startedAt: timers.now(), endedAt: null, by: actor, results: [] };
      lastSelfTest = result;
      selfTestRunning = true;
      transitions.audit.append({ at: result.startedAt, actor, action: 'selftest.start', outcome: 'ok', detail: { compartments: targets.length } });
      void (async () => {
        try {
          for (const label of targets) {
            if (compartments.get(label)?.state !== 'free') {
              result.results.push({ label, outcome: 'skipped' });
              continue;
            }
            let outcome: SelfTestResult['results'][number]['outcome'] = 'ok';
            const { finished } = await jobs.start({
              kind: 'self-test',
              compartment: jobs.compartmentOf(label),
              actor,
              done: () => undefined,
              failed: (at, why) => {
                outcome = why;
                if (why === 'open-not-detected') transitions.moveCompartment(label, 'fail', null, { actor, at, detail: { during: 'self-test' } });
              },
            });
            await finished;
            result.results.push({ label, outcome });
          }
        } finally {
          result.endedAt = timers.now();
          selfTestRunning = false;
          const failed = result.results.filter((r) => r.outcome !== 'ok' && r.outcome !== 'skipped').map((r) => r.label);
          transitions.audit.append({ at: result.endedAt, actor, action: 'selftest.end', outcome: failed.length ? 'failed' : 'ok', detail: { failed } });
        }
      })();
      return { queued: targets.length };
    },

    selfTestReport: (): SelfTestResult | null => lastSelfTest ?? null,
  };
}
export type Maintenance = ReturnType<typeof createMaintenance>;
