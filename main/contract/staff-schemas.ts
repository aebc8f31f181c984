// Shapes of the staff and technician console.
import { z } from 'zod';
import { caseIdentityView, localized } from './schemas';

export const role = z.enum(['staff', 'technician', 'admin']);
export const permission = z.enum(['retrieve', 'return', 'reports', 'override', 'diagnostics', 'accounts', 'audit']);
export const pin = z.string().regex(/^\d{6,12}$/, '6 to 12 digits');
export const login = z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, '2 to 32 letters, digits, "-" or "_"');
export const token = z.string().min(16).max(128);

export const staffSession = z.object({
  token,
  login: z.string(),
  name: z.string(),
  role,
  permissions: z.array(permission),
});

export const staffJob = z.object({
  jobId: z.string(),
  kind: z.enum(['retrieve', 'return', 'correct', 'recall', 'override', 'self-test']),
  label: z.string(),
  stage: z.enum(['opening', 'open', 'done', 'open-not-detected', 'failed']),
  actor: z.string(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  reference: z.string().optional(),
  /**
   * A return or correction issued a pickup code. The code itself never travels in a job (jobs reach
   * every console screen): only the staff member who issued it takes it, once (returns.takeCode).
   */
  codeReady: z.boolean().optional(),
  problem: z.string().optional(),
  doorLeftOpen: z.enum(['reminder', 'alarm']).optional(),
});
export type StaffJob = z.infer<typeof staffJob>;

export const caseSummary = z.object({
  caseId: z.number().int(),
  reference: z.string(),
  matter: localized,
  status: z.string(),
  compartments: z.array(z.string()),
  depositedAt: z.number().nullable(),
  expectedDate: z.string().nullable(),
  pickupDeadline: z.number().nullable(),
  maskedPhone: z.string().nullable(),
  /** The applicant's name and ID number, masked, and who may collect (cases whose matter reads the ID card). */
  identity: caseIdentityView.optional(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const manifestRow = z.object({
  reference: z.string(),
  matter: localized,
  compartments: z.array(z.string()),
  collectedAt: z.number(),
  collectedBy: z.string(),
  seal: z.string().nullable(),
});

export const correctionReason = z.enum(['missing-document', 'missing-signature', 'unclear-copy', 'wrong-form', 'expired-document', 'other']);
export const overrideReason = z.enum(['stuck-item', 'resident-assistance', 'maintenance', 'inspection', 'cleaning', 'other']);

export const report = z.object({
  from: z.number(),
  to: z.number(),
  deposits: z.number().int(),
  pickups: z.number().int(),
  corrections: z.number().int(),
  returns: z.number().int(),
  recalls: z.number().int(),
  averageHoursToReady: z.number().nullable(),
  ratings: z.object({ count: z.number().int(), average: z.number().nullable(), byLevel: z.array(z.number().int()).length(5) }),
});
