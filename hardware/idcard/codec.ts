// Pure codec for the resident ID-card reader's host protocol: the UART interface of the GA 467
// security module (SAM) that every 二代证 reader carries (华视 CVR-100 series, 神思 SS628, 新中新
// DKQ-A16D and the like). No I/O here.
//
// Frame, both ways: preamble AA AA AA 96 69 · LEN (2 bytes, big-endian: the bytes after LEN, the
// checksum included) · body · CHK, where CHK is the XOR of every byte from LEN to the last body
// byte. Request body: CMD PARA [DATA]; reply body: SW1 SW2 SW3 [DATA]. Checked against the SAM
// module's published interface description ("公安部身份证阅读器模块SAM通讯协议", tables 3–10: frame
// formats, CMD/Para, SW3 codes; mirrored at e-com-net.com/article/1743571842846703616.htm and
// softs.im "身份证阅读器通信协议") and a CVR-100D serial trace (yzsam.com/html/CNvfzM.html:
// find AA AA AA 96 69 00 03 20 01 22 → AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97;
// select → AA AA AA 96 69 00 0C 00 00 90 + 8 × 00 + 9C; read → 1295 bytes).

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);

/** CMD and PARA of the commands we send. */
export const COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  /** Text and photo (256 + 1024 bytes); the photo is skipped (its decoder is licensed). */
  readText: [0x30, 0x01],
} as const satisfies Record<string, readonly [number, number]>;
export type CommandName = keyof typeof COMMANDS;

/** SW3, the reader's own status (SW1 SW2 relay the card's APDU status, 00 00 normally). */
export const SW3 = {
  ok: 0x90,
  cardFound: 0x9f,
  checksumError: 0x10,
  lengthError: 0x11,
  badCommand: 0x21,
  notAuthorised: 0x23,
  unknownError: 0x24,
  cardAuthFailed: 0x31,
  readerAuthFailed: 0x32,
  verifyFailed: 0x33,
  wrongCard: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  noCard: 0x80,
  selectFailed: 0x81,
  noContent: 0x91,
} as const;

/** What each SW3 means, for the technician (unknown codes are shown as hex). */
export const SW3_MEANING: Record<number, string> = {
  0x90: 'success',
  0x9f: 'card found',
  0x10: 'the reader got a bad checksum',
  0x11: 'the reader got a bad length',
  0x21: 'command not understood',
  0x23: 'not authorised',
  0x24: 'unrecognised error',
  0x31: 'the card failed to authenticate the reader',
  0x32: 'the reader failed to authenticate the card',
  0x33: 'information verification failed',
  0x40: 'not a resident ID card',
  0x41: 'reading the card failed',
  0x47: 'getting a random number failed',
  0x60: 'SAM self-test failed: no command accepted',
  0x66: 'reader not authorised',
  0x80: 'no card found',
  0x81: 'selecting the card failed',
  0x91: 'no such content on the card',
};

const xor = (bytes: ArrayLike<number>, from: number, to: number): number => {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] as number;
  return x;
};

/** A frame around `body` (request: CMD PARA DATA; reply: SW1 SW2 SW3 DATA). */
export function encodeFrame(body: ArrayLike<number>): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`a frame body of ${body.length} bytes is too long`);
  const out = new Uint8Array(PREAMBLE.length + 2 + len);
  out.set(PREAMBLE);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(Array.from(body), 7);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

export const encodeRequest = (name: CommandName, data: ArrayLike<number> = []): Uint8Array => encodeFrame([...COMMANDS[name], ...Array.from(data)]);

export const encodeReply = (sw3: number, data: ArrayLike<number> = [], sw1 = 0, sw2 = 0): Uint8Array => encodeFrame([sw1, sw2, sw3, ...Array.from(data)]);

/** One frame as read off the line: its body, or a checksum that did not match. */
export type FrameEvent = { kind: 'frame'; body: Uint8Array } | { kind: 'bad-checksum'; body: Uint8Array };

/** Longest frame we accept: a read with fingerprints is 2321 bytes; anything far longer is noise. */
export const MAX_LEN = 4096;

/**
 * Splits a byte stream into frames, in any bursts. Bytes before a preamble are dropped, and so is
 * a preamble whose LEN is impossible (so line noise never blocks the next real frame).
 */
export function createFrameSplitter(): (bytes: Uint8Array) => FrameEvent[] {
  let buf = new Uint8Array(0);
  return (bytes) => {
    const merged = new Uint8Array(buf.length + bytes.length);
    merged.set(buf);
    merged.set(bytes, buf.length);
    const out: FrameEvent[] = [];
    let at = 0;
    for (;;) {
      const start = findPreamble(merged, at);
      if (start < 0) {
        at = Math.max(at, merged.length - (PREAMBLE.length - 1)); // keep a partial preamble
        break;
      }
      at = start;
      if (merged.length - at < 7) break;
      const len = ((merged[at + 5] as number) << 8) | (merged[at + 6] as number);
      if (len < 2 || len > MAX_LEN) {
        at += 1;
        continue;
      }
      if (merged.length - at < 7 + len) break;
      const body = merged.slice(at + 7, at + 6 + len);
      const ok = xor(merged, at + 5, at + 6 + len) === merged[at + 6 + len];
      out.push({ kind: ok ? 'frame' : 'bad-checksum', body });
      at += 7 + len;
    }
    buf = merged.slice(at);
    return out;
  };
}

function findPreamble(b: Uint8Array, from: number): number {
  outer: for (let i = from; i + PREAMBLE.length <= b.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (b[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

export interface Reply {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** A reply body as status words and data; throws when it is shorter than the three status words. */
export function parseReply(body: Uint8Array): Reply {
  if (body.length < 3) throw new RangeError(`a reply body needs SW1 SW2 SW3, got ${body.length} byte(s)`);
  return { sw1: body[0] as number, sw2: body[1] as number, sw3: body[2] as number, data: body.slice(3) };
}

/** The read reply's DATA: text length · photo length (2 bytes each, big-endian) · text · photo. */
export function splitReadData(data: Uint8Array): { text: Uint8Array; photoLength: number } {
  if (data.length < 4) throw new RangeError(`read data of ${data.length} bytes has no length fields`);
  const textLength = ((data[0] as number) << 8) | (data[1] as number);
  const photoLength = ((data[2] as number) << 8) | (data[3] as number);
  if (data.length < 4 + textLength + photoLength) throw new RangeError(`read data of ${data.length} bytes is shorter than its lengths (${textLength} + ${photoLength})`);
  return { text: data.slice(4, 4 + textLength), photoLength };
}
