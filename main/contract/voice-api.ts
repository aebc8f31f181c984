// The kiosk's voice, for every shell (Electron and the web harness): the main process speaks a
// prompt from the recorded pack, or with the offline synthesizer (espeak-ng), on the sound device.
// The screen tries the pack first, then the platform's own voice (Web Speech), then asks for the
// synthesizer (renderer/speech.ts). Permission: a resident screen (no token).
import { z } from 'zod';
import { language } from './schemas';
import { PROMPT_KEY } from './voice';

export const voicePlayed = z.enum(['pack', 'synth', 'none']);

export const voiceMethods = {
  'voice.say': {
    input: z
      .object({
        language,
        /** A prompt key (voice-prompts.*.json); its words come from the table, not the caller. */
        key: z.string().regex(PROMPT_KEY).max(80).optional(),
        params: z.record(z.string().regex(/^\w{1,24}$/), z.union([z.string().max(200), z.number()])).optional(),
        /** Or words already translated (screens that speak a sentence of their own); short. */
        text: z.string().min(1).max(400).optional(),
        /** False: play only a recorded prompt, never synthesize (the screen then tries its own voice). */
        synthesize: z.boolean().default(true),
      })
      .strict()
      .refine((v) => v.key !== undefined || v.text !== undefined, { message: 'give a prompt key or a text', path: ['key'] }),
    output: z.object({
      played: voicePlayed,
      /** Why nothing was played: an unknown key, a missing parameter, no recorded prompt, no synthesizer. */
      reason: z.enum(['unknown-key', 'missing-param', 'no-pack', 'no-synthesizer', 'synthesizer-failed', 'disabled']).optional(),
    }),
  },
  /** The screen changed: stop speaking. */
  'voice.stop': { input: z.object({}).strict(), output: z.object({ stopped: z.literal(true) }) },
} as const;
