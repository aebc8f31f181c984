// The resident's pickup: a code opens the compartment holding their results; the case is picked
// up when the door closes again. Wrong codes are rate-limited per cabinet and audited; the code
// is compared by its hash and cleared once used.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { PickUpState } from '../../contract/schemas';
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import type { Alarm, DoorSessions } from '../doors/door-sessions';
import { compartmentView } from './drop-off';
import { createRecentStates } from './recent-states';
import { codeSecret, generateCode, hashCode, type RandomDigit } from '../cases/pickup-codes';
import { createDenialLog } from '../cases/denial-log';
import { afterFailure, afterSuccess, freshLimit, lockedFor, triesLeft, type LimitPolicy } from '../cases/rate-limit';
import type { Transitions } from '../cases/transitions';
import type { CollectedAs, StoredIdentity } from '../../store/identities-repo';
import { pickupIdentity } from '../identity/identity-rules';

export interface PickUpDeps {
  repos: Pick<Repositories, 'transaction' | 'cases' | 'rateLimits' | 'secrets' | 'identities' | 'outbox'>;
  config: CabinetConfig;
  doors: DoorSessions;
  transitions: Transitions;
  timers: Timers;
  newId(): string;
  randomDigit?: RandomDigit;
  emit(state: PickUpState): void;
  /** Raised when guessing locks the whole cabinet's pickups. */
  alarm?(alarm: Alarm): void;
  log?(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** What a card token (idCard.read) stands for; absent: no reader (personal results then wait for staff). */
  identityOf?(token: string): StoredIdentity;
}

const RESIDENT = 'resident';

/** Who is collecting, as checked before the door opens and recorded when it closes. */
interface Collection {
  as: CollectedAs | 'not-required';
  who: StoredIdentity | undefined;
  /** The case has an applicant's card: the resident's message says who collected. */
  tell: boolean;
}

const noReader = (): never => {
  throw new CabinetError('unavailable', 'This cabinet has no ID-card reader.');
};
/** Wrong tries per phone's last four digits: a resident's typos lock only cases with those digits. */
const PHONE_KEY_PREFIX = 'pickup-phone:';
/** All tries at this cabinet: guessing across phones is slowed, doubling, and staff are alarmed. */
const CABINET_KEY = 'pickup-code';
export const PICKUP_CABINET_POLICY: LimitPolicy = { maxFailures: 30, baseLockoutMs: 60_000, maxLockoutMs: 60 * 60_000 };

export function createPickUps(deps: PickUpDeps) {
  const { repos, config, timers, transitions, doors } = deps;
  const { cases, rateLimits: limits } = repos;
  const secret = codeSecret(repos.secrets);
  const policy: LimitPolicy = { maxFailures: config.pickup.maxWrongCodes, baseLockoutMs: config.pickup.lockoutSeconds * 1000, maxLockoutMs: 30 * 60_000 };
  const sessions = new Map<string, PickUpState>();
  const finished = createRecentStates<PickUpState>(timers);
  const denials = createDenialLog((entry) => transitions.audit.append(entry));

  const update = (state: PickUpState, patch: Partial<PickUpState>): PickUpState => {
    const next = { ...state, ...patch };
    sessions.set(next.pickUpId, next);
    deps.emit(next);
    if (next.stage !== 'opening' && next.stage !== 'open') {
      sessions.delete(next.pickUpId);
      finished.put(next.pickUpId, next);
    }
    return next;
  };

  /**
   * Issue a fresh code for a case whose results are going back in the cabinet. Call inside the
   * transaction that returns the case; the plain code is handed back once, for the notification.
   */
  function issueCode(caseId: number, at: number): { code: string; deadline: number } {
    const deadline = at + config.pickup.validDays * 24 * 3600_000;
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = generateCode(config.pickup.codeDigits, deps.randomDigit);
      const hash = hashCode(secret, code);
      if (cases.pickupCodeInUse(hash)) continue; // in use: draw again
      cases.setPickupCode(caseId, hash, deadline);
      return { code, deadline };
    }
    throw new Error('could not draw an unused pickup code');
  }

  /** A wrong code (or phone digits): counted for that phone and cabinet-wide; the cabinet-wide lockout alarms staff. */
  function refuse(keys: { phone: string }, found: { id: number } | undefined, reason: 'wrong-code' | 'expired', now: number): never {
    const phone = afterFailure(limits.get(keys.phone) ?? freshLimit, now, policy);
    const cabinet = afterFailure(limits.get(CABINET_KEY) ?? freshLimit, now, PICKUP_CABINET_POLICY);
    repos.transaction(() => {
      limits.put(keys.phone, phone);
      limits.put(CABINET_KEY, cabinet);
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'pickup.code', outcome: 'denied', caseId: found?.id ?? null, detail: { reason, lockedUntil: phone.lockedUntil || null } });
    });
    if (lockedFor(cabinet, now) > 0) deps.alarm?.({ kind: 'pickup-guessing', at: now, detail: { lockedForSeconds: Math.ceil(lockedFor(cabinet, now) / 1000) } });
    const locked = Math.max(lockedFor(phone, now), lockedFor(cabinet, now));
    if (locked > 0) throw new CabinetError('locked-out', 'Too many wrong codes.', { retryAfterSeconds: Math.ceil(locked / 1000) });
    if (reason === 'expired') throw new CabinetError('expired', 'This pickup code has expired. Please contact staff.');
    throw new CabinetError('wrong-code', 'Wrong pickup code or phone digits.', { triesLeft: triesLeft(phone, policy) });
  }

  /**
   * The code and the last four digits of the phone the case was registered with. Wrong tries lock
   * the cases of those phone digits, not the cabinet; a cabinet-wide guard slows guessing further.
   */
  /**
   * Personal results: the applicant's card or the authorised proxy's (ADR 0022-identity-data). A
   * refusal is audited, not counted as a wrong code: the code and phone digits were right.
   */
  function checkIdentity(found: { id: number }, card: string | undefined, now: number): Collection {
    const ids = repos.identities.forCase(found.id);
    const presented = card === undefined ? undefined : (deps.identityOf ?? noReader)(card);
    const verdict = pickupIdentity(ids, presented);
    if (!verdict.allowed) {
      transitions.audit.append({ at: now, actor: RESIDENT, action: 'pickup.identity', outcome: 'denied', caseId: found.id, detail: { reason: verdict.reason } });
      if (verdict.reason === 'card-required') throw new CabinetError('id-card-required', 'These results are personal: place the ID card of the applicant or of the authorised proxy.');
      throw new CabinetError('id-card-mismatch', 'This ID card is neither the applicant\'s nor the authorised proxy\'s.');
    }
    return { as: verdict.as, who: presented, tell: ids.applicant !== undefined };
  }

  async function begin(input: { code: string; phoneLast4: string; card?: string | undefined }): Promise<PickUpState> {
    const now = timers.now();
    const keys = { phone: `${PHONE_KEY_PREFIX}${input.phoneLast4}` };
    const cabinetWait = lockedFor(limits.get(CABINET_KEY) ?? freshLimit, now);
    const wait = Math.max(lockedFor(limits.get(keys.phone) ?? freshLimit, now), cabinetWait);
    if (wait > 0) {
      // Audited under the lock that refused: a cabinet-wide lockout is one row however many phone
      // digits the guesses spread over (keyed by phone, each new digits wrote a row).
      const cabinetWide = cabinetWait > 0;
      denials.deny(cabinetWide ? CABINET_KEY : keys.phone, now + wait, { at: now, actor: RESIDENT, action: 'pickup.code', outcome: 'denied', detail: { reason: 'locked-out', waitMs: wait, cabinetWide } });
      throw new CabinetError('locked-out', `Too many wrong codes: try again in ${Math.ceil(wait / 1000)} s.`, { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    const byCode = cases.awaitingPickupByCode(hashCode(secret, input.code));
    // Code and phone digits must both match; which one was wrong is not told.
    const found = byCode && byCode.phoneLast4 === input.phoneLast4 ? byCode : undefined;
    if (!found) refuse(keys, undefined, 'wrong-code', now);
    if (found.pickupDeadline < now) refuse(keys, found, 'expired', now);
    limits.put(keys.phone, afterSuccess());
    const collection = checkIdentity(found, input.card, now);
    const compartment = config.compartments.find((c) => c.label === found.compartment);
    if (!compartment) throw new CabinetError('internal', `Compartment ${found.compartment} is not in the layout.`);
    if (doors.isActive(compartment.label)) throw new CabinetError('conflict', 'This compartment is already open.');
    transitions.audit.append({ at: now, actor: RESIDENT, action: 'pickup.code', outcome: 'ok', caseId: found.id, compartment: compartment.label });

    let state2: PickUpState = { pickUpId: deps.newId(), reference: found.reference, stage: 'opening', compartment: compartmentView(config, compartment) };
    sessions.set(state2.pickUpId, state2);
    await doors.open(compartment, {
      opened: () => {
        state2 = update(state2, { stage: 'open' });
      },
      closed: (at) => {
        try {
          repos.transaction(() => {
            transitions.moveCase(found.id, 'pick-up', { actor: RESIDENT, at });
            cases.clearPickupCode(found.id);
            transitions.moveCompartment(compartment.label, 'empty', found.id, { actor: RESIDENT, at });
            recordCollection(found, collection, at);
          });
        } catch (error) {
          // Not written (a full disk): the case still waits with its code and the compartment stays
          // occupied, never free on a guess; the resident is told, and the code opens it again.
          deps.log?.('error', `the pickup of case ${found.id} from ${compartment.label} could not be recorded`, error);
          state2 = update(state2, { stage: 'not-recorded' });
          return;
        }
        state2 = update(state2, { stage: 'picked-up' });
      },
      // Not seen open: the code stays valid. A jammed lock (the door read all along) goes to fault;
      // a door that may have opened unseen goes to check: staff look whether the results are still there.
      notDetected: (at, certain) => {
        transitions.moveCompartment(compartment.label, certain ? 'fail' : 'doubt', found.id, { actor: RESIDENT, at });
        state2 = update(state2, { stage: 'open-not-detected' });
      },
      notSent: () => {
        state2 = update(state2, { stage: 'failed' });
      },
      leftOpen: (_at, stage) => {
        state2 = update(state2, { doorLeftOpen: stage });
      },
    });
    return sessions.get(state2.pickUpId) ?? state2;
  }

  /** Who collected, with the pickup; the applicant of an identity case is told who and when (masked). */
  function recordCollection(found: { id: number; reference: string }, c: Collection, at: number): void {
    if (c.as === 'not-required') return;
    repos.identities.setCollector(found.id, c.as, c.who, at);
    if (!c.tell) return;
    repos.outbox.add({
      at,
      kind: 'picked-up',
      audience: 'resident',
      idempotencyKey: `picked-up:${config.cabinet.id}:${found.reference}`,
      payload: { cabinet: config.cabinet.id, reference: found.reference, caseId: found.id, collectedAt: at, by: c.as, maskedName: c.who?.maskedName ?? null, idLast4: c.who?.idLast4 ?? null },
    });
  }

  return {
    begin,
    issueCode,
    get(pickUpId: string): PickUpState {
      const s = sessions.get(pickUpId) ?? finished.get(pickUpId);
      if (!s) throw new CabinetError('not-found', 'No such pickup.');
      return s;
    },
  };
}
export type PickUps = ReturnType<typeof createPickUps>;
