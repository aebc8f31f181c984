// Staff, technician and admin accounts: PINs hashed with argon2id, wrong attempts locked out
// with growing delays, sessions that end on idle and on leaving the console. There is no
// default password anywhere: the first run asks for an admin to be created.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { Repositories } from '../../store/repositories';
import { afterFailure, afterSuccess, freshLimit, lockedFor, refundAttempt, triesLeft, type LimitPolicy } from '../cases/rate-limit';
import { createDenialLog, type DenialLog } from '../cases/denial-log';
import type { Transitions } from '../cases/transitions';
import type { SetupCode } from '../ports';
import { allows, type Permission, type Role } from './permissions';

export interface Account {
  id: number;
  login: string;
  name: string;
  role: Role;
}

export interface StaffSession {
  token: string;
  account: Account;
  startedAt: number;
  lastActivity: number;
}

export const LOGIN_POLICY: LimitPolicy = { maxFailures: 5, baseLockoutMs: 30_000, maxLockoutMs: 30 * 60_000 };
/**
 * Across all logins: guesses spread over many names lock the console for everyone, doubling to
 * 6 h; a right PIN does not reset it (ADR 0009: ≤ 0.3 expected successes in 10 years).
 */
export const CABINET_LOGIN_POLICY: LimitPolicy = { maxFailures: 20, baseLockoutMs: 60_000, maxLockoutMs: 6 * 3600_000 };
const CABINET_LOGIN_KEY = 'login:*';
const SETUP_KEY = 'setup-code';
/** A PIN of 6 to 12 digits: the kiosk has a keypad, not a keyboard. */
export const PIN = /^\d{6,12}$/;

/**
 * Refuses a locked-out login (or cabinet), else counts this attempt as a failure now, in one
 * synchronous step; answers the login's state after the reservation.
 */
function reserve(deps: { limits: Repositories['rateLimits']; denials: DenialLog; transaction: Repositories['transaction'] }, keys: string[], now: number, who: string) {
  const { limits, denials } = deps;
  const [loginKey, cabinetKey] = keys as [string, string];
  const states = { login: limits.get(loginKey) ?? freshLimit, cabinet: limits.get(cabinetKey) ?? freshLimit };
  const wait = Math.max(lockedFor(states.login, now), lockedFor(states.cabinet, now));
  if (wait > 0) {
    const cabinetWide = lockedFor(states.cabinet, now) > 0;
    denials.deny(cabinetWide ? cabinetKey : loginKey, now + wait, { at: now, actor: `login:${who}`, action: 'session.login', outcome: 'denied', detail: { reason: 'locked-out', cabinetWide } });
    throw new CabinetError('locked-out', 'Too many wrong PINs.', { retryAfterSeconds: Math.ceil(wait / 1000) });
  }
  const next = { login: afterFailure(states.login, now, LOGIN_POLICY), cabinet: afterFailure(states.cabinet, now, CABINET_LOGIN_POLICY) };
  deps.transaction(() => {
    limits.put(loginKey, next.login);
    limits.put(cabinetKey, next.cabinet);
  });
  return next.login;
}

export function createAccounts(deps: { repos: Pick<Repositories, 'transaction' | 'accounts' | 'rateLimits'>; timers: Timers; transitions: Transitions; idleMs: number; setupCode: SetupCode; newToken?: () => string }) {
  const { repos, timers, transitions } = deps;
  const { accounts, rateLimits: limits } = repos;
  const sessions = new Map<string, StaffSession>();
  const newToken = deps.newToken ?? (() => randomBytes(24).toString('base64url'));
  const denials = createDenialLog((entry) => transitions.audit.append(entry));

  async function create(input: { login: string; name: string; role: Role; pin: string; cardId?: string | undefined }, actor: string): Promise<Account> {
    if (!PIN.test(input.pin)) throw new CabinetError('bad-request', 'A PIN has 6 to 12 digits.');
    if (accounts.byLogin(input.login)) throw new CabinetError('conflict', `Account ${input.login} exists already.`);
    const pinHash = await hash(input.pin); // argon2id with the library's recommended cost
    const at = timers.now();
    const id = repos.transaction(() => {
      const rowId = accounts.insert({ login: input.login, name: input.name, role: input.role, pinHash, cardId: input.cardId ?? null, at });
      transitions.audit.append({ at, actor, action: 'account.created', outcome: 'ok', detail: { login: input.login, role: input.role, card: Boolean(input.cardId) } });
      return rowId;
    });
    return { id, login: input.login, name: input.name, role: input.role };
  }

  const reserveAttempt = (keys: string[], now: number, who: string) => reserve({ limits, denials, transaction: repos.transaction }, keys, now, who);

  function touch(token: string): StaffSession {
    const session = sessions.get(token);
    const now = timers.now();
    if (!session) throw new CabinetError('unauthorized', 'Please log in.');
    if (now - session.lastActivity > deps.idleMs) {
      sessions.delete(token);
      transitions.audit.append({ at: now, actor: `account:${session.account.login}`, action: 'session.expired', outcome: 'ok' });
      throw new CabinetError('unauthorized', 'The session ended after a quiet spell. Please log in again.');
    }
    session.lastActivity = now;
    return session;
  }

  return {
    /** True until the first admin exists: the console then offers only to create one. */
    setupNeeded: (): boolean => accounts.count() === 0,

    /** Only with the installer's one-time setup code: a stranger at a fresh cabinet cannot take it over. */
    async createFirstAdmin(input: { setupCode: string; login: string; name: string; pin: string }): Promise<Account> {
      const now = timers.now();
      if (accounts.count() > 0) {
        transitions.audit.append({ at: now, actor: 'console', action: 'account.first-admin', outcome: 'denied' });
        throw new CabinetError('conflict', 'The first admin exists already.');
      }
      const reserved = reserveAttempt([SETUP_KEY, CABINET_LOGIN_KEY], now, 'setup');
      if (!deps.setupCode.matches(input.setupCode)) {
        transitions.audit.append({ at: now, actor: 'console', action: 'account.first-admin', outcome: 'denied', detail: { reason: 'wrong-setup-code' } });
        const locked = lockedFor(reserved, now);
        if (locked > 0) throw new CabinetError('locked-out', 'Too many wrong setup codes.', { retryAfterSeconds: Math.ceil(locked / 1000) });
        throw new CabinetError('wrong-code', 'Wrong setup code.', { triesLeft: triesLeft(reserved, LOGIN_POLICY) });
      }
      const admin = await create({ login: input.login, name: input.name, pin: input.pin, role: 'admin' }, 'console:first-run');
      repos.transaction(() => [SETUP_KEY, CABINET_LOGIN_KEY].forEach((k) => limits.put(k, afterSuccess())));
      deps.setupCode.consume();
      return admin;
    },

    async createAccount(token: string, input: { login: string; name: string; role: Role; pin: string; cardId?: string | undefined }): Promise<Account> {
      const session = this.require(token, 'accounts');
      return create(input, `account:${session.account.login}`);
    },

    listAccounts(token: string) {
      this.require(token, 'accounts');
      return accounts.list();
    },

    /**
     * Log in with the account id (typed, or read from a staff card) and the PIN. Each attempt is
     * counted as a failure before the slow hash is checked (and cleared if the PIN is right), so
     * parallel guesses cannot all pass the limit while the first ones are still being verified;
     * a cabinet-wide limit stops guesses spread over many logins.
     */
    async login(input: { login?: string | undefined; cardId?: string | undefined; pin: string }): Promise<StaffSession> {
      const now = timers.now();
      const who = input.login ?? (input.cardId ? `card:${input.cardId.slice(-4)}` : '?');
      const keys = [`login:${input.login ?? `card:${input.cardId ?? ''}`}`, CABINET_LOGIN_KEY];
      const reserved = reserveAttempt(keys, now, who);
      const row = input.login ? accounts.byLogin(input.login) : input.cardId ? accounts.byCard(input.cardId) : undefined;
      // Verify even for an unknown login, so timing does not tell which logins exist.
      const ok = row ? await verify(row.pinHash, input.pin) : (await verify(DUMMY_HASH, input.pin), false);
      if (!row || !ok || row.disabled) {
        transitions.audit.append({ at: now, actor: `login:${who}`, action: 'session.login', outcome: 'denied', detail: { reason: row?.disabled ? 'disabled' : 'wrong-credentials' } });
        const locked = lockedFor(reserved, now);
        if (locked > 0) throw new CabinetError('locked-out', 'Too many wrong PINs.', { retryAfterSeconds: Math.ceil(locked / 1000) });
        throw new CabinetError('wrong-code', 'Wrong account or PIN.', { triesLeft: triesLeft(reserved, LOGIN_POLICY) });
      }
      // The login's own count is cleared; cabinet-wide, only this attempt's reservation is taken back:
      // wrong guesses stay counted (a right PIN does not reset them), but right PINs never add up to a lockout.
      repos.transaction(() => {
        limits.put(keys[0] as string, afterSuccess());
        limits.put(CABINET_LOGIN_KEY, refundAttempt(limits.get(CABINET_LOGIN_KEY) ?? freshLimit));
      });
      const session: StaffSession = { token: newToken(), account: { id: row.id, login: row.login, name: row.name, role: row.role }, startedAt: now, lastActivity: now };
      sessions.set(session.token, session);
      transitions.audit.append({ at: now, actor: `account:${row.login}`, action: 'session.login', outcome: 'ok', detail: { via: input.login ? 'login' : 'card' } });
      return session;
    },

    logout(token: string): void {
      const session = sessions.get(token);
      if (!session) return;
      sessions.delete(token);
      transitions.audit.append({ at: timers.now(), actor: `account:${session.account.login}`, action: 'session.logout', outcome: 'ok' });
    },

    /** The live session for `token`, refreshed, if its role allows `permission`; otherwise a typed refusal (audited). */
    require(token: string, permission: Permission): StaffSession {
      const session = touch(token);
      if (!allows(session.account.role, permission)) {
        transitions.audit.append({ at: timers.now(), actor: `account:${session.account.login}`, action: `permission.${permission}`, outcome: 'denied' });
        throw new CabinetError('forbidden', `The role ${session.account.role} may not do this.`);
      }
      return session;
    },

    session: (token: string): StaffSession => touch(token),
  };
}
export type Accounts = ReturnType<typeof createAccounts>;

/** An argon2id hash of a PIN no account can have (too short), to spend the same time on unknown logins. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$fUnmrls7QdMvg40xqlkTgA$GFQiESXrqg+9XJH74P3WXV+VzLihoRjCFl/ARazPXKo';
