// The receipt printer in the contract: the night shift's handover manifest on paper, and a
// technician's test page. Both answer printed: false when the cabinet has no printer (the screen
// then falls back to the browser's own print) or the printer failed (detail says why).
import { z } from 'zod';
import { token } from './staff-schemas';

const tokenOnly = z.object({ token }).strict();

export const printerMethods = {
  /** Print this shift's handover manifest (permission 'retrieve'). */
  'retrieval.printManifest': { input: tokenOnly, output: z.object({ printed: z.boolean(), detail: z.string().optional() }) },
  /** Print a test page: cabinet id, time, a Chinese sample line and a QR code (permission 'diagnostics'). */
  'diagnostics.printerTest': { input: tokenOnly, output: z.object({ printed: z.boolean(), detail: z.string() }) },
} as const;
