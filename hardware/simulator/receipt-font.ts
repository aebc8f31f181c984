// Glyphs for the virtual printer's PNG: Noto Sans SC from @fontsource (already the screen's font),
// whose WOFF files are split by Unicode range — the CSS says which file holds which characters, so
// only the few files a receipt needs are read. opentype.js (pure JS) parses them; the outlines are
// filled here with a non-zero-winding scanline fill, so no native canvas is needed to run it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype, { type Font, type PathCommand } from 'opentype.js';

interface Subset {
  file: string;
  ranges: [number, number][];
}

/** The @font-face blocks of a fontsource CSS file: each WOFF file and its unicode-range. */
export function parseSubsets(css: string): Subset[] {
  const out: Subset[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff)\) format\('woff'\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
    });
    out.push({ file, ranges });
  }
  return out;
}

export interface GlyphSource {
  /** The font holding this character, if any subset does. */
  fontFor(ch: string): Font | undefined;
}

/** Noto Sans SC, regular weight, loaded file by file as characters need it. */
export function notoSansSc(): GlyphSource {
  const dir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/400.css'));
  const subsets = parseSubsets(readFileSync(join(dir, '400.css'), 'utf8'));
  const loaded = new Map<string, Font>();
  return {
    fontFor(ch) {
      const cp = ch.codePointAt(0) ?? 0;
      const subset = subsets.find((s) => s.ranges.some(([a, b]) => cp >= a && cp <= b));
      if (!subset) return undefined;
      let font = loaded.get(subset.file);
      if (!font) {
        const bytes = readFileSync(join(dir, 'files', subset.file));
        font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        loaded.set(subset.file, font);
      }
      return font;
    },
  };
}

type Point = [number, number];

/** Outline commands as closed polygons, curves cut into short straight pieces. */
export function flatten(commands: readonly PathCommand[], steps = 8): Point[][] {
  const polys: Point[][] = [];
  let poly: Point[] = [];
  let at: Point = [0, 0];
  for (const c of commands) {
    if (c.type === 'M') {
      if (poly.length > 1) polys.push(poly);
      at = [c.x!, c.y!];
      poly = [at];
    } else if (c.type === 'L') {
      at = [c.x!, c.y!];
      poly.push(at);
    } else if (c.type === 'Q' || c.type === 'C') {
      const [x0, y0] = at;
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        poly.push(
          c.type === 'Q'
            ? [u * u * x0 + 2 * u * t * c.x1! + t * t * c.x!, u * u * y0 + 2 * u * t * c.y1! + t * t * c.y!]
            : [u * u * u * x0 + 3 * u * u * t * c.x1! + 3 * u * t * t * c.x2! + t * t * t * c.x!, u * u * u * y0 + 3 * u * u * t * c.y1! + 3 * u * t * t * c.y2! + t * t * t * c.y!],
        );
      }
      at = [c.x!, c.y!];
    } else if (poly.length > 1) {
      polys.push(poly);
      poly = [];
    }
  }
  if (poly.length > 1) polys.push(poly);
  return polys;
}

/** Fill polygons (non-zero winding) into a bitmap: set(x, y) for each dot whose centre is inside. */
export function fillPolygons(polys: readonly Point[][], set: (x: number, y: number) => void): void {
  const ys = polys.flat().map((p) => p[1]);
  if (ys.length === 0) return;
  for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
    const cy = y + 0.5;
    const crossings: { x: number; dir: number }[] = [];
    for (const poly of polys) {
      for (let i = 0; i < poly.length; i++) {
        const [x1, y1] = poly[i]!;
        const [x2, y2] = poly[(i + 1) % poly.length]!;
        if (y1 === y2 || cy < Math.min(y1, y2) || cy >= Math.max(y1, y2)) continue;
        crossings.push({ x: x1 + ((cy - y1) / (y2 - y1)) * (x2 - x1), dir: y2 > y1 ? 1 : -1 });
      }
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.dir;
      if (winding === 0) continue;
      for (let x = Math.ceil(crossings[i]!.x - 0.5); x + 0.5 < crossings[i + 1]!.x; x++) set(x, y);
    }
  }
}
