// District console accounts (hub_accounts, migration 0100) and their login limits.
import type { Db } from '../db/pool';

/** The roles hub_accounts allows (hub/domain/access.ts says what each may do). */
export type HubRole = 'dept-staff' | 'supervisor' | 'admin';
/** A login's failure count and lockout (the arithmetic is hub/domain/lockout.ts). */
export interface LimitState {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

export interface HubAccount {
  id: number;
  login: string;
  name: string;
  role: HubRole;
  departmentId: string | null;
  disabled: boolean;
}
export interface HubAccountWithHash extends HubAccount {
  passwordHash: string;
}

type Row = { id: number; login: string; name: string; role: HubRole; department_id: string | null; disabled: boolean; password_hash: string };
const COLUMNS = 'id, login, name, role, department_id, disabled, password_hash';
const toAccount = (r: Row): HubAccountWithHash => ({ id: Number(r.id), login: r.login, name: r.name, role: r.role, departmentId: r.department_id, disabled: r.disabled, passwordHash: r.password_hash });
const withoutHash = ({ passwordHash: _h, ...a }: HubAccountWithHash): HubAccount => a;

export function createAccountsStore(db: Db) {
  return {
    async byLogin(login: string): Promise<HubAccountWithHash | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM hub_accounts WHERE login = $1`, [login]);
      return rows[0] && toAccount(rows[0]);
    },
    async byId(id: number): Promise<HubAccount | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM hub_accounts WHERE id = $1`, [id]);
      return rows[0] && withoutHash(toAccount(rows[0]));
    },
    async insert(a: { login: string; name: string; role: HubRole; departmentId: string | null; passwordHash: string; at: number }): Promise<HubAccount> {
      const { rows } = await db.query<Row>(
        `INSERT INTO hub_accounts (login, name, role, department_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [a.login, a.name, a.role, a.departmentId, a.passwordHash, new Date(a.at)],
      );
      return withoutHash(toAccount(rows[0] as Row));
    },
    async list(): Promise<HubAccount[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM hub_accounts ORDER BY login`);
      return rows.map((r) => withoutHash(toAccount(r)));
    },
    async setDisabled(login: string, disabled: boolean): Promise<boolean> {
      return ((await db.query('UPDATE hub_accounts SET disabled = $2 WHERE login = $1', [login, disabled])).rowCount ?? 0) === 1;
    },
    async count(): Promise<number> {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM hub_accounts');
      return Number(rows[0]?.n ?? 0);
    },
  };
}
export type AccountsStore = ReturnType<typeof createAccountsStore>;

type LimitRow = { failures: number; lockouts: number; locked_until: Date };

export function createLoginLimitsStore(db: Db) {
  return {
    async get(key: string): Promise<LimitState | undefined> {
      const { rows } = await db.query<LimitRow>('SELECT failures, lockouts, locked_until FROM hub_login_limits WHERE key = $1', [key]);
      const r = rows[0];
      return r && { failures: r.failures, lockouts: r.lockouts, lockedUntil: r.locked_until.getTime() };
    },
    async put(key: string, s: LimitState): Promise<void> {
      await db.query(
        `INSERT INTO hub_login_limits (key, failures, lockouts, locked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts, locked_until = excluded.locked_until`,
        [key, s.failures, s.lockouts, new Date(s.lockedUntil)],
      );
    },
  };
}
export type LoginLimitsStore = ReturnType<typeof createLoginLimitsStore>;
