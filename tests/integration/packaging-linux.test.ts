// Starts on boot, restarts on death: the systemd unit checked by systemd-analyze, its promises
// (Restart=always, exit 75, the watchdog), the XDG-autostart loop run for real, and the .desktop.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESTART_EXIT_CODE } from '../../main/app/restart';
import { until } from './until';

const DIR = 'packaging/linux';
const unit = readFileSync(join(DIR, 'civic-cabinet.service'), 'utf8');
const keys = (text: string) => new Map(text.split('\n').filter((l) => /^[A-Za-z][\w[\]-]*=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);

describe('the systemd unit', () => {
  it('restarts always, on a restart request (exit 75) and when the heartbeat stops', () => {
    const k = keys(unit);
    expect(k.get('Type')).toBe('notify');
    expect(k.get('NotifyAccess')).toBe('all');
    expect(k.get('Restart')).toBe('always');
    expect(k.get('RestartForceExitStatus')).toBe(String(RESTART_EXIT_CODE));
    expect(Number(k.get('WatchdogSec'))).toBeGreaterThan(0);
    expect(k.get('StartLimitIntervalSec')).toBe('0');
    expect(k.get('ExecStart')).toBe('"/opt/Civic Cabinet/civic-cabinet-launch.sh"');
    expect(k.get('Environment')).toBe('CIVIC_CABINET_UPDATES=%h/.local/share/civic-cabinet-versions');
  });

  it.runIf(SYSTEMD_ANALYZE)('passes systemd-analyze verify without a warning (ExecStart pointed at a stand-in executable)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unit-'));
    const app = join(dir, 'civic-cabinet');
    writeFileSync(app, '#!/bin/sh\nexit 0\n');
    chmodSync(app, 0o755);
    const file = join(dir, 'civic-cabinet.service');
    writeFileSync(file, unit.replace(/^ExecStart=.*$/m, `ExecStart=${app}`));
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(SYSTEMD_ANALYZE!, ['verify', file], { timeout: 60_000 }, (error, _out, err) => resolve({ code: error ? 1 : 0, stderr: err })),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 90_000);
});

describe('the XDG autostart alternative', () => {
  it('the .desktop entry starts the restart loop installed beside the app', () => {
    const k = keys(readFileSync(join(DIR, 'civic-cabinet-autostart.desktop'), 'utf8'));
    expect(k.get('Type')).toBe('Application');
    expect(k.get('Exec')).toBe('"/opt/Civic Cabinet/civic-cabinet-loop.sh"');
    expect(k.get('Name[zh_CN]')).toBeTruthy();
  });

  it('the loop starts the app again each time it ends, whatever the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-'));
    const runs = join(dir, 'runs');
    const app = join(dir, 'app');
    // Each run records itself, then dies in a different way: a crash (1), a restart request (75), a clean exit.
    writeFileSync(app, `#!/bin/sh\necho run >> "${runs}"\nn=$(wc -l < "${runs}")\nexit $(( n % 3 == 1 ? 1 : (n % 3 == 2 ? 75 : 0) ))\n`);
    chmodSync(app, 0o755);
    const loop = spawn('sh', [join(DIR, 'civic-cabinet-loop.sh')], { env: { ...process.env, CIVIC_CABINET_BIN: app, CIVIC_CABINET_RESTART_DELAY: '0' }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let err = '';
    loop.stderr.on('data', (c: Buffer) => (err += c.toString()));
    try {
      const count = () => (existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').filter(Boolean).length : 0);
      await until(() => count() >= 4, 30_000, 'four runs of the app');
      expect(err).toMatch(/exited with 1;/);
      expect(err).toMatch(/exited with 75;/);
      expect(err).toMatch(/exited with 0;/);
    } finally {
      process.kill(-loop.pid!, 'SIGKILL');
    }
  }, 60_000);
});
