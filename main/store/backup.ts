// The database's own side of backups: SQLite's online backup API (pages copied while the cabinet
// keeps writing; WAL readers never block the writer) and the checks a backup must pass before it
// is trusted — integrity_check, and the audit chain walked end to end.
import Database from 'better-sqlite3';
import type { Db } from './database';
import { createAuditRepo } from './audit-repo';
import type { ChainVerdict } from './audit-chain';

/**
 * Copy the live database into `file` (which must not exist yet) without stopping writers. The copy
 * is switched to a rollback journal: one self-contained file, no -wal/-shm beside it to lose.
 */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  await db.backup(file);
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

export interface BackupVerdict {
  /** integrity_check's complaints; empty when it says "ok". */
  integrity: string[];
  audit: ChainVerdict;
  ok: boolean;
}

/** Open a database file read-only and check it: pages and indexes, then the audit chain. */
export function checkDatabaseFile(file: string): BackupVerdict {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const audit = createAuditRepo(db).verify();
    return { integrity, audit, ok: integrity.length === 0 && audit.ok };
  } finally {
    db.close();
  }
}
