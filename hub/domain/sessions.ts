// Console sessions and their CSRF tokens. The id is 256 random bits, sent only in an HttpOnly
// cookie and stored only as its SHA-256 (a copy of the database opens no session). A session ends
// after `idleMs` without a request and at `absoluteMs` after login whatever happens. Pure but for
// the hash: randomness and time come from the caller.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** An office day: 30 minutes idle, 12 hours at most. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };

export const SESSION_ID_BYTES = 32;

/** A new session id from 32 random bytes (base64url, 43 characters). */
export function newSessionId(randomBytes: (n: number) => Buffer): string {
  const bytes = randomBytes(SESSION_ID_BYTES);
  if (bytes.length !== SESSION_ID_BYTES) throw new Error('session id: expected 32 random bytes');
  return bytes.toString('base64url');
}

export const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** What the database keeps: the hash, never the id. */
export function sessionKey(id: string): string {
  return createHash('sha256').update(`session\0${id}`).digest('hex');
}

/**
 * The CSRF token of a session (synchronizer token derived from the secret id, under another
 * label, so the stored hash does not give it away). The page gets it in JSON and sends it back in
 * a header; another site can neither read it nor make a browser add it.
 */
export function csrfToken(id: string): string {
  return createHash('sha256').update(`csrf\0${id}`).digest('base64url');
}

export function csrfMatches(id: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const want = Buffer.from(csrfToken(id));
  const got = Buffer.from(sent);
  return want.length === got.length && timingSafeEqual(want, got);
}

export type SessionState = 'live' | 'idle-expired' | 'absolute-expired';

export function sessionState(s: { createdAt: number; lastSeenAt: number }, now: number, policy: SessionPolicy): SessionState {
  if (now - s.createdAt >= policy.absoluteMs) return 'absolute-expired';
  if (now - s.lastSeenAt >= policy.idleMs) return 'idle-expired';
  return 'live';
}

/** A state-changing method: needs the CSRF token and a matching Origin. */
export function changesState(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/**
 * The Origin check: a browser sends Origin on every cross-site and every same-origin POST;
 * one missing or from elsewhere is refused (a state change never rests on the cookie alone).
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin !== undefined && allowed.includes(origin);
}
