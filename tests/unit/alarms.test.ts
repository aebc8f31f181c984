// Raising an alarm on a store a full disk refuses (vitest's fake clock): the alarm is still announced
// and never thrown at its caller (a poll, a timer: an unguarded throw there ends the process), and its
// audit entry and technician message are written once space returns, in the order raised.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createAlarms, ALARM_RETRY_MS } from '../../main/core/doors/alarms';
import { defaultConfig } from '../../main/core/config';
import type { Repositories } from '../../main/store/repositories';
import type { Transitions } from '../../main/core/cases/transitions';
import type { Alarm } from '../../main/core/doors/door-sessions';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('announces an alarm the disk cannot record, and records it (once, in order) when space returns', async () => {
  let full = true;
  const audit: string[] = [];
  const outbox: string[] = [];
  const repos = {
    transaction: <T>(fn: () => T) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return fn();
    },
    outbox: { add: (m: { payload: { compartment: string | null } }) => outbox.push(String(m.payload.compartment)) },
  } as unknown as Repositories;
  const transitions = { audit: { append: (e: { action: string }) => audit.push(e.action) } } as unknown as Transitions;
  const announced: string[] = [];
  const logged: string[] = [];
  const raise = createAlarms({
    repos,
    config: defaultConfig(),
    transitions,
    clock: { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    log: (_level, message) => logged.push(message),
    raised: (a: Alarm) => announced.push(`${a.kind}:${a.label}`),
  });
  expect(() => raise({ kind: 'door-opened-without-command', label: 'B05', at: 1 })).not.toThrow();
  expect(() => raise({ kind: 'door-left-open', label: 'B05', at: 2 })).not.toThrow();
  expect(announced).toEqual(['door-opened-without-command:B05', 'door-left-open:B05']);
  expect(logged.filter((m) => /could not be recorded/.test(m))).toEqual(['1 alarm(s) could not be recorded yet']); // the second waits behind it
  await vi.advanceTimersByTimeAsync(ALARM_RETRY_MS); // still full: kept
  expect(outbox).toEqual([]);
  full = false;
  await vi.advanceTimersByTimeAsync(ALARM_RETRY_MS);
  expect(audit).toEqual(['alarm.door-opened-without-command', 'alarm.door-left-open']);
  expect(outbox).toEqual(['B05', 'B05']);
  await vi.advanceTimersByTimeAsync(10 * ALARM_RETRY_MS);
  expect(outbox).toHaveLength(2); // written once
});
