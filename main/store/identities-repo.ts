// Who a case belongs to and who may collect it (case_identities): the applicant, one authorised
// proxy, and who collected. Only a keyed hash of the ID number, its last four characters and the
// masked name are ever stored (the core computes them); rows go with the case's purge.
import type { Db } from './database';

/** A person as stored: never the name or the ID number itself. */
export interface StoredIdentity {
  idHash: string;
  idLast4: string;
  maskedName: string;
}

export type ProxyGrant = { anyone: true } | ({ anyone: false } & StoredIdentity);
export type CollectedAs = 'applicant' | 'proxy' | 'anyone';

export interface CaseIdentities {
  applicant: (StoredIdentity & { personal: boolean }) | undefined;
  proxy: (ProxyGrant & { at: number }) | undefined;
  collector: { as: CollectedAs; identity: StoredIdentity | undefined; at: number } | undefined;
}

interface Row {
  role: 'applicant' | 'proxy' | 'collector';
  id_hash: string | null;
  id_last4: string | null;
  masked_name: string | null;
  anyone: number;
  personal: number;
  collected_as: CollectedAs | null;
  at: number;
}

const identityOf = (r: Row): StoredIdentity | undefined =>
  r.id_hash !== null && r.id_last4 !== null && r.masked_name !== null ? { idHash: r.id_hash, idLast4: r.id_last4, maskedName: r.masked_name } : undefined;

export function createIdentitiesRepo(db: Db) {
  const put = db.prepare(
    `INSERT OR REPLACE INTO case_identities (case_id, role, id_hash, id_last4, masked_name, anyone, personal, collected_as, at)
     VALUES (@caseId, @role, @idHash, @idLast4, @maskedName, @anyone, @personal, @collectedAs, @at)`,
  );
  const remove = db.prepare('DELETE FROM case_identities WHERE case_id = ? AND role = ?');
  const ofCase = db.prepare('SELECT * FROM case_identities WHERE case_id = ?');
  const purge = db.prepare('DELETE FROM case_identities WHERE case_id IN (SELECT id FROM cases WHERE closed_at IS NOT NULL AND closed_at <= ?)');
  const none = { idHash: null, idLast4: null, maskedName: null };
  const row = (caseId: number, role: Row['role'], at: number) => ({ caseId, role, at, anyone: 0, personal: 0, collectedAs: null });

  return {
    setApplicant(caseId: number, who: StoredIdentity, personal: boolean, at: number): void {
      put.run({ ...row(caseId, 'applicant', at), ...who, personal: personal ? 1 : 0 });
    },
    /** The one proxy of a case: a new grant replaces the old one. */
    setProxy(caseId: number, grant: ProxyGrant, at: number): void {
      put.run(grant.anyone ? { ...row(caseId, 'proxy', at), ...none, anyone: 1 } : { ...row(caseId, 'proxy', at), idHash: grant.idHash, idLast4: grant.idLast4, maskedName: grant.maskedName });
    },
    revokeProxy: (caseId: number): boolean => remove.run(caseId, 'proxy').changes > 0,
    setCollector(caseId: number, as: CollectedAs, who: StoredIdentity | undefined, at: number): void {
      put.run({ ...row(caseId, 'collector', at), ...(who ?? none), collectedAs: as });
    },
    forCase(caseId: number): CaseIdentities {
      const rows = ofCase.all(caseId) as Row[];
      const find = (role: Row['role']) => rows.find((r) => r.role === role);
      const a = find('applicant');
      const p = find('proxy');
      const c = find('collector');
      const applicantId = a && identityOf(a);
      const proxyId = p && identityOf(p);
      return {
        applicant: applicantId && { ...applicantId, personal: a.personal === 1 },
        proxy: p && (p.anyone === 1 ? { anyone: true, at: p.at } : proxyId && { anyone: false, ...proxyId, at: p.at }),
        collector: c && { as: c.collected_as ?? 'anyone', identity: identityOf(c), at: c.at },
      };
    },
    /** Remove the identities of cases closed at or before `cutoff`; answers how many rows. */
    purge: (cutoff: number): number => purge.run(cutoff).changes,
  };
}
export type IdentitiesRepo = ReturnType<typeof createIdentitiesRepo>;
