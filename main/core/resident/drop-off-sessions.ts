// The drop-offs at this kiosk: those under way, and those just finished (kept a while for the
// screen to read back). Every change of a session's state goes to the screen.
import type { TimerHandle, Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { DropOffState } from '../../contract/schemas';
import type { CompartmentConfig } from '../config';
import { createRecentStates } from './recent-states';

export interface Session {
  state: DropOffState;
  caseId: number;
  phone: string;
  matterId: string;
  compartment: CompartmentConfig;
  elderMode: boolean;
  /** A further compartment for a case already deposited (继续投递). */
  continuation: boolean;
  retryTimer?: TimerHandle;
}

export function createDropOffSessions(timers: Timers, emit: (state: DropOffState) => void) {
  const live = new Map<string, Session>();
  const finished = createRecentStates<DropOffState>(timers);
  return {
    /** Patch a session's state and tell the screen. */
    update(session: Session, patch: Partial<DropOffState>): DropOffState {
      session.state = { ...session.state, ...patch };
      emit(session.state);
      return session.state;
    },
    track(session: Session): void {
      live.set(session.state.dropOffId, session);
    },
    /** The drop-offs under way. */
    all: (): Session[] => [...live.values()],
    /** Whether `session` is still the live one under its id. */
    isLive: (session: Session): boolean => live.get(session.state.dropOffId) === session,
    finish(session: Session): void {
      live.delete(session.state.dropOffId);
      finished.put(session.state.dropOffId, session.state);
    },
    /** The live session, or a typed refusal. */
    find(dropOffId: string): Session {
      const session = live.get(dropOffId);
      if (!session) throw new CabinetError('not-found', 'No such drop-off.');
      return session;
    },
    /** Patch a finished drop-off's state (the paper receipt's outcome): its stage stays, so no dropOff.changed. */
    patchFinished(dropOffId: string, patch: Partial<DropOffState>): void {
      const state = finished.get(dropOffId);
      if (state) finished.put(dropOffId, { ...state, ...patch });
    },
    /** The state of a live or recently finished drop-off. */
    stateOf(dropOffId: string): DropOffState {
      const state = live.get(dropOffId)?.state ?? finished.get(dropOffId);
      if (!state) throw new CabinetError('not-found', 'No such drop-off.');
      return state;
    },
  };
}
export type DropOffSessions = ReturnType<typeof createDropOffSessions>;
