// The checks every district command passes (pure): the canonical bytes, the signature, the
// cabinet, the freshness window, and the refusal each broken command gets.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson, checkCommand, districtKey, rawPublicKey, signCommand, type UnsignedCommand } from '../../../main/core/fleet/command-check';

const district = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const NOW = 1_764_489_600_000;
const ctx = { cabinetId: 'xh-017', key: districtKey(rawPublicKey(district.publicKey)), now: NOW, maxAgeMs: 300_000 };
const unsigned: UnsignedCommand = { v: 1, id: 'cmd-1', type: 'holidays.push', cabinet: 'xh-017', issuedAt: NOW - 1000, nonce: 'n0nce-0123456789abcdefghij', body: { calendar: { holidays: ['2027-01-01'], workdays: [] } } };
const text = (c: unknown) => JSON.stringify(c);
const refusal = (t: string) => {
  const r = checkCommand(t, ctx);
  return r.ok ? 'ok' : r.refusal;
};

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps array order, so both sides sign the same bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('checkCommand', () => {
  it('accepts a fresh command signed by the district for this cabinet, whatever the key order on the wire', () => {
    const signed = signCommand(unsigned, district.privateKey);
    const reordered = Object.fromEntries(Object.entries(signed).reverse());
    expect(refusal(text(reordered))).toBe('ok');
    expect(refusal(text(signCommand(unsigned, district.privateKey)))).toBe('ok');
  });

  it('accepts the district key as a PEM too', () => {
    const pem = district.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(checkCommand(text(signCommand(unsigned, district.privateKey)), { ...ctx, key: districtKey(pem) }).ok).toBe(true);
    expect(() => districtKey('c2hvcnQ=')).toThrow(/32 raw ed25519 bytes/);
  });

  it.each([
    ['not JSON', '{"v":1,', 'malformed'],
    ['an array', '[1,2]', 'malformed'],
    ['no signature', text(unsigned), 'unsigned'],
    ['an unknown type', text({ ...signCommand(unsigned, district.privateKey), type: 'shell.exec' }), 'malformed'],
    ['a short nonce', text(signCommand({ ...unsigned, nonce: 'abc' }, district.privateKey)), 'malformed'],
    ['another key', text(signCommand(unsigned, other.privateKey)), 'bad-signature'],
    ['an oversized command, unread', text(signCommand({ ...unsigned, body: { pad: 'x'.repeat(1_000_001) } }, district.privateKey)), 'malformed'],
    ['a changed body', text({ ...signCommand(unsigned, district.privateKey), body: { calendar: { holidays: [], workdays: [] } } }), 'bad-signature'],
    ['a changed time', text({ ...signCommand(unsigned, district.privateKey), issuedAt: NOW }), 'bad-signature'],
    ['a signature that is not base64 of 64 bytes', text({ ...signCommand(unsigned, district.privateKey), sig: '!!' }), 'bad-signature'],
    ['another cabinet', text(signCommand({ ...unsigned, cabinet: 'xh-018' }, district.privateKey)), 'wrong-cabinet'],
    ['too old', text(signCommand({ ...unsigned, issuedAt: NOW - 300_001 }, district.privateKey)), 'stale'],
    ['from the future', text(signCommand({ ...unsigned, issuedAt: NOW + 300_001 }, district.privateKey)), 'stale'],
  ])('refuses %s', (_what, t, expected) => {
    expect(refusal(t)).toBe(expected);
  });

  it('tells the refused command by its id when it has one, and by null when not', () => {
    expect(checkCommand(text({ ...signCommand(unsigned, other.privateKey) }), ctx)).toMatchObject({ ok: false, id: 'cmd-1', type: 'holidays.push' });
    expect(checkCommand('nonsense', ctx)).toMatchObject({ ok: false, id: null, type: null });
    expect(checkCommand(text({ id: 'x'.repeat(500), sig: 'a' }), ctx)).toMatchObject({ ok: false, id: null });
  });
});
