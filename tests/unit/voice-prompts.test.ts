// The voice prompts: the same keys and placeholders in both languages, digits spoken one by one,
// and clear answers for keys or parameters that are not there.
import { describe, expect, it } from 'vitest';
import { promptKeys, promptText, speakableDigits, voicePrompts } from '../../main/contract/voice';

const placeholders = (language: 'zh-CN' | 'en') =>
  Object.fromEntries(
    promptKeys(language).map((key) => {
      const template = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], voicePrompts[language]) as string;
      return [key, [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()];
    }),
  );

describe('voice prompts', () => {
  it('have the same keys and placeholders in zh-CN and en, and cover each resident flow', () => {
    expect(promptKeys('en')).toEqual(promptKeys('zh-CN'));
    expect(placeholders('en')).toEqual(placeholders('zh-CN'));
    const flows = new Set(promptKeys().map((k) => k.split('.')[0]));
    expect([...flows].sort()).toEqual(['dropOff', 'elderOn', 'help', 'home', 'idle', 'pickUp', 'rating', 'status']);
    expect(promptKeys().length).toBeGreaterThanOrEqual(35);
  });

  it('fills placeholders and spells digit runs one by one (a reference is read as digits, not a number)', () => {
    expect(promptText('dropOff.receipt', { reference: '2611300001' }, 'zh-CN')).toEqual({
      ok: true,
      text: '投递成功。您的办件编号是 2 6 1 1 3 0 0 0 0 1。纸质回执已经打印，请取走保管。看完后请点击完成。',
      packable: false,
    });
    expect(promptText('home', {}, 'en')).toMatchObject({ ok: true, packable: true });
    expect(speakableDigits('A03, hotline 12345, row 12')).toBe('A03, hotline 1 2 3 4 5, row 12');
  });

  it('answers an unknown key or a missing parameter instead of throwing', () => {
    expect(promptText('nope', {}, 'en')).toMatchObject({ ok: false, error: 'unknown-key' });
    expect(promptText('dropOff', {}, 'en')).toMatchObject({ ok: false, error: 'unknown-key' });
    expect(promptText('constructor', {}, 'en')).toMatchObject({ ok: false, error: 'unknown-key' });
    expect(promptText('__proto__.x', {}, 'en')).toMatchObject({ ok: false, error: 'unknown-key' });
    expect(promptText('help.told', {}, 'zh-CN')).toMatchObject({ ok: false, error: 'missing-param' });
  });
});
