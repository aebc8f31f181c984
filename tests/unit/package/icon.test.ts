// The app icon: rendered, not scaled; the committed PNGs and .ico are this renderer's output.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { iconColour } from '../../../scripts/package/icon';
import { ICO_SIZES, iconPng, LINUX_SIZES } from '../../../scripts/render-icons';

describe('the app icon', () => {
  it('is a brand tile with the resident\'s door highlighted, transparent in the corners', () => {
    expect(iconColour(0.005, 0.005)[3]).toBe(0);
    expect(iconColour(0.1, 0.5)).toEqual([0x0b, 0x4f, 0x9c, 255]);
    expect(iconColour(0.5, 0.5)).toEqual([0xff, 0xd5, 0x4a, 255]);
  });

  it.each(LINUX_SIZES.map((s) => ({ size: s })))('build/icons/$size px is what the renderer draws', ({ size }) => {
    const committed = PNG.sync.read(readFileSync(`build/icons/${size}x${size}.png`));
    expect([committed.width, committed.height]).toEqual([size, size]);
    expect(Buffer.compare(committed.data, PNG.sync.read(iconPng(size)).data)).toBe(0);
  });

  it('build/icon.ico holds every size up to 256 as PNG entries', () => {
    const ico = readFileSync('build/icon.ico');
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(ICO_SIZES.length);
    const sizes = ICO_SIZES.map((_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual([...ICO_SIZES]);
    const first = ico.readUInt32LE(6 + 12);
    expect(ico.subarray(first, first + 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
