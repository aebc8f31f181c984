// The backup rules: names that sort by time, retention, and the nightly schedule on a fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backupName, backupsDirFor, msToNextHour, planBackupPrune, scheduleNightlyBackups, type BackupResult } from '../../main/app/backup';
import type { Timers } from '../../main/core/clock';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const fakeTimers: Timers = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
const HOUR = 3_600_000;

describe('backup rules', () => {
  it('names backups in UTC so they sort by time, beside the data directory', () => {
    expect(backupName(Date.UTC(2026, 5, 15, 19, 0, 5, 123))).toBe('cabinet-20260615T190005Z.sqlite');
    expect(backupsDirFor('/var/lib/civic-cabinet/')).toBe('/var/lib/civic-cabinet-backups');
  });

  it('keeps the newest backups and ignores other files', () => {
    const names = ['cabinet-20260103T030000Z.sqlite', 'cabinet-20260101T030000Z.sqlite', 'cabinet-20260102T030000Z.sqlite', 'notes.txt', 'cabinet-20260104T030000Z.sqlite.partial'];
    expect(planBackupPrune(names, 2)).toEqual(['cabinet-20260101T030000Z.sqlite']);
    expect(planBackupPrune(names, 5)).toEqual([]);
  });

  it('waits until the next 03:00 local time, tomorrow when it is past', () => {
    const at = (h: number, m = 0) => new Date(2026, 5, 15, h, m).getTime();
    expect(msToNextHour(at(1, 30), 3)).toBe(1.5 * HOUR);
    expect(msToNextHour(at(3), 3)).toBe(24 * HOUR);
    expect(msToNextHour(at(22), 3)).toBe(5 * HOUR);
  });

  it('runs every night, goes on after a failure, and stops', async () => {
    vi.setSystemTime(new Date(2026, 5, 15, 12, 0));
    const runs: number[] = [];
    const lines: string[] = [];
    const run = vi.fn(async (): Promise<BackupResult> => {
      runs.push(new Date().getHours());
      if (runs.length === 1) throw new Error('disk full');
      return { file: 'f', bytes: 1, verdict: { ok: true, integrity: [], audit: { ok: true, rows: 7, problems: [] } } };
    });
    const nightly = scheduleNightlyBackups({ clock: fakeTimers, run, log: (level, message) => lines.push(`${level} ${message}`) });
    await vi.advanceTimersByTimeAsync(14 * HOUR); // 02:00
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 * HOUR); // 03:00: the first, failing
    expect(runs).toEqual([3]);
    expect(lines).toEqual(['error the nightly backup failed']);
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(runs).toEqual([3, 3]);
    expect(lines[1]).toMatch(/^info backup written: f \(1 bytes, 7 audit rows verified\)/);
    nightly.stop();
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(runs).toHaveLength(2);
  });
});
