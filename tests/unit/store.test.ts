import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseTooNewError, openDatabase, schemaVersion } from '../../main/store/database';
import { migrations, type Migration } from '../../main/store/migrations';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'store-')), 'cabinet.sqlite');

describe('store', () => {
  it('opens a file in WAL with synchronous=FULL and records the schema version', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(schemaVersion(db)).toBe(migrations.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['cases', 'compartments', 'audit_log', 'outbox']));
    db.close();
  });

  it('applies only pending migrations, in order, in one transaction', () => {
    const file = tempFile();
    openDatabase(file).close();
    const calls: number[] = [];
    const extra: Migration[] = [
      ...migrations,
      { version: migrations.length + 1, description: 'add a', up: (db) => (calls.push(1), db.exec('CREATE TABLE a (x)')) },
      { version: migrations.length + 2, description: 'add b', up: (db) => (calls.push(2), db.exec('CREATE TABLE b (x)')) },
    ];
    const db = openDatabase(file, extra);
    expect(calls).toEqual([1, 2]);
    expect(schemaVersion(db)).toBe(migrations.length + 2);
    db.close();
  });

  it('rolls back every pending step when one fails', () => {
    const file = tempFile();
    openDatabase(file).close();
    const failing: Migration[] = [
      ...migrations,
      { version: migrations.length + 1, description: 'ok', up: (db) => db.exec('CREATE TABLE a (x)') },
      { version: migrations.length + 2, description: 'bad', up: (db) => db.exec('CREATE TABLE nonsense (') },
    ];
    expect(() => openDatabase(file, failing)).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database newer than the code, with a clear message', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.pragma(`user_version = ${migrations.length + 3}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version/);
  });

  it('refuses migrations numbered out of order', () => {
    const bad: Migration[] = [{ version: 2, description: 'x', up: () => {} }];
    expect(() => openDatabase(tempFile(), bad)).toThrow(/numbered 1, 2, 3/);
  });
});
