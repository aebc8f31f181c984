// The power-cut suite's pure parts: the seeded schedule, where a kill landed, and what a child's
// lines allow the restart to show. A wrong rule here would make the crash suite prove less.
import { describe, expect, it } from 'vitest';
import { flows, landedIn, phases, schedule } from '../integration/power-cut/schedule';
import { allowedStatuses } from '../integration/power-cut/model';

describe('the power-cut schedule', () => {
  it('is replayable from its seed, spreads the runs over the lanes, starts each lane at start-up', () => {
    const a = schedule(517149364, 8, 200);
    expect(schedule(517149364, 8, 200)).toEqual(a);
    expect(schedule(42, 8, 200)).not.toEqual(a);
    expect(a.map((lane) => lane.length)).toEqual(Array.from({ length: 8 }, () => 25));
    expect(a.every((lane) => lane[0]?.marker === 'spawned')).toBe(true);
    expect(schedule(1, 3, 10).flat()).toHaveLength(10);
  });

  it('aims at every phase of every flow in a CI-sized run', () => {
    const markers = new Set(schedule(517149364, 8, 200).flat().map((cut) => cut.marker.split(' ').slice(0, 2).join(' ')));
    for (const flow of flows) for (const phase of phases) expect(markers, `${flow} ${phase}`).toContain(`${flow} ${phase}`);
  });

  it('names the phase a kill landed in from the last line: a report is its flow commit', () => {
    expect(landedIn([])).toBe('start-up');
    expect(landedIn(['ready'])).toBe('start-up');
    expect(landedIn(['ready', 'retrieve begin 1 2611300004'])).toBe('retrieve begin');
    expect(landedIn(['ready', 'pickup begin 1 2611300004', 'pickup open 1', 'pickup closed 1', 'picked-up 2611300004'])).toBe('pickup commit');
    expect(landedIn(['return closed 1', 'returned 2611300004 A03', 'code 2611300004 123456'])).toBe('return commit');
  });
});

describe("what a child's lines allow", () => {
  const model = () => ({ dir: '', statuses: new Map([['R1', 'deposited'], ['R2', 'returned'], ['R3', 'collected']]), codes: new Map([['R2', '111111']]), checksCleared: 0 });

  it('a step reported committed must show; one begun may or may not have committed; the rest stays', () => {
    const m = model();
    const { allowed } = allowedStatuses(m, ['retrieve begin 1 R1', 'collected R1', 'pickup begin 1 R2', 'return begin 1 R3']);
    expect(allowed.get('R1')).toEqual(new Set(['collected']));
    expect(allowed.get('R2')).toEqual(new Set(['returned', 'picked-up']));
    expect(allowed.get('R3')).toEqual(new Set(['collected', 'returned']));
  });

  it('counts the drop-offs in flight and follows pickup codes and continuations', () => {
    const m = model();
    const out = allowedStatuses(m, ['dropoff begin 1', 'deposited R9 A01', 'continued R9 A02', 'dropoff begin 2', 'code R3 222222', 'picked-up R2']);
    expect(out.dropOffsInFlight).toBe(1);
    expect(out.allowed.get('R9')).toEqual(new Set(['deposited']));
    expect(out.continued).toEqual(new Map([['A02', 'R9']]));
    expect(m.codes).toEqual(new Map([['R3', '222222']]));
  });
});
