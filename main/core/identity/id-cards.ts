// Reading a resident ID card for a flow: the screen asks (idCard.read), the core reads through its
// IdCardReader port and keeps, for a few minutes under a random token, only what may be stored —
// the keyed hash, the last four characters, the masked name. The screen gets the token and the
// masked forms; the name and ID number never leave this function.
import { CabinetError } from '../../contract/errors';
import type { StoredIdentity } from '../../store/identities-repo';
import type { IdCardFailure, IdCardReader } from '../ports';
import { maskIdNumber, storedIdentity } from './identity-rules';

/** A read card stays usable this long: enough to finish the step, not to walk away and come back. */
export const CARD_TOKEN_MS = 5 * 60_000;
/** Tokens kept at once (one kiosk: the applicant and a proxy, with room for retries). */
const MAX_TOKENS = 16;

export type IdCardRead =
  | { status: 'read'; token: string; maskedName: string; maskedIdNumber: string }
  | { status: IdCardFailure | 'no-reader' };

export interface IdCardsDeps {
  reader: IdCardReader | undefined;
  /** The 'id-number' HMAC key (the key file), read at each use. */
  key(): Buffer;
  now(): number;
  newId(): string;
  log?(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
}

export function createIdCards(deps: IdCardsDeps) {
  const tokens = new Map<string, { identity: StoredIdentity; until: number }>();

  const forget = (now: number) => {
    for (const [token, t] of tokens) if (t.until <= now) tokens.delete(token);
    while (tokens.size > MAX_TOKENS) tokens.delete(tokens.keys().next().value as string);
  };

  async function read(): Promise<IdCardRead> {
    if (!deps.reader) return { status: 'no-reader' };
    const result = await deps.reader.read();
    if (!result.ok) {
      if (result.failure !== 'no-card') deps.log?.('warn', `ID-card read failed: ${result.failure}`, result.detail);
      return { status: result.failure };
    }
    // A number whose check character is wrong was misread (or is no real card): read again.
    if (!result.card.idNumberValid) return { status: 'unreadable' };
    const identity = storedIdentity(deps.key(), result.card);
    const now = deps.now();
    const token = deps.newId();
    tokens.set(token, { identity, until: now + CARD_TOKEN_MS });
    forget(now);
    return { status: 'read', token, maskedName: identity.maskedName, maskedIdNumber: maskIdNumber(identity.idLast4) };
  }

  /** The identity a token stands for; a stale or unknown token is refused (the screen reads the card again). */
  function identityOf(token: string): StoredIdentity {
    const t = tokens.get(token);
    if (!t || t.until <= deps.now()) throw new CabinetError('expired', 'The ID card read has expired: place the card again.');
    return t.identity;
  }

  return { read, identityOf, available: deps.reader !== undefined };
}
export type IdCards = ReturnType<typeof createIdCards>;
