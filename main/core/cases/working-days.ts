// Committed processing time is counted in working days: Saturdays, Sundays and any configured
// holidays do not count. Dates are calendar dates (YYYY-MM-DD) of the cabinet: in its configured
// time zone (config cabinet.timeZone) when one is given, so a kiosk whose system clock runs in UTC
// still dates a 01:11 drop-off in Shanghai by the Shanghai day; without one, the process's zone.
import { localDate, wallClock } from '../../contract/format';

const DAY_MS = 86_400_000;

export function toLocalDate(epochMs: number, zone?: string): string {
  if (zone) return localDate(epochMs, zone);
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
export function addWorkingDays(fromMs: number, days: number, calendar: WorkCalendar = plainCalendar, zone?: string): string {
  if (zone) return addWorkingDaysFrom(localDate(fromMs, zone), days, calendar);
  const d = new Date(fromMs);
  d.setHours(12, 0, 0, 0); // noon: immune to DST shifts
  let left = days;
  while (left > 0) {
    d.setDate(d.getDate() + 1);
    if (isWorkingDay(toLocalDate(d.getTime()), d.getDay(), calendar)) left -= 1;
  }
  return toLocalDate(d.getTime());
}

/** The date `days` working days after calendar date `from` (YYYY-MM-DD): day arithmetic on the date itself, no zone. */
export function addWorkingDaysFrom(from: string, days: number, calendar: WorkCalendar = plainCalendar): string {
  const [y, m, d] = from.split('-').map(Number);
  let t = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), new Date(t).getUTCDay(), calendar)) left -= 1;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Epoch ms of the local time "HH:MM" on the local day of `now`; in `zone` when given. A time the
 * zone skips (a spring-forward gap) is taken an hour later; a repeated one, at its first reading.
 */
export function atLocalTime(localTime: string, now: number, zone?: string): number {
  const [hours, minutes] = localTime.split(':').map(Number);
  if (zone) return atZoneTime(hours ?? 0, minutes ?? 0, now, zone);
  const at = new Date(now);
  at.setHours(hours ?? 0, minutes ?? 0, 0, 0);
  return at.getTime();
}

/** The instant the wall clock of `zone` reads hours:minutes on its day of `now`. */
function atZoneTime(hours: number, minutes: number, now: number, zone: string): number {
  const w = wallClock(now, zone);
  const wanted = Date.UTC(w.year, w.month - 1, w.day, hours, minutes);
  // The zone's offset at a guess, then once more at the answer (the offset may differ across DST).
  const offsetAt = (ms: number) => {
    const c = wallClock(ms, zone);
    return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(ms / 1000) * 1000;
  };
  const first = wanted - offsetAt(wanted);
  return wanted - offsetAt(first);
}
