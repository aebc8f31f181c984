// The receipt printer's health: its real-time status read before and after each job, kept for
// the technician (diagnostics.printerStatus), and an alarm through the outbox once per episode of
// each problem — paper out, near end, cover open, offline, error, no answer. A problem alarms
// when it appears and not again until a later read has seen it gone, so a cabinet out of paper all
// night sends one message, not one per resident.
import { canPrint, problemsOf, type PrinterProblem, type PrinterStatus } from '../../../hardware/printer/status';
import type { Clock } from '../clock';
import type { Alarm } from '../doors/door-sessions';
import type { Printer } from '../ports';

export interface PrinterCheck {
  at: number;
  /** Worst first; empty when all is well. */
  problems: PrinterProblem[];
  /** The decoded status; null when the printer did not answer. */
  status: PrinterStatus | null;
  /** Why there is no status (the error of the request). */
  detail?: string;
}

/** The problems that appeared in `now` and were not in `before`: each starts an episode. */
export function newEpisodes(before: ReadonlySet<PrinterProblem>, now: readonly PrinterProblem[]): PrinterProblem[] {
  return now.filter((p) => !before.has(p));
}

export interface PrinterHealthDeps {
  printer: Pick<Printer, 'status'>;
  clock: Pick<Clock, 'now'>;
  port: string;
  alarm(alarm: Alarm): void;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
}

export function createPrinterHealth(deps: PrinterHealthDeps) {
  let open = new Set<PrinterProblem>();
  let last: PrinterCheck | undefined;

  /** Read the status now (never throws), record it, alarm what newly went wrong. */
  async function check(moment: 'before' | 'after' | 'asked'): Promise<PrinterCheck> {
    let result: PrinterCheck;
    try {
      const status = await deps.printer.status();
      result = { at: deps.clock.now(), problems: problemsOf(status), status };
    } catch (error) {
      result = { at: deps.clock.now(), problems: ['unreachable'], status: null, detail: error instanceof Error ? error.message : String(error) };
    }
    for (const problem of newEpisodes(open, result.problems)) {
      deps.log('warn', `receipt printer (${deps.port}): ${problem} (read ${moment} a job)`, result.detail);
      deps.alarm({ kind: `printer-${problem}`, at: result.at, detail: { port: deps.port, problem, moment, ...(result.detail ? { message: result.detail } : {}) } });
    }
    open = new Set(result.problems);
    last = result;
    return result;
  }

  return {
    check,
    /** The latest read, if any. */
    last: () => last,
    ready: (c: PrinterCheck) => canPrint(c.problems),
  };
}
export type PrinterHealth = ReturnType<typeof createPrinterHealth>;
