// The kiosk heals itself: a renderer that dies or hangs is reloaded, each time counted and logged;
// too many failures in a window mean something a reload cannot fix, so the whole app relaunches
// cleanly (the same path as after a power cut). A failure in the main process itself
// (uncaughtException, unhandledRejection) is logged, then relaunched. Time is injected.

export interface FailureBudget {
  /** Failures tolerated within `windowMs` with a reload; one more relaunches the app. */
  maxReloads: number;
  windowMs: number;
}

export const DEFAULT_FAILURE_BUDGET: FailureBudget = { maxReloads: 3, windowMs: 10 * 60_000 };

/** Counts failures in a sliding window: 'reload' while within budget, then 'relaunch'. */
export function createFailureCounter(budget: FailureBudget, now: () => number) {
  let times: number[] = [];
  return {
    record(): 'reload' | 'relaunch' {
      const t = now();
      times = [...times.filter((x) => t - x < budget.windowMs), t];
      return times.length > budget.maxReloads ? 'relaunch' : 'reload';
    },
    count: () => times.length,
  };
}

export type RecoveryLog = (level: 'warn' | 'error', message: string, detail: Record<string, unknown>) => void;

/** The slice of a BrowserWindow and its WebContents the recovery uses. */
export interface RecoverableWindow {
  isDestroyed(): boolean;
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
    reload(): void;
    forcefullyCrashRenderer(): void;
  };
  on(event: 'unresponsive', listener: () => void): unknown;
}

export interface RecoveryDeps {
  log: RecoveryLog;
  relaunch: (reason: string) => void;
  counter: ReturnType<typeof createFailureCounter>;
}

export function watchRenderer(window: RecoverableWindow, deps: RecoveryDeps): void {
  // Set when we kill a hung renderer ourselves: its 'render-process-gone' is the same failure.
  let killedOnPurpose = false;
  const fail = (what: string, detail: Record<string, unknown>) => {
    const verdict = deps.counter.record();
    deps.log('error', `renderer ${what}: ${verdict}`, { ...detail, failures: deps.counter.count() });
    if (verdict === 'relaunch') return deps.relaunch(`renderer ${what} ${deps.counter.count()} times`);
    if (!window.isDestroyed()) window.webContents.reload();
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    if (killedOnPurpose) {
      killedOnPurpose = false;
      return;
    }
    fail('gone', { reason: details.reason, exitCode: details.exitCode });
  });
  window.on('unresponsive', () => {
    if (window.isDestroyed()) return;
    killedOnPurpose = true;
    window.webContents.forcefullyCrashRenderer();
    fail('unresponsive', {});
  });
}

/** The slice of `process` used: its two last-resort events. */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/** Log a main-process failure, then relaunch once (a second failure while relaunching is only logged). */
export function guardProcess(proc: ProcessEvents, deps: Pick<RecoveryDeps, 'log' | 'relaunch'>): void {
  let relaunching = false;
  const handle = (kind: string, error: unknown) => {
    const detail = error instanceof Error ? { message: error.message, stack: error.stack } : { reason: String(error) };
    deps.log('error', `${kind} in the main process`, detail);
    if (relaunching) return;
    relaunching = true;
    deps.relaunch(kind);
  };
  proc.on('uncaughtException', (error) => handle('uncaughtException', error));
  proc.on('unhandledRejection', (reason) => handle('unhandledRejection', reason));
}
