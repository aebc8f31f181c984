// Voice read-out for elder mode (适老化): each screen speaks its main instruction when it appears
// and again when the language changes; speech stops when the screen goes. Silent, never an error,
// when the machine has no speech synthesis or no voice for the language.
import { createContext, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** True while elder mode (large text and voice) is on; provided by App. */
export const VoiceContext = createContext(false);

const speechLang: Record<string, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined' ? window.speechSynthesis : null;
}

/** A voice for `lang` (exact tag first, then the same language), or null when there is none. */
function voiceFor(s: SpeechSynthesis, lang: string): SpeechSynthesisVoice | null {
  const voices = s.getVoices();
  const base = lang.split('-')[0]?.toLowerCase() ?? lang;
  const norm = (tag: string) => tag.replace('_', '-').toLowerCase();
  return voices.find((v) => norm(v.lang) === lang.toLowerCase()) ?? voices.find((v) => norm(v.lang).split('-')[0] === base) ?? null;
}

/** A prompt by its message key (voice prompts, played from a recorded pack when there is one) and its text. */
export interface VoicePrompt {
  key: string;
  params?: Record<string, string | number>;
  text: string;
}
export type Spoken = string | VoicePrompt | null | undefined;

const textOf = (spoken: Spoken): string | null | undefined => (typeof spoken === 'object' && spoken !== null ? spoken.text : spoken);

/**
 * Speak `text` (already translated) while `enabled`; speak it again when it or the language
 * changes; cancel when the component unmounts. Voices may load late: wait for `voiceschanged`.
 */
export function useSpeak(text: string | null | undefined, enabled: boolean): void {
  const { i18n } = useTranslation();
  const lang = speechLang[i18n.language] ?? i18n.language;
  useEffect(() => {
    const s = synth();
    if (!enabled || !text || !s) return;
    let done = false;
    const speak = () => {
      const voice = voiceFor(s, lang);
      if (!voice || done) return false; // no voice for this language: stay silent
      done = true;
      try {
        s.cancel();
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        utterance.voice = voice;
        utterance.rate = 0.9; // a little slower than default, for older ears
        s.speak(utterance);
      } catch {
        // A broken speech engine must never break the screen.
      }
      return true;
    };
    const onVoices = () => void speak();
    if (!speak()) s.addEventListener?.('voiceschanged', onVoices);
    return () => {
      done = true;
      s.removeEventListener?.('voiceschanged', onVoices);
      s.cancel();
    };
  }, [text, lang, enabled]);
}

/** The screen's main instruction, spoken in elder mode. One per screen. */
export function useVoice(spoken: Spoken): void {
  useSpeak(textOf(spoken), useContext(VoiceContext));
}

/** Several sentences spoken as one utterance, with a pause between them (any language). */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts.filter(Boolean).join('\n');
}
