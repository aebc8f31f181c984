// What a pickup QR says: the pickup code and the last four digits of the registered phone. Pure and
// shared by everything that writes or reads one: the SMS link (core/notify), the hub's /pickup page
// that draws it, and the cabinet's scanners (renderer/scan.ts, the serial scanner) that read it.

/** CCP-<code>-<last four digits of the registered phone>; the code is 6–10 digits. */
const PICKUP_QR = /^CCP-(\d{6,10})-(\d{4})$/;

/** The pickup QR's text, or undefined when the code or the phone cannot make one. */
export function pickupQrText(code: string, phone: string): string | undefined {
  const last4 = phone.replace(/\D/g, '').slice(-4);
  const text = `CCP-${code}-${last4}`;
  return PICKUP_QR.test(text) ? text : undefined;
}

/** The code and last four digits of a pickup QR's text, or null for anything else. */
export function parsePickupQr(text: string): { code: string; phoneLast4: string } | null {
  const match = PICKUP_QR.exec(text.trim().toUpperCase());
  return match?.[1] && match[2] ? { code: match[1], phoneLast4: match[2] } : null;
}
