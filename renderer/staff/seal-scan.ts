// Where a seal number scanned on the handover manifest goes: the first row still without a seal
// (neither saved nor typed). Pure, so it is tested without a screen.

/** What a seal's barcode may say (retrieval.setSeal takes up to 24 characters). */
export const SEAL = /^[A-Za-z0-9-]{1,24}$/;

/** The reference whose seal field a scanned `text` fills, or null (not a seal, or every row has one). */
export function sealTarget(text: string, rows: readonly { reference: string; seal: string | null }[], typed: Readonly<Record<string, string>>): string | null {
  const t = text.trim();
  // The cabinet's own QR codes (pickup CCP-…, receipt CCR-…) are never a seal.
  if (!SEAL.test(t) || /^CC[PR]-/i.test(t)) return null;
  return rows.find((m) => !(typed[m.reference] ?? m.seal))?.reference ?? null;
}
