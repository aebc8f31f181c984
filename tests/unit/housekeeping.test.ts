// Housekeeping on vitest's fake clock with a store whose writes a full disk refuses: the purge at
// start-up and on its timer, and the nightly check, are logged and tried again at their next time,
// never thrown out of start-up or a timer (which would end the process or stop the timers).
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startHousekeeping, PURGE_EVERY_MS } from '../../main/core/housekeeping';
import { defaultConfig } from '../../main/core/config';
import type { Repositories } from '../../main/store/repositories';
import type { Transitions } from '../../main/core/cases/transitions';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('logs a purge the disk refuses and purges at the next hour once space returns', async () => {
  let full = true;
  let purges = 0;
  const refuse = () => {
    if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  };
  const repos = {
    transaction: <T>(fn: () => T) => fn(),
    cases: {
      purgePhones: () => {
        refuse();
        purges++;
        return 0;
      },
    },
    identities: { purge: () => 0 },
    audit: { append: refuse },
    compartments: { all: () => [] },
    outbox: { hasKey: () => false, add: refuse },
  } as unknown as Repositories;
  const logged: string[] = [];
  const errors: unknown[] = [];
  const config = { ...defaultConfig(), nightlyCheckAt: '00:00' };
  const housekeeping = startHousekeeping({
    repos,
    config,
    clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    transitions: { audit: { append: refuse } } as unknown as Transitions,
    links: new Map(),
    doorOpen: () => false,
    sweepReturns: () => {},
    log: (_level, message, detail) => {
      logged.push(message);
      errors.push(detail);
    },
  });
  expect(logged).toEqual(['housekeeping: purge and deadline sweep failed']);
  // The nightly check's record is refused too: logged each minute, the timers keep going.
  await expect(vi.advanceTimersByTimeAsync(2 * 60_000)).resolves.toBeDefined();
  expect(logged.filter((m) => m === 'housekeeping: nightly check failed').length).toBeGreaterThanOrEqual(1);
  expect(new Set(errors)).toEqual(new Set(['database or disk is full'])); // the disk, not a stand-in's gap
  full = false;
  await vi.advanceTimersByTimeAsync(PURGE_EVERY_MS);
  expect(purges).toBe(1);
  housekeeping.stop();
});
