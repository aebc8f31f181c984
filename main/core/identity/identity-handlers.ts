// The staff console's identity methods (contract/identity-api.ts): a case's identities, masked, and
// a proxy authorised or withdrawn after drop-off. Each behind the session's 'return' permission.
import type { Handlers } from '../../contract/dispatch';
import { CabinetError } from '../../contract/errors';
import type { identityMethods } from '../../contract/identity-api';
import type { CaseIdentityView } from '../../contract/schemas';
import type { CaseIdentities } from '../../store/identities-repo';
import type { Repositories } from '../../store/repositories';
import type { Transitions } from '../cases/transitions';
import { isClosed, type CaseStatus } from '../cases/lifecycle';
import type { Accounts } from '../staff/accounts';
import type { IdCards } from './id-cards';
import { maskIdNumber } from './identity-rules';

const person = (p: { maskedName: string; idLast4: string }) => ({ maskedName: p.maskedName, maskedIdNumber: maskIdNumber(p.idLast4) });

/** What staff see: masked names and the last four characters, never a hash. */
export function identityView(ids: CaseIdentities): CaseIdentityView {
  const { applicant, proxy, collector } = ids;
  return {
    applicant: applicant ? person(applicant) : null,
    personal: applicant?.personal ?? false,
    proxy: proxy ? (proxy.anyone ? { anyone: true } : { anyone: false, ...person(proxy) }) : null,
    collector: collector ? { as: collector.as, person: collector.identity ? person(collector.identity) : null, at: collector.at } : null,
  };
}

export function createIdentityHandlers(deps: {
  repos: Pick<Repositories, 'transaction' | 'cases' | 'identities'>;
  accounts: Accounts;
  idCards: IdCards;
  transitions: Transitions;
  now(): number;
}): Handlers<typeof identityMethods> {
  const { repos, accounts, transitions } = deps;
  const caseOf = (caseId: number) => {
    const c = repos.cases.byId(caseId);
    if (!c) throw new CabinetError('not-found', 'No such case.');
    return c;
  };
  return {
    'cases.identity': ({ token, caseId }) => {
      accounts.require(token, 'return');
      caseOf(caseId);
      return identityView(repos.identities.forCase(caseId));
    },
    'cases.setProxy': ({ token, caseId, proxy }) => {
      const session = accounts.require(token, 'return');
      const c = caseOf(caseId);
      const ids = repos.identities.forCase(caseId);
      if (isClosed(c.status as CaseStatus)) throw new CabinetError('conflict', 'This case is closed.');
      if (!ids.applicant) throw new CabinetError('conflict', 'This case has no applicant\'s ID card: anyone with the code collects it.');
      const who = proxy && 'card' in proxy ? deps.idCards.identityOf(proxy.card) : undefined;
      if (who && who.idHash === ids.applicant.idHash) throw new CabinetError('bad-request', 'The proxy must be someone other than the applicant.');
      const at = deps.now();
      repos.transaction(() => {
        if (proxy === null) repos.identities.revokeProxy(caseId);
        else repos.identities.setProxy(caseId, who ? { anyone: false, ...who } : { anyone: true }, at);
        const detail = { proxy: proxy === null ? 'withdrawn' : who ? 'card' : 'anyone' };
        transitions.audit.append({ at, actor: `account:${session.account.login}`, action: 'case.proxy', outcome: 'ok', caseId, detail });
      });
      return identityView(repos.identities.forCase(caseId));
    },
  };
}
