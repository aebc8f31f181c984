// The cabinet's own timers: hourly housekeeping (purge old personal data; remind residents of
// deadlines and expire overdue items) and the unattended nightly check, once a day after its
// configured local time. Both run on the injected clock.
import type { Repositories } from '../store/repositories';
import type { Clock } from './clock';
import type { CabinetConfig } from './config';
import type { BusLink } from './ports';
import { purgePersonalData } from './cases/privacy';
import { nightlyCheck } from './staff/nightly-check';
import type { Transitions } from './cases/transitions';
import { atLocalTime } from './cases/working-days';

export const PURGE_EVERY_MS = 3600_000;
const NIGHTLY_CHECK_EVERY_MS = 60_000;

export interface HousekeepingDeps {
  repos: Repositories;
  config: CabinetConfig;
  clock: Clock;
  transitions: Transitions;
  links: ReadonlyMap<string, BusLink>;
  doorOpen(label: string): boolean | undefined;
  /** The staff's returns sweep: deadline reminders and expiry of overdue items. */
  sweepReturns(): void;
  log(level: 'info', message: string, detail?: unknown): void;
}

/** Starts both timers; the first purge runs at once. */
export function startHousekeeping(deps: HousekeepingDeps): { stop(): void } {
  const { repos, config, clock, transitions } = deps;
  const purge = () => {
    purgePersonalData(repos, clock.now(), config.privacy.purgeAfterDays);
    deps.sweepReturns();
  };
  // The unattended nightly check (read-only), once a day after its local time.
  const checkTimer = setIntervalWith(clock, NIGHTLY_CHECK_EVERY_MS, () => {
    const now = clock.now();
    if (config.nightlyCheckAt && now >= atLocalTime(config.nightlyCheckAt, now, config.cabinet.timeZone)) {
      const { written, report } = nightlyCheck({ repos, config, transitions, transports: deps.links, doorOpen: deps.doorOpen, now });
      if (written) deps.log('info', 'nightly check', report);
    }
  });
  purge();
  const purgeTimer = setIntervalWith(clock, PURGE_EVERY_MS, purge);
  return {
    stop() {
      purgeTimer.stop();
      checkTimer.stop();
    },
  };
}

/** A repeating timer on the injected clock. */
function setIntervalWith(clock: Clock, ms: number, fn: () => void): { stop(): void } {
  let handle = clock.setTimeout(function tick() {
    fn();
    handle = clock.setTimeout(tick, ms);
  }, ms);
  return { stop: () => clock.clearTimeout(handle) };
}
