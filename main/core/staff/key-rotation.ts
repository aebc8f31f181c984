// Rotating the key that seals phone numbers at rest (docs/adr/0010). Three steps, each safe to
// be cut by a power loss: (1) a fresh key becomes current and the old one is kept as retired (the
// key file is written atomically); (2) every stored phone number is sealed again under the new key,
// in one transaction; (3) the retired key is dropped. Until (3), rows open under either key; a
// rotation cut before (3) is finished at the next start (`finishInterrupted`).
import type { Repositories } from '../../store/repositories';
import type { Transitions } from '../cases/transitions';

export function createKeyRotation(deps: { repos: Pick<Repositories, 'secrets' | 'cases'>; audit: Transitions['audit']; now(): number }) {
  const { repos, audit, now } = deps;
  const resealAndForget = (): number => {
    const resealed = repos.cases.resealPhones();
    repos.secrets.forgetRetired('phone-field');
    return resealed;
  };
  return {
    rotatePhoneKey(actor: string): { resealed: number } {
      repos.secrets.rotate('phone-field');
      const resealed = resealAndForget();
      audit.append({ at: now(), actor, action: 'keys.rotated', outcome: 'ok', detail: { key: 'phone-field', resealed } });
      return { resealed };
    },
    /** At start-up: a rotation a power cut interrupted is completed; answers rows resealed, or null. */
    finishInterrupted(): number | null {
      if (repos.secrets.ring('phone-field').length < 2) return null;
      const resealed = resealAndForget();
      audit.append({ at: now(), actor: 'cabinet:start-up', action: 'keys.rotation-finished', outcome: 'ok', detail: { key: 'phone-field', resealed } });
      return resealed;
    },
  };
}
export type KeyRotation = ReturnType<typeof createKeyRotation>;
