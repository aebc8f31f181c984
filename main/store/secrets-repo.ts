// Per-cabinet keys (the pickup-code HMAC secret, the outbox sealing key, the phone-verification
// secret). They are never kept in the database: a copy of cabinet.sqlite alone must not unseal a
// code or let a code hash be brute-forced. The app keeps them in a key file outside the data
// directory (main/app/key-file.ts); earlier versions kept them in the `secrets` table, which the
// app moves out once (legacySecrets).
import { randomBytes } from 'node:crypto';
import type { Db } from './database';

/** 'id-number': the HMAC key of ID-number hashes (case_identities), never rotated: a new key would match no stored hash. */
export type SecretName = 'pickup-code' | 'outbox-seal' | 'phone-verification' | 'phone-field' | 'id-number';

export interface SecretsRepo {
  /** The secret called `name`: 32 random bytes, drawn the first time it is asked for, then kept. */
  getOrCreate(name: SecretName): Buffer;
  /** Every key that may still open data sealed under `name`: the current one first, then retired ones. */
  ring(name: SecretName): Buffer[];
  /** A fresh current key for `name`; the old one is kept as retired until `forgetRetired`. */
  rotate(name: SecretName): void;
  /** Drop the retired keys of `name`, once nothing sealed under them is left. */
  forgetRetired(name: SecretName): void;
}

/** The key-ring rules over any map of keys: the file and the memory variant share them. */
export function keyRing(store: { keys: Map<string, Buffer>; retired: Map<string, Buffer[]>; save(): void }): SecretsRepo {
  const getOrCreate = (name: SecretName): Buffer => {
    const key = store.keys.get(name);
    if (key) return key;
    const fresh = randomBytes(32);
    store.keys.set(name, fresh);
    store.save();
    return fresh;
  };
  return {
    getOrCreate,
    ring: (name) => [getOrCreate(name), ...(store.retired.get(name) ?? [])],
    rotate(name) {
      const old = getOrCreate(name);
      store.retired.set(name, [old, ...(store.retired.get(name) ?? [])]);
      store.keys.set(name, randomBytes(32));
      store.save();
    },
    forgetRetired(name) {
      if (!store.retired.delete(name)) return;
      store.save();
    },
  };
}

/** Keys held in memory only: for tests and tools that never restart. */
export function memorySecrets(): SecretsRepo {
  return keyRing({ keys: new Map(), retired: new Map(), save: () => undefined });
}

/** The secrets an earlier version wrote into the database: read them, then drop them once saved elsewhere. */
export function legacySecrets(db: Db) {
  return {
    take: (): Array<{ name: SecretName; value: Buffer }> => db.prepare('SELECT name, value FROM secrets').all() as Array<{ name: SecretName; value: Buffer }>,
    drop: (): void => void db.prepare('DELETE FROM secrets').run(),
  };
}
