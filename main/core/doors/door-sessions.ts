// Every door the cabinet opens on purpose goes through a door session: the open command is sent
// once (never resent), and the session advances on the door sensor only: opened, then closed.
// A door that does not open in time is "open not detected"; one left open gets a reminder and
// then an alarm; a door that opens with no session expecting it raises an alarm.
import { BusError, type LockBus } from '../../../hardware/lock-bus';
import type { TimerHandle, Timers } from '../../../hardware/transport/timers';
import type { CompartmentConfig } from '../config';
import type { DoorChange } from './door-monitor';

export type AlarmKind = 'door-left-open' | 'door-opened-without-command' | 'open-not-detected' | 'bus-offline';

export interface Alarm {
  kind: AlarmKind;
  label?: string;
  at: number;
  detail?: Record<string, unknown>;
}

export interface DoorSessionHandlers {
  /** The sensor saw the door open. */
  opened?(at: number): void;
  /** The sensor saw the door close again after it had opened: the step is done. */
  closed(at: number): void;
  /** The door never opened within the detection time (lock jammed, or the open never fired). */
  notDetected(at: number): void;
  /** The open provably never left the host: nothing can have opened. */
  notSent(error: BusError): void;
  /** The door has stood open for the reminder time (and again at the alarm time). */
  leftOpen?(at: number, stage: 'reminder' | 'alarm'): void;
}

export type OpenOutcome = 'opening' | 'not-sent';

export interface DoorSessionsOptions {
  buses: ReadonlyMap<string, LockBus>;
  timers: Timers;
  doorOpenDetectMs: number;
  /** A reminder after this long open; the alarm after twice as long. */
  doorLeftOpenMs: number;
  /** Every open attempt and its outcome, for the audit log. */
  recordOpen(label: string, outcome: 'sent' | 'outcome-unknown' | 'not-sent', detail: Record<string, unknown>): void;
  alarm(alarm: Alarm): void;
}

interface Session {
  compartment: CompartmentConfig;
  handlers: DoorSessionHandlers;
  stage: 'opening' | 'open';
  timers: TimerHandle[];
}

export function createDoorSessions(options: DoorSessionsOptions) {
  const { timers } = options;
  const sessions = new Map<string, Session>();
  /** Doors open with no session: watched so one left open still raises an alarm. */
  const unexpected = new Map<string, TimerHandle>();

  const clear = (session: Session) => {
    session.timers.forEach((t) => timers.clearTimeout(t));
    session.timers = [];
  };

  const end = (label: string) => {
    const session = sessions.get(label);
    if (session) clear(session);
    sessions.delete(label);
  };

  async function open(compartment: CompartmentConfig, handlers: DoorSessionHandlers): Promise<OpenOutcome> {
    if (sessions.has(compartment.label)) throw new Error(`door ${compartment.label} already has a session`);
    const bus = options.buses.get(compartment.bus);
    if (!bus) throw new Error(`no bus ${compartment.bus} for ${compartment.label}`);
    const session: Session = { compartment, handlers, stage: 'opening', timers: [] };
    sessions.set(compartment.label, session);
    const watchOpen = () => {
      session.timers.push(
        timers.setTimeout(() => {
          if (sessions.get(compartment.label) !== session || session.stage !== 'opening') return;
          end(compartment.label);
          const at = timers.now();
          options.alarm({ kind: 'open-not-detected', label: compartment.label, at });
          handlers.notDetected(at);
        }, options.doorOpenDetectMs),
      );
    };
    try {
      const reply = await bus.openLock(compartment.board, compartment.lock);
      options.recordOpen(compartment.label, 'sent', { reading: reply.reading?.open ?? null });
    } catch (error) {
      const busError = error instanceof BusError ? error : new BusError('outcome-unknown', 'unexpected', String(error));
      if (busError.kind === 'outcome-unknown') {
        // The lock may have fired: never resend. The door sensor decides what happened.
        options.recordOpen(compartment.label, 'outcome-unknown', { reason: busError.reason, message: busError.message });
      } else {
        options.recordOpen(compartment.label, 'not-sent', { kind: busError.kind, reason: busError.reason, message: busError.message });
        end(compartment.label);
        handlers.notSent(busError);
        return 'not-sent';
      }
    }
    // The door may already have been seen open while the reply was on its way.
    if (sessions.get(compartment.label) === session && session.stage === 'opening') watchOpen();
    return 'opening';
  }

  function watchLeftOpen(onStage: (stage: 'reminder' | 'alarm', at: number) => void): TimerHandle[] {
    return [
      timers.setTimeout(() => onStage('reminder', timers.now()), options.doorLeftOpenMs),
      timers.setTimeout(() => onStage('alarm', timers.now()), options.doorLeftOpenMs * 2),
    ];
  }

  function onDoorChange(change: DoorChange): void {
    const session = sessions.get(change.label);
    if (!session) {
      if (change.open) {
        options.alarm({ kind: 'door-opened-without-command', label: change.label, at: change.at });
        unexpected.set(
          change.label,
          timers.setTimeout(() => {
            options.alarm({ kind: 'door-left-open', label: change.label, at: timers.now(), detail: { expected: false } });
          }, options.doorLeftOpenMs * 2),
        );
      } else {
        const timer = unexpected.get(change.label);
        if (timer !== undefined) timers.clearTimeout(timer);
        unexpected.delete(change.label);
      }
      return;
    }
    if (change.open && session.stage === 'opening') {
      clear(session);
      session.stage = 'open';
      session.timers = watchLeftOpen((stage, at) => {
        if (stage === 'alarm') options.alarm({ kind: 'door-left-open', label: change.label, at, detail: { expected: true } });
        session.handlers.leftOpen?.(at, stage);
      });
      session.handlers.opened?.(change.at);
    } else if (!change.open && session.stage === 'open') {
      end(change.label);
      session.handlers.closed(change.at);
    }
  }

  return {
    open,
    onDoorChange,
    /** Stop watching a door (e.g. the resident cancelled before it opened). */
    abandon(label: string): boolean {
      const session = sessions.get(label);
      if (!session || session.stage !== 'opening') return false;
      end(label);
      return true;
    },
    isActive: (label: string) => sessions.has(label),
    stageOf: (label: string) => sessions.get(label)?.stage,
    dispose(): void {
      for (const label of [...sessions.keys()]) end(label);
      unexpected.forEach((t) => timers.clearTimeout(t));
      unexpected.clear();
    },
  };
}
export type DoorSessions = ReturnType<typeof createDoorSessions>;
