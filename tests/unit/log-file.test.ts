// The log file: pino lines on real files, rotated by day and size, kept 180+ days under a total cap.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogFile, DEFAULT_LOG_LIMITS, planPrune, type LogFileInfo } from '../../main/app/log-file';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-15T12:00:00+08:00');

function logsIn(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'logs')).sort();
}

describe('log file', () => {
  it('writes one JSON line per event with level, time, source and detail', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'log-file-'));
    const log = createLogFile(dataDir, () => T0);
    log.write('info', 'started');
    log.write('error', 'renderer gone: crashed', { reason: 'crashed' }, 'renderer');
    log.write('warn', 'failed', new Error('boom'), 'ipc');
    const lines = log.export(1).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'info', message: 'started', source: 'main', at: new Date(T0).toISOString() });
    expect(lines[1]).toMatchObject({ level: 'error', source: 'renderer', detail: { reason: 'crashed' } });
    expect(lines[2]).toMatchObject({ level: 'warn', source: 'ipc', detail: { message: 'boom' } });
  });

  it('keeps at least 180 days by default, with a total size cap', () => {
    expect(DEFAULT_LOG_LIMITS.keepDays).toBeGreaterThanOrEqual(180);
    expect(DEFAULT_LOG_LIMITS.maxTotalBytes).toBeGreaterThan(DEFAULT_LOG_LIMITS.maxFileBytes);
  });

  it('starts a new file each day and a new part when a file is full', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'log-file-'));
    let now = T0;
    const log = createLogFile(dataDir, () => now, { keepDays: 180, maxFileBytes: 400, maxTotalBytes: 1_000_000 });
    for (let i = 0; i < 10; i += 1) log.write('info', `line ${i} ${'x'.repeat(60)}`);
    now += DAY;
    log.write('info', 'next day');
    const names = logsIn(dataDir);
    expect(names.filter((n) => n.startsWith('cabinet-2026-06-15')).length).toBeGreaterThan(1);
    expect(names).toContain('cabinet-2026-06-16.log');
    for (const n of names) expect(statSync(join(dataDir, 'logs', n)).size).toBeLessThanOrEqual(400);
    // The export reads every part of a day, in order.
    const exported = log.export(2);
    expect(exported.indexOf('line 0')).toBeLessThan(exported.indexOf('line 9'));
    expect(exported.indexOf('line 9')).toBeLessThan(exported.indexOf('next day'));
    expect(log.export(1)).not.toContain('line 0');
  });

  it('deletes files past the retention and the oldest beyond the cap, on rotation', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'log-file-'));
    let now = T0;
    const log = createLogFile(dataDir, () => now, { keepDays: 180, maxFileBytes: 10_000, maxTotalBytes: 3_000 });
    writeFileSync(join(dataDir, 'logs', 'cabinet-2025-12-01.log'), 'old\n'); // 196 days before
    writeFileSync(join(dataDir, 'logs', 'cabinet-2025-12-20.log'), 'kept\n'); // 177 days before
    writeFileSync(join(dataDir, 'logs', 'other.txt'), 'not ours\n');
    log.write('info', 'today');
    expect(logsIn(dataDir)).toEqual(['cabinet-2025-12-20.log', 'cabinet-2026-06-15.log', 'other.txt']);
    writeFileSync(join(dataDir, 'logs', 'cabinet-2026-01-10.log'), 'y'.repeat(2_950));
    now += DAY;
    log.write('info', 'tomorrow');
    // Over the 3000-byte cap: the oldest went first until under it; the recent ones stayed.
    const names = logsIn(dataDir);
    expect(names).toEqual(['cabinet-2026-06-15.log', 'cabinet-2026-06-16.log', 'other.txt']);
    expect(readFileSync(join(dataDir, 'logs', 'cabinet-2026-06-16.log'), 'utf8')).toContain('tomorrow');
  });

  it('plans the pruning: age first, then size, never the current file', () => {
    const f = (date: string, part: number, size: number): LogFileInfo => ({ name: `${date}.${part}`, date, part, size });
    const files = [f('2026-01-02', 0, 50), f('2026-01-01', 1, 50), f('2026-01-01', 0, 50), f('2025-06-01', 0, 10)];
    expect(planPrune(files, '2025-07-01', 1_000)).toEqual(['2025-06-01.0']);
    expect(planPrune(files, '2025-07-01', 100)).toEqual(['2025-06-01.0', '2026-01-01.0']);
    expect(planPrune(files, '2025-07-01', 10, '2026-01-02.0')).toEqual(['2025-06-01.0', '2026-01-01.0', '2026-01-01.1']);
  });

  it('survives a directory it cannot write: lines are lost, the caller goes on', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'log-file-'));
    writeFileSync(join(dataDir, 'logs'), 'a file where the directory should be');
    const log = createLogFile(dataDir, () => T0);
    expect(() => log.write('error', 'nowhere to go')).not.toThrow();
    expect(log.export(1)).toBe('');
  });
});
