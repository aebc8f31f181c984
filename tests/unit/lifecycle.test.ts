// Every (state, event) pair of both tables, checked against the intended lifecycle.
import { describe, expect, it } from 'vitest';
import {
  caseEvents,
  caseStatuses,
  compartmentEvents,
  compartmentStates,
  isClosed,
  nextCaseStatus,
  nextCompartmentState,
  residentStatus,
  type CaseEvent,
  type CaseStatus,
  type CompartmentEvent,
  type CompartmentState,
} from '../../main/core/cases/lifecycle';

const allowedCase: Array<[CaseStatus, CaseEvent, CaseStatus]> = [
  ['reserved', 'door-opened', 'door-opened'],
  ['reserved', 'abandon', 'abandoned'],
  ['door-opened', 'door-closed', 'deposited'],
  ['deposited', 'collect', 'collected'],
  ['collected', 'return', 'returned'],
  ['collected', 'correct', 'needs-correction'],
  ['returned', 'pick-up', 'picked-up'],
  ['returned', 'expire', 'expired'],
  ['returned', 'recall', 'recalled'],
  ['needs-correction', 'pick-up', 'picked-up'],
  ['needs-correction', 'expire', 'expired'],
  ['needs-correction', 'recall', 'recalled'],
  ['expired', 'recall', 'recalled'],
  ['expired', 'pick-up', 'picked-up'],
  ['abandoned', 'found', 'deposited'],
];

const allowedCompartment: Array<[CompartmentState, CompartmentEvent, CompartmentState]> = [
  ['free', 'reserve', 'reserved'],
  ['free', 'fail', 'fault'],
  ['free', 'take-out-of-service', 'out-of-service'],
  ['reserved', 'release', 'free'],
  ['reserved', 'fill', 'occupied'],
  ['reserved', 'fail', 'fault'],
  ['occupied', 'empty', 'free'],
  ['occupied', 'reserve', 'reserved'],
  ['occupied', 'fail', 'fault'],
  ['fault', 'repair', 'free'],
  ['fault', 'take-out-of-service', 'out-of-service'],
  ['out-of-service', 'return-to-service', 'free'],
  ['reserved', 'doubt', 'check'],
  ['occupied', 'doubt', 'check'],
  ['fault', 'doubt', 'check'],
  ['check', 'empty', 'free'],
  ['check', 'fill', 'occupied'],
  ['check', 'fail', 'fault'],
  ['check', 'take-out-of-service', 'out-of-service'],
];

describe('case lifecycle', () => {
  it.each(caseStatuses.flatMap((s) => caseEvents.map((e) => [s, e] as const)))('%s + %s', (status, event) => {
    const expected = allowedCase.find(([s, e]) => s === status && e === event)?.[2] ?? null;
    expect(nextCaseStatus(status, event)).toBe(expected);
  });

  it('closes exactly picked-up, abandoned and recalled', () => {
    expect(caseStatuses.filter(isClosed)).toEqual(['picked-up', 'abandoned', 'recalled']);
  });

  it('reaches picked-up from reserved along the happy path', () => {
    const path: CaseEvent[] = ['door-opened', 'door-closed', 'collect', 'return', 'pick-up'];
    const end = path.reduce<CaseStatus | null>((s, e) => (s ? nextCaseStatus(s, e) : null), 'reserved');
    expect(end).toBe('picked-up');
  });

  it('tells a resident a plain status for every case status', () => {
    expect(caseStatuses.map(residentStatus)).toEqual([
      'not-deposited', 'not-deposited', 'received', 'processing', 'ready', 'needs-correction', 'picked-up', 'not-deposited', 'ready', 'recalled',
    ]);
  });
});

describe('compartment states', () => {
  it.each(compartmentStates.flatMap((s) => compartmentEvents.map((e) => [s, e] as const)))('%s + %s', (state, event) => {
    const expected = allowedCompartment.find(([s, e]) => s === state && e === event)?.[2] ?? null;
    expect(nextCompartmentState(state, event)).toBe(expected);
  });
});
