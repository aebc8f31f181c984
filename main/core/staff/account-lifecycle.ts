// An account's life after it is created (permission 'accounts', each step audited): disable and
// enable it, reset its PIN, revoke its staff card. A disabled account cannot log in and its live
// sessions end at once; a revoked card no longer identifies anyone.
import { hash } from '@node-rs/argon2';
import { CabinetError } from '../../contract/errors';
import type { Repositories } from '../../store/repositories';
import type { Timers } from '../clock';
import type { Transitions } from '../cases/transitions';
import { afterSuccess } from '../cases/rate-limit';
import { PIN, type StaffSession } from './accounts';

/**
 * Why disabling `target` is refused, or null when it is allowed. Pure. An admin never disables
 * themself, and the last enabled admin stays: otherwise nobody could manage the cabinet again and
 * first-run setup (which needs an empty accounts table) would not come back either.
 */
export function refuseDisable(target: { login: string; role: string; disabled: boolean }, actorLogin: string, enabledAdmins: number): string | null {
  if (target.login === actorLogin) return 'You cannot disable your own account.';
  if (target.role === 'admin' && !target.disabled && enabledAdmins <= 1) return 'The last enabled administrator cannot be disabled.';
  return null;
}

export interface LifecycleDeps {
  repos: Pick<Repositories, 'transaction' | 'accounts' | 'rateLimits'>;
  timers: Timers;
  transitions: Transitions;
  /** The sessions of an account: ended when it is disabled, its PIN reset or its card revoked. */
  endSessionsOf(login: string, via?: StaffSession['via']): number;
}

export function createAccountLifecycle(deps: LifecycleDeps) {
  const { repos, timers, transitions } = deps;
  const { accounts } = repos;
  const actorOf = (s: StaffSession) => `account:${s.account.login}`;

  function existing(session: StaffSession, login: string, action: string) {
    const row = accounts.byLogin(login);
    if (row) return row;
    transitions.audit.append({ at: timers.now(), actor: actorOf(session), action, outcome: 'denied', detail: { login, reason: 'no-such-account' } });
    throw new CabinetError('not-found', `No account ${login}.`);
  }

  return {
    setDisabled(session: StaffSession, login: string, disabled: boolean): { login: string; disabled: boolean } {
      const action = disabled ? 'account.disabled' : 'account.enabled';
      const row = existing(session, login, action);
      const refusal = disabled ? refuseDisable(row, session.account.login, accounts.enabledAdmins()) : null;
      const at = timers.now();
      if (refusal) {
        transitions.audit.append({ at, actor: actorOf(session), action, outcome: 'denied', detail: { login, reason: refusal } });
        throw new CabinetError('conflict', refusal);
      }
      repos.transaction(() => {
        accounts.setDisabled(login, disabled);
        transitions.audit.append({ at, actor: actorOf(session), action, outcome: 'ok', detail: { login } });
      });
      const ended = disabled ? deps.endSessionsOf(login) : 0;
      if (ended > 0) transitions.audit.append({ at, actor: actorOf(session), action: 'session.ended', outcome: 'ok', detail: { login, sessions: ended, reason: 'disabled' } });
      return { login, disabled };
    },

    /** A new PIN (the holder forgot it, or it leaked): their sessions end and their lockout clears. */
    async resetPin(session: StaffSession, login: string, pin: string): Promise<{ reset: true }> {
      if (!PIN.test(pin)) throw new CabinetError('bad-request', 'A PIN has 6 to 12 digits.');
      existing(session, login, 'account.pin-reset');
      const pinHash = await hash(pin);
      const at = timers.now();
      repos.transaction(() => {
        accounts.setPinHash(login, pinHash);
        repos.rateLimits.put(`login:${login}`, afterSuccess());
        transitions.audit.append({ at, actor: actorOf(session), action: 'account.pin-reset', outcome: 'ok', detail: { login, sessionsEnded: deps.endSessionsOf(login) } });
      });
      return { reset: true };
    },

    /** The card is lost: it is forgotten (a card reader presenting it finds nobody); its sessions end. */
    revokeCard(session: StaffSession, login: string): { revoked: true } {
      existing(session, login, 'account.card-revoked');
      const at = timers.now();
      const revoked = repos.transaction(() => {
        if (!accounts.clearCard(login)) return false;
        transitions.audit.append({ at, actor: actorOf(session), action: 'account.card-revoked', outcome: 'ok', detail: { login, sessionsEnded: deps.endSessionsOf(login, 'card') } });
        return true;
      });
      if (!revoked) {
        transitions.audit.append({ at, actor: actorOf(session), action: 'account.card-revoked', outcome: 'denied', detail: { login, reason: 'no-card' } });
        throw new CabinetError('not-found', `Account ${login} has no card.`);
      }
      return { revoked: true };
    },
  };
}
export type AccountLifecycle = ReturnType<typeof createAccountLifecycle>;
