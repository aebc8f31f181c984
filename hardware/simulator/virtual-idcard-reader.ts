// A simulated resident ID-card reader (GA 467 SAM host protocol, hardware/idcard/codec.ts): it holds
// a card or none and answers every command with the status words a real one sends, in process or on
// a pseudo-terminal. Fault knobs: no card, the card taken away during the read (41), a corrupted
// checksum on its next reply, a SAM that failed its self-test (60 to everything). Its photo is
// 1024 zero bytes: the real one is in a licensed format the cabinet never decodes.
import { COMMANDS, createFrameSplitter, encodeReply, SW3 } from '../idcard/codec';
import { encodeIdText, type IdCardFields } from '../idcard/text';
import type { BytePort } from '../transport/byte-port';

export interface IdReaderFaults {
  /** The card is taken away as the read starts: 41, and the card is gone. */
  removeDuringRead: boolean;
  /** The next reply's checksum is wrong (once). */
  badChecksum: boolean;
  /** The SAM failed its self-test: 60 to every command. */
  samFault: boolean;
  /** Replies are not sent at all (a reader switched off, a wrong baud rate). */
  silent: boolean;
}

export interface VirtualIdReader {
  /** Place a card on the reader (replacing any). */
  place(card: IdCardFields): void;
  remove(): void;
  readonly card: IdCardFields | undefined;
  setFaults(change: Partial<IdReaderFaults>): void;
  /** Bytes from the host; answers the reply bytes to send back (possibly none). */
  receive(bytes: Uint8Array): Uint8Array[];
  /** Commands seen, as "CMD PARA" hex, oldest first. */
  readonly commands: string[];
}

/** A specimen card (fictitious person; GB 11643-1999's own example of a valid ID number). */
export const SPECIMEN_CARD: IdCardFields = {
  name: '张三',
  sexCode: '1',
  nationCode: '01',
  birth: '19491231',
  address: '北京市西城区示范街道1号',
  idNumber: '11010519491231002X',
  issuer: '北京市公安局西城分局',
  validFrom: '20150101',
  validTo: '长期',
};

const SAM_ID = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);
const PHOTO_BYTES = 1024;

const is = (body: Uint8Array, [cmd, para]: readonly [number, number]) => body[0] === cmd && body[1] === para;

export function createVirtualIdReader(): VirtualIdReader {
  const split = createFrameSplitter();
  const faults: IdReaderFaults = { removeDuringRead: false, badChecksum: false, samFault: false, silent: false };
  const commands: string[] = [];
  let card: IdCardFields | undefined;
  // A real reader must find, then select, before it reads (the card's state machine).
  let stage: 'idle' | 'found' | 'selected' = 'idle';

  function answer(body: Uint8Array): Uint8Array {
    if (faults.samFault) return encodeReply(SW3.samSelfTestFailed);
    if (is(body, COMMANDS.resetSam) || is(body, COMMANDS.samStatus)) return encodeReply(SW3.ok);
    if (is(body, COMMANDS.samId)) return encodeReply(SW3.ok, SAM_ID);
    if (is(body, COMMANDS.findCard)) {
      stage = card ? 'found' : 'idle';
      return card ? encodeReply(SW3.cardFound, [0, 0, 0, 0]) : encodeReply(SW3.noCard);
    }
    if (is(body, COMMANDS.selectCard)) {
      if (!card || stage === 'idle') return encodeReply(SW3.selectFailed);
      stage = 'selected';
      return encodeReply(SW3.ok, new Uint8Array(8));
    }
    if (is(body, COMMANDS.readText)) return read();
    return encodeReply(SW3.badCommand);
  }

  function read(): Uint8Array {
    if (faults.removeDuringRead && card) {
      card = undefined;
      stage = 'idle';
    }
    if (!card || stage !== 'selected') return encodeReply(SW3.readFailed);
    stage = 'idle';
    const text = encodeIdText(card);
    const data = new Uint8Array(4 + text.length + PHOTO_BYTES);
    data.set([text.length >> 8, text.length & 0xff, PHOTO_BYTES >> 8, PHOTO_BYTES & 0xff]);
    data.set(text, 4);
    return encodeReply(SW3.ok, data);
  }

  return {
    place(c) {
      card = c;
      stage = 'idle';
    },
    remove() {
      card = undefined;
      stage = 'idle';
    },
    get card() {
      return card;
    },
    setFaults(change) {
      Object.assign(faults, change);
    },
    receive(bytes) {
      const out: Uint8Array[] = [];
      for (const event of split(bytes)) {
        commands.push(Array.from(event.body.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' '));
        const reply = event.kind === 'bad-checksum' ? encodeReply(SW3.checksumError) : event.body.length < 2 ? encodeReply(SW3.lengthError) : answer(event.body);
        if (faults.badChecksum) {
          faults.badChecksum = false;
          reply[reply.length - 1] = (reply[reply.length - 1] as number) ^ 0xff;
        }
        if (!faults.silent) out.push(reply);
      }
      return out;
    },
    commands,
  };
}

/** Serve a reader on a port (one end of a pty pair): replies go back on the same port. */
export function serveIdReader(reader: VirtualIdReader, port: BytePort): () => void {
  return port.onData((chunk) => {
    for (const reply of reader.receive(chunk)) void port.write(reply).catch(() => undefined);
  });
}

/** A port to a reader in process, the way a serial opener hands one out: replies arrive after the write returns. */
export function virtualIdReaderPort(reader: VirtualIdReader): BytePort {
  let open = true;
  const listeners = new Set<(chunk: Uint8Array) => void>();
  return {
    get isOpen() {
      return open;
    },
    write: async (bytes) => {
      if (!open) throw new Error('simulated ID-card reader port is closed: nothing was sent');
      const replies = reader.receive(bytes.slice());
      // As on a wire: the answer comes later than the question.
      setImmediate(() => {
        if (open) for (const r of replies) for (const l of [...listeners]) l(r.slice());
      });
    },
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: () => () => undefined,
    flush: async () => {},
    close: async () => {
      open = false;
    },
  };
}
