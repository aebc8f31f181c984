// One drop-off at its door: the open is only a request, so the flow moves on what the sensor
// reports — opened, then closed (the deposit), or never seen open (the compartment goes to fault
// and another is offered for a while), or the command provably never sent (released).
import type { Timers } from '../clock';
import type { DropOffState, Receipt } from '../../contract/schemas';
import type { CabinetConfig } from '../config';
import type { DoorSessions } from '../doors/door-sessions';
import type { DropOffRecords } from './drop-off-records';
import type { DropOffSessions, Session } from './drop-off-sessions';
import { maskPhone } from '../cases/phone';
import type { Transitions } from '../cases/transitions';
import { addWorkingDays } from '../cases/working-days';
import { statusLink } from '../notify/template-values';

const RESIDENT = 'resident';

/** How long a resident may take to accept another compartment after a door did not open. */
export const RETRY_WINDOW_MS = 2 * 60_000;

/** The resident's receipt for a first deposit. */
export function receiptOf(d: { reference: string; matter: Receipt['matter']; compartment: string; at: number; expectedDate: string; phone: string; qr: string; statusUrl?: string | undefined }): Receipt {
  return {
    ...(d.statusUrl ? { statusUrl: d.statusUrl } : {}),
    reference: d.reference,
    matter: d.matter,
    compartment: d.compartment,
    compartments: [d.compartment],
    depositedAt: d.at,
    expectedDate: d.expectedDate,
    maskedPhone: maskPhone(d.phone),
    qr: d.qr,
  };
}

export function createDropOffDoor(deps: {
  config: CabinetConfig;
  doors: DoorSessions;
  timers: Timers;
  transitions: Transitions;
  records: DropOffRecords;
  sessions: DropOffSessions;
  log?: ((level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void) | undefined;
  /** A deposit (or a further compartment) was recorded and its receipt shown. */
  deposited(session: Session, at: number): void;
  /** The receipt QR's text for a reference. */
  receiptQr(reference: string): string;
  /** Whether a paper receipt will be printed ('printing') or there is no printer. */
  paper: 'printing' | 'no-printer';
}) {
  const { config, timers, transitions, records, sessions } = deps;
  const { update } = sessions;
  const calendar = { holidays: new Set(config.calendar.holidays), workdays: new Set(config.calendar.workdays) };

  /** The drop-off ended before anything was deposited (in this compartment). */
  function abandon(session: Session, stage: DropOffState['stage'], compartmentEvent: 'release' | 'fail' | null): void {
    const at = timers.now();
    if (session.retryTimer !== undefined) timers.clearTimeout(session.retryTimer);
    records.abandon({ caseId: session.caseId, compartment: session.compartment.label, continuation: session.continuation, stage, compartmentEvent, at });
    update(session, { stage });
    sessions.finish(session);
  }

  /**
   * The lock fired but the sensor never saw the door open: the compartment goes out of use (fault)
   * and the resident is offered another one for a while; then the attempt is abandoned.
   */
  function openNotDetected(session: Session): void {
    const at = timers.now();
    transitions.moveCompartment(session.compartment.label, 'fail', session.caseId, { actor: RESIDENT, at, detail: { reason: 'open-not-detected' } });
    update(session, { stage: 'open-not-detected' });
    session.retryTimer = timers.setTimeout(() => {
      if (sessions.isLive(session) && session.state.stage === 'open-not-detected') abandon(session, 'open-not-detected', null);
    }, RETRY_WINDOW_MS);
  }

  /**
   * The door was not seen open, but it may have opened unseen (the bus was busy or failing): the
   * compartment may hold the documents, so it goes to check (staff look on site), never free, and
   * the resident is asked whether the documents are inside.
   */
  function openUncertain(session: Session): void {
    const at = timers.now();
    transitions.moveCompartment(session.compartment.label, 'doubt', session.caseId, { actor: RESIDENT, at, detail: { reason: 'open-uncertain' } });
    update(session, { stage: 'open-uncertain' });
    session.retryTimer = timers.setTimeout(() => {
      const stage = session.state.stage;
      if (sessions.isLive(session) && (stage === 'open-uncertain' || stage === 'open-not-detected')) abandon(session, stage, null);
    }, RETRY_WINDOW_MS);
  }

  /** The resident's answer after 'open-uncertain': inside → the deposit; not inside → another compartment may be tried. */
  function answer(session: Session, inside: boolean): void {
    if (!inside) {
      update(session, { stage: 'open-not-detected' });
      return;
    }
    if (session.retryTimer !== undefined) timers.clearTimeout(session.retryTimer);
    closed(session, timers.now());
  }

  /** The door closed on the documents: record the deposit (or the further compartment) and hand out the receipt. */
  function closed(session: Session, at: number): void {
    const matter = config.matters.find((m) => m.id === session.matterId);
    if (!matter) throw new Error(`matter ${session.matterId} vanished from the configuration`);
    let receipt: Receipt;
    if (session.continuation) {
      const compartments = records.fillContinuation(session.caseId, session.compartment.label, at);
      const previous = session.state.receipt;
      if (!previous) throw new Error('a continuation without the first receipt');
      receipt = { ...previous, compartments };
    } else {
      const expectedDate = addWorkingDays(at, matter.processingDays, calendar, config.cabinet.timeZone);
      try {
        const reference = records.deposit({ caseId: session.caseId, compartment: session.compartment.label, at, expectedDate, matterId: matter.id, phone: session.phone });
        const statusUrl = statusLink(config.notifications.statusUrl, config.cabinet.id, reference);
        receipt = receiptOf({ reference, matter: matter.name, compartment: session.compartment.label, at, expectedDate, phone: session.phone, qr: deps.receiptQr(reference), statusUrl });
      } catch (error) {
        // The documents are in, but the record could not be written (disk full, I/O error). The case
        // row from the reservation stays 'door-opened', which the next start records as deposited;
        // the resident is told kindly where the documents are, and the detail goes to the log.
        deps.log?.('error', `deposit of case ${session.caseId} in ${session.compartment.label} could not be recorded`, error);
        update(session, { stage: 'not-recorded' });
        sessions.finish(session);
        return;
      }
    }
    update(session, { stage: 'deposited', receipt, paper: deps.paper });
    sessions.finish(session);
    deps.deposited(session, at);
  }

  /** Send the open and follow the door; answers the state once the open was sent. */
  async function openFor(session: Session): Promise<DropOffState> {
    sessions.track(session);
    await deps.doors.open(session.compartment, {
      opened: (at) => {
        // The resident must be told to put the documents in even when this step cannot be written
        // (a full disk): the deposit records it late, and a restart treats the case as reserved.
        try {
          if (!session.continuation) transitions.moveCase(session.caseId, 'door-opened', { actor: RESIDENT, at });
        } catch (error) {
          deps.log?.('error', `the opening of ${session.compartment.label} for case ${session.caseId} could not be recorded`, error);
        }
        update(session, { stage: 'open' });
      },
      closed: (at) => closed(session, at),
      // Not seen open: a jammed lock when the door was read all along; else it may have opened unseen.
      notDetected: (_at, certain) => (certain ? openNotDetected(session) : openUncertain(session)),
      // Provably never reached the board: release the compartment and tell the resident.
      notSent: () => abandon(session, 'failed', 'release'),
      leftOpen: (_at, stage) => update(session, { doorLeftOpen: stage }),
    });
    return session.state;
  }

  return { openFor, abandon, answer };
}
