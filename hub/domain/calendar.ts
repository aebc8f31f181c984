// Working days over the official calendar: weekends are rest days unless the State Council
// moved a working day onto them (调休); listed holidays are rest days even on a weekday. Dates are
// 'YYYY-MM-DD' calendar days in China (UTC+8, no daylight saving). Pure.

export interface Calendar {
  /** Official holidays (rest days). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休). */
  workdays: ReadonlySet<string>;
}

export const CHINA_OFFSET_MS = 8 * 3600_000;

export function calendarOf(rows: { day: string; kind: 'holiday' | 'workday' }[]): Calendar {
  return { holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)), workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)) };
}

/** The China calendar day of an instant. */
export function chinaDay(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function isWorkday(day: string, cal: Calendar): boolean {
  if (cal.holidays.has(day)) return false;
  if (cal.workdays.has(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `day` (n ≥ 1), or before it for n < 0; n = 0 is `day` itself. */
export function addWorkingDays(day: string, n: number, cal: Calendar): string {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let current = day;
  // Bounded: the longest official holiday is nine days, so a year of steps is never reached.
  for (let guard = 0; left > 0 && guard < 3660; guard += 1) {
    current = addDays(current, step);
    if (isWorkday(current, cal)) left -= 1;
  }
  return current;
}

/** The due date of a case: deposit day (China) + the matter's committed working days. */
export function dueDate(depositedAt: number, committedDays: number, cal: Calendar): string {
  return addWorkingDays(chinaDay(depositedAt), committedDays, cal);
}
