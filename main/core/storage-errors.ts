// A full disk or a failing disk must not look like a bug: calls that cannot be recorded answer a
// typed 'unavailable' (the screen says so kindly) and the detail goes to the log for staff.
import { CabinetError } from '../contract/errors';

const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED)/;

export function isStorageError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && STORAGE_CODES.test(code);
}

/** Wrap every handler so a storage failure becomes CabinetError('unavailable'), logged once. */
export function guardStorage<H extends Record<string, (input: never) => unknown>>(handlers: H, log: (level: 'error', message: string, detail?: unknown) => void): H {
  const guarded: Record<string, (input: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    guarded[name] = async (input: never) => {
      try {
        return await handler(input);
      } catch (error) {
        if (!isStorageError(error)) throw error;
        log('error', `${name}: the database could not record this (${error.code})`, error);
        throw new CabinetError('unavailable', 'The cabinet cannot record anything right now. Please ask a member of staff.');
      }
    };
  }
  return guarded as H;
}
