// The ONE formatter of what a person reads: reference numbers, dates and times, in the cabinet's
// time zone (config cabinet.timeZone), for the screens, receipts, messages and CSV exports alike.
// Pure: the zone is a parameter, never the process's own; Intl (full ICU in Node and Chromium) does
// the calendar arithmetic, so daylight saving and date lines are right without our own tables.

export type FormatLanguage = 'zh-CN' | 'en';

/** Where the cabinets stand unless configured otherwise (China has one zone, no daylight saving). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** True when Intl knows the IANA zone name (config validation). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A wall-clock reading in one zone: numbers, so every format below is built the same way. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// One Intl formatter per zone: building one costs far more than using it.
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    // hourCycle h23: midnight is 00, never the "24" some ICU versions give with hour12: false.
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at the instant `ms` (epoch milliseconds). */
export function wallClock(ms: number, zone: string = DEFAULT_TIME_ZONE): WallClock {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year ?? 0, month: out.month ?? 0, day: out.day ?? 0, hour: (out.hour ?? 0) % 24, minute: out.minute ?? 0, second: out.second ?? 0 };
}

const two = (n: number) => String(n).padStart(2, '0');

/** The calendar date in `zone`: YYYY-MM-DD (for keys, file names and rules, not for people). */
export function localDate(ms: number, zone: string = DEFAULT_TIME_ZONE): string {
  const w = wallClock(ms, zone);
  return `${w.year}-${two(w.month)}-${two(w.day)}`;
}

function dateOf(w: Pick<WallClock, 'year' | 'month' | 'day'>, language: FormatLanguage): string {
  return language === 'zh-CN' ? `${w.year}年${w.month}月${w.day}日` : `${w.day} ${EN_MONTHS[w.month - 1] ?? '?'} ${w.year}`;
}

/** zh `2026年11月30日 01:11`, en `30 Nov 2026, 01:11`: the time in the cabinet's zone, to the minute. */
export function formatDateTime(ms: number, language: FormatLanguage, zone: string = DEFAULT_TIME_ZONE): string {
  const w = wallClock(ms, zone);
  const time = `${two(w.hour)}:${two(w.minute)}`;
  return language === 'zh-CN' ? `${dateOf(w, language)} ${time}` : `${dateOf(w, language)}, ${time}`;
}

/** zh `2026年11月30日`, en `30 Nov 2026`: an instant's date in the zone, or a calendar date YYYY-MM-DD as it is. */
export function formatDate(value: number | string, language: FormatLanguage, zone: string = DEFAULT_TIME_ZONE): string {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return value;
    return dateOf({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, language);
  }
  return dateOf(wallClock(value, zone), language);
}

/** `01:11`: hours and minutes, 24-hour, in the zone. */
export function formatTime(ms: number, zone: string = DEFAULT_TIME_ZONE): string {
  const w = wallClock(ms, zone);
  return `${two(w.hour)}:${two(w.minute)}`;
}

/** `2026-11-30 01:11:16` in the zone: what a CSV cell holds (a spreadsheet reads it as a date). */
export function formatCsvDateTime(ms: number, zone: string = DEFAULT_TIME_ZONE): string {
  const w = wallClock(ms, zone);
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/** A reference's digits: the cabinet's 3-digit district code when it has one, the day YYMMDD, the day's sequence. */
export const REFERENCE_PATTERN = /^(\d{3})?\d{10}$/;

/**
 * A case reference as people see it everywhere: `261130 0001` (the day, a space, the day's
 * sequence), or `017 261130 0001` with the cabinet's district code in front. The keypad takes the
 * digits alone; a space is not mistaken for a key to press as a dash would be. Anything else is
 * shown as it is.
 */
export function formatReference(reference: string): string {
  if (/^\d{10}$/.test(reference)) return `${reference.slice(0, 6)} ${reference.slice(6)}`;
  if (/^\d{13}$/.test(reference)) return `${reference.slice(0, 3)} ${reference.slice(3, 9)} ${reference.slice(9)}`;
  return reference;
}

/** The 10 or 13 digits of a reference however it was written (spaces, dashes), or null. */
export function parseReference(text: string): string | null {
  const digits = text.replace(/[\s\-–—·.]/g, '');
  return REFERENCE_PATTERN.test(digits) ? digits : null;
}

/** A phone number read back in groups: `138 0013 8000` (Chinese mobile grouping 3-4-4). */
export function formatPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
