// voice.say / voice.stop: a prompt key is turned into its words here (the table in the contract),
// so a screen cannot make the kiosk say what is not a prompt unless it sends short text; an unknown
// key or a missing parameter is logged as an error and answered, never thrown at the screen.
import type { Handlers } from '../../contract/dispatch';
import type { voiceMethods } from '../../contract/voice-api';
import { promptText } from '../../contract/voice';
import type { Speaker } from '../ports';

export interface VoiceDeps {
  speaker: Speaker | undefined;
  log(level: 'error' | 'warn', message: string): void;
}

export function createVoiceHandlers(deps: VoiceDeps): Handlers<typeof voiceMethods> {
  const { speaker, log } = deps;
  return {
    'voice.say': async ({ language, key, params, text, synthesize }) => {
      let words = text;
      let packKey: string | undefined;
      if (key !== undefined) {
        const prompt = promptText(key, params, language);
        if (!prompt.ok) {
          log('error', `voice: ${prompt.message}`);
          return { played: 'none' as const, reason: prompt.error };
        }
        words = prompt.text;
        if (prompt.packable) packKey = key;
      }
      if (!speaker) return { played: 'none' as const, reason: 'disabled' as const };
      return speaker.say({ language, packKey, text: synthesize ? words : undefined });
    },
    'voice.stop': () => {
      speaker?.stop();
      return { stopped: true as const };
    },
  };
}
