import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { defaultDataDir, loadConfig } from '../../main/app/config-file';
import { configIssues } from './config-issues';

const issuesOf = configIssues;

describe('configuration', () => {
  it('defaults to two simulated boards of 12 compartments in three sizes', () => {
    const config = defaultConfig();
    expect(config.buses).toHaveLength(1);
    expect(config.buses[0]?.port).toBe('simulator');
    expect(config.buses[0]?.boards.map((b) => [b.address, b.channels])).toEqual([[1, 12], [2, 12]]);
    expect(config.compartments).toHaveLength(24);
    expect(new Set(config.compartments.map((c) => c.size))).toEqual(new Set(['S', 'M', 'L']));
    expect(config.matters.map((m) => m.name['zh-CN'])).toContain('老年人优待证');
    expect(config.timeouts.doorOpenDetectSeconds).toBeGreaterThan(0);
    expect(config.languages.default).toBe('zh-CN');
  });

  it('has the simulated receipt printer by default; a printer is optional, 9600 baud, 32 columns and status queries unless said', () => {
    expect(defaultConfig().printer).toEqual({ port: 'simulator', baudRate: 9600, widthChars: 32, statusQueries: true });
    const raw = structuredClone(defaultConfig()) as Record<string, unknown>;
    delete raw.printer;
    expect(parseConfig(raw).printer).toBeUndefined();
    expect(parseConfig({ ...raw, printer: { port: '/dev/ttyACM0', widthChars: 48 } }).printer).toEqual({ port: '/dev/ttyACM0', baudRate: 9600, widthChars: 48, statusQueries: true });
    expect(parseConfig({ ...raw, printer: { port: '/dev/ttyACM0', statusQueries: false } }).printer?.statusQueries).toBe(false);
    expect(issuesOf({ ...raw, printer: { port: '', widthChars: 8 } })).toEqual([expect.stringMatching(/^printer\.port: /), expect.stringMatching(/^printer\.widthChars: /)]);
  });

  it('names a missing field and what was expected', () => {
    const raw = structuredClone(defaultConfig()) as Record<string, unknown>;
    delete raw.cabinet;
    expect(issuesOf(raw)).toEqual([expect.stringMatching(/^cabinet: .*expected object/i)]);
  });

  it('names a wrong value by its path', () => {
    const raw = structuredClone(defaultConfig());
    (raw.buses[0] as { baudRate: unknown }).baudRate = 'fast';
    (raw.buses[0] as { protocol: unknown }).protocol = 'modbus';
    const issues = issuesOf(raw);
    expect(issues).toContainEqual(expect.stringMatching(/^buses\.0\.baudRate: .*number/i));
    expect(issues).toContainEqual(expect.stringMatching(/^buses\.0\.protocol: .*generic.*kerong-cu16/));
  });

  it('rejects a compartment on a lock its board does not have, and duplicate labels', () => {
    const raw = structuredClone(defaultConfig());
    raw.compartments[0]!.lock = 13;
    raw.compartments[1]!.label = raw.compartments[2]!.label;
    const issues = issuesOf(raw);
    expect(issues).toContainEqual('compartments.0.lock: expected a lock 1..12 on board 1, got 13');
    expect(issues).toContainEqual(expect.stringMatching(/^compartments\.2\.label: duplicate label/));
  });

  it('rejects a compartment on an unknown bus', () => {
    const raw = structuredClone(defaultConfig());
    raw.compartments[5]!.bus = 'bus9';
    expect(issuesOf(raw)).toContainEqual('compartments.5.bus: expected one of the bus ids (bus1), got "bus9"');
  });

  it('loads a file from the data directory, and reports bad JSON and a missing explicit file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const custom = { ...defaultConfig(), cabinet: { ...defaultConfig().cabinet, id: 'north-7' } };
    writeFileSync(join(dir, 'cabinet.json'), JSON.stringify(custom));
    const loaded = loadConfig({ dataDir: dir, env: {} });
    expect(loaded.config.cabinet.id).toBe('north-7');
    expect(loaded.source).toBe(join(dir, 'cabinet.json'));

    writeFileSync(join(dir, 'broken.json'), '{ "cabinet": ');
    expect(() => loadConfig({ path: join(dir, 'broken.json'), env: {} })).toThrow(/expected valid JSON/);
    expect(() => loadConfig({ path: join(dir, 'absent.json'), env: {} })).toThrow(/found none/);
  });

  it('uses the built-in default cabinet when no file exists, with data in a per-user directory', () => {
    const loaded = loadConfig({ env: { XDG_DATA_HOME: '/tmp/xdg-test' } });
    expect(loaded.source).toBeNull();
    expect(loaded.dataDir).toBe('/tmp/xdg-test/civic-cabinet');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('civic-cabinet');
  });
});
