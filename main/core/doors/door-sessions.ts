// Every door the cabinet opens on purpose goes through a door session: the open command is sent
// once (never resent), and the session advances on evidence of the door: opened, then closed.
// Any evidence that the door opened counts — the board's own reading in its open reply, or any
// poll. A door not seen open in time is "open not detected", and the session says whether that is
// certain (the door was read all along) or not (the bus was busy or failing: it may have opened
// and closed unseen). A door left open gets a reminder and then an alarm; a door that opens with
// no session expecting it raises an alarm. Recording (audit) failures never stop door truth, and a
// flow's step that throws (a full disk) is logged: it never reaches the polling or a timer.
import type { PrinterProblem } from '../../../hardware/printer/status';
import { BusError, type LockBus } from '../../../hardware/lock-bus';
import type { TimerHandle, Timers } from '../clock';
import type { CompartmentConfig } from '../config';
import type { DoorChange } from './door-monitor';

export type AlarmKind =
  | 'door-left-open'
  | 'door-opened-without-command'
  | 'open-not-detected'
  | 'bus-offline'
  | 'drop-off-rate'
  | 'pickup-guessing'
  | 'clock-jump'
  // The receipt printer's problems (printing/printer-health.ts), one per episode.
  | `printer-${PrinterProblem}`;

export interface Alarm {
  kind: AlarmKind;
  label?: string;
  at: number;
  detail?: Record<string, unknown>;
}

export interface DoorSessionHandlers {
  /** The door opened (a poll, or the board's reading in its open reply). */
  opened?(at: number): void;
  /** The door closed again after it had opened: the step is done. */
  closed(at: number): void;
  /**
   * The door was not seen open within the detection time. `certain`: it was read all along, so it
   * did not open (a jammed lock); otherwise it may have opened and closed unseen.
   */
  notDetected(at: number, certain: boolean): void;
  /** The open provably never left the host: nothing can have opened. */
  notSent(error: BusError): void;
  /** The door has stood open for the reminder time (and again at the alarm time). */
  leftOpen?(at: number, stage: 'reminder' | 'alarm'): void;
}

export type OpenOutcome = 'opening' | 'not-sent';

/** What the door monitor knows of each door (doors/door-monitor.ts). */
export interface DoorSensors {
  isOpen(label: string): boolean | undefined;
  readAt(label: string): number | undefined;
  seenThroughout(label: string, from: number, to: number): boolean;
}

export interface DoorSessionsOptions {
  buses: ReadonlyMap<string, LockBus>;
  sensors: DoorSensors;
  timers: Timers;
  doorOpenDetectMs: number;
  /** A reminder after this long open; the alarm after twice as long. */
  doorLeftOpenMs: number;
  /** Every open attempt and its outcome, for the audit log. May throw (disk full): logged, not fatal. */
  recordOpen(label: string, outcome: 'sent' | 'outcome-unknown' | 'not-sent', detail: Record<string, unknown>): void;
  alarm(alarm: Alarm): void;
  log?(level: 'error', message: string, detail?: unknown): void;
}

interface Session {
  compartment: CompartmentConfig;
  handlers: DoorSessionHandlers;
  stage: 'opening' | 'open';
  sentAt: number;
  /** Opened on evidence the monitor has not reported as a change: a fresh closed reading ends it. */
  confirmCloseAfter?: number;
  timers: TimerHandle[];
}

type SendResult = { kind: 'sent'; readingOpen: boolean | undefined } | { kind: 'outcome-unknown' | 'not-sent'; error: BusError };

/** A handler or a record that throws (a full disk) must not leave the door unwatched: logged, not fatal. */
function guard(options: Pick<DoorSessionsOptions, 'log'>, what: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    options.log?.('error', `door session: ${what} failed`, error instanceof Error ? error.message : error);
  }
}

/** Sends the open once; outcome-unknown means the lock may have fired: never resend, the door's evidence decides. */
async function send(bus: LockBus, c: CompartmentConfig): Promise<SendResult> {
  try {
    const reply = await bus.openLock(c.board, c.lock);
    return { kind: 'sent', readingOpen: reply.reading?.open };
  } catch (error) {
    const busError = error instanceof BusError ? error : new BusError('outcome-unknown', 'unexpected', String(error));
    // outcome-unknown: the lock may have fired. Never resend: the door's evidence decides.
    return { kind: busError.kind === 'outcome-unknown' ? 'outcome-unknown' : 'not-sent', error: busError };
  }
}

/** The attempt's audit record; a failing write (full disk) is logged, never fatal. */
function record(options: DoorSessionsOptions, label: string, result: SendResult): void {
  const detail = result.kind === 'sent' ? { reading: result.readingOpen ?? null } : { kind: result.error.kind, reason: result.error.reason, message: result.error.message };
  try {
    options.recordOpen(label, result.kind, detail);
  } catch (error) {
    options.log?.('error', `door session: recording the open of ${label} failed`, error instanceof Error ? error.message : error);
  }
}

/** Doors that open with no session expecting them: an alarm, and another if one is left open. */
function watchUnexpectedDoors(options: Pick<DoorSessionsOptions, 'timers' | 'alarm' | 'doorLeftOpenMs'>) {
  const { timers } = options;
  const open = new Map<string, TimerHandle>();
  return {
    onChange(change: DoorChange): void {
      if (change.open) {
        options.alarm({ kind: 'door-opened-without-command', label: change.label, at: change.at });
        open.set(
          change.label,
          timers.setTimeout(() => options.alarm({ kind: 'door-left-open', label: change.label, at: timers.now(), detail: { expected: false } }), options.doorLeftOpenMs * 2),
        );
      } else {
        const timer = open.get(change.label);
        if (timer !== undefined) timers.clearTimeout(timer);
        open.delete(change.label);
      }
    },
    dispose(): void {
      open.forEach((t) => timers.clearTimeout(t));
      open.clear();
    },
  };
}

/**
 * What the latest reading of a session's door says: 'opened' for a door still opening that reads
 * open (no newer than the command); for a door opened on evidence the monitor never reported,
 * 'closed' or 'seen-open' once a reading newer than that evidence exists; otherwise nothing.
 */
function freshReading(session: Session, sensors: DoorSensors): 'opened' | 'closed' | 'seen-open' | undefined {
  const label = session.compartment.label;
  const readAt = sensors.readAt(label);
  if (readAt === undefined) return undefined;
  if (session.stage === 'opening') return sensors.isOpen(label) === true && readAt >= session.sentAt ? 'opened' : undefined;
  const after = session.confirmCloseAfter;
  if (after === undefined || readAt <= after) return undefined;
  return sensors.isOpen(label) === false ? 'closed' : 'seen-open';
}

export function createDoorSessions(options: DoorSessionsOptions) {
  const { timers, sensors } = options;
  const sessions = new Map<string, Session>();
  const unexpected = watchUnexpectedDoors(options);

  const guarded = (what: string, fn: () => void) => guard(options, what, fn);
  const clear = (session: Session) => {
    session.timers.forEach((t) => timers.clearTimeout(t));
    session.timers = [];
  };
  const end = (label: string) => {
    const session = sessions.get(label);
    if (session) clear(session);
    sessions.delete(label);
  };
  const live = (session: Session) => sessions.get(session.compartment.label) === session;

  async function open(compartment: CompartmentConfig, handlers: DoorSessionHandlers): Promise<OpenOutcome> {
    if (sessions.has(compartment.label)) throw new Error(`door ${compartment.label} already has a session`);
    const bus = options.buses.get(compartment.bus);
    if (!bus) throw new Error(`no bus ${compartment.bus} for ${compartment.label}`);
    const session: Session = { compartment, handlers, stage: 'opening', sentAt: timers.now(), timers: [] };
    sessions.set(compartment.label, session);
    const result = await send(bus, compartment);
    record(options, compartment.label, result);
    if (result.kind === 'not-sent') {
      end(compartment.label);
      handlers.notSent(result.error);
      return 'not-sent';
    }
    // The board's own reading after the pulse is evidence too (the generic protocol sends one).
    if (result.kind === 'sent' && result.readingOpen === true && live(session) && session.stage === 'opening') becomeOpen(session, timers.now(), 'open-reply');
    // The door may already have been seen open while the reply was on its way.
    if (live(session) && session.stage === 'opening') watchOpen(session);
    return 'opening';
  }

  function watchOpen(session: Session): void {
    const label = session.compartment.label;
    session.timers.push(
      timers.setTimeout(() => {
        if (!live(session) || session.stage !== 'opening') return;
        end(label);
        const at = timers.now();
        const certain = sensors.seenThroughout(label, session.sentAt, at);
        guarded('the open-not-detected alarm', () => options.alarm({ kind: 'open-not-detected', label, at, detail: { certain } }));
        guarded(`the not-detected step of ${label}`, () => session.handlers.notDetected(at, certain));
      }, options.doorOpenDetectMs),
    );
  }

  function becomeOpen(session: Session, at: number, source: 'poll' | 'open-reply'): void {
    const label = session.compartment.label;
    clear(session);
    session.stage = 'open';
    if (source !== 'poll') session.confirmCloseAfter = at;
    session.timers = [
      timers.setTimeout(() => guarded(`the left-open reminder of ${label}`, () => session.handlers.leftOpen?.(timers.now(), 'reminder')), options.doorLeftOpenMs),
      timers.setTimeout(() => {
        const now = timers.now();
        guarded('the door-left-open alarm', () => options.alarm({ kind: 'door-left-open', label, at: now, detail: { expected: true } }));
        guarded(`the left-open alarm of ${label}`, () => session.handlers.leftOpen?.(now, 'alarm'));
      }, options.doorLeftOpenMs * 2),
    ];
    guarded(`the opened step of ${label}`, () => session.handlers.opened?.(at));
  }

  /** A closed step that throws (it could not be written) must not stop the polling that called it. */
  function closeSession(session: Session, at: number): void {
    end(session.compartment.label);
    guarded(`the closed step of ${session.compartment.label}`, () => session.handlers.closed(at));
  }

  function onDoorChange(change: DoorChange): void {
    const session = sessions.get(change.label);
    if (!session) return unexpected.onChange(change);
    if (change.open && session.stage === 'opening') becomeOpen(session, change.at, 'poll');
    else if (change.open) session.confirmCloseAfter = undefined; // the monitor now reports its close
    else if (session.stage === 'open') closeSession(session, change.at);
  }

  /**
   * After each board's reading: a door still opening that now reads open has opened, even when the
   * monitor reported no change (its first reading of the door, taken after the lock fired, is a
   * baseline). A door opened on evidence the monitor never reported (the open reply's reading) is
   * closed once a poll newer than that evidence reads it closed.
   */
  function onPollCycle(at: number): void {
    for (const session of [...sessions.values()]) {
      const verdict = freshReading(session, sensors);
      if (verdict === 'opened') becomeOpen(session, at, 'poll');
      else if (verdict === 'closed') closeSession(session, at);
      else if (verdict === 'seen-open') session.confirmCloseAfter = undefined;
    }
  }

  return {
    open,
    onDoorChange,
    onPollCycle,
    /** Stop watching a door (e.g. the resident cancelled before it opened). */
    abandon(label: string): boolean {
      const session = sessions.get(label);
      if (!session || session.stage !== 'opening') return false;
      end(label);
      return true;
    },
    isActive: (label: string) => sessions.has(label),
    /** Doors being opened or open right now (a restart waits until there are none). */
    activeCount: () => sessions.size,
    stageOf: (label: string) => sessions.get(label)?.stage,
    dispose(): void {
      for (const label of [...sessions.keys()]) end(label);
      unexpected.dispose();
    },
  };
}
export type DoorSessions = ReturnType<typeof createDoorSessions>;
