// Ordered schema migrations: append only, never edit a released step. Times are epoch ms.
import type Database from 'better-sqlite3';
import { auditHash, GENESIS, type AuditChainRow } from './audit-chain';

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
  {
    version: 2,
    description: 'hash-chained, append-only audit log',
    up(db) {
      db.exec(`
        ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
        CREATE TABLE audit_head (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          last_id INTEGER NOT NULL,
          hash TEXT NOT NULL
        );
      `);
      // Chain any rows written before the chain existed, in order.
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditChainRow[];
      const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
      let prev = GENESIS;
      for (const row of rows) {
        const hash = auditHash(prev, row);
        set.run(prev, hash, row.id);
        prev = hash;
      }
      const last = rows.at(-1);
      if (last) db.prepare('INSERT INTO audit_head (id, last_id, hash) VALUES (1, ?, ?)').run(last.id, prev);
      db.exec(`
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      `);
    },
  },
  {
    version: 3,
    description: 'pickup codes, deadlines, corrections, closing time, rate limits, ratings',
    up(db) {
      db.exec(`
        ALTER TABLE cases ADD COLUMN closed_at INTEGER;
        ALTER TABLE cases ADD COLUMN pickup_code_hash TEXT;
        ALTER TABLE cases ADD COLUMN pickup_deadline INTEGER;
        ALTER TABLE cases ADD COLUMN correction_reason TEXT;
        CREATE UNIQUE INDEX cases_pickup_code ON cases(pickup_code_hash) WHERE pickup_code_hash IS NOT NULL;
        CREATE INDEX cases_closed_at ON cases(closed_at) WHERE closed_at IS NOT NULL;
        CREATE TABLE rate_limits (
          key TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          lockouts INTEGER NOT NULL DEFAULT 0,
          locked_until INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE ratings (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          case_id INTEGER REFERENCES cases(id),
          flow TEXT NOT NULL,
          level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
          comment TEXT
        );
        CREATE TABLE secrets (
          name TEXT PRIMARY KEY,
          value BLOB NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    description: 'staff accounts and the night-retrieval handover record',
    up(db) {
      db.exec(`
        CREATE TABLE accounts (
          id INTEGER PRIMARY KEY,
          login TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('staff', 'technician', 'admin')),
          pin_hash TEXT NOT NULL,
          card_id TEXT UNIQUE,
          created_at INTEGER NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE retrievals (
          id INTEGER PRIMARY KEY,
          case_id INTEGER NOT NULL REFERENCES cases(id),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          shift TEXT NOT NULL,
          compartments TEXT NOT NULL,
          collected_at INTEGER NOT NULL,
          seal TEXT
        );
        CREATE INDEX retrievals_shift ON retrievals(shift);
        ALTER TABLE cases ADD COLUMN reminded_at INTEGER;
        CREATE INDEX cases_deposited_at ON cases(deposited_at);
      `);
    },
  },
  {
    version: 5,
    description: 'outbox delivery: per-channel delivery rows with retries, message status, phone verification codes',
    up(db) {
      db.exec(`
        ALTER TABLE outbox ADD COLUMN routed_at INTEGER;
        ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
        ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
        ALTER TABLE outbox ADD COLUMN last_error TEXT;
        ALTER TABLE outbox ADD COLUMN retried_at INTEGER;
        CREATE INDEX outbox_unrouted ON outbox(id) WHERE routed_at IS NULL;
        CREATE INDEX outbox_status ON outbox(status, id);
        CREATE TABLE outbox_deliveries (
          id INTEGER PRIMARY KEY,
          message_id INTEGER NOT NULL REFERENCES outbox(id),
          channel TEXT NOT NULL,
          recipient TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          age_from INTEGER NOT NULL,
          last_attempt_at INTEGER,
          last_error TEXT,
          delivered_at INTEGER,
          UNIQUE (message_id, channel)
        );
        CREATE INDEX outbox_deliveries_pending ON outbox_deliveries(recipient, id) WHERE status = 'pending';
        CREATE TABLE phone_verifications (
          id INTEGER PRIMARY KEY,
          phone_hash TEXT NOT NULL,
          code_hash TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          wrong_attempts INTEGER NOT NULL DEFAULT 0,
          verified_at INTEGER,
          token_hash TEXT UNIQUE,
          token_expires_at INTEGER,
          used_at INTEGER
        );
        CREATE INDEX phone_verifications_phone ON phone_verifications(phone_hash, id);
      `);
    },
  },
  {
    version: 6,
    description: 'fleet link: the MQTT outbox fed from the audit log and ratings, its cursors, and the command nonces seen',
    up(db) {
      db.exec(`
        CREATE TABLE fleet_outbox (
          id INTEGER PRIMARY KEY,
          message_id TEXT NOT NULL UNIQUE,
          type TEXT NOT NULL,
          payload TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          sent_at INTEGER
        );
        CREATE INDEX fleet_outbox_pending ON fleet_outbox(id) WHERE sent_at IS NULL;
        CREATE TABLE fleet_cursors (
          source TEXT PRIMARY KEY,
          last_id INTEGER NOT NULL
        );
        CREATE TABLE fleet_nonces (
          nonce TEXT PRIMARY KEY,
          seen_at INTEGER NOT NULL
        );
        CREATE INDEX fleet_nonces_seen ON fleet_nonces(seen_at);
      `);
    },
  },
  {
    version: 7,
    description: 'SMS send limits: the sends to residents, by keyed phone hash and time',
    up(db) {
      db.exec(`
        CREATE TABLE sms_sends (
          id INTEGER PRIMARY KEY,
          phone_key TEXT NOT NULL,
          at INTEGER NOT NULL
        );
        CREATE INDEX sms_sends_phone ON sms_sends(phone_key, at);
        CREATE INDEX sms_sends_at ON sms_sends(at);
      `);
    },
  },
  {
    version: 8,
    description: "results the district says are on their way (the hub's cases.ready): the staff's list of results to put back",
    up(db) {
      db.exec(`
        CREATE TABLE ready_results (
          id INTEGER PRIMARY KEY,
          reference TEXT NOT NULL UNIQUE,
          matter_id TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          command_id TEXT NOT NULL,
          announced_at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 9,
    description: 'identity per case (issue 14): the applicant, an authorised proxy and who collected, as a keyed hash of the ID number, its last four characters and the masked name',
    up(db) {
      db.exec(`
        CREATE TABLE case_identities (
          case_id INTEGER NOT NULL REFERENCES cases(id),
          role TEXT NOT NULL CHECK (role IN ('applicant', 'proxy', 'collector')),
          id_hash TEXT,
          id_last4 TEXT,
          masked_name TEXT,
          anyone INTEGER NOT NULL DEFAULT 0,
          personal INTEGER NOT NULL DEFAULT 0,
          collected_as TEXT CHECK (collected_as IS NULL OR collected_as IN ('applicant', 'proxy', 'anyone')),
          at INTEGER NOT NULL,
          PRIMARY KEY (case_id, role),
          CHECK ((anyone = 1 AND id_hash IS NULL) OR (anyone = 0 AND id_hash IS NOT NULL AND id_last4 IS NOT NULL AND masked_name IS NOT NULL) OR role = 'collector')
        ) WITHOUT ROWID;
      `);
    },
  },
];
