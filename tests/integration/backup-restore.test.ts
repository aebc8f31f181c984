// Backups end to end, on real SQLite files: an online backup taken while the cabinet keeps
// writing is whole (integrity_check, audit chain), `npm run restore` refuses while the cabinet
// runs, then puts the backup back, and the cabinet opens on it with its chain intact.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { backupsDirFor, restoreBackup, RestoreRefused } from '../../main/app/backup';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { createAuditRepo } from '../../main/store/audit-repo';
import { checkDatabaseFile } from '../../main/store/backup';
import type { Clock } from '../../main/core/clock';
import { until } from './until';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function open(dataDir: string): Promise<Cabinet> {
  const cabinet = await createCabinet({ config: parseConfig(defaultConfig()), dataDir, log: () => {}, backups: false });
  opened.push(cabinet);
  return cabinet;
}

function restoreCli(backup: string, dataDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', backup, '--data-dir', dataDir], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

const entry = (i: number) => ({ at: 1_750_000_000_000 + i, actor: 'test', action: 'test.write', outcome: 'ok' as const, detail: { i, pad: 'x'.repeat(200) } });

describe('backup and restore', () => {
  it('backs up while writes go on, refuses to restore under a running cabinet, restores, and the chain verifies', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-backup-'));
    const cabinet = await open(dataDir);
    const audit = createAuditRepo(cabinet.db);
    // Enough pages that the online backup takes many steps, with writes between them.
    cabinet.db.transaction(() => {
      for (let i = 0; i < 20_000; i += 1) audit.append(entry(i));
    })();
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        audit.append(entry(100_000 + writes));
        writes += 1;
        await new Promise<void>((r) => setImmediate(r));
      }
    })();
    const result = await cabinet.backUp();
    writing = false;
    await writer;
    expect(writes).toBeGreaterThan(0);
    expect(result.verdict.ok).toBe(true);
    expect(result.verdict.audit.rows).toBeGreaterThanOrEqual(20_000);
    expect(readdirSync(backupsDirFor(dataDir))).toEqual([basename(result.file)]);

    const refused = await restoreCli(result.file, dataDir);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/is running on/);

    const rowsAtBackup = result.verdict.audit.rows;
    await opened.pop()!.close();
    const done = await restoreCli(result.file, dataDir);
    expect(done.out).toMatch(/restored/);
    expect(done.code).toBe(0);
    expect(readdirSync(dataDir).some((n) => n.startsWith('cabinet.sqlite.before-restore-'))).toBe(true);

    const verdict = checkDatabaseFile(join(dataDir, 'cabinet.sqlite'));
    expect(verdict.integrity).toEqual([]);
    expect(verdict.audit.ok).toBe(true);
    expect(verdict.audit.rows).toBe(rowsAtBackup);
    // The cabinet opens on the restored database (its keys are outside, untouched) and writes on.
    const again = await open(dataDir);
    const reopened = createAuditRepo(again.db);
    reopened.append(entry(999_999));
    expect(reopened.verify()).toMatchObject({ ok: true, rows: rowsAtBackup + 1 });
  }, 120_000);

  it('refuses a backup that fails its check, and a missing one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-backup-'));
    const bad = join(dataDir, 'not-a-database.sqlite');
    writeFileSync(bad, 'this is not SQLite'.repeat(100));
    expect(() => restoreBackup({ backup: bad, dataDir, now: Date.now() })).toThrow();
    expect(() => restoreBackup({ backup: join(dataDir, 'nope.sqlite'), dataDir, now: Date.now() })).toThrow(RestoreRefused);
    expect(existsSync(join(dataDir, 'cabinet.sqlite'))).toBe(false);
  });

  it('a pid file left by a dead process does not block a restore', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-backup-'));
    const cabinet = await open(dataDir);
    const { file } = await cabinet.backUp();
    await opened.pop()!.close();
    writeFileSync(join(dataDir, 'cabinet.pid'), '424242\n');
    expect(() => restoreBackup({ backup: file, dataDir, now: Date.now(), isAlive: () => true })).toThrow(/process 424242/);
    expect(restoreBackup({ backup: file, dataDir, now: Date.now(), isAlive: () => false }).verdict.ok).toBe(true);
  });

  it('the cabinet takes its nightly backup at 03:00 on its own clock', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-backup-'));
    // A clock that reads 02:59:52 local time now, and runs on from there in real time: the 8 s
    // before 03:00 leave a starved machine time to start the cabinet before the hour is due (a
    // start that ended after 03:00 would rightly schedule tomorrow's backup instead).
    const target = new Date();
    target.setHours(2, 59, 52, 0);
    const offset = target.getTime() - Date.now();
    const clock: Clock = { now: () => Date.now() + offset, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    const cabinet = await createCabinet({ config: parseConfig(defaultConfig()), dataDir, log: () => {}, timers: clock, backups: { keep: 3 } });
    opened.push(cabinet);
    const dir = backupsDirFor(dataDir);
    await until(() => existsSync(dir) && readdirSync(dir).some((n) => n.endsWith('.sqlite')), 45_000, 'the nightly backup');
    const [name] = readdirSync(dir).filter((n) => n.endsWith('.sqlite'));
    expect(name).toMatch(/^cabinet-\d{8}T\d{6}Z\.sqlite$/);
    expect(checkDatabaseFile(join(dir, name!)).ok).toBe(true);
  }, 90_000);
});
