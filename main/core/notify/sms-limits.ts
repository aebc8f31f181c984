// How many SMS a phone and the cabinet may receive: per phone per hour and per day, per cabinet per
// hour (config notifications.smsLimits). A provider bills every message and blocks a number that
// gets too many; a fault or an abuse loop must not run up either. Pure: the times of earlier sends
// and the time now are arguments; the counts live in SQLite (main/store/sms-sends-repo.ts).
import type { NotificationsConfig } from './config-schema';

export type SmsLimits = NotificationsConfig['smsLimits'];

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export type LimitVerdict = { ok: true } | { ok: false; rule: 'phone-hour' | 'phone-day' | 'cabinet-hour'; reason: string; until: number };

/**
 * When `times` (ascending) already hold `max` sends within `windowMs` before `now`, the moment the
 * oldest of them leaves the window (a send is allowed again then); undefined while under the limit.
 */
export function windowFreesAt(times: readonly number[], max: number, windowMs: number, now: number): number | undefined {
  const inWindow = times.filter((t) => t > now - windowMs && t <= now);
  if (inWindow.length < max) return undefined;
  return (inWindow[inWindow.length - max] as number) + windowMs;
}

/** Whether one more SMS may go to a phone now, given its sends of the last day and the cabinet's of the last hour. */
export function checkSmsLimits(limits: SmsLimits, phoneTimes: readonly number[], cabinetTimes: readonly number[], now: number): LimitVerdict {
  const day = windowFreesAt(phoneTimes, limits.perPhonePerDay, DAY, now);
  if (day !== undefined) return { ok: false, rule: 'phone-day', reason: `held: this phone already had ${limits.perPhonePerDay} SMS in 24 h (notifications.smsLimits.perPhonePerDay)`, until: day };
  const hour = windowFreesAt(phoneTimes, limits.perPhonePerHour, HOUR, now);
  if (hour !== undefined) return { ok: false, rule: 'phone-hour', reason: `held: this phone already had ${limits.perPhonePerHour} SMS in an hour (notifications.smsLimits.perPhonePerHour)`, until: hour };
  const cabinet = windowFreesAt(cabinetTimes, limits.perCabinetPerHour, HOUR, now);
  if (cabinet !== undefined) return { ok: false, rule: 'cabinet-hour', reason: `held: the cabinet already sent ${limits.perCabinetPerHour} SMS in an hour (notifications.smsLimits.perCabinetPerHour)`, until: cabinet };
  return { ok: true };
}

/** How far back the counts must reach. */
export const SMS_LIMIT_WINDOW_MS = DAY;
