// Voice prompts: one per resident step, by message key (voice-prompts.*.json), in both languages.
// Pure, so the screen (Web Speech) and the main process (recorded pack, espeak-ng) speak the same
// words. Digits are spoken one by one ("2 6 1 1…"): a synthesizer would read a reference number
// as one large number, which no resident could write down.
import en from './voice-prompts.en.json';
import zhCN from './voice-prompts.zh-CN.json';

export type VoiceLanguage = 'zh-CN' | 'en';
export type PromptParams = Readonly<Record<string, string | number>>;

type Tree = { [key: string]: string | Tree };
export const voicePrompts: Record<VoiceLanguage, Tree> = { 'zh-CN': zhCN, en };

/** A prompt key: dotted names of letters, e.g. "dropOff.open". */
export const PROMPT_KEY = /^[A-Za-z]+(\.[A-Za-z]+){0,3}$/;

function lookUp(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Every prompt key of a language, sorted. */
export function promptKeys(language: VoiceLanguage = 'zh-CN'): string[] {
  const walk = (tree: Tree, prefix: string): string[] => Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : walk(v, `${prefix}${k}.`)));
  return walk(voicePrompts[language], '').sort();
}

/** Runs of 3 or more digits (references, phones, hotlines) spoken digit by digit. */
export function speakableDigits(value: string): string {
  return value.replace(/\d{3,}/g, (run) => run.split('').join(' '));
}

export type PromptText =
  | { ok: true; text: string; /** A recorded pack can speak it whole: it has no placeholders. */ packable: boolean }
  | { ok: false; error: 'unknown-key' | 'missing-param'; message: string };

/** The words of prompt `key` in `language`, its placeholders filled from `params`. */
export function promptText(key: string, params: PromptParams = {}, language: VoiceLanguage): PromptText {
  const template = PROMPT_KEY.test(key) ? lookUp(voicePrompts[language], key) : undefined;
  if (template === undefined) return { ok: false, error: 'unknown-key', message: `unknown voice prompt key "${key.slice(0, 60)}" (${language})` };
  const missing = [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).find((name) => !Object.prototype.hasOwnProperty.call(params, name));
  if (missing) return { ok: false, error: 'missing-param', message: `voice prompt "${key}" needs the parameter "${missing}"` };
  const text = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => speakableDigits(String(params[name])));
  return { ok: true, text, packable: !template.includes('{{') };
}
