import { describe, expect, it } from 'vitest';
import { createTrafficLog, trafficKind, type TrafficEntry } from '../../../main/core/staff/traffic-log';

const poll = (at: number): Omit<TrafficEntry, 'seq'> => ({ at, bus: 'bus1', direction: 'tx', hex: '80 01 00 33 B2', kind: 'poll', board: 1, lock: null });
const open = (at: number, board: number, lock: number): Omit<TrafficEntry, 'seq'> => ({ at, bus: 'bus1', direction: 'tx', hex: `8A 0${board} 0${lock} 11`, kind: 'open', board, lock });

describe('the traffic log', () => {
  it('classifies by what the request does', () => {
    expect(trafficKind({ kind: 'open', firesLock: true })).toBe('open');
    expect(trafficKind({ kind: 'open-all', firesLock: true })).toBe('open');
    expect(trafficKind({ kind: 'read-all', firesLock: false })).toBe('poll');
    expect(trafficKind({ kind: 'status', firesLock: false })).toBe('poll');
    expect(trafficKind({ kind: 'baud-set', firesLock: false })).toBe('other');
    expect(trafficKind(undefined)).toBe('other');
  });

  it('keeps an open findable after a flood of polls that fills its ring, and counts what it dropped', () => {
    const log = createTrafficLog({ polls: 1000, other: 100 });
    log.add(open(1, 2, 7));
    for (let i = 0; i < 60_000; i++) log.add(poll(2 + i));
    const page = log.query({ limit: 10, hidePolls: true });
    expect(page.entries.map((e) => e.hex)).toEqual(['8A 02 07 11']);
    expect(page.entries[0]?.seq).toBe(1);
    expect(page.dropped.other).toBe(0);
    expect(page.dropped.polls).toBeGreaterThanOrEqual(60_000 - 1100);
    expect(page.kept).toBeLessThanOrEqual(1 + 1100);
    expect(page.dropped.polls + page.kept).toBe(60_001);
  });

  it('returns the newest entries oldest first, merged across rings by sequence', () => {
    const log = createTrafficLog({ polls: 100, other: 100 });
    log.add(poll(1));
    log.add(open(2, 1, 1));
    log.add(poll(3));
    log.add(open(4, 1, 2));
    expect(log.query({ limit: 3 }).entries.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(log.query({ limit: 10 }).entries.map((e) => e.at)).toEqual([1, 2, 3, 4]);
  });

  it('narrows to a bus, board and lock', () => {
    const log = createTrafficLog({ polls: 100, other: 100 });
    log.add(open(1, 1, 1));
    log.add(open(2, 2, 1));
    log.add(open(3, 2, 3));
    log.add({ ...open(4, 2, 3), bus: 'bus2' });
    expect(log.query({ limit: 10, board: 2 }).entries.map((e) => e.at)).toEqual([2, 3, 4]);
    expect(log.query({ limit: 10, board: 2, lock: 3 }).entries.map((e) => e.at)).toEqual([3, 4]);
    expect(log.query({ limit: 10, bus: 'bus2' }).entries.map((e) => e.at)).toEqual([4]);
    expect(log.query({ limit: 10, lock: 9 }).entries).toEqual([]);
  });
});
