// Identity on a case at the staff console (issue 14): who the applicant is (masked), whether the
// results are personal, who may collect for them (代领), and who collected. Staff authorise or
// withdraw a proxy later, with the proxy's card read at the cabinet (idCard.read) or "anyone with
// the code and the phone's last four digits". Permission 'return' (the staff who put results back).
import { z } from 'zod';
import { caseIdentityView, proxyGrant } from './schemas';
import { token } from './staff-schemas';

export const identityMethods = {
  /** The case's identities, masked (permission 'return'). */
  'cases.identity': { input: z.object({ token, caseId: z.number().int().positive() }).strict(), output: caseIdentityView },
  /** Authorise a proxy for a case not yet closed (replacing any), or withdraw it with null (permission 'return'). */
  'cases.setProxy': { input: z.object({ token, caseId: z.number().int().positive(), proxy: proxyGrant.nullable() }).strict(), output: caseIdentityView },
} as const;
