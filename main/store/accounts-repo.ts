// Rows of the accounts table: staff, technician and admin accounts with their PIN hashes.
import type { Db } from './database';

/** The roles the table's CHECK constraint allows. */
export type AccountRole = 'staff' | 'technician' | 'admin';

export interface AccountCredentials {
  id: number;
  login: string;
  name: string;
  role: AccountRole;
  pinHash: string;
  disabled: boolean;
}

export interface AccountListing {
  id: number;
  login: string;
  name: string;
  role: AccountRole;
  hasCard: boolean;
  disabled: boolean;
}

type CredentialsRow = { id: number; login: string; name: string; role: AccountRole; pin_hash: string; disabled: number };

const toCredentials = (r: CredentialsRow | undefined): AccountCredentials | undefined =>
  r && { id: r.id, login: r.login, name: r.name, role: r.role, pinHash: r.pin_hash, disabled: r.disabled === 1 };

export function createAccountsRepo(db: Db) {
  const count = db.prepare('SELECT COUNT(*) AS n FROM accounts');
  const byLogin = db.prepare('SELECT id, login, name, role, pin_hash, disabled FROM accounts WHERE login = ?');
  const byCard = db.prepare('SELECT id, login, name, role, pin_hash, disabled FROM accounts WHERE card_id = ?');
  const insert = db.prepare('INSERT INTO accounts (login, name, role, pin_hash, card_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const upsert = db.prepare(
    `INSERT INTO accounts (login, name, role, pin_hash, card_id, disabled, created_at) VALUES (@login, @name, @role, @pinHash, @cardId, @disabled, @at)
     ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, card_id = excluded.card_id, disabled = excluded.disabled`,
  );
  const takeCardFromOthers = db.prepare('UPDATE accounts SET card_id = NULL WHERE card_id = ? AND login <> ?');
  const list = db.prepare('SELECT id, login, name, role, card_id IS NOT NULL AS hasCard, disabled FROM accounts ORDER BY login');
  const setDisabled = db.prepare('UPDATE accounts SET disabled = ? WHERE login = ?');
  const setPin = db.prepare('UPDATE accounts SET pin_hash = ? WHERE login = ?');
  const clearCard = db.prepare('UPDATE accounts SET card_id = NULL WHERE login = ? AND card_id IS NOT NULL');
  const enabledAdmins = db.prepare("SELECT COUNT(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0");
  return {
    count: (): number => (count.get() as { n: number }).n,
    byLogin: (login: string) => toCredentials(byLogin.get(login) as CredentialsRow | undefined),
    byCard: (cardId: string) => toCredentials(byCard.get(cardId) as CredentialsRow | undefined),
    /** Add an account; answers its id. */
    insert(a: { login: string; name: string; role: AccountRole; pinHash: string; cardId: string | null; at: number }): number {
      return Number(insert.run(a.login, a.name, a.role, a.pinHash, a.cardId, a.at).lastInsertRowid);
    },
    /** Disable or enable; answers whether the account exists. */
    setDisabled: (login: string, disabled: boolean): boolean => setDisabled.run(disabled ? 1 : 0, login).changes === 1,
    setPinHash: (login: string, pinHash: string): boolean => setPin.run(pinHash, login).changes === 1,
    /** Forget the account's staff card; answers whether it had one. */
    clearCard: (login: string): boolean => clearCard.run(login).changes === 1,
    enabledAdmins: (): number => (enabledAdmins.get() as { n: number }).n,
    /** Accounts pushed by the district, in one transaction: added, or replaced by login; a card moves to its new holder. */
    upsertMany(list: readonly { login: string; name: string; role: AccountRole; pinHash: string; cardId: string | null; disabled: boolean }[], at: number): void {
      db.transaction(() => {
        for (const a of list) {
          if (a.cardId) takeCardFromOthers.run(a.cardId, a.login);
          upsert.run({ ...a, disabled: a.disabled ? 1 : 0, at });
        }
      })();
    },
    list: (): AccountListing[] =>
      (list.all() as { id: number; login: string; name: string; role: AccountRole; hasCard: number; disabled: number }[]).map((a) => ({
        ...a,
        hasCard: a.hasCard === 1,
        disabled: a.disabled === 1,
      })),
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
