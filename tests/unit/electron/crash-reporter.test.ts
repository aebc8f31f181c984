// The local crash reporter: dumps under <dataDir>/logs/crashes, never uploaded, counted from disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countCrashDumps, crashDumpsDir, startCrashReporter } from '../../../main/electron/crash-reporter';

const dataDir = mkdtempSync(join(tmpdir(), 'crash-dumps-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the crash reporter', () => {
  it('points crashDumps at the logs folder before starting, and never uploads', () => {
    const calls: unknown[][] = [];
    const dir = startCrashReporter({ app: { setPath: (name, path) => calls.push(['setPath', name, path]) }, crashReporter: { start: (o) => calls.push(['start', o]) } }, dataDir);
    expect(dir).toBe(join(dataDir, 'logs', 'crashes'));
    expect(calls[0]).toEqual(['setPath', 'crashDumps', dir]);
    expect(calls[1]?.[0]).toBe('start');
    expect(calls[1]?.[1]).toMatchObject({ uploadToServer: false });
    expect(calls[1]?.[1]).not.toHaveProperty('submitURL');
  });

  it('counts the minidumps Crashpad keeps in its subfolders, 0 when there is no folder', () => {
    const dir = crashDumpsDir(dataDir);
    mkdirSync(join(dir, 'completed'), { recursive: true });
    mkdirSync(join(dir, 'pending'), { recursive: true });
    writeFileSync(join(dir, 'completed', 'a.dmp'), 'x');
    writeFileSync(join(dir, 'pending', 'b.dmp'), 'x');
    writeFileSync(join(dir, 'settings.dat'), 'x');
    expect(countCrashDumps(dir)).toBe(2);
    expect(countCrashDumps(join(dataDir, 'absent'))).toBe(0);
  });
});
