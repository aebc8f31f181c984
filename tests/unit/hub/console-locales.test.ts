// The console's strings: zh-CN and en have the same keys, and every literal key the console's
// sources ask for exists in both.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import zh from '../../../hub/console/locales/zh-CN.json';
import en from '../../../hub/console/locales/en.json';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('hub console locales', () => {
  it('has the same keys in zh-CN and en', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });
  it('has every key the sources use', () => {
    const all = new Set(keys(zh));
    const used = sources('hub/console').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1] as string));
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !all.has(k))).toEqual([]);
  });
});
