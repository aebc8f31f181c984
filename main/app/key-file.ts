// The cabinet's keys in a file of their own (JSON of base64, mode 0600) in a directory of their own
// (mode 0700) beside the data directory, so a copy or backup of the data directory carries no key.
// Written atomically (temporary file, fsync, rename): a power cut leaves the old file or the new.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { keyRing, type SecretName, type SecretsRepo } from '../store/secrets-repo';

export const KEY_FILE = 'cabinet.keys';

/** Where the keys live: `config.keysDir`, else `<dataDir>-keys` next to the data directory. */
export function keysDirFor(dataDir: string, configured: string | undefined): string {
  return configured ?? `${dataDir.replace(/[\\/]+$/, '')}-keys`;
}

/** Where retired keys are kept in the file, by name. */
const RETIRED = 'retired';

/** The file's shape: current keys by name, and retired keys still needed to open older data. */
interface KeyFileJson {
  [name: string]: string | Record<string, string[]>;
}

function readKeys(path: string): { keys: Map<string, Buffer>; retired: Map<string, Buffer[]> } {
  const json: KeyFileJson = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as KeyFileJson) : {};
  const keys = new Map<string, Buffer>();
  const retired = new Map<string, Buffer[]>();
  for (const [name, value] of Object.entries(json)) {
    if (typeof value === 'string') keys.set(name, Buffer.from(value, 'base64'));
    else if (name === RETIRED) for (const [n, old] of Object.entries(value)) retired.set(n, old.map((v) => Buffer.from(v, 'base64')));
  }
  return { keys, retired };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export function openKeyFile(dir: string): SecretsRepo & { path: string; adopt(name: SecretName, value: Buffer): void } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, KEY_FILE);
  const { keys, retired } = readKeys(path);
  const save = () => {
    const b64 = (b: Buffer) => b.toString('base64');
    const json: KeyFileJson = Object.fromEntries([...keys].map(([k, v]) => [k, b64(v)]));
    if (retired.size > 0) json[RETIRED] = Object.fromEntries([...retired].map(([k, vs]) => [k, vs.map(b64)]));
    writeAtomically(path, JSON.stringify(json, null, 2));
  };
  return {
    path,
    ...keyRing({ keys, retired, save }),
    /** A key carried over from the database of an earlier version (kept if the file has none). */
    adopt(name, value) {
      if (keys.has(name)) return;
      keys.set(name, value);
      save();
    },
  };
}

/**
 * A credential the installer put into the key file (not a key the cabinet draws): the value of
 * `name` as base64 of its UTF-8 text, e.g. "fleet-password". Undefined when absent.
 */
export function readKeyFileEntry(dir: string, name: string): string | undefined {
  const value = readKeys(join(dir, KEY_FILE)).keys.get(name);
  return value ? value.toString('utf8') : undefined;
}
