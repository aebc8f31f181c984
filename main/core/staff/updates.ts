// The technician's offline update (ADR 0019): list the packages on the mounted USB stick, install
// one, roll back. Installing switches the version the launcher starts next; it never restarts by
// itself (the technician restarts with system.restart, which waits for the doors). Refused while
// a door is moving, so that the restart that follows cannot catch one; every step audited.
import { CabinetError } from '../../contract/errors';
import type { UpdateState } from '../../contract/staff-api';
import type { Timers } from '../clock';
import type { Transitions } from '../cases/transitions';
import type { DoorSessions } from '../doors/door-sessions';
import type { UpdatePort } from '../ports';
import type { StaffSession } from './accounts';

export interface UpdateActionsDeps {
  port: UpdatePort | undefined;
  runningVersion: string;
  doors: DoorSessions;
  timers: Timers;
  transitions: Transitions;
}

export function createUpdateActions(deps: UpdateActionsDeps) {
  const { timers, transitions } = deps;
  const audit = (session: StaffSession, action: string, outcome: 'ok' | 'denied', detail: Record<string, unknown>) =>
    transitions.audit.append({ at: timers.now(), actor: `account:${session.account.login}`, action, outcome, detail });

  const port = (session: StaffSession, action: string): UpdatePort => {
    if (!deps.port) {
      audit(session, action, 'denied', { reason: 'not-configured' });
      throw new CabinetError('unavailable', 'Offline updates are not configured on this cabinet (updates in cabinet.json).');
    }
    if (deps.doors.activeCount() > 0) {
      audit(session, action, 'denied', { reason: 'doors-active' });
      throw new CabinetError('conflict', 'A door is opening or open: update once every door is closed.');
    }
    return deps.port;
  };

  /** Runs a port step, auditing its refusal with the reason the port gave. */
  function attempt<T>(session: StaffSession, action: string, detail: Record<string, unknown>, step: (p: UpdatePort) => T): T {
    const p = port(session, action);
    try {
      const result = step(p);
      audit(session, action, 'ok', { ...detail, ...result });
      return result;
    } catch (error) {
      audit(session, action, 'denied', { ...detail, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  return {
    list(): UpdateState {
      if (!deps.port) return { configured: false, current: deps.runningVersion, previous: null, pending: null, rolledBack: null, packages: [] };
      return { ...deps.port.state(), configured: true };
    },
    apply: (session: StaffSession, file: string) => ({ ...attempt(session, 'update.applied', { file }, (p) => p.apply(file)), restartRequired: true as const }),
    rollback: (session: StaffSession) => ({ ...attempt(session, 'update.rolled-back', {}, (p) => p.rollback()), restartRequired: true as const }),
  };
}
