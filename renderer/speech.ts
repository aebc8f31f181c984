// Voice read-out for elder mode (适老化): each screen speaks its main instruction when it appears
// and again when the language changes; speech stops when the screen goes. In order of preference
// (ADR 0011): the cabinet's recorded prompt for the key, the platform's own voice (Web Speech, when
// it has a voice for the language), else the offline synthesizer the kiosk's main process runs
// (espeak-ng) — so a Linux kiosk whose browser has no voices is still heard. Never an error on screen.
import { createContext, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../main/contract/schemas';
import { promptText, type PromptParams } from '../main/contract/voice';
import { api } from './cabinet-api';

/** True while elder mode (large text and voice) is on; provided by App. */
export const VoiceContext = createContext(false);

/** A prompt by its message key (main/contract/voice-prompts.*.json), with its parameters. */
export interface VoicePrompt {
  key: string;
  params?: PromptParams;
  /** The words, when the caller has them already (else they come from the key). */
  text?: string;
}
/** What a screen speaks: a prompt, or words already translated. */
export type Spoken = string | VoicePrompt | null | undefined;

const speechLang: Record<string, string> = { 'zh-CN': 'zh-CN', en: 'en-US' };
/** How long to wait for the platform's voices to load before falling back to the synthesizer. */
const VOICES_WAIT_MS = 600;
/** The contract's limit on free text for the synthesizer. */
const MAX_TEXT = 400;

/** A prompt for `key`: `useVoice(prompt('dropOff.open', { label, column, row }))`. */
export function prompt(key: string, params?: PromptParams): VoicePrompt {
  return params ? { key, params } : { key };
}

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && window.speechSynthesis && typeof SpeechSynthesisUtterance !== 'undefined' ? window.speechSynthesis : null;
}

/** A voice for `lang` (exact tag first, then the same language), or null when there is none. */
function voiceFor(s: SpeechSynthesis, lang: string): SpeechSynthesisVoice | null {
  const voices = s.getVoices();
  const base = lang.split('-')[0]?.toLowerCase() ?? lang;
  const norm = (tag: string) => tag.replace('_', '-').toLowerCase();
  return voices.find((v) => norm(v.lang) === lang.toLowerCase()) ?? voices.find((v) => norm(v.lang).split('-')[0] === base) ?? null;
}

/** The platform's voice for `lang`, waiting briefly for voices that load late; null when it has none. */
function platformVoice(s: SpeechSynthesis, lang: string, live: { cancelled: boolean }): Promise<SpeechSynthesisVoice | null> {
  const now = voiceFor(s, lang);
  if (now || !s.addEventListener) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      s.removeEventListener?.('voiceschanged', onVoices);
      clearTimeout(timer);
      resolve(live.cancelled ? null : voiceFor(s, lang));
    };
    const onVoices = () => voiceFor(s, lang) && done();
    const timer = setTimeout(done, VOICES_WAIT_MS);
    s.addEventListener('voiceschanged', onVoices);
  });
}

function speakWithPlatform(s: SpeechSynthesis, voice: SpeechSynthesisVoice, text: string, lang: string): boolean {
  try {
    s.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.voice = voice;
    utterance.rate = 0.9; // a little slower than default, for older ears
    s.speak(utterance);
    return true;
  } catch {
    return false; // a broken speech engine must never break the screen
  }
}

/** The words of what is spoken, or null (an unknown key says nothing here; the main process logs it). */
function wordsOf(spoken: string | VoicePrompt, language: Language): string | null {
  if (typeof spoken === 'string') return spoken;
  if (spoken.text) return spoken.text;
  const p = promptText(spoken.key, spoken.params, language);
  return p.ok ? p.text : null;
}

type Said = { viaMain: boolean };

/** Pack, then platform voice, then the kiosk's synthesizer; stops early once the screen has moved on. */
async function speak(spoken: string | VoicePrompt, language: Language, live: { cancelled: boolean }, said: Said): Promise<void> {
  const lang = speechLang[language] ?? language;
  const keyed = typeof spoken === 'object' ? { key: spoken.key, ...(spoken.params ? { params: { ...spoken.params } } : {}) } : undefined;
  if (keyed) {
    said.viaMain = true;
    const r = await api['voice.say']({ language, ...keyed, synthesize: false }).catch(() => null);
    if (r?.played === 'pack' || live.cancelled) return;
  }
  const words = wordsOf(spoken, language);
  const s = synth();
  const voice = s ? await platformVoice(s, lang, live) : null;
  if (live.cancelled) return;
  if (s && voice && words && speakWithPlatform(s, voice, words, lang)) return;
  said.viaMain = true;
  const request = keyed && !(typeof spoken === 'object' && spoken.text) ? keyed : words ? { text: words.slice(0, MAX_TEXT) } : undefined;
  if (request) await api['voice.say']({ language, ...request }).catch(() => null);
}

/**
 * Speak `spoken` while `enabled`; again when it or the language changes; stop when the component
 * unmounts or the words change.
 */
export function useSpeak(spoken: Spoken, enabled: boolean): void {
  const { i18n } = useTranslation();
  const language = i18n.language as Language;
  // Prompts are objects made anew each render: compare them by content.
  const identity = spoken ? JSON.stringify(spoken) : '';
  useEffect(() => {
    if (!enabled || !spoken) return;
    const live = { cancelled: false };
    const said: Said = { viaMain: false };
    void speak(spoken, language, live, said);
    return () => {
      live.cancelled = true;
      try {
        synth()?.cancel();
      } catch {
        /* nothing to stop */
      }
      if (said.viaMain) void api['voice.stop']({}).catch(() => null);
    };
    // `spoken` itself is compared through `identity`.
  }, [identity, language, enabled]);
}

/** The screen's main instruction, spoken in elder mode. One per screen. */
export function useVoice(spoken: Spoken): void {
  useSpeak(spoken, useContext(VoiceContext));
}

/** Several sentences spoken as one utterance, with a pause between them (any language). */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts.filter(Boolean).join('\n');
}
