// District commands: their envelope, the bytes the district signs, and the checks every command
// passes before anything is done — well formed, for this cabinet, signed by the district's ed25519
// key, fresh. Pure (the nonce store is the caller's). docs/fleet.md describes the format.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { FLEET_SCHEMA_VERSION } from './topics';

export const commandTypes = ['config.push', 'accounts.push', 'matters.push', 'holidays.push', 'notify.resend', 'logs.upload', 'door.open', 'cases.ready'] as const;
export type CommandType = (typeof commandTypes)[number];

export const commandSchema = z.object({
  v: z.literal(FLEET_SCHEMA_VERSION),
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/),
  type: z.enum(commandTypes),
  cabinet: z.string().min(1),
  /** Epoch ms when the district issued it. */
  issuedAt: z.number().int().nonnegative(),
  /** At least 128 bits, never used twice. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/),
  body: z.record(z.string(), z.unknown()),
  /** base64 ed25519 signature over signedBytes(). */
  sig: z.string().min(1),
});
export type Command = z.infer<typeof commandSchema>;
export type UnsignedCommand = Omit<Command, 'sig'>;

export type CommandRefusal = 'malformed' | 'unsigned' | 'bad-signature' | 'wrong-cabinet' | 'stale' | 'replayed';

/** JSON with object keys sorted at every depth: the one byte form both sides sign. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function signedBytes(c: UnsignedCommand): Buffer {
  const { v, id, type, cabinet, issuedAt, nonce, body } = c;
  return Buffer.from(canonicalJson({ v, id, type, cabinet, issuedAt, nonce, body }), 'utf8');
}

/** The district side (tests, the benchmark, a district tool): a command signed with its private key. */
export function signCommand(c: UnsignedCommand, privateKey: KeyObject): Command {
  return { ...c, sig: sign(null, signedBytes(c), privateKey).toString('base64') };
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The district key from the configuration: a PEM, or base64 of the 32 raw bytes. */
export function districtKey(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPublicKey(text);
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== 32) throw new Error('fleet.districtPublicKey: expected a PEM or base64 of 32 raw ed25519 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The raw 32 bytes of an ed25519 public key, base64: what the configuration holds. */
export function rawPublicKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length).toString('base64');
}

export type CheckResult = { ok: true; command: Command } | { ok: false; refusal: CommandRefusal; id: string | null; type: string | null };

function verifies(command: Command, key: KeyObject): boolean {
  try {
    return verify(null, signedBytes(command), key, Buffer.from(command.sig, 'base64'));
  } catch {
    return false;
  }
}

function idOf(value: unknown): { id: string | null; type: string | null } {
  const o = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const id = typeof o.id === 'string' && o.id.length <= 100 ? o.id : null;
  return { id, type: typeof o.type === 'string' && o.type.length <= 40 ? o.type : null };
}

/** Larger commands are refused unread: the biggest real one, a whole configuration, is a few tens of KiB. */
export const MAX_COMMAND_CHARS = 1_000_000;

/** Every check but the nonce store's, in an order that never lets an unsigned message cost more than a parse. */
export function checkCommand(text: string, ctx: { cabinetId: string; key: KeyObject; now: number; maxAgeMs: number }): CheckResult {
  if (text.length > MAX_COMMAND_CHARS) return { ok: false, refusal: 'malformed', id: null, type: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, refusal: 'malformed', id: null, type: null };
  }
  const who = idOf(value);
  if (who.id !== null && (value as Record<string, unknown>).sig === undefined) return { ok: false, refusal: 'unsigned', ...who };
  const parsed = commandSchema.safeParse(value);
  if (!parsed.success) return { ok: false, refusal: 'malformed', ...who };
  const command = parsed.data;
  if (!verifies(command, ctx.key)) return { ok: false, refusal: 'bad-signature', ...who };
  if (command.cabinet !== ctx.cabinetId) return { ok: false, refusal: 'wrong-cabinet', ...who };
  if (Math.abs(ctx.now - command.issuedAt) > ctx.maxAgeMs) return { ok: false, refusal: 'stale', ...who };
  return { ok: true, command };
}
