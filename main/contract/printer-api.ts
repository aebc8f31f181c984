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
  /**
   * Read the receipt printer's real-time status now (permission 'diagnostics'): problems worst first
   * (paper-end, cover-open, error, offline, paper-near-end, unreachable), empty when all is well.
   */
  'diagnostics.printerStatus': {
    input: tokenOnly,
    output: z.object({
      configured: z.boolean(),
      port: z.string().optional(),
      checkedAt: z.number().optional(),
      problems: z.array(z.enum(['paper-end', 'paper-near-end', 'cover-open', 'offline', 'error', 'unreachable'])),
      detail: z.string().optional(),
    }),
  },
} as const;
