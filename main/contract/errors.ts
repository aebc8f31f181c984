// Typed errors that cross the contract. A resident sees a kind message chosen by `code`; staff
// find the detail in the log.
import { z } from 'zod';

export const errorCode = z.enum([
  'unknown-method',
  'bad-request',
  'not-found',
  'conflict',
  'no-compartment',
  'wrong-code',
  'locked-out',
  'expired',
  'unauthorized',
  'forbidden',
  'hardware',
  'unavailable',
  'internal',
  /** A personal result: the applicant's (or authorised proxy's) ID card must be read first. */
  'id-card-required',
  /** The card read is neither the applicant's nor the authorised proxy's. */
  'id-card-mismatch',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const contractError = z.object({
  code: errorCode,
  message: z.string(),
  /** For bad-request: each failing field and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For locked-out: seconds until entries are accepted again. */
  retryAfterSeconds: z.number().int().optional(),
  /** For wrong-code: tries left before the screen locks. */
  triesLeft: z.number().int().optional(),
});
export type ContractError = z.infer<typeof contractError>;

export type Response<T = unknown> = { ok: true; result: T } | { ok: false; error: ContractError };

/** Thrown by handlers to answer a typed error instead of a crash. */
export class CabinetError extends Error {
  readonly code: ErrorCode;
  readonly extra: Pick<ContractError, 'retryAfterSeconds' | 'triesLeft'>;
  constructor(code: ErrorCode, message: string, extra: Pick<ContractError, 'retryAfterSeconds' | 'triesLeft'> = {}) {
    super(message);
    this.name = 'CabinetError';
    this.code = code;
    this.extra = extra;
  }
}

/** Thrown by clients when a call answers an error. */
export class CallError extends Error {
  readonly code: ErrorCode;
  readonly issues: ContractError['issues'];
  readonly retryAfterSeconds: number | undefined;
  readonly triesLeft: number | undefined;
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
    this.issues = error.issues;
    this.retryAfterSeconds = error.retryAfterSeconds;
    this.triesLeft = error.triesLeft;
  }
}
