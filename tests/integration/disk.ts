// Disks that refuse writes, for the disk-full suite. Two kinds, one interface:
// - 'sqlite': SQLite's own limit (query_only): every write the cabinet's connection tries is
//   refused (SQLITE_READONLY). Needs no privilege, so the property is proven everywhere.
// - 'tmpfs': the data directory (and the key directory beside it) on a real 2 MiB tmpfs, filled
//   with a file until the kernel answers ENOSPC; space returns when the file is removed. Needs root
//   (mount); the suite skips it with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../main/store/database';

export interface Disk {
  kind: 'sqlite' | 'tmpfs';
  dataDir: string;
  /** From now on, writes to the database are refused. */
  refuse(db: Db): void;
  /** Space returns: writes succeed again (for the database the cabinet has open now). */
  restore(db: Db): void;
  /** Unmount and delete, whatever happened. */
  release(): void;
}

export function sqliteDisk(): Disk {
  const dataDir = mkdtempSync(join(tmpdir(), 'diskfull-'));
  return {
    kind: 'sqlite',
    dataDir,
    refuse: (db) => void db.pragma('query_only = 1'),
    restore: (db) => void db.pragma('query_only = 0'),
    release: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Why a real tmpfs cannot be used here (not root, or mount refused), or undefined when it can. */
export function tmpfsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs (CI runs as root); the sqlite variant covers every phase';
  const probe = mkdtempSync(join(tmpdir(), 'diskfull-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs refused here: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Write until the kernel says ENOSPC, in ever smaller pieces, so not one page is left. */
function fill(path: string): void {
  const fd = openSync(path, 'a');
  try {
    for (const size of [256 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x55);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Mounted and not yet released: unmounted when the test process exits, however it ends. */
const mounted = new Set<string>();
process.once('exit', () => {
  for (const root of mounted) {
    try {
      execFileSync('umount', ['-l', root], { stdio: 'pipe' });
      rmSync(root, { recursive: true, force: true });
    } catch {
      // Best effort on the way out.
    }
  }
});

export function tmpfsDisk(sizeMiB = 2): Disk {
  const root = mkdtempSync(join(tmpdir(), 'diskfull-mnt-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', root], { stdio: 'pipe' });
  mounted.add(root);
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const filler = join(root, 'filler');
  return {
    kind: 'tmpfs',
    dataDir,
    refuse(db) {
      // The write-ahead log keeps the pages the disk already gave it and reuses them: a full disk
      // refuses a commit only once the log must grow. Empty it first, as after a quiet night.
      db.pragma('wal_checkpoint(TRUNCATE)');
      fill(filler);
    },
    restore: () => rmSync(filler, { force: true }),
    release() {
      try {
        execFileSync('umount', ['-l', root], { stdio: 'pipe' });
        mounted.delete(root);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
