// Rows of the cases table, as camelCase cases. No rules here: the core decides what may change and when.
import type { Db } from './database';
import type { FieldCipher } from './field-cipher';

export interface Case {
  id: number;
  reference: string;
  matterId: string;
  phone: string | null;
  phoneLast4: string | null;
  status: string;
  compartment: string | null;
  language: string;
  elderMode: boolean;
  createdAt: number;
  updatedAt: number;
  depositedAt: number | null;
  expectedDate: string | null;
  closedAt: number | null;
  pickupCodeHash: string | null;
  pickupDeadline: number | null;
  correctionReason: string | null;
  remindedAt: number | null;
}

interface CaseRow {
  id: number;
  reference: string;
  matter_id: string;
  phone: string | null;
  phone_last4: string | null;
  status: string;
  compartment: string | null;
  language: string;
  elder_mode: number;
  created_at: number;
  updated_at: number;
  deposited_at: number | null;
  expected_date: string | null;
  closed_at: number | null;
  pickup_code_hash: string | null;
  pickup_deadline: number | null;
  correction_reason: string | null;
  reminded_at: number | null;
}

const toCase = (r: CaseRow, phones: FieldCipher): Case => ({
  id: r.id,
  reference: r.reference,
  matterId: r.matter_id,
  phone: phones.open(r.phone),
  phoneLast4: r.phone_last4,
  status: r.status,
  compartment: r.compartment,
  language: r.language,
  elderMode: r.elder_mode === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  depositedAt: r.deposited_at,
  expectedDate: r.expected_date,
  closedAt: r.closed_at,
  pickupCodeHash: r.pickup_code_hash,
  pickupDeadline: r.pickup_deadline,
  correctionReason: r.correction_reason,
  remindedAt: r.reminded_at,
});

export interface NewCase {
  reference: string;
  matterId: string;
  phone: string;
  status: string;
  compartment: string;
  language: string;
  elderMode: boolean;
  at: number;
}

/** Statuses whose results wait in the cabinet for the resident, with a pickup code and deadline. */
const AWAITING_PICKUP = "('returned', 'needs-correction')";

/** `phones`: phone numbers are stored encrypted (field-cipher.ts). */
export function createCasesRepo(db: Db, phones: FieldCipher) {
  const insert = db.prepare(
    `INSERT INTO cases (reference, matter_id, phone, phone_last4, status, compartment, language, elder_mode, created_at, updated_at)
     VALUES (@reference, @matterId, @phone, @last4, @status, @compartment, @language, @elderMode, @at, @at)`,
  );
  const byId = db.prepare('SELECT * FROM cases WHERE id = ?');
  const byReference = db.prepare('SELECT * FROM cases WHERE reference = ?');
  const contact = db.prepare('SELECT phone, language FROM cases WHERE id = ?');
  const withPhone = db.prepare('SELECT id, phone FROM cases WHERE phone IS NOT NULL');
  const setPhone = db.prepare('UPDATE cases SET phone = ? WHERE id = ?');
  const setDeposit = db.prepare('UPDATE cases SET deposited_at = @at, expected_date = @expected WHERE id = @id');
  const setStatus = db.prepare('UPDATE cases SET status = ?, updated_at = ?, closed_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ?');
  const setCompartment = db.prepare('UPDATE cases SET compartment = ? WHERE id = ?');
  const setReason = db.prepare('UPDATE cases SET correction_reason = ? WHERE id = ?');
  const setCode = db.prepare('UPDATE cases SET pickup_code_hash = ?, pickup_deadline = ? WHERE id = ?');
  const clearCode = db.prepare('UPDATE cases SET pickup_code_hash = NULL WHERE id = ?');
  const codeInUse = db.prepare('SELECT 1 FROM cases WHERE pickup_code_hash = ?');
  const byCode = db.prepare(`SELECT id, reference, compartment, status, pickup_deadline, phone_last4 FROM cases WHERE pickup_code_hash = ? AND status IN ${AWAITING_PICKUP}`);
  const dueReminders = db.prepare(
    `SELECT id, reference, pickup_deadline FROM cases WHERE status IN ${AWAITING_PICKUP} AND reminded_at IS NULL AND pickup_deadline - ? <= ? AND pickup_deadline > ?`,
  );
  const markReminded = db.prepare('UPDATE cases SET reminded_at = ? WHERE id = ?');
  const overdue = db.prepare(`SELECT id, reference FROM cases WHERE status IN ${AWAITING_PICKUP} AND pickup_deadline <= ?`);
  const purgePhones = db.prepare(
    'UPDATE cases SET phone = NULL, phone_last4 = NULL WHERE closed_at IS NOT NULL AND closed_at <= ? AND (phone IS NOT NULL OR phone_last4 IS NOT NULL)',
  );

  return {
    insert(c: NewCase): number {
      const info = insert.run({ ...c, phone: phones.seal(c.phone), last4: c.phone.slice(-4), elderMode: c.elderMode ? 1 : 0 });
      return Number(info.lastInsertRowid);
    },
    byId(id: number): Case | undefined {
      const r = byId.get(id) as CaseRow | undefined;
      return r ? toCase(r, phones) : undefined;
    },
    byReference(reference: string): Case | undefined {
      const r = byReference.get(reference) as CaseRow | undefined;
      return r ? toCase(r, phones) : undefined;
    },
    /** What a message to the resident needs, read at send time (the phone may have been purged). */
    contact(id: number): { phone: string | null; language: string } | undefined {
      const r = contact.get(id) as { phone: string | null; language: string } | undefined;
      return r && { phone: phones.open(r.phone), language: r.language };
    },
    setDeposit(id: number, at: number, expected: string | null): void {
      setDeposit.run({ id, at, expected });
    },
    /** A new status; `closing` also stamps the closing time (which starts the privacy clock). */
    setStatus(id: number, status: string, at: number, closing: boolean): void {
      setStatus.run(status, at, closing ? 1 : 0, at, id);
    },
    setCompartment(id: number, label: string): void {
      setCompartment.run(label, id);
    },
    setCorrectionReason(id: number, reason: string): void {
      setReason.run(reason, id);
    },
    setPickupCode(id: number, codeHash: string, deadline: number): void {
      setCode.run(codeHash, deadline, id);
    },
    clearPickupCode(id: number): void {
      clearCode.run(id);
    },
    pickupCodeInUse: (codeHash: string): boolean => codeInUse.get(codeHash) !== undefined,
    /** The case waiting for pickup under this code hash, if any. */
    awaitingPickupByCode(codeHash: string): { id: number; reference: string; compartment: string; status: string; pickupDeadline: number; phoneLast4: string | null } | undefined {
      const r = byCode.get(codeHash) as { id: number; reference: string; compartment: string; status: string; pickup_deadline: number; phone_last4: string | null } | undefined;
      return r && { id: r.id, reference: r.reference, compartment: r.compartment, status: r.status, pickupDeadline: r.pickup_deadline, phoneLast4: r.phone_last4 };
    },
    /** Cases awaiting pickup, not yet reminded, whose deadline falls within `windowMs` after `now`. */
    dueReminders(now: number, windowMs: number): { id: number; reference: string; pickupDeadline: number }[] {
      return (dueReminders.all(now, windowMs, now) as { id: number; reference: string; pickup_deadline: number }[]).map((r) => ({ id: r.id, reference: r.reference, pickupDeadline: r.pickup_deadline }));
    },
    markReminded(id: number, at: number): void {
      markReminded.run(at, id);
    },
    /** Cases awaiting pickup whose deadline has passed by `now`. */
    pastDeadline: (now: number) => overdue.all(now) as { id: number; reference: string }[],
    /** Remove the phone numbers of cases closed at or before `cutoff`; answers how many. */
    purgePhones: (cutoff: number): number => purgePhones.run(cutoff).changes,
    /**
     * Seal every stored phone number again under the cipher's current key (plaintext from an earlier
     * version included), in one transaction; answers how many rows. The key rotation's second step.
     */
    resealPhones: (): number =>
      db.transaction(() => {
        const rows = withPhone.all() as { id: number; phone: string }[];
        for (const r of rows) setPhone.run(phones.seal(phones.open(r.phone) as string), r.id);
        return rows.length;
      })(),
  };
}
export type CasesRepo = ReturnType<typeof createCasesRepo>;
