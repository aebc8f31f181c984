// The offline update package's pure parts: version order, safe paths, the archive round trip.
import { generateKeyPairSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPackage, compareVersions, keyIdOf, packEntries, peekManifest, rawPublicKey, safeRelativePath, unpackEntries, verifyPackage } from '../../main/app/updates/package-format';

describe('versions', () => {
  it.each([
    ['1.2.0', '1.10.0', -1],
    ['2.0.0', '1.99.99', 1],
    ['0.2.0', '0.2.0', 0],
  ])('%s against %s → %i', (a, b, order) => expect(compareVersions(a, b)).toBe(order));
});

describe('paths inside a package', () => {
  it.each(['a/b.js', 'resources/app.asar', 'locales/zh-CN.pak'])('%s is safe', (p) => expect(safeRelativePath(p)).toBe(true));
  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a//b', './a', ''])('%s is refused', (p) => expect(safeRelativePath(p)).toBe(false));
});

describe('the archive', () => {
  it('round-trips files and folders with their modes', () => {
    const entries = [
      { path: 'bin', kind: 'dir' as const, mode: 0o755 },
      { path: 'bin/civic-cabinet', kind: 'file' as const, mode: 0o755, data: Buffer.from('#!/bin/sh\n') },
      { path: '说明.txt', kind: 'file' as const, mode: 0o644, data: Buffer.alloc(0) },
    ];
    expect(unpackEntries(packEntries(entries))).toEqual(entries.map((e) => (e.kind === 'file' ? { ...e, data: Buffer.from(e.data) } : e)));
  });

  it('refuses an archive that ends inside a file', () => {
    const head = Buffer.alloc(2 + 1 + 9);
    head.writeUInt16BE(1, 0);
    head.write('a', 2);
    head.writeUInt32BE(100, 8);
    expect(() => unpackEntries(gzipSync(head))).toThrow(/ends inside a file/);
  });
});

describe('a package', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const raw = rawPublicKey(publicKey);

  it('names its key by id, and its manifest can be read before it is trusted', () => {
    const bytes = buildPackage('1.0.1', packEntries([]), pem, new Date(0));
    expect(peekManifest(bytes)).toMatchObject({ version: '1.0.1', keyId: keyIdOf(raw), createdAt: '1970-01-01T00:00:00.000Z' });
    expect(verifyPackage(bytes, [raw], '1.0.0')).toMatchObject({ ok: true });
  });

  it('refuses a version that is not x.y.z when built', () => {
    expect(() => buildPackage('1.0', packEntries([]), pem, new Date())).toThrow(/x\.y\.z/);
  });
});
