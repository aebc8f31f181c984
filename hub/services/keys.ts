// The district's signing key, in a key file outside the database like the cabinet's (ADR 0010):
// `district.keys` in the hub's keys directory, mode 0600, JSON { "district-signing-key": PEM }.
// Made on first use; its public half (base64 of the raw 32 bytes) goes into every cabinet's
// fleet.districtPublicKey.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawPublicKey } from '../../main/core/fleet/command-check';

export const DISTRICT_KEY_FILE = 'district.keys';

export interface DistrictKey {
  privateKey: KeyObject;
  /** What a cabinet's fleet.districtPublicKey holds. */
  publicKeyRaw: string;
}

export function loadDistrictKey(keysDir: string, options: { create?: boolean } = {}): DistrictKey {
  const file = join(keysDir, DISTRICT_KEY_FILE);
  if (!existsSync(file)) {
    if (!options.create) throw new Error(`no district key at ${file} (start the hub once with --init-key)`);
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(file, JSON.stringify({ 'district-signing-key': pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) }), { mode: 0o600, flag: 'wx' });
  }
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const pem = entries['district-signing-key'];
  if (!pem) throw new Error(`${file} has no district-signing-key`);
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKeyRaw: rawPublicKey(createPublicKey(privateKey)) };
}
