// Character-time arithmetic for an 8N1 serial line (docs/lock-protocols.md#timing-and-bus-discipline: "3.5 character times").

/** Bits on the wire per byte at 8N1: start + 8 data + stop. */
const BITS_PER_CHAR = 10;

/** Time one byte takes on the wire: 1.042 ms at 9600 baud. */
export function charTimeMs(baudRate: number): number {
  return (BITS_PER_CHAR * 1000) / baudRate;
}

/** Time `byteCount` bytes take on the wire. */
export function wireTimeMs(baudRate: number, byteCount: number): number {
  return byteCount * charTimeMs(baudRate);
}

/** Gap left between transactions: 3.5 character times + 1 ms, rounded up (5 ms at 9600). */
export function interTransactionGapMs(baudRate: number): number {
  return Math.ceil(3.5 * charTimeMs(baudRate) + 1);
}

/**
 * Silence that ends a reply of unknown length: 3.5 character times plus a margin, because
 * USB–RS-485 adapters deliver one reply in bursts several ms apart.
 */
export function quietTimeMs(baudRate: number, marginMs: number): number {
  return Math.ceil(3.5 * charTimeMs(baudRate) + marginMs);
}
