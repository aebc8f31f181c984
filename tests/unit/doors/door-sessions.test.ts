// Door sessions on a stand-in LockBus and sensors, with vitest's fake clock: any evidence of an
// opening counts, a door not seen open says whether that is certain, and a failing audit record
// (a full disk) never leaves a door unwatched.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BusError, type LockBus, type OpenReply } from '../../../hardware/lock-bus';
import { systemTimers } from '../../../hardware/transport/timers';
import type { CompartmentConfig } from '../../../main/core/config';
import { createDoorSessions, type Alarm, type DoorSensors } from '../../../main/core/doors/door-sessions';

const A01 = { label: 'A01', bus: 'bus1', board: 1, lock: 1, size: 'S', column: 1, row: 1 } as CompartmentConfig;

function rig(options: { reply?: () => Promise<OpenReply>; recordFails?: boolean; seenThroughout?: boolean } = {}) {
  const sensor = { open: false as boolean | undefined, readAt: undefined as number | undefined };
  const sensors: DoorSensors = { isOpen: () => sensor.open, readAt: () => sensor.readAt, seenThroughout: () => options.seenThroughout ?? true };
  const bus = { openLock: vi.fn(options.reply ?? (async () => ({ board: 1, lock: 1, reading: { board: 1, lock: 1, open: false } }))) } as unknown as LockBus;
  const alarms: Alarm[] = [];
  const log: string[] = [];
  const events: string[] = [];
  const doors = createDoorSessions({
    buses: new Map([['bus1', bus]]),
    sensors,
    timers: systemTimers,
    doorOpenDetectMs: 3000,
    doorLeftOpenMs: 60_000,
    recordOpen: () => {
      if (options.recordFails) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    },
    alarm: (a) => alarms.push(a),
    log: (_level, message) => log.push(message),
  });
  const handlers = {
    opened: (at: number) => events.push(`opened ${at}`),
    closed: (at: number) => events.push(`closed ${at}`),
    notDetected: (_at: number, certain: boolean) => events.push(`not-detected ${certain ? 'certain' : 'uncertain'}`),
    notSent: (e: BusError) => events.push(`not-sent ${e.kind}`),
  };
  /** A poll cycle read the door at the current time. */
  const poll = (open: boolean) => {
    sensor.open = open;
    sensor.readAt = performance.now();
    doors.onPollCycle(performance.now());
  };
  return { doors, bus, alarms, log, events, handlers, poll };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('door sessions', () => {
  it("take the board's own reading in the open reply as evidence, and a fresh closed poll as the close", async () => {
    const r = rig({ reply: async () => ({ board: 1, lock: 1, reading: { board: 1, lock: 1, open: true } }) });
    await r.doors.open(A01, r.handlers);
    expect(r.events).toEqual([expect.stringMatching(/^opened /)]);
    await vi.advanceTimersByTimeAsync(30);
    r.poll(false); // the resident already closed it again: the monitor never saw it open
    expect(r.events).toEqual([expect.stringMatching(/^opened /), expect.stringMatching(/^closed /)]);
    expect(r.doors.isActive('A01')).toBe(false);
  });

  it('are not closed by a poll older than the evidence', async () => {
    const r = rig({ reply: async () => ({ board: 1, lock: 1, reading: { board: 1, lock: 1, open: true } }) });
    r.poll(false);
    await r.doors.open(A01, r.handlers);
    r.doors.onPollCycle(performance.now()); // no new reading since the reply
    expect(r.events).toHaveLength(1);
    expect(r.doors.stageOf('A01')).toBe('open');
  });

  it('count a door that reads open while opening as opened, even when the monitor reported no change (its first reading)', async () => {
    const r = rig({ reply: async () => Promise.reject(new BusError('outcome-unknown', 'wrong-board', 'reply from another board')) });
    await r.doors.open(A01, r.handlers);
    await vi.advanceTimersByTimeAsync(50);
    r.poll(true); // the monitor's first reading of A01: a baseline, so no change was reported
    expect(r.events).toEqual([expect.stringMatching(/^opened /)]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(r.alarms).toEqual([]); // not "open-not-detected"
    r.doors.onDoorChange({ label: 'A01', open: false, at: performance.now() });
    expect(r.events.at(-1)).toMatch(/^closed /);
  });

  it('say "not detected, certain" when the door was read all along, and "uncertain" when it was not', async () => {
    for (const seenThroughout of [true, false]) {
      const r = rig({ seenThroughout });
      await r.doors.open(A01, r.handlers);
      await vi.advanceTimersByTimeAsync(3000);
      expect(r.events).toEqual([`not-detected ${seenThroughout ? 'certain' : 'uncertain'}`]);
      expect(r.alarms.map((a) => [a.kind, a.detail])).toEqual([['open-not-detected', { certain: seenThroughout }]]);
    }
  });

  it('keep following the door when the open cannot be recorded (a full disk), and never resend', async () => {
    const r = rig({ recordFails: true });
    await expect(r.doors.open(A01, r.handlers)).resolves.toBe('opening');
    expect(r.log.join('\n')).toMatch(/recording the open of A01 failed/);
    r.doors.onDoorChange({ label: 'A01', open: true, at: 1 });
    r.doors.onDoorChange({ label: 'A01', open: false, at: 2 });
    expect(r.events).toEqual(['opened 1', 'closed 2']);
    expect(r.bus.openLock).toHaveBeenCalledTimes(1);
  });

  it("keep a flow's step that throws (its record refused by a full disk) away from the polling and the timers", async () => {
    const r = rig({ seenThroughout: true });
    const full = () => {
      throw Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    };
    await r.doors.open(A01, { ...r.handlers, closed: full });
    r.doors.onDoorChange({ label: 'A01', open: true, at: 1 });
    expect(() => r.doors.onDoorChange({ label: 'A01', open: false, at: 2 })).not.toThrow();
    expect(r.doors.isActive('A01')).toBe(false);
    expect(r.log.join('\n')).toMatch(/the closed step of A01 failed/);
    // A timer's step too: "not detected" whose record is refused does not throw out of the timer.
    await r.doors.open(A01, { ...r.handlers, notDetected: full });
    await expect(vi.advanceTimersByTimeAsync(3000)).resolves.toBeDefined();
    expect(r.log.join('\n')).toMatch(/the not-detected step of A01 failed/);
    expect(r.doors.isActive('A01')).toBe(false);
  });

  it('follow the sensor after an open whose outcome is unknown, and release only one provably never sent', async () => {
    const unknown = rig({ reply: async () => Promise.reject(new BusError('outcome-unknown', 'timeout', 'no reply')) });
    await expect(unknown.doors.open(A01, unknown.handlers)).resolves.toBe('opening');
    unknown.doors.onDoorChange({ label: 'A01', open: true, at: 5 });
    expect(unknown.events).toEqual(['opened 5']);
    const notSent = rig({ reply: async () => Promise.reject(new BusError('offline', 'port-gone', 'unplugged')) });
    await expect(notSent.doors.open(A01, notSent.handlers)).resolves.toBe('not-sent');
    expect(notSent.events).toEqual(['not-sent offline']);
    expect(notSent.doors.isActive('A01')).toBe(false);
  });
});
