// The pickup QR as a link in the ready-for-pickup SMS: the district hub's /pickup page draws the
// QR that the cabinet's scanner reads (notifications.pickupUrl).
import { pickupQrText } from '../../contract/pickup-qr';

/**
 * `<pickupUrl>#CCP-<code>-<last4>`, or undefined without a configured page, a code or a phone.
 * The code and digits go in the URL fragment, which a browser never sends to any server: the page
 * reads them from location.hash, so no server (nor its logs) ever sees them. The SMS goes to that
 * phone, so its last four digits are not news to its reader.
 */
export function pickupLink(pickupUrl: string | undefined, code: string | undefined, phone: string | undefined): string | undefined {
  if (!pickupUrl || !code || !phone) return undefined;
  const text = pickupQrText(code, phone);
  return text ? `${pickupUrl.replace(/#.*$/, '')}#${text}` : undefined;
}
