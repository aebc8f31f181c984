// The periodic sweeps: "cabinet silent" (no heartbeat for two intervals) and the deadline flags
// with escalation. Time comes in (a Timers port, a fake one in tests); each sweep is idempotent,
// so two hub instances may both run it.
import type { Timers } from '../../main/core/clock';
import type { Pool } from '../db/pool';
import { calendarOf } from '../domain/calendar';
import { cutoffs, defaultDeadlineRules, type DeadlineRules } from '../domain/deadlines';
import { listCalendar } from '../store/calendar';
import { raiseSilent } from '../store/cabinets';
import { raiseFlags, type RaisedFlag } from '../store/flags';

export async function sweepSilent(pool: Pool, now: number): Promise<string[]> {
  return raiseSilent(pool, now, 2);
}

export async function sweepDeadlines(pool: Pool, now: number, rules: DeadlineRules = defaultDeadlineRules): Promise<RaisedFlag[]> {
  const c = cutoffs(now, calendarOf(await listCalendar(pool)), rules);
  return raiseFlags(pool, now, c.today, c);
}

export interface SweepOptions {
  pool: Pool;
  timers: Timers;
  /** Default 30 s: half the default heartbeat interval. */
  everyMs?: number;
  rules?: DeadlineRules;
  onRaised?(what: { silent: string[]; flags: RaisedFlag[] }): void;
  log?: (level: 'warn', message: string, detail?: unknown) => void;
}

/** Runs both sweeps every `everyMs` on the given timers; stop() ends it. */
export function startSweeps(o: SweepOptions): { stop(): void; runOnce(): Promise<void> } {
  let handle: unknown;
  let stopped = false;
  const runOnce = async () => {
    const now = o.timers.now();
    try {
      const silent = await sweepSilent(o.pool, now);
      const flags = await sweepDeadlines(o.pool, now, o.rules);
      if (silent.length || flags.length) o.onRaised?.({ silent, flags });
    } catch (error) {
      o.log?.('warn', 'sweep failed; next time', String(error));
    }
  };
  const tick = () => {
    void runOnce().finally(() => {
      if (!stopped) handle = o.timers.setTimeout(tick, o.everyMs ?? 30_000);
    });
  };
  handle = o.timers.setTimeout(tick, o.everyMs ?? 30_000);
  return {
    stop() {
      stopped = true;
      o.timers.clearTimeout(handle);
    },
    runOnce,
  };
}
