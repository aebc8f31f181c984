// Read-only views of cases for the console: pending, collected, overdue, with their compartments.
import type { CaseSummary } from '../../contract/staff-schemas';
import type { CaseListing, CaseListingsRepo } from '../../store/case-listings-repo';
import type { CabinetConfig } from '../config';
import { maskPhone } from '../cases/phone';
import type { IdentitiesRepo } from '../../store/identities-repo';
import { identityView } from '../identity/identity-handlers';

export function createCaseQueries(listings: CaseListingsRepo, config: CabinetConfig, identities?: IdentitiesRepo) {
  // Only cases whose applicant showed an ID card carry an identity (masked: identityView).
  const identityOf = (caseId: number) => {
    const ids = identities?.forCase(caseId);
    return ids?.applicant ? { identity: identityView(ids) } : {};
  };
  // The console shows the matter's name and only a masked phone.
  const view = (r: CaseListing): CaseSummary => ({
    caseId: r.id,
    reference: r.reference,
    matter: config.matters.find((m) => m.id === r.matterId)?.name ?? { 'zh-CN': r.matterId, en: r.matterId },
    status: r.status,
    compartments: r.compartments,
    depositedAt: r.depositedAt,
    expectedDate: r.expectedDate,
    pickupDeadline: r.pickupDeadline,
    maskedPhone: r.phone ? maskPhone(r.phone) : null,
    ...identityOf(r.id),
  });
  const viewOf = (r: CaseListing | undefined) => (r ? view(r) : undefined);

  return {
    withStatus: (status: string): CaseSummary[] => listings.withStatus(status).map(view),
    overdue: (now: number): CaseSummary[] => listings.overdue(now).map(view),
    byId: (id: number): CaseSummary | undefined => viewOf(listings.byId(id)),
    byReference: (reference: string): CaseSummary | undefined => viewOf(listings.byReference(reference)),
  };
}
export type CaseQueries = ReturnType<typeof createCaseQueries>;
