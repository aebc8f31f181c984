// Staff work at the doors — retrieval, return, correction, recall, override, self-test — as
// jobs: each opens one compartment through a door session and finishes when its door closes
// (or fails to open). Jobs are visible to the console while they run.
import type { Timers } from '../clock';
import type { StaffJob } from '../../contract/staff-schemas';
import type { CabinetConfig, CompartmentConfig } from '../config';
import type { DoorSessions, OpenOutcome } from '../doors/door-sessions';

export interface JobSpec {
  kind: StaffJob['kind'];
  compartment: CompartmentConfig;
  actor: string;
  reference?: string | undefined;
  /** Door closed after it opened: record the outcome (inside your own transaction). A pickup code it issued is kept for its issuer. */
  done(at: number): { code?: string } | void;
  /** The door never opened, or the open never left the host. */
  failed(at: number, why: 'open-not-detected' | 'not-sent'): void;
}

export function createDoorJobs(deps: { doors: DoorSessions; timers: Timers; config: CabinetConfig; newId(): string; emit(job: StaffJob): void }) {
  const jobs = new Map<string, StaffJob>();
  /** Codes issued by finished jobs, for their issuer only, until taken (once) or the job is forgotten. */
  const codes = new Map<string, { code: string; actor: string }>();
  const finishers = new Map<string, (job: StaffJob) => void>();

  const set = (job: StaffJob): StaffJob => {
    jobs.set(job.jobId, job);
    deps.emit(job);
    if (job.stage !== 'opening' && job.stage !== 'open') {
      // Finished jobs stay listed a while so the console can show the result, then go.
      deps.timers.setTimeout(() => {
        jobs.delete(job.jobId);
        codes.delete(job.jobId);
      }, 10 * 60_000);
      finishers.get(job.jobId)?.(job);
      finishers.delete(job.jobId);
    }
    return job;
  };

  /** Start a job; resolves once the open was sent (or refused). `finished` resolves when the job ends. */
  async function start(spec: JobSpec): Promise<{ job: StaffJob; finished: Promise<StaffJob> }> {
    let job: StaffJob = {
      jobId: deps.newId(),
      kind: spec.kind,
      label: spec.compartment.label,
      stage: 'opening',
      actor: spec.actor,
      startedAt: deps.timers.now(),
      ...(spec.reference ? { reference: spec.reference } : {}),
    };
    const finished = new Promise<StaffJob>((resolve) => finishers.set(job.jobId, resolve));
    set(job);
    const outcome: OpenOutcome = await deps.doors.open(spec.compartment, {
      opened: () => {
        job = set({ ...job, stage: 'open' });
      },
      closed: (at) => {
        try {
          const code = spec.done(at)?.code;
          if (code) codes.set(job.jobId, { code, actor: spec.actor });
          job = set({ ...job, ...(code ? { codeReady: true } : {}), stage: 'done', endedAt: at });
        } catch (error) {
          job = set({ ...job, stage: 'failed', endedAt: at, problem: error instanceof Error ? error.message : String(error) });
        }
      },
      notDetected: (at) => {
        spec.failed(at, 'open-not-detected');
        job = set({ ...job, stage: 'open-not-detected', endedAt: at });
      },
      notSent: () => {
        const at = deps.timers.now();
        spec.failed(at, 'not-sent');
        job = set({ ...job, stage: 'failed', endedAt: at, problem: 'the open command could not be sent' });
      },
      leftOpen: (_at, stage) => {
        job = set({ ...job, doorLeftOpen: stage });
      },
    });
    void outcome;
    return { job: jobs.get(job.jobId) ?? job, finished };
  }

  /**
   * Open every compartment of a case (retrieval, recall): `allClosed` runs once the doors of all of
   * them have been opened and closed again; a door that does not open goes to fault.
   */
  async function openCase(input: {
    kind: 'retrieve' | 'recall';
    caseId: number;
    reference: string;
    compartments: readonly string[];
    actor: string;
    markFault(label: string, at: number): void;
    allClosed(at: number): void;
  }): Promise<{ jobs: StaffJob[]; finished: Promise<StaffJob[]> }> {
    const closed = new Set<string>();
    const started = await Promise.all(
      input.compartments.map((label) =>
        start({
          kind: input.kind,
          compartment: compartmentOf(label),
          actor: input.actor,
          reference: input.reference,
          done: (at) => {
            closed.add(label);
            if (closed.size === input.compartments.length) input.allClosed(at);
          },
          failed: (at, why) => {
            if (why === 'open-not-detected') input.markFault(label, at);
          },
        }),
      ),
    );
    return { jobs: started.map((s) => s.job), finished: Promise.all(started.map((s) => s.finished)) };
  }

  function compartmentOf(label: string): CompartmentConfig {
    const c = deps.config.compartments.find((x) => x.label === label);
    if (!c) throw new Error(`no compartment ${label}`);
    return c;
  }

  return {
    start,
    openCase,
    /** The pickup code a job issued, for the account that started it, once; then it is gone. */
    takeCode(jobId: string, actor: string): string | undefined {
      const held = codes.get(jobId);
      if (!held || held.actor !== actor) return undefined;
      codes.delete(jobId);
      jobs.set(jobId, { ...(jobs.get(jobId) as StaffJob), codeReady: false });
      return held.code;
    },
    list: (): StaffJob[] => [...jobs.values()].sort((a, b) => a.startedAt - b.startedAt),
    compartmentOf,
  };
}
export type DoorJobs = ReturnType<typeof createDoorJobs>;
