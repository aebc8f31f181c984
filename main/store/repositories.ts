// Every repository over one database, built once: the core gets this object (or a Pick of it)
// and never sees the Db itself. `transaction` is the one way the core groups writes atomically.
import { createAccountsRepo } from './accounts-repo';
import { createAuditRepo } from './audit-repo';
import { createCaseListingsRepo } from './case-listings-repo';
import { createCasesRepo } from './cases-repo';
import { createCompartmentsRepo } from './compartments-repo';
import type { Db } from './database';
import { createFleetRepo } from './fleet-repo';
import { createIdentitiesRepo } from './identities-repo';
import { createNotifyRepo } from './notify-repo';
import { createOutboxRepo } from './outbox-repo';
import { createRateLimitsRepo } from './rate-limits-repo';
import { createRatingsRepo } from './ratings-repo';
import { createReadyResultsRepo } from './ready-results-repo';
import { createRecoveryRepo } from './recovery-repo';
import { createReferenceCounter } from './reference-counter';
import { createReportsRepo } from './reports-repo';
import { createRetrievalsRepo } from './retrievals-repo';
import { createSmsSendsRepo } from './sms-sends-repo';
import { phoneCipher } from './field-cipher';
import type { SecretsRepo } from './secrets-repo';
import { createVerificationsRepo } from './verifications-repo';

/** `secrets`: the cabinet's keys, kept outside the database (the app's key file; memorySecrets() in tests). */
export function createRepositories(db: Db, secrets: SecretsRepo) {
  const phones = phoneCipher(secrets);
  return {
    /** Run `fn` in one transaction (nested calls become savepoints); answers what `fn` answers. */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    accounts: createAccountsRepo(db),
    audit: createAuditRepo(db),
    caseListings: createCaseListingsRepo(db, phones),
    cases: createCasesRepo(db, phones),
    compartments: createCompartmentsRepo(db),
    fleet: createFleetRepo(db),
    identities: createIdentitiesRepo(db),
    notify: createNotifyRepo(db),
    outbox: createOutboxRepo(db),
    rateLimits: createRateLimitsRepo(db),
    ratings: createRatingsRepo(db),
    readyResults: createReadyResultsRepo(db),
    recovery: createRecoveryRepo(db, phones),
    references: createReferenceCounter(db),
    reports: createReportsRepo(db),
    retrievals: createRetrievalsRepo(db),
    secrets,
    smsSends: createSmsSendsRepo(db),
    verifications: createVerificationsRepo(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
