// Tier 4: the real Electron shell, driven by Playwright's _electron. Runs wherever an Electron
// binary is installed; on machines that cannot download it (these build machines) it is skipped
// and says why. Note: better-sqlite3 must be built for Electron's ABI for this to run
// (`npx electron-builder install-app-deps`), which the dev/test path deliberately does not do.
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary, NO_ELECTRON } from '../../scripts/electron-binary';

const binary = electronBinary();
// Say why in the run's output too, not only in the report.
if (!binary) console.log(`[electron tests] skipped: ${NO_ELECTRON}`);

test.describe('Electron kiosk shell', () => {
  test.skip(!binary, `skipped: ${NO_ELECTRON}`);

  test('opens one hardened window on the home screen, with the contract on window.cabinet', async () => {
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['dist/electron/main.cjs', '--windowed', '--no-sandbox'],
      env: { ...process.env, CABINET_DATA_DIR: mkdtempSync(join(tmpdir(), 'electron-')) } as Record<string, string>,
    });
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
    const bridge = await window.evaluate(() => Object.keys((window as unknown as { cabinet: { methods: object } }).cabinet.methods).sort());
    expect(bridge).toContain('dropOff.begin');
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await app.close();
  });
});
