// Opening the cabinet's SQLite file: WAL for readers beside the writer, synchronous=FULL so a
// committed deposit survives a power cut, and ordered migrations recorded in user_version.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations, type Migration } from './migrations';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `The database ${file} is at schema version ${found}, but this build of Civic Cabinet knows only up to ` +
        `version ${known}. It was written by a newer version: install that version again (do not delete the file).`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function openDatabase(file: string, list: readonly Migration[] = migrations): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, list);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply every pending migration in one transaction; refuse a database newer than the code. */
export function migrate(db: Db, file: string, list: readonly Migration[] = migrations): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1, 2, 3 ... in order; found ${m.version} at position ${i + 1}`);
  });
  const current = schemaVersion(db);
  const latest = list.length;
  if (current > latest) throw new DatabaseTooNewError(file, current, latest);
  if (current === latest) return;
  db.transaction(() => {
    for (const m of list.slice(current)) m.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
}
