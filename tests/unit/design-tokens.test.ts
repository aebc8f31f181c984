// The colour tokens of renderer/styles.css, measured: every pair the screens put text on has the
// WCAG contrast docs/design-language.md states (AA 4.5:1 at least; the body pairs AAA 7:1), in the
// standard palette and in senior mode's. Run with --reporter=verbose to see the figures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync('renderer/styles.css', 'utf8');

/** The hex custom properties of the first rule whose selector is `selector`. */
function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1] as string, (m[2] as string).toLowerCase()]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** [text, background, at least]: the pairs the screens use for text (or, at 3:1, for borders and icons). */
const pairs: [string, string, number][] = [
  ['ink', 'paper', 7],
  ['ink', 'surface', 7],
  ['muted', 'paper', 7],
  ['brand', 'paper', 7],
  ['brand-ink', 'brand', 7],
  ['brand', 'soft', 4.5],
  ['ok', 'paper', 4.5],
  ['ok', 'ok-soft', 4.5],
  ['alert', 'paper', 4.5],
  ['alert', 'alert-soft', 4.5],
  ['ink', 'highlight', 7],
  ['line', 'paper', 3],
  ['focus', 'brand', 3],
];

describe('colour tokens', () => {
  const standard = tokens(':root');
  const elder = { ...standard, ...tokens('html.elder') };
  for (const [mode, palette] of [['standard', standard], ['senior mode', elder]] as const) {
    for (const [fg, bg, min] of pairs) {
      it(`${mode}: ${fg} on ${bg} >= ${min}:1`, () => {
        const ratio = contrast(palette[fg] ?? '', palette[bg] ?? '');
        console.log(`${mode}\t${fg} ${palette[fg]} on ${bg} ${palette[bg]}\t${ratio.toFixed(2)}:1`);
        expect(ratio).toBeGreaterThanOrEqual(min);
      });
    }
  }
});
