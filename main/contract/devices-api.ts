// The serial scanner and staff-card reader in the contract (issue 14, items 5 and 7): what they
// read reaches the screens as events (the screen decides what a scan means, as for a keyboard-wedge
// scanner: renderer/scan.ts), and the technician's device list with a test action per device.
import { z } from 'zod';
import { token } from './staff-schemas';

/** A staff card's number as the readers send it (the same rule as staff.login's cardId). */
export const CARD_ID = /^[A-Za-z0-9]{4,32}$/;

const deviceKind = z.enum(['lock-bus', 'printer', 'scanner', 'card-reader', 'id-card-reader']);
export type DeviceKind = z.infer<typeof deviceKind>;

const deviceView = z.object({
  kind: deviceKind,
  /** The bus id for a lock bus; the kind otherwise. */
  id: z.string(),
  port: z.string(),
  /** The protocol (lock bus) or the make and model from the configuration. */
  model: z.string().optional(),
  state: z.enum(['online', 'offline', 'connecting', 'closed', 'problem', 'configured']),
  /** Problems, counters or the last error, in the technician's words (English, like the log). */
  detail: z.string().optional(),
  /** Which test the screen offers: a read-only bus scan, a test print, or waiting for a read. */
  test: z.enum(['bus-scan', 'print', 'read']).nullable(),
});
export type DeviceView = z.infer<typeof deviceView>;

export const devicesMethods = {
  /**
   * Every device's port, model and status, and the configuration file's problems as it would load
   * now, each naming its field (permission 'diagnostics').
   */
  'diagnostics.devices': {
    input: z.object({ token }).strict(),
    output: z.object({ devices: z.array(deviceView), configProblems: z.array(z.string()) }),
  },
  /**
   * The test of a serial scanner or card reader: wait for the next code it reads (permission
   * 'diagnostics'). A card number is answered masked; nothing is sent to the device.
   */
  'diagnostics.deviceTest': {
    input: z.object({ token, device: z.enum(['scanner', 'cardReader']), waitSeconds: z.number().int().min(1).max(60).default(20) }).strict(),
    output: z.object({ read: z.boolean(), text: z.string().optional(), detail: z.string() }),
  },
} as const;

export const devicesAccess = {
  'diagnostics.devices': 'diagnostics',
  'diagnostics.deviceTest': 'diagnostics',
} as const;

export const devicesEvents = {
  /** A code the serial scanner read (printable ASCII, at most its maxLineLength). */
  'devices.scanned': z.object({ text: z.string().min(1).max(512) }),
  /** A staff card on the serial card reader: the login screen fills it in (the PIN is still asked). */
  'devices.card': z.object({ cardId: z.string().regex(CARD_ID) }),
} as const;
