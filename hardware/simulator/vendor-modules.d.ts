// The little of opentype.js and pngjs that the receipt renderer uses (neither ships its own types).
declare module 'opentype.js' {
  export interface PathCommand {
    type: 'M' | 'L' | 'Q' | 'C' | 'Z';
    x?: number;
    y?: number;
    x1?: number;
    y1?: number;
    x2?: number;
    y2?: number;
  }
  export interface Glyph {
    index: number;
    getPath(x: number, y: number, fontSize: number): { commands: PathCommand[] };
  }
  export interface Font {
    unitsPerEm: number;
    charToGlyph(ch: string): Glyph;
  }
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}

declare module 'pngjs' {
  export const PNG: {
    sync: {
      write(png: { width: number; height: number; data: Buffer }, options?: { colorType?: number }): Buffer;
      read(buffer: Buffer): { width: number; height: number; data: Buffer };
    };
  };
}
