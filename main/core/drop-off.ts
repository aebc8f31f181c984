// The resident's drop-off, from the confirming tap to the receipt. The lock command is only a
// request: the step completes when the door sensor reports the door opened and then closed.
import type { TimerHandle, Timers } from '../../hardware/transport/timers';
import { CabinetError } from '../contract/errors';
import type { CompartmentView, DropOffState } from '../contract/schemas';
import type { OutboxMessage } from '../store/outbox-repo';
import type { Repositories } from '../store/repositories';
import { chooseCompartment } from './allocation';
import { createRecentStates } from './recent-states';
import type { CabinetConfig, CompartmentConfig } from './config';
import type { DoorSessions } from './door-sessions';
import { maskPhone } from './phone';
import { formatReference } from './references';
import type { Transitions } from './transitions';
import { addWorkingDays, toLocalDate } from './working-days';

export interface DropOffDeps {
  repos: Pick<Repositories, 'transaction' | 'cases' | 'compartments' | 'outbox' | 'references'>;
  config: CabinetConfig;
  doors: DoorSessions;
  transitions: Transitions;
  timers: Timers;
  newId(): string;
  emit(state: DropOffState): void;
  log?(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** Whether a phone.verifyCode token verifies this number (absent: no SMS verification). */
  phoneVerified?(phone: string, token: string): boolean;
}

export interface BeginDropOff {
  matterId: string;
  phone: string;
  /** The number typed twice (no SMS verification) ... */
  phoneRepeat?: string | undefined;
  /** ... or the token of an SMS-verified number. */
  verification?: string | undefined;
  language: 'zh-CN' | 'en';
  elderMode: boolean;
}

interface Session {
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

/** How long a resident may take to accept another compartment after a door did not open. */
export const RETRY_WINDOW_MS = 2 * 60_000;

/** How long after a deposit the resident may continue into another compartment. */
export const CONTINUE_WINDOW_MS = 3 * 60_000;

const RESIDENT = 'resident';

export function compartmentView(config: CabinetConfig, c: CompartmentConfig): CompartmentView {
  const rows = Math.max(...config.compartments.map((x) => x.row));
  const columns = Math.max(...config.compartments.map((x) => x.column));
  return { label: c.label, size: c.size, column: c.column, row: c.row, rows, columns };
}

/** The staff message announcing a deposit: written in the deposit's own transaction (by the drop-off,
 *  or by the start-up recovery of one the process did not live to record). One per case. */
export function depositMessage(
  config: CabinetConfig,
  d: { reference: string; matterId: string; compartment: string; at: number; expectedDate: string | null; phone: string | null },
): OutboxMessage {
  return {
    at: d.at,
    kind: 'deposit',
    audience: 'staff',
    idempotencyKey: `deposit:${config.cabinet.id}:${d.reference}`,
    payload: {
      cabinet: config.cabinet.id,
      reference: d.reference,
      matter: d.matterId,
      compartment: d.compartment,
      depositedAt: d.at,
      expectedDate: d.expectedDate,
      phone: d.phone === null ? null : maskPhone(d.phone),
    },
  };
}

export function createDropOffs(deps: DropOffDeps) {
  const { repos, config, timers, transitions, doors } = deps;
  const { cases, compartments, outbox, references } = repos;
  const sessions = new Map<string, Session>();
  const finished = createRecentStates<DropOffState>(timers);
  const finish = (session: Session) => {
    sessions.delete(session.state.dropOffId);
    finished.put(session.state.dropOffId, session.state);
  };
  const calendar = { holidays: new Set(config.calendar.holidays), workdays: new Set(config.calendar.workdays) };
  /** The last deposit at this kiosk, which its resident may continue into another compartment. */
  let lastDeposit: { dropOffId: string; session: Session; until: number } | undefined;

  function update(session: Session, patch: Partial<DropOffState>): DropOffState {
    session.state = { ...session.state, ...patch };
    deps.emit(session.state);
    return session.state;
  }

  function find(dropOffId: string): Session {
    const session = sessions.get(dropOffId);
    if (!session) throw new CabinetError('not-found', 'No such drop-off.');
    return session;
  }

  /** The drop-off ended before anything was deposited (in this compartment). */
  function abandon(session: Session, stage: DropOffState['stage'], compartmentEvent: 'release' | 'fail' | null): void {
    const at = timers.now();
    if (session.retryTimer !== undefined) timers.clearTimeout(session.retryTimer);
    repos.transaction(() => {
      // A continuation leaves the case as deposited: only this extra compartment failed.
      if (!session.continuation) transitions.moveCase(session.caseId, 'abandon', { actor: RESIDENT, at, detail: { stage } });
      if (compartmentEvent) transitions.moveCompartment(session.compartment.label, compartmentEvent, session.caseId, { actor: RESIDENT, at });
    });
    update(session, { stage });
    finish(session);
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
      if (sessions.get(session.state.dropOffId) === session && session.state.stage === 'open-not-detected') abandon(session, 'open-not-detected', null);
    }, RETRY_WINDOW_MS);
  }

  /** After "open not detected": the same case, another compartment. */
  async function retryElsewhere(dropOffId: string): Promise<DropOffState> {
    const session = find(dropOffId);
    if (session.state.stage !== 'open-not-detected') throw new CabinetError('conflict', 'Only a door that did not open can be swapped for another.');
    if (session.retryTimer !== undefined) timers.clearTimeout(session.retryTimer);
    const matter = config.matters.find((m) => m.id === session.matterId);
    const next = allocate(matter?.size ?? 'S', session.elderMode);
    if (!next) {
      abandon(session, 'open-not-detected', null);
      throw new CabinetError('no-compartment', 'No other free compartment fits right now.');
    }
    const at = timers.now();
    repos.transaction(() => {
      transitions.audit.append({ at, actor: RESIDENT, action: 'dropoff.retry', outcome: 'ok', caseId: session.caseId, compartment: next.label, detail: { instead: session.compartment.label } });
      transitions.moveCompartment(next.label, 'reserve', session.caseId, { actor: RESIDENT, at });
      if (!session.continuation) cases.setCompartment(session.caseId, next.label);
    });
    session.compartment = next;
    session.state = { ...session.state, stage: 'opening', compartment: compartmentView(config, next) };
    return openFor(session);
  }

  function deposited(session: Session, at: number): void {
    const matter = config.matters.find((m) => m.id === session.matterId);
    if (!matter) throw new Error(`matter ${session.matterId} vanished from the configuration`);
    if (session.continuation) return continued(session, at);
    const expectedDate = addWorkingDays(at, matter.processingDays, calendar);
    // The deposit, its audit entries and the staff notification commit together or not at all.
    let reference: string;
    try {
      reference = commitDeposit(session, at, expectedDate, matter.id);
    } catch (error) {
      // The documents are in, but the record could not be written (disk full, I/O error). The case
      // row from the reservation stays 'door-opened', which the next start records as deposited;
      // the resident is told kindly where the documents are, and the detail goes to the log.
      deps.log?.('error', `deposit of case ${session.caseId} in ${session.compartment.label} could not be recorded`, error);
      update(session, { stage: 'not-recorded' });
      finish(session);
      return;
    }
    update(session, {
      stage: 'deposited',
      receipt: {
        reference,
        matter: matter.name,
        compartment: session.compartment.label,
        compartments: [session.compartment.label],
        depositedAt: at,
        expectedDate,
        maskedPhone: maskPhone(session.phone),
      },
    });
    finish(session);
    lastDeposit = { dropOffId: session.state.dropOffId, session, until: at + CONTINUE_WINDOW_MS };
  }

  function commitDeposit(session: Session, at: number, expectedDate: string, matterId: string): string {
    return repos.transaction(() => {
      transitions.moveCase(session.caseId, 'door-closed', { actor: RESIDENT, at });
      cases.setDeposit(session.caseId, at, expectedDate);
      transitions.moveCompartment(session.compartment.label, 'fill', session.caseId, { actor: RESIDENT, at });
      const c = cases.byId(session.caseId);
      if (!c) throw new Error('case vanished inside its transaction');
      outbox.add(depositMessage(config, { reference: c.reference, matterId, compartment: session.compartment.label, at, expectedDate, phone: session.phone }));
      return c.reference;
    });
  }

  /** A further compartment of a case closed: the case now spans it too. */
  function continued(session: Session, at: number): void {
    repos.transaction(() => {
      transitions.moveCompartment(session.compartment.label, 'fill', session.caseId, { actor: RESIDENT, at, detail: { continuation: true } });
    });
    const labels = compartments.occupiedBy(session.caseId);
    const previous = session.state.receipt;
    if (!previous) throw new Error('a continuation without the first receipt');
    update(session, { stage: 'deposited', receipt: { ...previous, compartments: labels } });
    finish(session);
    lastDeposit = { dropOffId: session.state.dropOffId, session, until: at + CONTINUE_WINDOW_MS };
  }

  function allocate(size: CompartmentConfig['size'], elderMode: boolean): CompartmentConfig | undefined {
    const free = new Set(compartments.all().filter((r) => r.state === 'free').map((r) => r.label));
    return chooseCompartment(config.compartments, (label) => free.has(label) && !doors.isActive(label), { size, elderMode });
  }

  async function openFor(session: Session): Promise<DropOffState> {
    sessions.set(session.state.dropOffId, session);
    await doors.open(session.compartment, {
      opened: (at) => {
        if (!session.continuation) transitions.moveCase(session.caseId, 'door-opened', { actor: RESIDENT, at });
        update(session, { stage: 'open' });
      },
      closed: (at) => deposited(session, at),
      // The lock fired but the sensor never saw the door open: take the compartment out of use.
      notDetected: () => openNotDetected(session),
      // Provably never reached the board: release the compartment and tell the resident.
      notSent: () => abandon(session, 'failed', 'release'),
      leftOpen: (_at, stage) => update(session, { doorLeftOpen: stage }),
    });
    return session.state;
  }

  /** 继续投递: the documents did not fit; open another compartment for the same case. */
  async function continueInto(dropOffId: string): Promise<DropOffState> {
    const now = timers.now();
    const last = lastDeposit;
    if (!last || last.dropOffId !== dropOffId || now > last.until) {
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'dropoff.continue', outcome: 'denied', detail: { reason: 'not the latest deposit, or too late' } });
      throw new CabinetError('conflict', 'This drop-off can no longer be continued.');
    }
    const matter = config.matters.find((m) => m.id === last.session.matterId);
    const compartment = allocate(matter?.size ?? 'S', last.session.elderMode);
    if (!compartment) throw new CabinetError('no-compartment', 'No free compartment fits right now.');
    lastDeposit = undefined;
    repos.transaction(() => {
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'dropoff.continue', outcome: 'ok', caseId: last.session.caseId, compartment: compartment.label });
      transitions.moveCompartment(compartment.label, 'reserve', last.session.caseId, { actor: RESIDENT, at: now });
    });
    const session: Session = {
      ...last.session,
      compartment,
      continuation: true,
      state: { dropOffId: deps.newId(), stage: 'opening', compartment: compartmentView(config, compartment), ...(last.session.state.receipt ? { receipt: last.session.state.receipt } : {}) },
    };
    return openFor(session);
  }

  async function begin(input: BeginDropOff): Promise<DropOffState> {
    const now = timers.now();
    const matter = config.matters.find((m) => m.id === input.matterId);
    if (!matter) throw new CabinetError('not-found', `Unknown matter: ${input.matterId}`);
    if (input.verification !== undefined) {
      if (!deps.phoneVerified?.(input.phone, input.verification)) {
        transitions.audit.append({ at: now, actor: RESIDENT, action: 'dropoff.begin', outcome: 'denied', detail: { reason: 'phone-not-verified' } });
        throw new CabinetError('bad-request', 'The phone number is not verified (or the verification expired).');
      }
    } else if (input.phone !== input.phoneRepeat) {
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'dropoff.begin', outcome: 'denied', detail: { reason: 'phone-mismatch' } });
      throw new CabinetError('bad-request', 'The two phone numbers differ.');
    }
    const compartment = allocate(matter.size, input.elderMode);
    if (!compartment) {
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'dropoff.begin', outcome: 'denied', detail: { reason: 'no-compartment', matter: matter.id } });
      throw new CabinetError('no-compartment', 'No free compartment fits this matter right now.');
    }

    const caseId = repos.transaction(() => {
      const day = toLocalDate(now);
      const id = cases.insert({
        reference: formatReference(day, references.next(day)),
        matterId: matter.id,
        phone: input.phone,
        status: 'reserved',
        compartment: compartment.label,
        language: input.language,
        elderMode: input.elderMode,
        at: now,
      });
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'case.reserved', outcome: 'ok', caseId: id, compartment: compartment.label, detail: { matter: matter.id } });
      transitions.moveCompartment(compartment.label, 'reserve', id, { actor: RESIDENT, at: now });
      return id;
    });

    return openFor({
      state: { dropOffId: deps.newId(), stage: 'opening', compartment: compartmentView(config, compartment) },
      caseId,
      phone: input.phone,
      matterId: matter.id,
      compartment,
      elderMode: input.elderMode,
      continuation: false,
    });
  }

  return {
    begin,
    continueInto,
    get(dropOffId: string): DropOffState {
      const state = sessions.get(dropOffId)?.state ?? finished.get(dropOffId);
      if (!state) throw new CabinetError('not-found', 'No such drop-off.');
      return state;
    },
    retryElsewhere,
    cancel(dropOffId: string): DropOffState {
      const session = find(dropOffId);
      if (session.state.stage === 'open-not-detected') {
        abandon(session, 'cancelled', null);
        return session.state;
      }
      if (session.state.stage !== 'opening' || !doors.abandon(session.compartment.label)) {
        throw new CabinetError('conflict', 'The door is already open: close it to finish.');
      }
      abandon(session, 'cancelled', 'release');
      return session.state;
    },
  };
}
export type DropOffs = ReturnType<typeof createDropOffs>;
