// Nightly online backups of the cabinet's database into <dataDir>-backups (beside the data
// directory, like the keys: a wiped data directory keeps its backups), checked before they count,
// the oldest beyond `keep` deleted. And the restore behind `npm run restore -- <backup>`.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../store/database';
import { backupDatabase, checkDatabaseFile, type BackupVerdict } from '../store/backup';
import type { TimerHandle, Timers } from '../core/clock';
import { runningPid } from './running';

export const BACKUP_KEEP = 30;
export const BACKUP_HOUR = 3;
const NAME = /^cabinet-(\d{8}T\d{6}Z)\.sqlite$/;

export function backupsDirFor(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}-backups`;
}

/** cabinet-20260615T190000Z.sqlite: UTC, so names sort in time order whatever the zone. */
export function backupName(at: number): string {
  return `cabinet-${new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.sqlite`;
}

/** Which backups to delete: all but the newest `keep` (names sort by time). */
export function planBackupPrune(names: string[], keep: number): string[] {
  const ours = names.filter((n) => NAME.test(n)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}

/** Milliseconds from `now` to the next `hour`:00 local time (never 0: the same instant is tomorrow). */
export function msToNextHour(now: number, hour: number): number {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now) next.setDate(next.getDate() + 1);
  return next.getTime() - now;
}

export interface BackupResult {
  file: string;
  bytes: number;
  verdict: BackupVerdict;
}

/** One backup now: written under a .partial name, checked, then renamed, so a listed backup is whole. */
export async function backUpNow(db: Db, dataDir: string, now: number, keep = BACKUP_KEEP): Promise<BackupResult> {
  const dir = backupsDirFor(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, backupName(now));
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  await backupDatabase(db, partial);
  const verdict = checkDatabaseFile(partial);
  if (!verdict.ok) {
    rmSync(partial, { force: true });
    throw new Error(`the backup failed its check: ${JSON.stringify({ integrity: verdict.integrity, audit: verdict.audit.problems.slice(0, 5) })}`);
  }
  renameSync(partial, file);
  for (const old of planBackupPrune(readdirSync(dir), keep)) rmSync(join(dir, old), { force: true });
  return { file, bytes: statSync(file).size, verdict };
}

/** Every night at BACKUP_HOUR: a failed backup is logged and tried again the next night. */
export function scheduleNightlyBackups(deps: { clock: Timers; run(): Promise<BackupResult>; log(level: 'info' | 'error', message: string, detail?: unknown): void; hour?: number }) {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = deps.clock.setTimeout(() => {
      deps
        .run()
        .then((r) => deps.log('info', `backup written: ${r.file} (${r.bytes} bytes, ${r.verdict.audit.rows} audit rows verified)`))
        .catch((error: unknown) => deps.log('error', 'the nightly backup failed', error))
        .finally(arm);
    }, msToNextHour(deps.clock.now(), deps.hour ?? BACKUP_HOUR));
  };
  arm();
  return {
    stop(): void {
      stopped = true;
      if (timer !== undefined) deps.clock.clearTimeout(timer);
    },
  };
}

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/**
 * Put a backup back as <dataDir>/cabinet.sqlite. Refused while a cabinet runs on that directory
 * and for a backup that fails its check. The database it replaces is kept beside it, never deleted.
 */
export function restoreBackup(options: { backup: string; dataDir: string; now: number; isAlive?: (pid: number) => boolean }): { restored: string; previous: string | undefined; verdict: BackupVerdict } {
  const { backup, dataDir } = options;
  const pid = runningPid(dataDir, options.isAlive);
  if (pid !== undefined) throw new RestoreRefused(`a cabinet (process ${pid}) is running on ${dataDir}: stop it first (systemctl stop civic-cabinet)`);
  if (!existsSync(backup)) throw new RestoreRefused(`no such backup: ${backup}`);
  const verdict = checkDatabaseFile(backup);
  if (!verdict.ok) throw new RestoreRefused(`${basename(backup)} failed its check; not restored: ${JSON.stringify({ integrity: verdict.integrity, audit: verdict.audit.problems.slice(0, 5) })}`);

  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, 'cabinet.sqlite');
  const staged = `${target}.restoring`;
  copyFileSync(backup, staged);
  let previous: string | undefined;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${backupName(options.now).slice('cabinet-'.length, -'.sqlite'.length)}`;
    renameSync(target, previous);
  }
  // The old WAL belongs to the old file: left beside the restored one it would be replayed into it.
  for (const suffix of ['-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, (previous ?? target) + suffix);
  renameSync(staged, target);
  return { restored: target, previous, verdict: checkDatabaseFile(target) };
}
