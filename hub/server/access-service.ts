// Logging in and out of the district console, and checking a request's session: argon2id
// passwords, lockout with growing delays (time injected), sessions with idle and absolute expiry,
// every attempt audited. The rules are hub/domain; the rows are hub/store.
import { hash, verify } from '@node-rs/argon2';
import { allows, type HubPermission, type HubPrincipal, type HubRole } from '../domain/access';
import { ACCOUNT_POLICY, HUB_WIDE_KEY, HUB_WIDE_POLICY, accountKey, afterFailure, afterSuccess, freshLimit, lockedFor, passwordAcceptable, refundAttempt, triesLeft, waitBeforeTry } from '../domain/lockout';
import { DEFAULT_SESSION_POLICY, SESSION_ID, csrfToken, newSessionId, sessionKey, sessionState, type SessionPolicy } from '../domain/sessions';
import type { AccountsStore, HubAccount, LoginLimitsStore } from '../store/accounts';
import type { AuditStore } from '../store/audit';
import type { SessionsStore } from '../store/sessions';
import { HttpError } from './http-basics';

export interface AccessDeps {
  accounts: AccountsStore;
  limits: LoginLimitsStore;
  sessions: SessionsStore;
  audit: AuditStore;
  now: () => number;
  randomBytes: (n: number) => Buffer;
  policy?: SessionPolicy;
}

export interface SignedIn extends HubPrincipal {
  accountId: number;
  name: string;
  sessionId: string;
}

/** A hash of a password no account has: unknown logins cost the same time as known ones. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$fUnmrls7QdMvg40xqlkTgA$GFQiESXrqg+9XJH74P3WXV+VzLihoRjCFl/ARazPXKo';

export function createAccess(deps: AccessDeps) {
  const { accounts, limits, sessions, audit, now } = deps;
  const policy = deps.policy ?? DEFAULT_SESSION_POLICY;

  /** Counts this attempt as a failure before the slow hash (parallel guesses cannot slip past), or refuses a locked login. */
  async function reserve(login: string, at: number) {
    const key = accountKey(login);
    const own = (await limits.get(key)) ?? freshLimit;
    const wide = (await limits.get(HUB_WIDE_KEY)) ?? freshLimit;
    const wait = waitBeforeTry(own, wide, at);
    if (wait > 0) {
      await audit.append({ at, actor: `login:${login}`, action: 'session.login', outcome: 'denied', detail: { reason: 'locked-out' } });
      throw new HttpError(429, 'locked-out', 'Too many wrong passwords.', { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    const next = afterFailure(own, at, ACCOUNT_POLICY);
    await limits.put(key, next);
    await limits.put(HUB_WIDE_KEY, afterFailure(wide, at, HUB_WIDE_POLICY));
    return { key, next };
  }

  async function login(input: { login: string; password: string }): Promise<{ sessionId: string; csrf: string; account: HubAccount }> {
    const at = now();
    const login = input.login.trim().toLowerCase().slice(0, 64);
    const { key, next } = await reserve(login, at);
    const row = await accounts.byLogin(login);
    const ok = row ? await verify(row.passwordHash, input.password) : (await verify(DUMMY_HASH, input.password), false);
    if (!row || !ok || row.disabled) {
      await audit.append({ at, actor: `login:${login}`, action: 'session.login', outcome: 'denied', detail: { reason: row?.disabled ? 'disabled' : 'wrong-credentials' } });
      const locked = lockedFor(next, at);
      if (locked > 0) throw new HttpError(429, 'locked-out', 'Too many wrong passwords.', { retryAfterSeconds: Math.ceil(locked / 1000) });
      throw new HttpError(401, 'wrong-credentials', 'Wrong login or password.', { triesLeft: triesLeft(next, ACCOUNT_POLICY) });
    }
    await limits.put(key, afterSuccess());
    await limits.put(HUB_WIDE_KEY, refundAttempt((await limits.get(HUB_WIDE_KEY)) ?? freshLimit));
    const sessionId = newSessionId(deps.randomBytes);
    await sessions.insert(sessionKey(sessionId), row.id, at);
    await audit.append({ at, actor: `account:${row.login}`, action: 'session.login', outcome: 'ok' });
    const { passwordHash: _h, ...account } = row;
    return { sessionId, csrf: csrfToken(sessionId), account };
  }

  /** The signed-in account of a session id (refreshed), or null when there is none or it ended. */
  async function authenticate(sessionId: string | undefined): Promise<SignedIn | null> {
    if (!sessionId || !SESSION_ID.test(sessionId)) return null;
    const key = sessionKey(sessionId);
    const s = await sessions.get(key);
    if (!s) return null;
    const at = now();
    const state = sessionState(s, at, policy);
    if (state !== 'live' || s.disabled) {
      await sessions.remove(key);
      await audit.append({ at, actor: `account:${s.login}`, action: 'session.expired', outcome: 'ok', detail: { reason: s.disabled ? 'disabled' : state } });
      return null;
    }
    await sessions.touch(key, at);
    return { accountId: s.accountId, login: s.login, name: s.name, role: s.role, departmentId: s.departmentId, sessionId };
  }

  async function logout(who: SignedIn): Promise<void> {
    await sessions.remove(sessionKey(who.sessionId));
    await audit.append({ at: now(), actor: `account:${who.login}`, action: 'session.logout', outcome: 'ok' });
  }

  /** Refuses (403, audited) a permission the role lacks. */
  async function require(who: SignedIn, permission: HubPermission): Promise<void> {
    if (allows(who.role, permission)) return;
    await audit.append({ at: now(), actor: `account:${who.login}`, action: `permission.${permission}`, outcome: 'denied' });
    throw new HttpError(403, 'forbidden', `The role ${who.role} may not do this.`);
  }

  async function createAccount(input: { login: string; name: string; role: HubRole; departmentId: string | null; password: string }, actor: string): Promise<HubAccount> {
    if (!passwordAcceptable(input.password)) throw new HttpError(400, 'weak-password', 'A password has 12 to 256 characters.');
    if (await accounts.byLogin(input.login)) throw new HttpError(409, 'conflict', `Account ${input.login} exists already.`);
    const passwordHash = await hash(input.password); // argon2id, the library's recommended cost
    const account = await accounts.insert({ ...input, passwordHash, at: now() });
    await audit.append({ at: now(), actor, action: 'account.created', outcome: 'ok', detail: { login: input.login, role: input.role, departmentId: input.departmentId } });
    return account;
  }

  return { login, authenticate, logout, require, createAccount };
}
export type Access = ReturnType<typeof createAccess>;
