// The start-up decisions: setup screen or cabinet, the simulator's surface, --windowed, the
// window's options and the preload's bridge — against real config files on disk.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedConfigPath, loadConfig } from '../../../main/app/config-file';
import { methods } from '../../../main/contract/api';
import { simulatorMethods } from '../../../main/contract/simulator-api';
import { parseSetupHash, setupHash } from '../../../main/contract/setup-screen';
import { defaultConfig } from '../../../main/core/config';
import { CALL_CHANNEL } from '../../../main/electron/channels';
import { NO_CONFIG_ISSUE, planStartup, SIMULATOR_PACKAGED_ISSUE, simulatorSurface, windowedRequested } from '../../../main/electron/startup';
import { createBridge, SIMULATOR_SURFACE_ENV, surfaceEnvValue } from '../../../main/electron/surface';
import { kioskWindowOptions } from '../../../main/electron/window-options';

const dirs: string[] = [];
function dataDirWith(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-startup-'));
  dirs.push(dir);
  if (config !== undefined) writeFileSync(join(dir, 'cabinet.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const plan = (dataDir: string, packaged: boolean) => planStartup({ packaged, configPath: expectedConfigPath({ dataDir, env: {} }), load: () => loadConfig({ dataDir, env: {} }) });
const realConfig = () => {
  const c = defaultConfig();
  return { ...c, buses: c.buses.map((b) => ({ ...b, port: '/dev/ttyUSB0' })), printer: undefined };
};

describe('the setup-screen decision', () => {
  it('packaged without a config: the setup screen, naming the path expected — never the simulated default', () => {
    const dir = dataDirWith();
    expect(plan(dir, true)).toEqual({ kind: 'setup', configPath: join(dir, 'cabinet.json'), issues: [NO_CONFIG_ISSUE] });
  });

  it('a config with bad fields: the setup screen listing each field (packaged or not)', () => {
    const dir = dataDirWith({ ...realConfig(), pickup: { codeDigits: 3 }, buses: [] });
    for (const packaged of [true, false]) {
      const p = plan(dir, packaged);
      expect(p.kind).toBe('setup');
      if (p.kind !== 'setup') return;
      expect(p.issues.some((i) => i.startsWith('pickup.codeDigits:'))).toBe(true);
      expect(p.issues.some((i) => i.startsWith('buses:'))).toBe(true);
    }
  });

  it('a config that is not JSON: the setup screen saying so', () => {
    const p = plan(dataDirWith('{ not json'), true);
    expect(p.kind === 'setup' && p.issues[0]).toMatch(/^\(file\): expected valid JSON/);
  });

  it('packaged with a simulated cabinet: refused unless kiosk.demo', () => {
    expect(plan(dataDirWith(defaultConfig()), true)).toMatchObject({ kind: 'setup', issues: [SIMULATOR_PACKAGED_ISSUE] });
    const demo = plan(dataDirWith({ ...defaultConfig(), kiosk: { demo: true } }), true);
    expect(demo).toMatchObject({ kind: 'cabinet', simulatorSurface: true });
  });

  it('packaged with real ports: the cabinet, without the simulator surface', () => {
    expect(plan(dataDirWith(realConfig()), true)).toMatchObject({ kind: 'cabinet', simulatorSurface: false });
  });

  it('unpackaged without a config: the simulated default cabinet for development, with its simulator', () => {
    const p = plan(dataDirWith(), false);
    expect(p).toMatchObject({ kind: 'cabinet', simulatorSurface: true, loaded: { source: null } });
  });

  it('passes the setup info through the page fragment intact, and rejects a forged one', () => {
    const info = { configPath: 'C:\\ProgramData\\civic-cabinet\\cabinet.json', issues: ['buses.0.port: expected string, received number', '中文 #&?'] };
    expect(parseSetupHash(setupHash(info))).toEqual(info);
    expect(parseSetupHash('#setup=%7Bbroken')).toBeNull();
    expect(parseSetupHash(`#setup=${encodeURIComponent(JSON.stringify({ configPath: 1 }))}`)).toBeNull();
    expect(parseSetupHash('')).toBeNull();
  });
});

describe('the expected configuration path (shown on the setup screen)', () => {
  it('is the explicit file, else <dataDir>/cabinet.json; an empty CABINET_CONFIG counts as none', () => {
    expect(expectedConfigPath({ path: '/etc/cabinet.json', dataDir: '/d', env: {} })).toBe('/etc/cabinet.json');
    expect(expectedConfigPath({ dataDir: '/d', env: { CABINET_CONFIG: '/x.json' } })).toBe('/x.json');
    expect(expectedConfigPath({ dataDir: '/d', env: { CABINET_CONFIG: '' } })).toBe(join('/d', 'cabinet.json'));
    expect(expectedConfigPath({ env: { CABINET_DATA_DIR: '/data', CABINET_CONFIG: '' } })).toBe(join('/data', 'cabinet.json'));
  });
});

describe('the simulator surface and --windowed', () => {
  it('needs a simulated config AND (unpackaged OR demo)', () => {
    const sim = defaultConfig();
    expect(simulatorSurface(sim, false)).toBe(true);
    expect(simulatorSurface(sim, true)).toBe(false);
    expect(simulatorSurface({ ...sim, kiosk: { hideCursor: false, demo: true } }, true)).toBe(true);
    const real = loadConfig({ dataDir: dataDirWith(realConfig()), env: {} }).config;
    expect(simulatorSurface(real, false)).toBe(false);
    expect(simulatorSurface({ ...real, kiosk: { hideCursor: false, demo: true } }, true)).toBe(false);
  });

  it('honours --windowed only unpackaged', () => {
    expect(windowedRequested(['electron', 'main.cjs', '--windowed'], false)).toBe(true);
    expect(windowedRequested(['civic-cabinet', '--windowed'], true)).toBe(false);
    expect(windowedRequested(['electron', 'main.cjs'], false)).toBe(false);
  });
});

describe('the window options', () => {
  const options = (choice: Partial<Parameters<typeof kioskWindowOptions>[0]>) => kioskWindowOptions({ windowed: false, packaged: true, preloadPath: '/app/preload.cjs', ...choice });
  it('a packaged kiosk: kiosk + fullscreen, no devtools, isolated sandboxed renderer without Node', () => {
    const o = options({});
    expect(o).toMatchObject({ kiosk: true, fullscreen: true });
    expect(o.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, navigateOnDragDrop: false, disableBlinkFeatures: 'Auxclick' });
  });
  it('unpackaged: devtools allowed; windowed only when asked', () => {
    expect(options({ packaged: false }).webPreferences.devTools).toBe(true);
    expect(options({ packaged: false, windowed: true })).toMatchObject({ kiosk: false, fullscreen: false });
  });
});

describe('the preload bridge', () => {
  function bridge(env: Record<string, string | undefined> | undefined) {
    const invoked: unknown[][] = [];
    const ipc = { invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: null }), on: () => undefined, removeListener: () => undefined };
    return { bridge: createBridge(ipc, env), invoked };
  }
  it('is exactly the contract’s methods, plus the simulator’s only when main set the environment to 1', async () => {
    const contract = Object.keys(methods).sort();
    expect(Object.keys(bridge(undefined).bridge.methods).sort()).toEqual(contract);
    expect(Object.keys(bridge({}).bridge.methods).sort()).toEqual(contract);
    expect(Object.keys(bridge({ [SIMULATOR_SURFACE_ENV]: surfaceEnvValue(false) }).bridge.methods).sort()).toEqual(contract);
    expect(Object.keys(bridge({ [SIMULATOR_SURFACE_ENV]: 'true' }).bridge.methods).sort()).toEqual(contract);
    expect(Object.keys(bridge({ [SIMULATOR_SURFACE_ENV]: surfaceEnvValue(true) }).bridge.methods).sort()).toEqual([...Object.keys(methods), ...Object.keys(simulatorMethods)].sort());
    const { bridge: b, invoked } = bridge({});
    expect(Object.keys(b).sort()).toEqual(['methods', 'onEvent']);
    await b.methods['cabinet.info']!({});
    expect(invoked).toEqual([[CALL_CHANNEL, 'cabinet.info', {}]]);
  });
});
