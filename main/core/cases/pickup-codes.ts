// Pickup codes: random digits, never stored in plain text. The database keeps an HMAC-SHA256 of
// the code under a per-cabinet secret, so a code can be looked up by its hash (indexed) while a
// copy of the cases table alone reveals nothing; the kiosk's rate limit guards the code space.
import { createHmac, randomInt } from 'node:crypto';
import type { SecretsRepo } from '../../store/secrets-repo';

export const MIN_CODE_DIGITS = 6;

export type RandomDigit = () => number;

/** A code of `digits` random digits (0–9 each; a leading zero is fine, codes are strings). */
export function generateCode(digits: number, randomDigit: RandomDigit = () => randomInt(10)): string {
  if (digits < MIN_CODE_DIGITS) throw new RangeError(`pickup codes have at least ${MIN_CODE_DIGITS} digits`);
  let code = '';
  for (let i = 0; i < digits; i++) code += String(randomDigit());
  return code;
}

export function hashCode(secret: Buffer, code: string): string {
  return createHmac('sha256', secret).update(code).digest('hex');
}

/** The cabinet's code secret, made on first use and kept in the database. */
export function codeSecret(secrets: SecretsRepo): Buffer {
  return secrets.getOrCreate('pickup-code');
}
