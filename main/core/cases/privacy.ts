// Personal data is kept only as long as it serves the resident: a configurable number of days
// after a case closes, its phone number and its identities (ID-number hashes, last four, masked
// names) are removed (the masked copies in sent messages stay).
import type { Repositories } from '../../store/repositories';

const DAY_MS = 24 * 3600_000;

export function purgePersonalData(repos: Pick<Repositories, 'transaction' | 'cases' | 'audit' | 'identities'>, now: number, purgeAfterDays: number): number {
  return repos.transaction(() => {
    const cutoff = now - purgeAfterDays * DAY_MS;
    const changes = repos.cases.purgePhones(cutoff);
    const identities = repos.identities.purge(cutoff);
    if (changes + identities > 0) repos.audit.append({ at: now, actor: 'cabinet', action: 'privacy.purge', outcome: 'ok', detail: { cases: changes, identities, closedBefore: cutoff } });
    return changes;
  });
}
