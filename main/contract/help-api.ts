// 呼叫帮助 / Call for help: any resident screen (no staff session) asks for the staff on duty. The
// core rate-limits per screen and cabinet-wide: a call inside the limits is still answered "staff
// have been told" (they were, moments ago) with the hotline, but raises no second alarm.
import { z } from 'zod';
import { language } from './schemas';

/** Which resident screen the call came from, e.g. "home" or "drop-off/phone": said in the staff's alarm. */
export const helpScreen = z.string().regex(/^[a-z0-9][a-z0-9./-]{0,47}$/, 'a screen name: lower-case letters, digits, . / -');

export const helpMethods = {
  /** Permission: a resident screen (no token). Writes an outbox alarm to the staff on duty; audited. */
  'help.call': {
    input: z.object({ screen: helpScreen, language }).strict(),
    output: z.object({
      /** Staff know: this call raised the alarm, or one from moments ago already did. */
      staffTold: z.literal(true),
      /** Whether this call raised a new alarm (false: a recent one stands). */
      alarmRaised: z.boolean(),
      /** When the staff were alarmed (epoch ms). */
      toldAt: z.number(),
      /** The hotline from the configuration. */
      hotline: z.string(),
    }),
  },
} as const;
