// Offline updates end to end with real files (issue 13 item 6): a district key made and a folder
// signed by the real script's functions, the package found on a "USB stick" folder, verified and
// applied beside the running version, every tampering refused with nothing changed, and the
// rollback both ways — by hand, and by the real launcher script after a version on trial keeps dying.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUpdates, UpdateRefused, type UpdatesSettings } from '../../main/app/updates/installer';
import { buildPackage, packEntries, verifyPackage } from '../../main/app/updates/package-format';
import { newUpdateKey, signFolder } from '../../scripts/update-sign';
import { APP_VERSION } from '../../main/app/system-info';
import { closeTestCabinets, openTestCabinet, setupCodeOf } from './test-cabinet';

const LAUNCHER = join(process.cwd(), 'packaging/linux/civic-cabinet-launch.sh');
let dir: string;
let settings: UpdatesSettings;
let keyFile: string;
let usb: string;
const logs: string[] = [];

/** An app folder whose civic-cabinet records which version ran, then exits with `code`. */
function appFolder(version: string, code = 0): string {
  const app = join(dir, `build-${version}-${code}`);
  mkdirSync(join(app, 'resources'), { recursive: true });
  writeFileSync(join(app, 'civic-cabinet'), `#!/bin/sh\necho ${version} >> "${join(dir, 'ran')}"\nexit ${code}\n`, { mode: 0o755 });
  writeFileSync(join(app, 'resources', 'app.asar'), `asar of ${version}`);
  return app;
}
/** The byte at `at` changed: one bit of a signature or of the payload. */
const flip = (b: Buffer, at: number) => (b.writeUInt8(b[at]! ^ 1, at), b);
const putOnUsb = (name: string, bytes: Buffer) => writeFileSync(join(usb, name), bytes);
const tree = (root: string): string[] => (existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).map((e) => relative(root, join(e.parentPath, e.name))).sort() : []);
const updates = (running = '1.0.0') => createUpdates(settings, running, (_level, message) => logs.push(message));
const ran = () => readFileSync(join(dir, 'ran'), 'utf8').trim().split('\n');

function launch(env: Record<string, string> = {}): Promise<number> {
  const base = join(dir, 'installed');
  return new Promise((resolve) =>
    execFile('sh', [LAUNCHER], { env: { ...process.env, CIVIC_CABINET_UPDATES: settings.installRoot, CIVIC_CABINET_INSTALLED: base, CIVIC_CABINET_MAX_TRIES: '2', ...env }, timeout: 30_000 }, (error) =>
      resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
    ),
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'updates-'));
  keyFile = join(dir, 'district-update.pem');
  const publicKey = newUpdateKey(keyFile);
  usb = join(dir, 'media', 'kiosk', 'USB-STICK', 'civic-cabinet-updates');
  mkdirSync(usb, { recursive: true });
  settings = { mediaRoots: [join(dir, 'media')], folder: 'civic-cabinet-updates', installRoot: join(dir, 'app'), publicKeys: [publicKey], healthySeconds: 120 };
  mkdirSync(settings.installRoot);
  writeFileSync(join(dir, 'installed'), `#!/bin/sh\necho installed >> "${join(dir, 'ran')}"\n`, { mode: 0o755 });
});

describe('a signed package on a USB stick', () => {
  it('is found, verified, installed beside the running version and started by the launcher', async () => {
    putOnUsb('civic-cabinet-1.2.0.ccupdate', signFolder(appFolder('1.2.0'), keyFile, '1.2.0'));
    const u = updates();
    const listed = u.state();
    expect(listed).toMatchObject({ current: '1.0.0', previous: null, pending: null, rolledBack: null });
    expect(listed.packages).toEqual([expect.objectContaining({ name: 'civic-cabinet-1.2.0.ccupdate', version: '1.2.0', ready: true, problem: null })]);

    expect(u.apply(listed.packages[0]!.file)).toEqual({ version: '1.2.0', previous: '1.0.0' });
    expect(readlinkSync(join(settings.installRoot, 'current'))).toBe(join('versions', '1.2.0'));
    expect(readFileSync(join(settings.installRoot, 'current', 'resources', 'app.asar'), 'utf8')).toBe('asar of 1.2.0');
    expect(u.state()).toMatchObject({ current: '1.2.0', pending: '1.2.0' });
    expect(await launch()).toBe(0);
    expect(ran()).toEqual(['1.2.0']);
  });

  it.each([
    ['bad-signature', (b: Buffer) => flip(b, 14 + b.readUInt32BE(8) + 5), /signature/],
    ['wrong-hash', (b: Buffer) => flip(b, b.length - 10), /payload/],
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 100), /of \d+ bytes/],
    ['truncated', (b: Buffer) => b.subarray(0, 30), /ends inside/],
    ['bad-format', () => Buffer.from('PK\u0003\u0004 a zip file'), /not a Civic Cabinet update/],
  ])('refuses a package with %s and changes nothing', (problem, tamper, message) => {
    putOnUsb('x.ccupdate', tamper(Buffer.from(signFolder(appFolder('1.2.0'), keyFile, '1.2.0'))));
    const u = updates();
    const [found] = u.state().packages;
    expect(found).toMatchObject({ ready: false, problem });
    expect(found!.detail).toMatch(message);
    expect(() => u.apply(found!.file)).toThrow(UpdateRefused);
    expect(tree(settings.installRoot)).toEqual([]);
  });

  it('refuses a downgrade, the same version and a key the cabinet does not trust', () => {
    putOnUsb('old.ccupdate', signFolder(appFolder('0.9.0'), keyFile, '0.9.0'));
    putOnUsb('same.ccupdate', signFolder(appFolder('1.0.0'), keyFile, '1.0.0'));
    const strangerKey = join(dir, 'stranger.pem');
    newUpdateKey(strangerKey);
    putOnUsb('stranger.ccupdate', signFolder(appFolder('2.0.0'), strangerKey, '2.0.0'));
    const u = updates();
    const byName = Object.fromEntries(u.state().packages.map((p) => [p.name, p]));
    expect(byName['old.ccupdate']).toMatchObject({ problem: 'downgrade', version: '0.9.0' });
    expect(byName['same.ccupdate']).toMatchObject({ problem: 'same-version' });
    expect(byName['stranger.ccupdate']).toMatchObject({ problem: 'unknown-key', version: '2.0.0' });
    for (const p of Object.values(byName)) expect(() => u.apply(p.file)).toThrow(UpdateRefused);
    expect(tree(settings.installRoot)).toEqual([]);
  });

  it('refuses a signed package whose archive climbs out of its folder, writing nothing outside', () => {
    const payload = packEntries([{ path: '../escaped', kind: 'file', mode: 0o644, data: Buffer.from('x') }]);
    putOnUsb('slip.ccupdate', buildPackage('3.0.0', payload, readFileSync(keyFile, 'utf8'), new Date()));
    const u = updates();
    const [found] = u.state().packages;
    expect(found).toMatchObject({ ready: true });
    expect(() => u.apply(found!.file)).toThrow(/unsafe path/);
    expect(existsSync(join(settings.installRoot, 'versions', '..', 'escaped'))).toBe(false);
    expect(tree(join(settings.installRoot, 'versions'))).toEqual([]);
    expect(existsSync(join(settings.installRoot, 'current'))).toBe(false);
  });

  it('a stick with a file named like the folder beside the real one still lists the package', () => {
    writeFileSync(join(dir, 'media', 'kiosk', 'civic-cabinet-updates'), 'a file, not a folder');
    putOnUsb('good.ccupdate', signFolder(appFolder('1.2.0'), keyFile, '1.2.0'));
    expect(updates().state().packages).toEqual([expect.objectContaining({ name: 'good.ccupdate', ready: true })]);
  });

  it('applies only a package the scan finds, not any path it is handed', () => {
    const elsewhere = join(dir, 'elsewhere.ccupdate');
    writeFileSync(elsewhere, signFolder(appFolder('1.2.0'), keyFile, '1.2.0'));
    expect(() => updates().apply(elsewhere)).toThrow(/no longer on the media/);
  });
});

describe('rollback', () => {
  it('by hand: back to the previous version, then to the installed package', async () => {
    putOnUsb('a.ccupdate', signFolder(appFolder('1.1.0'), keyFile, '1.1.0'));
    const u = updates();
    u.apply(u.state().packages[0]!.file);
    updates('1.1.0').confirmHealthy();
    putOnUsb('b.ccupdate', signFolder(appFolder('1.2.0'), keyFile, '1.2.0'));
    const second = u.state().packages.find((p) => p.version === '1.2.0')!;
    expect(u.apply(second.file)).toEqual({ version: '1.2.0', previous: '1.1.0' });
    expect(u.rollback()).toEqual({ version: '1.1.0' });
    expect(u.state()).toMatchObject({ current: '1.1.0', previous: null, pending: null });
    expect(await launch()).toBe(0);
    expect(u.rollback()).toEqual({ version: '1.0.0' });
    expect(() => u.rollback()).toThrow(/nothing to go back to/);
    expect(await launch()).toBe(0);
    expect(ran()).toEqual(['1.1.0', 'installed']);
  });

  it('automatically: a version on trial that dies at every start is rolled back by the launcher', async () => {
    putOnUsb('good.ccupdate', signFolder(appFolder('1.1.0'), keyFile, '1.1.0'));
    const u = updates();
    u.apply(u.state().packages[0]!.file);
    updates('1.1.0').confirmHealthy();
    putOnUsb('bad.ccupdate', signFolder(appFolder('1.2.0', 1), keyFile, '1.2.0'));
    u.apply(u.state().packages.find((p) => p.version === '1.2.0')!.file);
    // systemd restarts it each time it dies; MAX_TRIES=2: the third start goes back.
    expect(await launch()).toBe(1);
    expect(await launch()).toBe(1);
    expect(await launch()).toBe(0);
    expect(ran()).toEqual(['1.2.0', '1.2.0', '1.1.0']);
    expect(u.state()).toMatchObject({ current: '1.1.0', pending: null, rolledBack: { version: '1.2.0', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
  });

  it('a version confirmed healthy is never rolled back by the launcher', async () => {
    putOnUsb('v.ccupdate', signFolder(appFolder('1.2.0', 1), keyFile, '1.2.0'));
    const u = updates();
    u.apply(u.state().packages[0]!.file);
    // The old process (1.0.0) cannot vouch for it; the new one, once up long enough, does.
    u.confirmHealthy();
    expect(u.state().pending).toBe('1.2.0');
    updates('1.2.0').confirmHealthy();
    expect(u.state().pending).toBeNull();
    for (let i = 0; i < 4; i += 1) expect(await launch()).toBe(1);
    expect(u.state().current).toBe('1.2.0');
  });
});

describe('the package format', () => {
  it('verifies only against the manifest it signed: a re-signed manifest with another hash fails', () => {
    const bytes = signFolder(appFolder('1.2.0'), keyFile, '1.2.0');
    const verdict = verifyPackage(bytes, settings.publicKeys, '1.0.0');
    expect(verdict.ok).toBe(true);
    const swapped = Buffer.from(bytes.toString('latin1').replace(/"payloadSha256":"[0-9a-f]{64}"/, `"payloadSha256":"${'0'.repeat(64)}"`), 'latin1');
    expect(verifyPackage(swapped, settings.publicKeys, '1.0.0')).toMatchObject({ ok: false, problem: 'bad-signature' });
  });
});

describe('through the technician console', () => {
  afterEach(closeTestCabinets);

  it('lists with signature status, applies as a technician (audited), refuses a tampered one, rolls back', async () => {
    const next = APP_VERSION.replace(/^(\d+)\.(\d+)\..*$/, (_m, a: string, b: string) => `${a}.${Number(b) + 1}.0`);
    putOnUsb('next.ccupdate', signFolder(appFolder(next), keyFile, next));
    putOnUsb('broken.ccupdate', flip(Buffer.from(signFolder(appFolder(next), keyFile, next)), 40));
    const env = await openTestCabinet((raw) => void (raw.updates = { ...settings, mediaRoots: [...settings.mediaRoots], publicKeys: [...settings.publicKeys] }));
    const { token: admin } = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    await env.h['staff.createAccount']({ token: admin, login: 'tech', name: 'Tech', role: 'technician', pin: '135791' });
    await env.h['staff.createAccount']({ token: admin, login: 'clerk', name: 'Clerk', role: 'staff', pin: '135792' });
    const { token } = await env.h['staff.login']({ login: 'tech', pin: '135791' });
    const { token: clerk } = await env.h['staff.login']({ login: 'clerk', pin: '135792' });
    await expect(env.h['updates.list']({ token: clerk })).rejects.toMatchObject({ code: 'forbidden' });

    const listed = await env.h['updates.list']({ token });
    expect(listed).toMatchObject({ configured: true, current: APP_VERSION, pending: null });
    const byName = Object.fromEntries(listed.packages.map((p) => [p.name, p]));
    expect(byName['next.ccupdate']).toMatchObject({ version: next, ready: true });
    expect(byName['broken.ccupdate']).toMatchObject({ ready: false });
    await expect(env.h['updates.apply']({ token, file: byName['broken.ccupdate']!.file })).rejects.toMatchObject({ code: 'conflict' });
    expect(await env.h['updates.apply']({ token, file: byName['next.ccupdate']!.file })).toEqual({ version: next, previous: APP_VERSION, restartRequired: true });
    expect(await env.h['updates.list']({ token })).toMatchObject({ current: next, pending: next });
    expect(await env.h['updates.rollback']({ token })).toEqual({ version: APP_VERSION, restartRequired: true });
    const rows = env.cabinet.db.prepare("SELECT action, outcome FROM audit_log WHERE action LIKE 'update.%' ORDER BY id").all();
    expect(rows).toEqual([
      { action: 'update.applied', outcome: 'denied' },
      { action: 'update.applied', outcome: 'ok' },
      { action: 'update.rolled-back', outcome: 'ok' },
    ]);
  }, 60_000);

  it('says when updates are not configured', async () => {
    const env = await openTestCabinet();
    const { token } = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    expect(await env.h['updates.list']({ token })).toMatchObject({ configured: false, current: APP_VERSION, packages: [] });
    await expect(env.h['updates.rollback']({ token })).rejects.toMatchObject({ code: 'unavailable' });
  }, 60_000);
});

// The launcher script must stay executable in the repository (the deb installs it as is).
it('the launcher is executable', () => {
  chmodSync(LAUNCHER, 0o755);
  expect(readFileSync(LAUNCHER, 'utf8').startsWith('#!/bin/sh')).toBe(true);
});
