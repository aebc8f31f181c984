// The cabinet's keys in a file of their own (JSON of base64, mode 0600) in a directory of their own
// (mode 0700) beside the data directory, so a copy or backup of the data directory carries no key.
// Written atomically (temporary file, fsync, rename): a power cut leaves the old file or the new.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretName, SecretsRepo } from '../store/secrets-repo';

export const KEY_FILE = 'cabinet.keys';

/** Where the keys live: `config.keysDir`, else `<dataDir>-keys` next to the data directory. */
export function keysDirFor(dataDir: string, configured: string | undefined): string {
  return configured ?? `${dataDir.replace(/[\\/]+$/, '')}-keys`;
}

export function openKeyFile(dir: string): SecretsRepo & { path: string; adopt(name: SecretName, value: Buffer): void } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, KEY_FILE);
  const keys = new Map<string, Buffer>(
    existsSync(path) ? Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]) : [],
  );
  const save = () => {
    const temporary = `${path}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(Object.fromEntries([...keys].map(([k, v]) => [k, v.toString('base64')])), null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  };
  const put = (name: string, value: Buffer) => {
    keys.set(name, value);
    save();
  };
  return {
    path,
    getOrCreate(name) {
      const key = keys.get(name);
      if (key) return key;
      const fresh = randomBytes(32);
      put(name, fresh);
      return fresh;
    },
    /** A key carried over from the database of an earlier version (kept if the file has none). */
    adopt(name, value) {
      if (!keys.has(name)) put(name, value);
    },
  };
}
