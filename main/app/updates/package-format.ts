// The offline update package (ADR 0019): one file a technician brings on USB.
//
//   "CCUPD\0\1\n" | u32 BE manifest length | manifest JSON | u16 BE signature length | signature | payload
//
// The manifest names the version, the payload's length and SHA-256, and the signing key; the
// signature is Ed25519 (Node's crypto, no dependency) over the manifest's exact bytes by the
// district's update key. The payload is a gzip of a flat archive of the app folder (below).
// Everything here is pure: bytes in, bytes or a verdict out. Checks run in the order that gives
// the clearest reason: format, truncation, key, signature, hash, version.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

const MAGIC = Buffer.from('CCUPD\u0000\u0001\n', 'latin1');
export const PRODUCT = 'civic-cabinet';
const VERSION = /^(\d{1,5})\.(\d{1,5})\.(\d{1,5})$/;

export interface UpdateManifest {
  format: 1;
  product: typeof PRODUCT;
  version: string;
  payloadBytes: number;
  payloadSha256: string;
  /** First 16 hex digits of the SHA-256 of the raw 32-byte public key. */
  keyId: string;
  createdAt: string;
}

export type UpdateProblem = 'bad-format' | 'truncated' | 'unknown-key' | 'bad-signature' | 'wrong-hash' | 'downgrade' | 'same-version';

export type Verdict =
  | { ok: true; manifest: UpdateManifest; payload: Buffer }
  | { ok: false; problem: UpdateProblem; manifest?: UpdateManifest | undefined; detail: string };

/** -1, 0 or 1 as version a is older, the same or newer than b (x.y.z). */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a)?.slice(1).map(Number) ?? [0, 0, 0];
  const pb = VERSION.exec(b)?.slice(1).map(Number) ?? [0, 0, 0];
  for (let i = 0; i < 3; i += 1) if (pa[i]! !== pb[i]!) return pa[i]! < pb[i]! ? -1 : 1;
  return 0;
}
export const isVersion = (v: string) => VERSION.test(v);

/** The raw 32-byte Ed25519 public key (base64), as the cabinet's configuration lists it. */
export function rawPublicKey(key: KeyObject): string {
  const pub = key.type === 'public' ? key : createPublicKey(key);
  return pub.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
}
export function publicKeyFromRaw(raw: string): KeyObject {
  const prefix = Buffer.from('302a300506032b6570032100', 'hex'); // SPKI header of an Ed25519 key
  return createPublicKey({ key: Buffer.concat([prefix, Buffer.from(raw, 'base64')]), format: 'der', type: 'spki' });
}
export const keyIdOf = (raw: string) => createHash('sha256').update(Buffer.from(raw, 'base64')).digest('hex').slice(0, 16);

/** Builds a signed package from an archive payload (see packFolder) with the district's private key (PEM). */
export function buildPackage(version: string, payload: Buffer, privateKeyPem: string, now: Date): Buffer {
  if (!isVersion(version)) throw new Error(`version must be x.y.z, not "${version}"`);
  const key = createPrivateKey(privateKeyPem);
  const manifest: UpdateManifest = {
    format: 1,
    product: PRODUCT,
    version,
    payloadBytes: payload.length,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
    keyId: keyIdOf(rawPublicKey(key)),
    createdAt: now.toISOString(),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const signature = sign(null, manifestBytes, key);
  const lengths = Buffer.alloc(4);
  lengths.writeUInt32BE(manifestBytes.length);
  const sigLength = Buffer.alloc(2);
  sigLength.writeUInt16BE(signature.length);
  return Buffer.concat([MAGIC, lengths, manifestBytes, sigLength, signature, payload]);
}

/** The manifest, signature and payload of a package file, or why they cannot be read. */
function split(file: Buffer): { manifestBytes: Buffer; signature: Buffer; payload: Buffer } | { problem: 'bad-format' | 'truncated'; detail: string } {
  if (file.length < MAGIC.length + 4) return file.length > 0 && MAGIC.subarray(0, file.length).equals(file.subarray(0, MAGIC.length)) ? { problem: 'truncated', detail: 'the file ends inside its header' } : { problem: 'bad-format', detail: 'not a Civic Cabinet update package' };
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) return { problem: 'bad-format', detail: 'not a Civic Cabinet update package' };
  const manifestLength = file.readUInt32BE(MAGIC.length);
  const sigAt = MAGIC.length + 4 + manifestLength;
  if (manifestLength > 64 * 1024) return { problem: 'bad-format', detail: 'manifest too large' };
  if (file.length < sigAt + 2) return { problem: 'truncated', detail: 'the file ends inside its manifest' };
  const sigLength = file.readUInt16BE(sigAt);
  if (file.length < sigAt + 2 + sigLength) return { problem: 'truncated', detail: 'the file ends inside its signature' };
  return { manifestBytes: file.subarray(MAGIC.length + 4, sigAt), signature: file.subarray(sigAt + 2, sigAt + 2 + sigLength), payload: file.subarray(sigAt + 2 + sigLength) };
}

function parseManifest(bytes: Buffer): UpdateManifest | undefined {
  try {
    const m = JSON.parse(bytes.toString('utf8')) as Partial<UpdateManifest>;
    const ok = m.format === 1 && m.product === PRODUCT && typeof m.version === 'string' && isVersion(m.version) && Number.isInteger(m.payloadBytes) && /^[0-9a-f]{64}$/.test(m.payloadSha256 ?? '') && typeof m.keyId === 'string';
    return ok ? (m as UpdateManifest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a package may be installed over `currentVersion`, trusting only `trustedKeys` (raw
 * base64 Ed25519 public keys). Nothing is unpacked before this says ok.
 */
export function verifyPackage(file: Buffer, trustedKeys: readonly string[], currentVersion: string): Verdict {
  const parts = split(file);
  if ('problem' in parts) return { ok: false, problem: parts.problem, detail: parts.detail };
  const manifest = parseManifest(parts.manifestBytes);
  if (!manifest) return { ok: false, problem: 'bad-format', detail: 'the manifest is not a Civic Cabinet update manifest' };
  const key = trustedKeys.find((raw) => keyIdOf(raw) === manifest.keyId);
  if (!key) return { ok: false, problem: 'unknown-key', manifest, detail: `signed by key ${manifest.keyId}, which this cabinet does not trust` };
  if (!verify(null, parts.manifestBytes, publicKeyFromRaw(key), parts.signature)) return { ok: false, problem: 'bad-signature', manifest, detail: 'the signature does not match the manifest' };
  if (parts.payload.length < manifest.payloadBytes) return { ok: false, problem: 'truncated', manifest, detail: `payload has ${parts.payload.length} of ${manifest.payloadBytes} bytes` };
  const sha = createHash('sha256').update(parts.payload).digest('hex');
  if (parts.payload.length !== manifest.payloadBytes || sha !== manifest.payloadSha256) return { ok: false, problem: 'wrong-hash', manifest, detail: 'the payload is not the one the manifest signed' };
  const order = compareVersions(manifest.version, currentVersion);
  if (order < 0) return { ok: false, problem: 'downgrade', manifest, detail: `${manifest.version} is older than the running ${currentVersion}` };
  if (order === 0) return { ok: false, problem: 'same-version', manifest, detail: `${manifest.version} is already installed` };
  return { ok: true, manifest, payload: parts.payload };
}

/** Only the manifest, for listing a package before it is verified in full (never trusted by itself). */
export function peekManifest(head: Buffer): UpdateManifest | undefined {
  const parts = split(head);
  return 'problem' in parts ? undefined : parseManifest(parts.manifestBytes);
}

// The payload: gzip of entries [u16 path length | path | u8 kind (0 file, 1 dir) | u32 mode | u32 size | bytes].
export interface ArchiveEntry {
  path: string;
  kind: 'file' | 'dir';
  mode: number;
  data?: Buffer;
}

export function packEntries(entries: readonly ArchiveEntry[]): Buffer {
  const chunks = entries.flatMap((e) => {
    const path = Buffer.from(e.path, 'utf8');
    const head = Buffer.alloc(2 + path.length + 9);
    head.writeUInt16BE(path.length, 0);
    path.copy(head, 2);
    head.writeUInt8(e.kind === 'dir' ? 1 : 0, 2 + path.length);
    head.writeUInt32BE(e.mode & 0o7777, 3 + path.length);
    head.writeUInt32BE(e.data?.length ?? 0, 7 + path.length);
    return e.data ? [head, e.data] : [head];
  });
  return gzipSync(Buffer.concat(chunks));
}

/** A relative path that stays inside the folder it is unpacked into. */
export function safeRelativePath(path: string): boolean {
  if (!path || path.startsWith('/') || path.includes('\\') || path.includes('\0') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function unpackEntries(payload: Buffer): ArchiveEntry[] {
  const raw = gunzipSync(payload);
  const entries: ArchiveEntry[] = [];
  let at = 0;
  while (at < raw.length) {
    const pathLength = raw.readUInt16BE(at);
    const path = raw.subarray(at + 2, at + 2 + pathLength).toString('utf8');
    const kind = raw.readUInt8(at + 2 + pathLength) === 1 ? 'dir' : 'file';
    const mode = raw.readUInt32BE(at + 3 + pathLength);
    const size = raw.readUInt32BE(at + 7 + pathLength);
    at += 11 + pathLength;
    if (!safeRelativePath(path)) throw new Error(`unsafe path in the package: ${JSON.stringify(path)}`);
    if (at + size > raw.length) throw new Error('the archive ends inside a file');
    entries.push(kind === 'dir' ? { path, kind, mode } : { path, kind, mode, data: raw.subarray(at, at + size) });
    at += size;
  }
  return entries;
}
