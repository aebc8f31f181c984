// Tier 4: the real Electron shell, driven by Playwright's _electron: the home screen over app://
// with the CSP header, navigation and pop-ups refused, shortcuts swallowed, the preload's surface
// exactly the contract, a crashed renderer reloaded, a bad config giving the setup screen with
// nothing opened. Runs wherever an Electron binary is installed; on machines that cannot download
// it (these build machines) every test is skipped and says why. Note: better-sqlite3 must be built
// for Electron's ABI for this to run (`npx electron-builder install-app-deps`), which the dev/test
// path deliberately does not do. Needs `npm run build` first (dist/electron, dist/renderer).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/app-protocol';
import { electronBinary, NO_ELECTRON } from '../../scripts/electron-binary';

const binary = electronBinary();
// Say why in the run's output too, not only in the report.
if (!binary) console.log(`[electron tests] skipped: ${NO_ELECTRON}`);

const HOME = '您好！请选择要办理的业务';

/** The contract's method names, read by tsx (Playwright's loader cannot import the contract's JSON). */
function contractNames(): string[] {
  const script = "Promise.all([import('./main/contract/api.ts'), import('./main/contract/simulator-api.ts')]).then(([a, s]) => console.log(JSON.stringify([...Object.keys(a.methods), ...Object.keys(s.simulatorMethods)])))";
  const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.stdout) as string[];
}

async function launch(env: Record<string, string> = {}): Promise<{ app: ElectronApplication; page: Page; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: ['dist/electron/main.cjs', '--windowed', '--no-sandbox'],
    env: { ...process.env, CABINET_DATA_DIR: dataDir, CABINET_CONFIG: '', ...env } as Record<string, string>,
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  return { app, page, dataDir };
}

/** Send a key through Electron's own input path (the one 'before-input-event' sees). */
async function sendKey(app: ElectronApplication, keyCode: string, modifiers: string[] = []) {
  await app.evaluate(({ BrowserWindow }, k) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    contents.sendInputEvent({ type: 'keyDown', keyCode: k.keyCode, modifiers: k.modifiers as never });
    contents.sendInputEvent({ type: 'keyUp', keyCode: k.keyCode, modifiers: k.modifiers as never });
  }, { keyCode, modifiers });
}

test.describe('Electron kiosk shell', () => {
  test.skip(!binary, `skipped: ${NO_ELECTRON}`);
  test.setTimeout(120_000);

  test('shows the home screen from app://cabinet with the CSP header, and the preload is exactly the contract', async () => {
    const { app, page } = await launch();
    await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
    expect(page.url()).toBe('app://cabinet/index.html');
    expect(await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')))).toBe(CONTENT_SECURITY_POLICY);
    // Unpackaged with the simulated default cabinet: the contract plus the simulator, nothing else.
    const surface = await page.evaluate(() => {
      const c = (globalThis as unknown as { cabinet: { methods: object } }).cabinet;
      return { top: Object.keys(c).sort(), methods: Object.keys(c.methods).sort() };
    });
    expect(surface.top).toEqual(['methods', 'onEvent']);
    expect(surface.methods).toEqual(contractNames().sort());
    expect(await page.evaluate(() => [typeof (globalThis as unknown as { require?: unknown }).require, typeof (globalThis as unknown as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await app.evaluate(({ Menu }) => Menu.getApplicationMenu())).toBeNull();
    await app.close();
  });

  test('refuses navigation away and new windows', async () => {
    const { app, page } = await launch();
    await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
    expect(await page.evaluate(() => globalThis.open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.evaluate(() => {
      location.href = 'file:///etc/passwd';
    });
    // Both refused in 'will-navigate': still the kiosk, still one window.
    await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
    expect(page.url()).toBe('app://cabinet/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await app.close();
  });

  test('swallows reload, zoom, devtools and close keys', async () => {
    const { app, page } = await launch();
    await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
    // A marker a reload would wipe, and a record of the keys the page itself received.
    await page.evaluate(() => {
      const w = window as unknown as { marker: number; seen: string[] };
      w.marker = 42;
      w.seen = [];
      addEventListener('keydown', (e) => w.seen.push(e.key));
    });
    for (const [key, mods] of [['R', ['control']], ['F5', []], ['=', ['control']], ['-', ['control']], ['I', ['control', 'shift']], ['F12', []], ['W', ['control']], ['Q', ['control']], ['F4', ['alt']]] as const) {
      await sendKey(app, key, [...mods]);
    }
    // An ordinary key afterwards: once the page has it, every key before it has been handled.
    await sendKey(app, '5');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { seen: string[] }).seen)).toEqual(['5']);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
    const state = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { windows: BrowserWindow.getAllWindows().length, zoom: w.webContents.getZoomLevel(), devtools: w.webContents.isDevToolsOpened() };
    });
    expect(state).toEqual({ windows: 1, zoom: 0, devtools: false });
    await app.close();
  });

  test('reloads a crashed renderer and logs it', async () => {
    const { app, page, dataDir } = await launch();
    await expect(page.getByRole('heading', { name: HOME })).toBeVisible();
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => !BrowserWindow.getAllWindows()[0]!.webContents.isCrashed()), { timeout: 30_000 }).toBe(true);
    const again = app.windows()[0] ?? (await app.firstWindow());
    await expect(again.getByRole('heading', { name: HOME })).toBeVisible({ timeout: 30_000 });
    const logs = readdirSync(join(dataDir, 'logs')).filter((f) => f.endsWith('.log'));
    expect(logs.map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('')).toContain('renderer gone: reload');
    await app.close();
  });

  test('a bad configuration shows the setup screen and opens nothing', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'electron-config-')), 'cabinet.json');
    writeFileSync(bad, JSON.stringify({ buses: [] }));
    const { app, page, dataDir } = await launch({ CABINET_CONFIG: bad });
    await expect(page.getByRole('heading', { level: 1, name: '云柜尚未配置' })).toBeVisible();
    await expect(page.getByText(bad, { exact: true })).toBeVisible();
    expect(existsSync(join(dataDir, 'cabinet.sqlite'))).toBe(false);
    await app.close();
  });
});
