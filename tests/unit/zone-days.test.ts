// The cabinet's days in its configured zone, whatever the process's zone: the reference day and
// the expected completion date of a 01:11 drop-off in Shanghai, working days across a weekend and
// a holiday, and "HH:MM" schedules (digest, nightly check) across daylight saving.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingDaysFrom, atLocalTime, toLocalDate } from '../../main/core/cases/working-days';

const at = (iso: string) => Date.parse(iso);

describe('calendar days in the cabinet zone', () => {
  it('a drop-off at 01:11 on Monday in Shanghai is dated Monday, even where UTC still says Sunday', () => {
    const ms = at('2026-11-29T17:11:00Z'); // Mon 30 Nov 01:11 in Shanghai, Sun 29 Nov in UTC
    expect(toLocalDate(ms, 'Asia/Shanghai')).toBe('2026-11-30');
    expect(toLocalDate(ms, 'UTC')).toBe('2026-11-29');
    // 1 working day after Monday is Tuesday; after Sunday (the UTC day) it would have been Monday.
    expect(addWorkingDays(ms, 1, undefined, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(addWorkingDays(ms, 1, undefined, 'UTC')).toBe('2026-11-30');
  });

  it('counts working days on the calendar date: weekends, holidays and 调休 workdays', () => {
    expect(addWorkingDaysFrom('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDaysFrom('2026-11-27', 10)).toBe('2026-12-11');
    const national = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']), workdays: new Set(['2026-09-27', '2026-10-10']) };
    expect(addWorkingDaysFrom('2026-09-30', 2, national)).toBe('2026-10-09');
    expect(addWorkingDaysFrom('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('"HH:MM" is that wall time in the zone, on the zone\'s day', () => {
    expect(atLocalTime('21:00', at('2026-11-29T17:11:00Z'), 'Asia/Shanghai')).toBe(at('2026-11-30T13:00:00Z'));
    expect(atLocalTime('03:30', at('2026-11-29T17:11:00Z'), 'Asia/Shanghai')).toBe(at('2026-11-29T19:30:00Z'));
    expect(atLocalTime('00:00', at('2026-11-29T17:11:00Z'), 'UTC')).toBe(at('2026-11-29T00:00:00Z'));
  });

  it('across daylight saving: the spring gap is taken an hour later, the repeated autumn hour at its first reading', () => {
    // Europe/Berlin: 02:00–03:00 does not exist on 29 March 2026.
    expect(atLocalTime('02:30', at('2026-03-29T10:00:00Z'), 'Europe/Berlin')).toBe(at('2026-03-29T01:30:00Z'));
    expect(atLocalTime('21:00', at('2026-03-29T10:00:00Z'), 'Europe/Berlin')).toBe(at('2026-03-29T19:00:00Z'));
    // America/New_York: 01:30 happens twice on 1 November 2026 (EDT, then EST).
    expect(atLocalTime('01:30', at('2026-11-01T15:00:00Z'), 'America/New_York')).toBe(at('2026-11-01T05:30:00Z'));
    expect(atLocalTime('21:00', at('2026-11-01T15:00:00Z'), 'America/New_York')).toBe(at('2026-11-02T02:00:00Z'));
  });
});
