// The resident's drop-off, from the confirming tap to the receipt. The lock command is only a
// request: the step completes when the door sensor reports the door opened and then closed.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { CompartmentView, DropOffState } from '../../contract/schemas';
import type { Repositories } from '../../store/repositories';
import { chooseCompartment } from '../cases/allocation';
import type { CabinetConfig, CompartmentConfig } from '../config';
import type { Alarm, DoorSessions } from '../doors/door-sessions';
import { createDropOffDoor } from './drop-off-door';
export { RETRY_WINDOW_MS } from './drop-off-door';
import { createDropOffRecords, type DropOffRecords } from './drop-off-records';
import { createDropOffSessions, type DropOffSessions, type Session } from './drop-off-sessions';
import type { Transitions } from '../cases/transitions';
import type { StoredIdentity } from '../../store/identities-repo';
import { dropOffIdentity } from '../identity/identity-rules';

const noReader = (): never => {
  throw new CabinetError('unavailable', 'This cabinet has no ID-card reader.');
};

export { depositMessage, dropOffConfirmation } from './drop-off-records';

export interface DropOffDeps {
  repos: Pick<Repositories, 'transaction' | 'cases' | 'compartments' | 'outbox' | 'references' | 'identities'>;
  config: CabinetConfig;
  doors: DoorSessions;
  transitions: Transitions;
  timers: Timers;
  newId(): string;
  emit(state: DropOffState): void;
  log?(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** Whether a phone.verifyCode token verifies this number (absent: no SMS verification). */
  phoneVerified?(phone: string, token: string): boolean;
  /** Raised once when drop-offs come faster than any resident could make them. */
  alarm?(alarm: Alarm): void;
  /** The receipt QR's text for a reference. */
  receiptQr(reference: string): string;
  /** Whether a paper receipt follows each deposit. */
  printer: boolean;
  /** What a card token (idCard.read) stands for; absent: no reader, and no matter may ask for a card. */
  identityOf?(token: string): StoredIdentity;
}

/** One screen, one resident: a drop-off waits for the one under way at the door. */
const AT_THE_DOOR = new Set<DropOffState['stage']>(['opening', 'open']);
/** Waiting for the resident who may have walked away: a new drop-off means they did. */
const WAITING_FOR_RESIDENT = new Set<DropOffState['stage']>(['open-not-detected', 'open-uncertain']);
/** Faster than config.dropOff.maxPerTenMinutes, drop-offs are not residents: the rest wait, and staff are alarmed. */
const RATE_WINDOW_MS = 10 * 60_000;

export interface BeginDropOff {
  matterId: string;
  phone: string;
  /** The number read back on screen and confirmed by the resident (no SMS verification) ... */
  phoneConfirmed?: true | undefined;
  /** ... or the token of an SMS-verified number. */
  verification?: string | undefined;
  language: 'zh-CN' | 'en';
  elderMode: boolean;
  /** The applicant's card token, for a matter with identity 'id-card'. */
  applicantCard?: string | undefined;
  /** 代领: a proxy's card token, or anyone with the code and phone digits. */
  proxy?: { card: string } | { anyone: true } | undefined;
}

/** How long after a deposit the resident may continue into another compartment. */
export const CONTINUE_WINDOW_MS = 3 * 60_000;

export function compartmentView(config: CabinetConfig, c: CompartmentConfig): CompartmentView {
  const rows = Math.max(...config.compartments.map((x) => x.row));
  const columns = Math.max(...config.compartments.map((x) => x.column));
  return { label: c.label, size: c.size, column: c.column, row: c.row, rows, columns };
}

/** Why the phone number is refused: not verified by SMS (when a token was given), or never confirmed by the resident. */
export function phoneRefusal(input: BeginDropOff, phoneVerified: ((phone: string, token: string) => boolean) | undefined): 'phone-not-verified' | 'phone-unconfirmed' | undefined {
  if (input.verification !== undefined) return phoneVerified?.(input.phone, input.verification) ? undefined : 'phone-not-verified';
  return input.phoneConfirmed === true ? undefined : 'phone-unconfirmed';
}

/**
 * Admission of a new drop-off: refused while another is at the door or the cabinet-wide rate is
 * spent (then staff are alarmed once); a drop-off still waiting for an absent resident's answer is
 * abandoned by the next.
 */
function createAdmission(deps: {
  config: CabinetConfig;
  sessions: DropOffSessions;
  records: DropOffRecords;
  abandon(session: Session, stage: DropOffState['stage'], event: null): void;
  alarm?(alarm: Alarm): void;
}) {
  const { config, sessions, records } = deps;
  const recentBegins: number[] = [];
  let rateAlarmed = false;
  return (now: number): void => {
    if (sessions.all().some((s) => AT_THE_DOOR.has(s.state.stage))) {
      records.denied('dropoff.begin', now, { reason: 'busy' });
      throw new CabinetError('conflict', 'Another drop-off is under way at this cabinet.');
    }
    while (recentBegins.length && recentBegins[0]! <= now - RATE_WINDOW_MS) recentBegins.shift();
    if (recentBegins.length >= config.dropOff.maxPerTenMinutes) {
      const retryAfterSeconds = Math.ceil((recentBegins[0]! + RATE_WINDOW_MS - now) / 1000);
      records.denied('dropoff.begin', now, { reason: 'rate' });
      if (!rateAlarmed) deps.alarm?.({ kind: 'drop-off-rate', at: now, detail: { begins: recentBegins.length, windowMinutes: RATE_WINDOW_MS / 60_000 } });
      rateAlarmed = true;
      throw new CabinetError('locked-out', 'Too many drop-offs in a short time: please wait.', { retryAfterSeconds });
    }
    rateAlarmed = false;
    recentBegins.push(now);
    for (const s of sessions.all()) if (WAITING_FOR_RESIDENT.has(s.state.stage)) deps.abandon(s, s.state.stage, null);
  };
}

export function createDropOffs(deps: DropOffDeps) {
  const { repos, config, timers, transitions, doors } = deps;
  const records = createDropOffRecords({ repos, config, transitions });
  const sessions = createDropOffSessions(timers, deps.emit);
  /** The last deposit at this kiosk, which its resident may continue into another compartment. */
  let lastDeposit: { dropOffId: string; session: Session; until: number } | undefined;
  const { openFor, abandon, answer } = createDropOffDoor({
    config,
    doors,
    timers,
    transitions,
    records,
    sessions,
    log: deps.log,
    receiptQr: deps.receiptQr,
    paper: deps.printer ? 'printing' : 'no-printer',
    deposited: (session, at) => {
      lastDeposit = { dropOffId: session.state.dropOffId, session, until: at + CONTINUE_WINDOW_MS };
    },
  });
  const sizeOf = (matterId: string) => config.matters.find((m) => m.id === matterId)?.size ?? 'S';

  /** After "open not detected": the same case, another compartment. */
  async function retryElsewhere(dropOffId: string): Promise<DropOffState> {
    const session = sessions.find(dropOffId);
    if (session.state.stage !== 'open-not-detected') throw new CabinetError('conflict', 'Only a door that did not open can be swapped for another.');
    if (session.retryTimer !== undefined) timers.clearTimeout(session.retryTimer);
    const next = allocate(sizeOf(session.matterId), session.elderMode);
    if (!next) {
      abandon(session, 'open-not-detected', null);
      throw new CabinetError('no-compartment', 'No other free compartment fits right now.');
    }
    records.swap({ caseId: session.caseId, from: session.compartment.label, to: next.label, continuation: session.continuation, at: timers.now() });
    session.compartment = next;
    session.state = { ...session.state, stage: 'opening', compartment: compartmentView(config, next) };
    return openFor(session);
  }

  function allocate(size: CompartmentConfig['size'], elderMode: boolean): CompartmentConfig | undefined {
    const free = new Set(repos.compartments.all().filter((r) => r.state === 'free').map((r) => r.label));
    return chooseCompartment(config.compartments, (label) => free.has(label) && !doors.isActive(label), { size, elderMode });
  }

  /** 继续投递: the documents did not fit; open another compartment for the same case. */
  async function continueInto(dropOffId: string): Promise<DropOffState> {
    const now = timers.now();
    const last = lastDeposit;
    if (!last || last.dropOffId !== dropOffId || now > last.until) {
      records.denied('dropoff.continue', now, { reason: 'not the latest deposit, or too late' });
      throw new CabinetError('conflict', 'This drop-off can no longer be continued.');
    }
    const compartment = allocate(sizeOf(last.session.matterId), last.session.elderMode);
    if (!compartment) throw new CabinetError('no-compartment', 'No free compartment fits right now.');
    lastDeposit = undefined;
    records.reserveContinuation(last.session.caseId, compartment.label, now);
    const { receipt } = last.session.state;
    const state: DropOffState = { dropOffId: deps.newId(), stage: 'opening', compartment: compartmentView(config, compartment), ...(receipt ? { receipt } : {}) };
    return openFor({ ...last.session, compartment, continuation: true, state });
  }

  const admit = createAdmission({ config, sessions, records, abandon, ...(deps.alarm ? { alarm: deps.alarm } : {}) });

  async function begin(input: BeginDropOff): Promise<DropOffState> {
    const now = timers.now();
    const matter = config.matters.find((m) => m.id === input.matterId);
    if (!matter) throw new CabinetError('not-found', `Unknown matter: ${input.matterId}`);
    const refusal = phoneRefusal(input, deps.phoneVerified);
    if (refusal) {
      records.denied('dropoff.begin', now, { reason: refusal });
      throw new CabinetError('bad-request', refusal === 'phone-unconfirmed' ? 'The phone number was not confirmed.' : 'The phone number is not verified (or the verification expired).');
    }
    const identity = dropOffIdentity(matter, input, deps.identityOf ?? noReader);
    admit(now);
    const compartment = allocate(matter.size, input.elderMode);
    if (!compartment) {
      records.denied('dropoff.begin', now, { reason: 'no-compartment', matter: matter.id });
      throw new CabinetError('no-compartment', 'No free compartment fits this matter right now.');
    }
    const caseId = records.reserve({ matterId: matter.id, phone: input.phone, compartment: compartment.label, language: input.language, elderMode: input.elderMode, at: now, identity });
    const state: DropOffState = { dropOffId: deps.newId(), stage: 'opening', compartment: compartmentView(config, compartment) };
    return openFor({ state, caseId, phone: input.phone, matterId: matter.id, compartment, elderMode: input.elderMode, continuation: false });
  }

  return {
    begin,
    continueInto,
    get: (dropOffId: string): DropOffState => sessions.stateOf(dropOffId),
    /** The paper receipt's outcome, kept with the finished drop-off (dropOff.get) and answered for the screen's event. */
    notePaper(dropOffId: string, printed: boolean): 'printed' | 'not-printed' {
      const paper = printed ? 'printed' : 'not-printed';
      sessions.patchFinished(dropOffId, { paper });
      return paper;
    },
    retryElsewhere,
    /** The resident's answer to "are your documents inside?" after a door that may have opened unseen. */
    answer(dropOffId: string, inside: boolean): DropOffState {
      const session = sessions.find(dropOffId);
      if (session.state.stage !== 'open-uncertain') throw new CabinetError('conflict', 'Nothing to answer: the door was not in doubt.');
      answer(session, inside);
      return session.state;
    },
    cancel(dropOffId: string): DropOffState {
      const session = sessions.find(dropOffId);
      // The compartment stays as it is (fault, or check when the door may have opened).
      if (session.state.stage === 'open-not-detected' || session.state.stage === 'open-uncertain') {
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
