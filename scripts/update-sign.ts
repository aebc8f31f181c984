// `npm run update:sign -- <app folder> --key <private key PEM> [--version x.y.z] [--out file]`:
// builds the signed offline update package a technician applies from USB (ADR 0019,
// main/app/updates/package-format.ts). <app folder> is what electron-builder unpacked
// (release/linux-unpacked, release/linux-arm64-unpacked): the launcher starts its civic-cabinet.
// `npm run update:sign -- --new-key <file>` makes a district update key: the private key (PEM,
// mode 600, kept off the cabinets) and prints the public key for each cabinet's updates.publicKeys.
import { generateKeyPairSync } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage, packEntries, rawPublicKey, type ArchiveEntry } from '../main/app/updates/package-format';

/** Every file and folder under `dir`, paths relative with '/', modes kept (the executable bit matters). */
export function folderEntries(dir: string, base = dir): ArchiveEntry[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name): ArchiveEntry[] => {
      const path = join(dir, name);
      const rel = relative(base, path).split('\\').join('/');
      const st = lstatSync(path);
      if (st.isSymbolicLink()) throw new Error(`${rel} is a symbolic link: the package carries files and folders only`);
      if (st.isDirectory()) return [{ path: rel, kind: 'dir', mode: st.mode & 0o7777 }, ...folderEntries(path, base)];
      return [{ path: rel, kind: 'file', mode: st.mode & 0o7777, data: readFileSync(path) }];
    });
}

export function newUpdateKey(file: string): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return rawPublicKey(publicKey);
}

export function signFolder(dir: string, keyFile: string, version: string, now = new Date()): Buffer {
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  return buildPackage(version, packEntries(folderEntries(dir)), readFileSync(keyFile, 'utf8'), now);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { key: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' }, 'new-key': { type: 'string' } },
  });
  if (values['new-key']) {
    console.log(`private key written to ${values['new-key']} (keep it off the cabinets)\npublic key for updates.publicKeys: ${newUpdateKey(values['new-key'])}`);
    return;
  }
  const dir = positionals[0];
  if (!dir || !values.key) throw new Error('usage: npm run update:sign -- <app folder> --key <private key PEM> [--version x.y.z] [--out file]');
  const version = values.version ?? (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  const out = resolve(values.out ?? `civic-cabinet-${version}.ccupdate`);
  const bytes = signFolder(dir, values.key, version);
  writeFileSync(out, bytes);
  console.log(`${out}: version ${version}, ${bytes.length} bytes — copy it into civic-cabinet-updates/ on a USB stick`);
}

if (process.argv[1]?.endsWith('update-sign.ts')) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
