// The one formatter: the issue's own examples, time-zone edges (day and year rollover, midnight,
// daylight saving both ways, odd offsets) and a property against the UTC reading of Date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  formatCsvDateTime,
  formatDate,
  formatDateTime,
  formatPhone,
  formatReference,
  formatTime,
  isTimeZone,
  localDate,
  parseReference,
} from '../../main/contract/format';

const at = (iso: string) => Date.parse(iso);

describe('dates and times', () => {
  it('formats the issue example in both languages, in the cabinet zone (Shanghai, UTC+8)', () => {
    const ms = at('2026-11-29T17:11:16Z');
    expect(formatDateTime(ms, 'zh-CN', 'Asia/Shanghai')).toBe('2026年11月30日 01:11');
    expect(formatDateTime(ms, 'en', 'Asia/Shanghai')).toBe('30 Nov 2026, 01:11');
    expect(formatDate(ms, 'zh-CN', 'Asia/Shanghai')).toBe('2026年11月30日');
    expect(formatDate(ms, 'en', 'Asia/Shanghai')).toBe('30 Nov 2026');
    expect(formatTime(ms, 'Asia/Shanghai')).toBe('01:11');
    expect(formatCsvDateTime(ms, 'Asia/Shanghai')).toBe('2026-11-30 01:11:16');
    expect(localDate(ms, 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('defaults to Asia/Shanghai, whatever the process zone is', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(formatDateTime(at('2026-11-29T17:11:16Z'), 'zh-CN')).toBe('2026年11月30日 01:11');
  });

  it('the same instant reads differently per zone (the day rolls over east of UTC)', () => {
    const ms = at('2026-11-29T17:11:00Z');
    expect(formatDateTime(ms, 'en', 'UTC')).toBe('29 Nov 2026, 17:11');
    expect(formatDateTime(ms, 'en', 'Asia/Kathmandu')).toBe('29 Nov 2026, 22:56');
    expect(formatDateTime(ms, 'en', 'Pacific/Kiritimati')).toBe('30 Nov 2026, 07:11');
    expect(formatDateTime(ms, 'en', 'America/Los_Angeles')).toBe('29 Nov 2026, 09:11');
  });

  it('midnight is 00:00 (never 24:00) and the year rolls over at local midnight', () => {
    expect(formatDateTime(at('2026-12-31T16:00:00Z'), 'zh-CN', 'Asia/Shanghai')).toBe('2027年1月1日 00:00');
    expect(formatDateTime(at('2026-12-31T15:59:59Z'), 'en', 'Asia/Shanghai')).toBe('31 Dec 2026, 23:59');
    expect(formatCsvDateTime(at('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01 00:00:00');
  });

  it('daylight saving: the spring gap is skipped and the autumn hour is read twice', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 29 March 2026: 01:59 CET, then 03:00 CEST.
    expect(formatTime(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe('01:59');
    expect(formatTime(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('03:00');
    // America/New_York falls back at 06:00 UTC on 1 November 2026: 01:30 EDT, then 01:30 EST.
    expect(formatTime(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('01:30');
    expect(formatTime(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('01:30');
  });

  it('a calendar date YYYY-MM-DD is shown as that day in any zone', () => {
    expect(formatDate('2026-12-28', 'zh-CN', 'Pacific/Kiritimati')).toBe('2026年12月28日');
    expect(formatDate('2026-12-28', 'en', 'America/Los_Angeles')).toBe('28 Dec 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });

  it('knows real zone names and refuses others', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('in UTC, agrees with Date for any instant of 1970–2100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(localDate(ms, 'UTC')).toBe(iso.slice(0, 10));
        expect(formatCsvDateTime(ms, 'UTC')).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('zh and en name the same day and minute for any instant and zone (property)', () => {
    const zones = ['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Apia'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones), (ms, zone) => {
        const [y, m, d] = localDate(ms, zone).split('-').map(Number);
        expect(formatDateTime(ms, 'zh-CN', zone)).toBe(`${y}年${m}月${d}日 ${formatTime(ms, zone)}`);
        expect(formatDateTime(ms, 'en', zone)).toMatch(new RegExp(`^${d} [A-Z][a-z]{2} ${y}, ${formatTime(ms, zone)}$`));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('reference numbers and phones', () => {
  it('a reference is shown one way: the day, a space, the sequence', () => {
    expect(formatReference('2611300001')).toBe('261130 0001');
    expect(formatReference('12345')).toBe('12345');
    expect(formatReference('0172611300001')).toBe('017 261130 0001'); // the cabinet's district code in front
    expect(parseReference('017 261130 0001')).toBe('0172611300001');
    expect(parseReference('17 261130 0001')).toBeNull();
  });

  it('reads a reference back however it was written', () => {
    expect(parseReference('261130 0001')).toBe('2611300001');
    expect(parseReference('261130-0001')).toBe('2611300001');
    expect(parseReference('2611300001')).toBe('2611300001');
    expect(parseReference('26113000011')).toBeNull();
    expect(parseReference('26113O0001')).toBeNull();
  });

  it('a phone number is read back in 3-4-4 groups', () => {
    expect(formatPhone('13800138000')).toBe('138 0013 8000');
    expect(formatPhone('1380013')).toBe('1380013');
  });
});
