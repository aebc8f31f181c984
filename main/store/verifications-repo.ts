// Rows of the phone_verifications table: SMS codes and the tokens they earn, all kept as hashes.
import type { Db } from './database';

export interface Verification {
  id: number;
  phoneHash: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  wrongAttempts: number;
  verifiedAt: number | null;
  tokenHash: string | null;
  tokenExpiresAt: number | null;
  usedAt: number | null;
}

type Row = {
  id: number;
  phone_hash: string;
  code_hash: string;
  created_at: number;
  expires_at: number;
  wrong_attempts: number;
  verified_at: number | null;
  token_hash: string | null;
  token_expires_at: number | null;
  used_at: number | null;
};

const toVerification = (r: Row | undefined): Verification | undefined =>
  r && {
    id: r.id,
    phoneHash: r.phone_hash,
    codeHash: r.code_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    wrongAttempts: r.wrong_attempts,
    verifiedAt: r.verified_at,
    tokenHash: r.token_hash,
    tokenExpiresAt: r.token_expires_at,
    usedAt: r.used_at,
  };

export function createVerificationsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO phone_verifications (phone_hash, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const latest = db.prepare('SELECT * FROM phone_verifications WHERE phone_hash = ? ORDER BY id DESC LIMIT 1');
  const sentSince = db.prepare('SELECT COUNT(*) FROM phone_verifications WHERE created_at > ?').pluck();
  const wrong = db.prepare('UPDATE phone_verifications SET wrong_attempts = wrong_attempts + 1 WHERE id = ?');
  const verified = db.prepare('UPDATE phone_verifications SET verified_at = ?, token_hash = ?, token_expires_at = ? WHERE id = ?');
  const byToken = db.prepare('SELECT * FROM phone_verifications WHERE token_hash = ?');
  const markUsed = db.prepare('UPDATE phone_verifications SET used_at = COALESCE(used_at, ?) WHERE id = ?');
  const forget = db.prepare('DELETE FROM phone_verifications WHERE created_at < ?');
  return {
    add(v: { phoneHash: string; codeHash: string; at: number; expiresAt: number }): void {
      insert.run(v.phoneHash, v.codeHash, v.at, v.expiresAt);
    },
    /** The newest code sent to this (hashed) number. */
    latest: (phoneHash: string) => toVerification(latest.get(phoneHash) as Row | undefined),
    /** How many codes the cabinet sent after `since`. */
    sentSince: (since: number): number => sentSince.get(since) as number,
    countWrongAttempt(id: number): void {
      wrong.run(id);
    },
    setVerified(id: number, at: number, tokenHash: string, tokenExpiresAt: number): void {
      verified.run(at, tokenHash, tokenExpiresAt, id);
    },
    byToken: (tokenHash: string) => toVerification(byToken.get(tokenHash) as Row | undefined),
    /** Record the first use of a verification's token (later uses keep the first time). */
    markUsed(id: number, at: number): void {
      markUsed.run(at, id);
    },
    /** Delete codes created before `before`. */
    forgetBefore(before: number): void {
      forget.run(before);
    },
  };
}
export type VerificationsRepo = ReturnType<typeof createVerificationsRepo>;
