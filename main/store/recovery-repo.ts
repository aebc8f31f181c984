// The queries of the start-up recovery: flows a power cut or crash left half done.
import type { Db } from './database';
import type { FieldCipher } from './field-cipher';

export interface InterruptedCase {
  id: number;
  reference: string;
  matterId: string;
  phone: string | null;
  status: 'reserved' | 'door-opened';
  compartment: string;
}

export function createRecoveryRepo(db: Db, phones: FieldCipher) {
  const interrupted = db.prepare("SELECT id, reference, matter_id, phone, status, compartment FROM cases WHERE status IN ('reserved', 'door-opened') ORDER BY id");
  const reservedFor = db.prepare(
    "SELECT k.label, k.case_id AS caseId FROM compartments k JOIN cases c ON c.id = k.case_id WHERE k.state = 'reserved' AND c.status = ? ORDER BY k.label",
  );
  return {
    /** Cases whose drop-off stopped between the reservation and the door closing, oldest first. */
    interruptedCases: (): InterruptedCase[] =>
      (interrupted.all() as { id: number; reference: string; matter_id: string; phone: string | null; status: InterruptedCase['status']; compartment: string }[]).map((c) => ({
        id: c.id,
        reference: c.reference,
        matterId: c.matter_id,
        phone: phones.open(c.phone),
        status: c.status,
        compartment: c.compartment,
      })),
    /** Compartments still reserved for a case that is now `caseStatus`, by label. */
    reservedForCasesIn: (caseStatus: string) => reservedFor.all(caseStatus) as { label: string; caseId: number }[],
  };
}
export type RecoveryRepo = ReturnType<typeof createRecoveryRepo>;
