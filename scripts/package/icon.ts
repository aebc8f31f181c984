// The app icon, drawn in code so every size is rendered rather than scaled (pure: size → RGBA).
// A brand-blue rounded tile (docs/design-language.md --brand #0b4f9c) holding a 3×3 cabinet of
// compartments, the resident's door in --highlight #ffd54a — the same picture as the home screen.
// Antialiased by 4×4 supersampling. Also the .ico container NSIS wants (PNG entries, Vista+).

type Rgba = readonly [number, number, number, number];
const BRAND: Rgba = [0x0b, 0x4f, 0x9c, 255];
const DOOR: Rgba = [0xff, 0xff, 0xff, 255];
const HIGHLIGHT: Rgba = [0xff, 0xd5, 0x4a, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Inside a rounded rectangle [x0,x1]×[y0,y1] with corner radius r (unit coordinates). */
function inRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour at a point of the unit square. */
export function iconColour(x: number, y: number): Rgba {
  if (!inRoundRect(x, y, 0.03, 0.03, 0.97, 0.97, 0.2)) return CLEAR;
  const cell = 0.2;
  const gap = 0.04;
  for (let row = 0; row < 3; row += 1) {
    for (let col = 0; col < 3; col += 1) {
      const x0 = 0.2 + col * (cell + gap);
      const y0 = 0.2 + row * (cell + gap);
      if (inRoundRect(x, y, x0, y0, x0 + cell, y0 + cell, 0.03)) return row === 1 && col === 1 ? HIGHLIGHT : DOOR;
    }
  }
  return BRAND;
}

/** Straight RGBA pixels of the icon at size×size. */
export function renderIcon(size: number, samples = 4): Buffer {
  const data = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const c = iconColour((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          // Premultiplied while averaging, so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i += 1) sum[i]! += c[i]! * c[3];
          sum[3]! += c[3];
        }
      }
      const n = samples * samples;
      const at = (py * size + px) * 4;
      const alpha = sum[3]! / n;
      for (let i = 0; i < 3; i += 1) data[at + i] = alpha ? Math.round(sum[i]! / sum[3]!) : 0;
      data[at + 3] = Math.round(alpha);
    }
  }
  return data;
}

/** An .ico holding the given PNG files (sizes up to 256; 256 is stored as 0 in the directory). */
export function icoFromPngs(entries: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = 6 + 16 * entries.length;
  const directory = entries.map(({ size, png }) => {
    const d = Buffer.alloc(16);
    d.writeUInt8(size >= 256 ? 0 : size, 0);
    d.writeUInt8(size >= 256 ? 0 : size, 1);
    d.writeUInt16LE(1, 4); // colour planes
    d.writeUInt16LE(32, 6); // bits per pixel
    d.writeUInt32LE(png.length, 8);
    d.writeUInt32LE(offset, 12);
    offset += png.length;
    return d;
  });
  return Buffer.concat([header, ...directory, ...entries.map((e) => e.png)]);
}
