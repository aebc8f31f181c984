// Per-cabinet keys (the pickup-code HMAC secret, the outbox sealing key, the phone-verification
// secret). They are never kept in the database: a copy of cabinet.sqlite alone must not unseal a
// code or let a code hash be brute-forced. The app keeps them in a key file outside the data
// directory (main/app/key-file.ts); earlier versions kept them in the `secrets` table, which the
// app moves out once (legacySecrets).
import { randomBytes } from 'node:crypto';
import type { Db } from './database';

export type SecretName = 'pickup-code' | 'outbox-seal' | 'phone-verification' | 'phone-field';

export interface SecretsRepo {
  /** The secret called `name`: 32 random bytes, drawn the first time it is asked for, then kept. */
  getOrCreate(name: SecretName): Buffer;
}

/** Keys held in memory only: for tests and tools that never restart. */
export function memorySecrets(): SecretsRepo {
  const keys = new Map<SecretName, Buffer>();
  return {
    getOrCreate(name) {
      const key = keys.get(name) ?? randomBytes(32);
      keys.set(name, key);
      return key;
    },
  };
}

/** The secrets an earlier version wrote into the database: read them, then drop them once saved elsewhere. */
export function legacySecrets(db: Db) {
  return {
    take: (): Array<{ name: SecretName; value: Buffer }> => db.prepare('SELECT name, value FROM secrets').all() as Array<{ name: SecretName; value: Buffer }>,
    drop: (): void => void db.prepare('DELETE FROM secrets').run(),
  };
}
