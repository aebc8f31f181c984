// The SMS send limits as pure rules on given times: per phone per hour and per day, per cabinet per hour.
import { describe, expect, it } from 'vitest';
import { checkSmsLimits, windowFreesAt } from '../../main/core/notify/sms-limits';

const H = 3600_000;
const limits = { perPhonePerHour: 5, perPhonePerDay: 10, perCabinetPerHour: 200 };
const t0 = Date.UTC(2026, 10, 30, 1, 0);

describe('SMS send limits', () => {
  it('frees a full window when its oldest send leaves it', () => {
    expect(windowFreesAt([t0, t0 + 10, t0 + 20], 3, H, t0 + 30)).toBe(t0 + H);
    expect(windowFreesAt([t0, t0 + 10, t0 + 20], 4, H, t0 + 30)).toBeUndefined();
    expect(windowFreesAt([t0 - H, t0 + 10, t0 + 20], 3, H, t0 + 30)).toBeUndefined(); // the first has left
    expect(windowFreesAt([t0, t0 + 10, t0 + 20, t0 + 25], 3, H, t0 + 30)).toBe(t0 + 10 + H);
  });

  it('allows 5 an hour to one phone, holds the 6th until the first is an hour old', () => {
    const five = [0, 1, 2, 3, 4].map((i) => t0 + i * 60_000);
    expect(checkSmsLimits(limits, five.slice(0, 4), [], t0 + 5 * 60_000)).toEqual({ ok: true });
    const v = checkSmsLimits(limits, five, [], t0 + 5 * 60_000);
    expect(v).toMatchObject({ ok: false, rule: 'phone-hour', until: t0 + H });
    expect(v.ok === false && v.reason).toMatch(/perPhonePerHour/);
    expect(checkSmsLimits(limits, five, [], t0 + H)).toEqual({ ok: true });
  });

  it('allows 10 a day to one phone, holding the 11th for the rest of the 24 h', () => {
    const ten = Array.from({ length: 10 }, (_, i) => t0 + i * 2 * H);
    const v = checkSmsLimits(limits, ten, [], t0 + 21 * H);
    expect(v).toMatchObject({ ok: false, rule: 'phone-day', until: t0 + 24 * H });
    expect(checkSmsLimits(limits, ten, [], t0 + 24 * H)).toEqual({ ok: true });
  });

  it('holds any phone once the cabinet has sent its hourly number', () => {
    const cabinet = Array.from({ length: 200 }, (_, i) => t0 + i * 1000);
    expect(checkSmsLimits(limits, [], cabinet, t0 + 300_000)).toMatchObject({ ok: false, rule: 'cabinet-hour', until: t0 + H });
    expect(checkSmsLimits(limits, [], cabinet.slice(1), t0 + 300_000)).toEqual({ ok: true });
  });
});
