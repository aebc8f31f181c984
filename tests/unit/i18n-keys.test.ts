// Every string on screen exists in both languages: a key missing from either fails here.
import { describe, expect, it } from 'vitest';
import { resources } from '../../renderer/i18n';

// Exactly what the screens get: the resident strings and the staff console's, merged.
const zhCN = resources['zh-CN'].translation;
const en = resources.en.translation;

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`.replace(PLURAL, '')] : keys(v, `${prefix}${k}.`)));
}

describe('translations', () => {
  it('have the same keys in zh-CN and en (plural forms folded)', () => {
    const zh = new Set(keys(zhCN as Tree));
    const english = new Set(keys(en as Tree));
    expect([...zh].filter((k) => !english.has(k))).toEqual([]);
    expect([...english].filter((k) => !zh.has(k))).toEqual([]);
  });
  it('have no empty strings', () => {
    const empty = (tree: Tree): boolean => Object.values(tree).some((v) => (typeof v === 'string' ? v.trim() === '' : empty(v)));
    expect(empty(zhCN as Tree)).toBe(false);
    expect(empty(en as Tree)).toBe(false);
  });
});

describe('keys used by the screens', () => {
  it('all exist in both languages', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files = (readdirSync('renderer', { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => join('renderer', f));
    const used = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z.]+)'/g)].map((m) => m[1] as string)));
    expect(used.size).toBeGreaterThan(20);
    const zh = new Set(keys(zhCN as Tree));
    const english = new Set(keys(en as Tree));
    expect([...used].filter((k) => !zh.has(k) || !english.has(k))).toEqual([]);
  });
});
