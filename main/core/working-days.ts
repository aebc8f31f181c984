// Committed processing time is counted in working days: Saturdays, Sundays and any configured
// holidays do not count. Dates are local calendar dates (YYYY-MM-DD) of the cabinet.

export function toLocalDate(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The date `days` working days after the day of `fromMs` (the day of drop-off itself does not count). */
export function addWorkingDays(fromMs: number, days: number, holidays: ReadonlySet<string> = new Set()): string {
  const d = new Date(fromMs);
  d.setHours(12, 0, 0, 0); // noon: immune to DST shifts
  let left = days;
  while (left > 0) {
    d.setDate(d.getDate() + 1);
    const weekday = d.getDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(toLocalDate(d.getTime()))) left -= 1;
  }
  return toLocalDate(d.getTime());
}
