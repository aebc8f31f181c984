// Console sessions (hub_sessions, migration 0100), keyed by the SHA-256 of their id.
import type { HubRole } from './accounts';
import type { Db } from '../db/pool';

export interface StoredSession {
  accountId: number;
  login: string;
  name: string;
  role: HubRole;
  departmentId: string | null;
  disabled: boolean;
  createdAt: number;
  lastSeenAt: number;
}

type Row = { account_id: number; login: string; name: string; role: HubRole; department_id: string | null; disabled: boolean; created_at: Date; last_seen_at: Date };

export function createSessionsStore(db: Db) {
  return {
    async insert(key: string, accountId: number, at: number): Promise<void> {
      await db.query('INSERT INTO hub_sessions (key, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)', [key, accountId, new Date(at)]);
    },
    async get(key: string): Promise<StoredSession | undefined> {
      const { rows } = await db.query<Row>(
        `SELECT s.account_id, a.login, a.name, a.role, a.department_id, a.disabled, s.created_at, s.last_seen_at
         FROM hub_sessions s JOIN hub_accounts a ON a.id = s.account_id WHERE s.key = $1`,
        [key],
      );
      const r = rows[0];
      if (!r) return undefined;
      return { accountId: Number(r.account_id), login: r.login, name: r.name, role: r.role, departmentId: r.department_id, disabled: r.disabled, createdAt: r.created_at.getTime(), lastSeenAt: r.last_seen_at.getTime() };
    },
    async touch(key: string, at: number): Promise<void> {
      await db.query('UPDATE hub_sessions SET last_seen_at = $2 WHERE key = $1', [key, new Date(at)]);
    },
    async remove(key: string): Promise<boolean> {
      return ((await db.query('DELETE FROM hub_sessions WHERE key = $1', [key])).rowCount ?? 0) === 1;
    },
    async removeOfAccount(accountId: number): Promise<number> {
      return (await db.query('DELETE FROM hub_sessions WHERE account_id = $1', [accountId])).rowCount ?? 0;
    },
    /** Housekeeping: sessions whose idle or absolute limit passed. */
    async removeExpired(now: number, idleMs: number, absoluteMs: number): Promise<number> {
      return (await db.query('DELETE FROM hub_sessions WHERE last_seen_at <= $1 OR created_at <= $2', [new Date(now - idleMs), new Date(now - absoluteMs)])).rowCount ?? 0;
    },
  };
}
export type SessionsStore = ReturnType<typeof createSessionsStore>;
