// The resident's status look-up: reference number + last four digits of the phone, or the
// receipt's QR code scanned at the cabinet. Rate-limited like pickup codes (one limit for both),
// so the screen cannot be used to walk through other people's cases.
import type { Timers } from '../clock';
import { CabinetError } from '../../contract/errors';
import type { CaseStatusView } from '../../contract/schemas';
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import { residentStatus, type CaseStatus } from '../cases/lifecycle';
import { afterFailure, afterSuccess, freshLimit, lockedFor, type LimitPolicy } from '../cases/rate-limit';
import { verifyReceiptQr } from '../cases/receipt-tag';
import type { Transitions } from '../cases/transitions';

const LIMIT_KEY = 'status-lookup';

type CaseRow = NonNullable<ReturnType<Repositories['cases']['byReference']>>;

export function createStatusLookup(deps: {
  repos: Pick<Repositories, 'transaction' | 'cases' | 'rateLimits'>;
  config: CabinetConfig;
  timers: Timers;
  transitions: Transitions;
  /** The secret the receipt QR's tag is made under. */
  receiptSecret?: () => Buffer;
}) {
  const { repos, config, timers, transitions } = deps;
  const { cases, rateLimits: limits } = repos;
  const policy: LimitPolicy = { maxFailures: config.pickup.maxWrongCodes, baseLockoutMs: config.pickup.lockoutSeconds * 1000, maxLockoutMs: 30 * 60_000 };

  /** Refused while locked out; otherwise the look-up runs `find` and counts a miss against the limit. */
  function limited(action: string, find: () => CaseRow | undefined, fits: (row: CaseRow) => boolean): CaseStatusView {
    const now = timers.now();
    const state = limits.get(LIMIT_KEY) ?? freshLimit;
    const wait = lockedFor(state, now);
    if (wait > 0) throw new CabinetError('locked-out', 'Too many failed look-ups.', { retryAfterSeconds: Math.ceil(wait / 1000) });
    const row = find();
    if (!row || !fits(row)) {
      const next = afterFailure(state, now, policy);
      repos.transaction(() => {
        limits.put(LIMIT_KEY, next);
        transitions.audit.append({ at: now, actor: 'resident', action, outcome: 'denied', caseId: row?.id ?? null });
      });
      const locked = lockedFor(next, now);
      if (locked > 0) throw new CabinetError('locked-out', 'Too many failed look-ups.', { retryAfterSeconds: Math.ceil(locked / 1000) });
      throw new CabinetError('not-found', 'No case matches.');
    }
    limits.put(LIMIT_KEY, afterSuccess());
    return viewOf(row);
  }

  function viewOf(row: CaseRow): CaseStatusView {
    const status = residentStatus(row.status as CaseStatus);
    const matter = config.matters.find((m) => m.id === row.matterId);
    const ready = status === 'ready' || status === 'needs-correction';
    return {
      reference: row.reference,
      matter: matter?.name ?? { 'zh-CN': row.matterId, en: row.matterId },
      status,
      depositedAt: row.depositedAt,
      expectedDate: row.expectedDate,
      compartment: ready ? row.compartment : null,
      pickupDeadline: ready ? row.pickupDeadline : null,
      correctionReason: status === 'needs-correction' ? row.correctionReason : null,
    };
  }

  // A purged case has no phone digits left: it can no longer be looked up by them, nor by its receipt.
  const lookup = (input: { reference: string; phoneLast4: string }): CaseStatusView =>
    limited('status.lookup', () => cases.byReference(input.reference) ?? undefined, (row) => row.phoneLast4 !== null && row.phoneLast4 === input.phoneLast4);

  const byReceipt = (qr: string): CaseStatusView => {
    const reference = deps.receiptSecret ? verifyReceiptQr(deps.receiptSecret(), qr) : null;
    return limited('status.by-receipt', () => (reference ? (cases.byReference(reference) ?? undefined) : undefined), (row) => row.phoneLast4 !== null);
  };

  return Object.assign(lookup, { byReceipt });
}
