// A scriptable BytePort for transport tests: records writes, lets the test push bytes in, make
// writes fail or stall, and pull the cable. Time is whatever vitest's fake timers say.

import { UncertainWriteError, type BytePort } from '../../../hardware/transport/byte-port';

export type WriteBehaviour = 'ok' | 'reject' | 'uncertain' | 'hang';

export interface FakePort extends BytePort {
  readonly writes: Uint8Array[];
  /** Time (Date.now) of each write, same order as `writes`. */
  readonly writeTimes: number[];
  flushes: number;
  closes: number;
  writeBehaviour: WriteBehaviour;
  /** Called after each write has drained, to script the board's answer. */
  onWrite?: (bytes: Uint8Array, port: FakePort) => void;
  emit(bytes: ArrayLike<number>): void;
  /** The device vanishes: isOpen false, onClose listeners called. */
  vanish(error?: Error): void;
}

export function createFakePort(): FakePort {
  const data = new Set<(chunk: Uint8Array) => void>();
  const close = new Set<(error?: Error) => void>();
  let open = true;
  const port: FakePort = {
    writes: [],
    writeTimes: [],
    flushes: 0,
    closes: 0,
    writeBehaviour: 'ok',
    get isOpen() {
      return open;
    },
    write(bytes) {
      if (!open) return Promise.reject(new Error('port not open'));
      switch (port.writeBehaviour) {
        case 'reject':
          return Promise.reject(new Error('EAGAIN before any byte'));
        case 'uncertain':
          port.writes.push(bytes.slice());
          port.writeTimes.push(Date.now());
          return Promise.reject(new UncertainWriteError('EIO mid-write'));
        case 'hang':
          port.writes.push(bytes.slice());
          port.writeTimes.push(Date.now());
          return new Promise(() => undefined);
        case 'ok':
          port.writes.push(bytes.slice());
          port.writeTimes.push(Date.now());
          return Promise.resolve().then(() => port.onWrite?.(bytes, port));
      }
    },
    onData(listener) {
      data.add(listener);
      return () => data.delete(listener);
    },
    onClose(listener) {
      close.add(listener);
      return () => close.delete(listener);
    },
    async flush() {
      port.flushes += 1;
    },
    async close() {
      port.closes += 1;
      open = false;
    },
    emit(bytes) {
      const chunk = Uint8Array.from(bytes);
      for (const listener of [...data]) listener(chunk);
    },
    vanish(error) {
      open = false;
      for (const listener of [...close]) listener(error ?? new Error('device unplugged'));
    },
  };
  return port;
}

/**
 * A toy protocol for framing tests: request `A5 id X`, reply `5A id s1..sn X` (X = XOR of the
 * bytes before it), reply length 3 + n. Junk before 0x5A is skipped.
 */
export function xor(bytes: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < bytes.length; i++) x ^= bytes[i] ?? 0;
  return x;
}

export function toyRequest(id: number): Uint8Array {
  return Uint8Array.from([0xa5, id, xor([0xa5, id])]);
}

export function toyReply(id: number, status: number[]): number[] {
  const body = [0x5a, id, ...status];
  return [...body, xor(body)];
}
