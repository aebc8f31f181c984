// Raw WebSocket traffic below the ws client library: hand-built frames (random bytes, bad opcodes,
// reserved bits, oversize lengths, invalid UTF-8, fragments in and out of order, a connection cut
// in the middle of a frame), each on its own connection. Seeded like the contract calls.
import fc from 'fast-check';
import { connect, type Socket } from 'node:net';

/** A client frame: FIN + opcode (+ reserved bits), masked unless told not to. */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; masked?: boolean; length?: Buffer; mask?: Buffer } = {}): Buffer {
  const masked = options.masked ?? true;
  const first = Buffer.from([((options.fin ?? true) ? 0x80 : 0) | (options.rsv ?? 0) | (opcode & 0x0f)]);
  let length: Buffer;
  if (options.length) length = Buffer.from(options.length);
  else if (payload.length < 126) length = Buffer.from([payload.length]);
  else if (payload.length < 65_536) length = Buffer.from([126, payload.length >> 8, payload.length & 0xff]);
  else {
    length = Buffer.alloc(9);
    length[0] = 127;
    length.writeBigUInt64BE(BigInt(payload.length), 1);
  }
  if (masked) length[0] = (length[0] as number) | 0x80;
  if (!masked) return Buffer.concat([first, length, payload]);
  const mask = options.mask ?? Buffer.from([0x11, 0x22, 0x33, 0x44]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([first, length, mask, body]);
}

const call = (id: number) => Buffer.from(JSON.stringify({ id, method: 'cabinet.info', payload: {} }));

/** What to send, and whether a server that follows RFC 6455 answers a contract call on it. */
export interface RawCase {
  what: string;
  chunks: Buffer[];
  /** Cut the connection after the last chunk instead of waiting for the server. */
  cut: boolean;
  /** A well-formed call is inside: the answer must come. */
  answers: boolean;
}

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));

export const rawCase: fc.Arbitrary<RawCase> = fc.oneof(
  bytes(1, 300).map((b) => ({ what: 'random bytes', chunks: [b], cut: false, answers: false })),
  fc.tuple(fc.constantFrom(3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf), bytes(0, 40)).map(([op, b]) => ({ what: `reserved opcode ${op}`, chunks: [frame(op, b)], cut: false, answers: false })),
  fc.tuple(fc.constantFrom(0x10, 0x20, 0x40), bytes(0, 40)).map(([rsv, b]) => ({ what: `reserved bits ${rsv}`, chunks: [frame(1, b, { rsv })], cut: false, answers: false })),
  fc.integer({ min: 65_537, max: 2 ** 31 }).map((n) => {
    const length = Buffer.alloc(9);
    length[0] = 127;
    length.writeBigUInt64BE(BigInt(n), 1);
    return { what: `declared length ${n}`, chunks: [frame(1, Buffer.alloc(0), { length }), Buffer.alloc(4), Buffer.alloc(2000, 0x61)], cut: false, answers: false };
  }),
  bytes(1, 30).map((b) => ({ what: 'invalid UTF-8 text', chunks: [frame(1, Buffer.concat([b, Buffer.from([0xff, 0xc0, 0x80])]))], cut: false, answers: false })),
  bytes(1, 30).map((b) => ({ what: 'an unmasked frame', chunks: [frame(1, b, { masked: false })], cut: false, answers: false })),
  fc.nat(1_000_000).map((id) => ({ what: 'a continuation with no start', chunks: [frame(0, call(id))], cut: false, answers: false })),
  fc.tuple(fc.nat(1_000_000), fc.integer({ min: 1, max: 20 })).map(([id, at]) => {
    const text = call(id);
    const cut = Math.min(at, text.length - 1);
    // A message in two fragments with a ping between them: legal, so it must be answered.
    return { what: 'a fragmented call', chunks: [frame(1, text.subarray(0, cut), { fin: false }), frame(9, Buffer.from('p')), frame(0, text.subarray(cut))], cut: false, answers: true };
  }),
  fc.tuple(fc.nat(1_000_000), fc.integer({ min: 1, max: 40 })).map(([id, at]) => {
    const whole = frame(1, call(id));
    return { what: 'a connection cut mid-frame', chunks: [whole.subarray(0, Math.min(at, whole.length - 1))], cut: true, answers: false };
  }),
  fc.integer({ min: 126, max: 400 }).map((n) => ({ what: 'a control frame over 125 bytes', chunks: [frame(9, Buffer.alloc(n, 1))], cut: false, answers: false })),
  fc.tuple(fc.integer({ min: 0, max: 5000 }), bytes(0, 20)).map(([code, b]) => {
    const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), b]);
    return { what: `a close frame with code ${code}`, chunks: [frame(8, payload)], cut: false, answers: false };
  }),
  fc.nat(1_000_000).map((id) => ({ what: 'a fragmented control frame', chunks: [frame(9, Buffer.from('ab'), { fin: false }), frame(1, call(id))], cut: false, answers: false })),
);

export interface RawOutcome {
  upgraded: boolean;
  answered: boolean;
  closedByServer: boolean;
}

/** Upgrades a raw TCP connection, sends the case, and settles when the connection ends (or the answer came). */
export function sendRaw(port: number, c: RawCase, budgetMs: number): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const text = received.toString('latin1');
      resolve({ upgraded: text.startsWith('HTTP/1.1 101'), answered: text.includes('"response"'), closedByServer });
      socket.destroy();
    };
    const timer = setTimeout(() => (settled ? undefined : reject(new Error(`no end to "${c.what}" in ${budgetMs} ms`))), budgetMs);
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('data', (chunk) => {
      const first = received.length === 0;
      received = Buffer.concat([received, chunk]);
      if (first && received.toString('latin1').startsWith('HTTP/1.1 101')) {
        for (const piece of c.chunks) socket.write(piece);
        // A frame still incomplete leaves the server waiting, as it should: the client gives up then.
        if (c.cut) setImmediate(() => finish(false));
        else if (!c.answers) setTimeout(() => finish(false), 250);
      } else if (c.answers && received.toString('latin1').includes('"response"')) finish(false);
    });
    socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${Buffer.from('fuzz-key-0123456').toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  });
}
