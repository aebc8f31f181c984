// Committed processing time is counted in working days: Saturdays, Sundays and any configured
// holidays do not count. Dates are local calendar dates (YYYY-MM-DD) of the cabinet.

export function toLocalDate(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Public holidays, and the weekend days that are worked instead (调休), as YYYY-MM-DD. */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export const plainCalendar: WorkCalendar = { holidays: new Set(), workdays: new Set() };

export function isWorkingDay(date: string, weekday: number, calendar: WorkCalendar): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return weekday !== 0 && weekday !== 6;
}

/** The date `days` working days after the day of `fromMs` (the day of drop-off itself does not count). */
export function addWorkingDays(fromMs: number, days: number, calendar: WorkCalendar = plainCalendar): string {
  const d = new Date(fromMs);
  d.setHours(12, 0, 0, 0); // noon: immune to DST shifts
  let left = days;
  while (left > 0) {
    d.setDate(d.getDate() + 1);
    if (isWorkingDay(toLocalDate(d.getTime()), d.getDay(), calendar)) left -= 1;
  }
  return toLocalDate(d.getTime());
}

/** Epoch ms of the local time "HH:MM" on the local day of `now`. */
export function atLocalTime(localTime: string, now: number): number {
  const [hours, minutes] = localTime.split(':').map(Number);
  const at = new Date(now);
  at.setHours(hours ?? 0, minutes ?? 0, 0, 0);
  return at.getTime();
}
