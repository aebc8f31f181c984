// Ordered schema migrations: append only, never edit a released step. Times are epoch ms.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'cases, compartments, audit log, notification outbox',
    up(db) {
      db.exec(`
        CREATE TABLE cases (
          id INTEGER PRIMARY KEY,
          reference TEXT NOT NULL UNIQUE,
          matter_id TEXT NOT NULL,
          phone TEXT,
          phone_last4 TEXT,
          status TEXT NOT NULL,
          compartment TEXT,
          language TEXT NOT NULL,
          elder_mode INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          deposited_at INTEGER,
          expected_date TEXT
        );
        CREATE INDEX cases_status ON cases(status);
        CREATE TABLE compartments (
          label TEXT PRIMARY KEY,
          state TEXT NOT NULL DEFAULT 'free',
          case_id INTEGER REFERENCES cases(id),
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          outcome TEXT NOT NULL,
          case_id INTEGER,
          compartment TEXT,
          detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          created_at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          audience TEXT NOT NULL,
          payload TEXT NOT NULL,
          idempotency_key TEXT NOT NULL UNIQUE,
          status TEXT NOT NULL DEFAULT 'pending'
        );
        CREATE TABLE reference_counters (
          day TEXT PRIMARY KEY,
          last INTEGER NOT NULL
        );
      `);
    },
  },
];
