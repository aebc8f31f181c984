// Per-cabinet secrets (HMAC and sealing keys), made on first use and kept in the database so a
// restart keeps issued codes and sealed messages valid.
import { randomBytes } from 'node:crypto';
import type { Db } from './database';

export type SecretName = 'pickup-code' | 'outbox-seal' | 'phone-verification';

export function createSecretsRepo(db: Db) {
  const get = db.prepare('SELECT value FROM secrets WHERE name = ?');
  const insert = db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?)');
  return {
    /** The secret called `name`: 32 random bytes, drawn the first time it is asked for. */
    getOrCreate(name: SecretName): Buffer {
      const row = get.get(name) as { value: Buffer } | undefined;
      if (row) return row.value;
      const value = randomBytes(32);
      insert.run(name, value);
      return value;
    },
  };
}
export type SecretsRepo = ReturnType<typeof createSecretsRepo>;
