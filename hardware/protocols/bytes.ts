// Byte helpers shared by the protocol modules and their logs.

/** "8A 01 01 11 9B": the notation of docs/lock-protocols.md, so logs can be compared with the spec. */
export function toHex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Parses "8A 01 01 11 9B" or "8a0101119b". Throws on anything else. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex bytes: "${text}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Byte at `index`; the callers check bounds first, this only satisfies noUncheckedIndexedAccess. */
export function at(bytes: Uint8Array, index: number): number {
  return bytes[index] ?? 0;
}

export function assertByteRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}
