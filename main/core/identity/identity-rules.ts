// The identity rules, pure: what is kept of a person (a keyed hash of the ID number, its last four
// characters, the masked name — ADR 0022-identity-data), how it is shown, and who may collect a
// case whose results are personal.
import { createHmac } from 'node:crypto';
import { CabinetError } from '../../contract/errors';
import type { CaseIdentities, CollectedAs, ProxyGrant, StoredIdentity } from '../../store/identities-repo';

/** The ID number as compared: upper-case (the check character x/X), no spaces. */
const normalise = (idNumber: string): string => idNumber.replace(/\s+/g, '').toUpperCase();

/** HMAC-SHA256 of the ID number under the key file's 'id-number' key: a copy of the database alone cannot be searched by ID number. */
export function idHash(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(normalise(idNumber), 'utf8').digest('hex');
}

/** 张三 → 张*, 欧阳小明 → 欧***; the first character stays (how counters call a name aloud), the rest hidden. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '*';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** What staff see of an ID number: its length in stars but the last four (only those are stored). */
export function maskIdNumber(last4: string): string {
  return `${'*'.repeat(14)}${last4}`;
}

/** A card as stored: the number hashed, its last four characters, the masked name. */
export function storedIdentity(key: Buffer, card: { name: string; idNumber: string }): StoredIdentity {
  const id = normalise(card.idNumber);
  return { idHash: idHash(key, id), idLast4: id.slice(-4), maskedName: maskName(card.name) };
}

export type PickupIdentity =
  | { allowed: true; as: CollectedAs | 'not-required' }
  | { allowed: false; reason: 'card-required' | 'card-mismatch' };

/**
 * Who may collect: results not personal, anyone with the code; personal results, the applicant's
 * card or the authorised proxy's (or anyone with the code and phone digits, when the applicant
 * chose so). Cards compare by keyed hash only. A card shown for results that are not personal is
 * still recorded as the collector.
 */
export function pickupIdentity(ids: CaseIdentities, presented: { idHash: string } | undefined): PickupIdentity {
  const { applicant, proxy } = ids;
  const asWhom = (): CollectedAs | undefined => {
    if (!presented) return undefined;
    if (applicant && applicant.idHash === presented.idHash) return 'applicant';
    if (proxy && !proxy.anyone && proxy.idHash === presented.idHash) return 'proxy';
    return undefined;
  };
  const who = asWhom();
  if (!applicant?.personal) return { allowed: true, as: who ?? (presented ? 'anyone' : 'not-required') };
  if (who) return { allowed: true, as: who };
  if (proxy?.anyone) return { allowed: true, as: 'anyone' };
  return { allowed: false, reason: presented ? 'card-mismatch' : 'card-required' };
}

/** What a drop-off records of people: the applicant's card, whether results are personal, and a proxy grant. */
export interface DropOffIdentity {
  applicant: StoredIdentity;
  personal: boolean;
  proxy: ProxyGrant | undefined;
}

/**
 * The identity a drop-off of `matter` needs: none for a matter without one (a proxy grant is then
 * meaningless and refused), else the applicant's card read, and a proxy who is someone else.
 * `identityOf` turns a card token into what is stored (it refuses a stale token).
 */
export function dropOffIdentity(
  matter: { identity: 'none' | 'id-card'; personalResults: boolean },
  input: { applicantCard?: string | undefined; proxy?: { card: string } | { anyone: true } | undefined },
  identityOf: (token: string) => StoredIdentity,
): DropOffIdentity | undefined {
  if (matter.identity === 'none') {
    if (input.proxy) throw new CabinetError('bad-request', 'This matter takes no ID card, so no proxy is needed.');
    return undefined;
  }
  if (!input.applicantCard) throw new CabinetError('id-card-required', 'This matter needs the applicant\'s resident ID card.');
  const applicant = identityOf(input.applicantCard);
  let proxy: ProxyGrant | undefined;
  if (input.proxy && 'anyone' in input.proxy) proxy = { anyone: true };
  else if (input.proxy) {
    const who = identityOf(input.proxy.card);
    if (who.idHash === applicant.idHash) throw new CabinetError('bad-request', 'The proxy must be someone other than the applicant.');
    proxy = { anyone: false, ...who };
  }
  return { applicant, personal: matter.personalResults, proxy };
}
