// The hub's pure rules: working days over the 2026 official calendar, case transitions, deadline
// cut-offs and the validation of what cabinets send.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf, chinaDay, dueDate, isWorkday } from '../../../hub/domain/calendar';
import { canMove, checkTransition, stateAfterEvent } from '../../../hub/domain/case-states';
import { cutoffs, flagsFor } from '../../../hub/domain/deadlines';
import { parseIncoming } from '../../../hub/domain/messages';
import { seedCalendarRows } from '../../../hub/services/seed';

const cal = calendarOf(seedCalendarRows());
/** An instant at local (China) time on a day. */
const at = (day: string, hh = 10) => Date.parse(`${day}T${String(hh).padStart(2, '0')}:00:00+08:00`);

describe('working days over the 2026 calendar', () => {
  it('knows holidays and 调休 working days', () => {
    expect(isWorkday('2026-02-16', cal)).toBe(false); // 春节, a Monday
    expect(isWorkday('2026-02-14', cal)).toBe(true); // a Saturday worked
    expect(isWorkday('2026-01-04', cal)).toBe(true); // a Sunday worked
    expect(isWorkday('2026-03-07', cal)).toBe(false); // an ordinary Saturday
    expect(isWorkday('2026-03-09', cal)).toBe(true);
  });

  it('counts the due date over the Spring Festival and its make-up days', () => {
    // Thursday 12 Feb + 3 working days: Fri 13, Sat 14 (调休), then 15–23 off, Tue 24.
    expect(dueDate(at('2026-02-12'), 3, cal)).toBe('2026-02-24');
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-08', 2, cal)).toBe('2026-10-10'); // Fri 9, Sat 10 (调休)
    expect(addWorkingDays('2026-02-24', -1, cal)).toBe('2026-02-14');
  });

  it('dates a deposit by the China day, not UTC', () => {
    expect(chinaDay(Date.parse('2026-03-09T17:30:00Z'))).toBe('2026-03-10');
  });
});

describe('case states', () => {
  it('allows only the moves of the process', () => {
    expect(checkTransition('accepted', 'in-progress')).toEqual({ ok: true });
    expect(checkTransition('in-progress', 'completed')).toEqual({ ok: true });
    expect(checkTransition('correction', 'in-progress')).toEqual({ ok: true });
    expect(checkTransition('accepted', 'accepted')).toEqual({ ok: false, reason: 'same-state' });
    expect(checkTransition('completed', 'in-progress')).toEqual({ ok: false, reason: 'not-allowed' });
    expect(canMove('rejected', 'in-progress')).toBe(false);
    expect(canMove('accepted', 'completed')).toBe(false);
  });

  it('moves a case on cabinet events only where allowed', () => {
    expect(stateAfterEvent('accepted', 'collected', {})).toBe('in-progress');
    expect(stateAfterEvent('in-progress', 'returned', { correction: false })).toBe('completed');
    expect(stateAfterEvent('in-progress', 'returned', { correction: true })).toBe('correction');
    expect(stateAfterEvent('accepted', 'returned', {})).toBe('completed');
    expect(stateAfterEvent('completed', 'collected', {})).toBeNull();
    expect(stateAfterEvent('in-progress', 'picked-up', {})).toBeNull();
  });
});

describe('deadline cut-offs', () => {
  it('flags due soon at one working day, overdue the day after, the lead after three more working days', () => {
    const c = cutoffs(at('2026-03-10'), cal); // a Tuesday
    expect(c).toMatchObject({ today: '2026-03-10', dueSoonUpTo: '2026-03-11', overdueBefore: '2026-03-10' });
    expect(flagsFor('2026-03-12', c)).toEqual([]);
    expect(flagsFor('2026-03-11', c)).toEqual(['due-soon']);
    expect(flagsFor('2026-03-10', c)).toEqual(['due-soon']);
    expect(flagsFor('2026-03-09', c)).toEqual(['overdue', 'escalated-supervisor']);
    // Due Thu 5 March: Fri 6, Mon 9, Tue 10 — three working days late.
    expect(flagsFor('2026-03-05', c)).toEqual(['overdue', 'escalated-supervisor', 'escalated-lead']);
    expect(flagsFor('2026-03-06', c)).toEqual(['overdue', 'escalated-supervisor']);
  });

  it('looks over a weekend for "one working day left"', () => {
    expect(cutoffs(at('2026-03-13'), cal).dueSoonUpTo).toBe('2026-03-16'); // Friday → Monday
  });
});

describe('what cabinets send', () => {
  const event = { v: 1, id: 'e-0000001', seq: 1, district: 'xh', cabinet: 'xh-1', type: 'deposit', at: 1, data: { reference: '1' } };
  const topic = 'district/xh/cabinets/xh-1/events/deposit';
  const buf = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

  it('accepts a schema-v1 event on its own topic', () => {
    expect(parseIncoming(topic, buf(event))).toMatchObject({ ok: true, message: { kind: 'event', cabinet: 'xh-1' } });
  });

  it.each([
    ['not-json', topic, '{nope'],
    ['unknown-version', topic, { ...event, v: 2 }],
    ['topic-mismatch', 'district/xh/cabinets/xh-2/events/deposit', event],
    ['topic-mismatch', 'district/xh/cabinets/xh-1/events/collected', event],
    ['bad-event', topic, { ...event, type: 'explode' }],
    ['bad-event', topic, { ...event, at: 1e300 }],
    ['nul-character', topic, { ...event, data: { reference: 'a\u0000b' } }],
    ['unknown-topic', 'district/xh/cabinets/xh-1/commands', event],
    ['bad-status', 'district/xh/cabinets/xh-1/status', { v: 1, cabinet: 'xh-1', state: 'maybe' }],
  ])('refuses %s', (reason, t, payload) => {
    expect(parseIncoming(t, buf(payload))).toEqual({ ok: false, reason });
  });

  it('refuses a huge payload unread', () => {
    expect(parseIncoming(topic, Buffer.alloc(300 * 1024, 0x20))).toEqual({ ok: false, reason: 'too-large' });
  });
});
