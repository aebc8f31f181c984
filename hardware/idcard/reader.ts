// The resident ID-card reader over a BytePort (serial or USB-CDC, or the simulator on a pty): find
// card → select card → read text, one command at a time, each with a time limit, every failure a
// typed IdCardError (no card, card moved away, bad checksum, SAM fault, no answer…). The port is
// opened on first use and again after it was lost. Nothing here keeps the card's data: the caller
// decides what to store (a keyed hash and the last four characters, PIPL).
import type { BytePort } from '../transport/byte-port';
import { createFrameSplitter, encodeRequest, parseReply, splitReadData, SW3, SW3_MEANING, type CommandName, type Reply } from './codec';
import { decodeIdText, type IdCardText } from './text';

export type IdCardErrorCode = 'no-card' | 'select-failed' | 'read-failed' | 'sam-fault' | 'bad-checksum' | 'timeout' | 'device' | 'bad-reply' | 'port';

export class IdCardError extends Error {
  constructor(
    readonly code: IdCardErrorCode,
    message: string,
    /** The reader's SW3, when it answered with one. */
    readonly sw3?: number,
  ) {
    super(message);
    this.name = 'IdCardError';
  }
}

export interface IdCardReaderOptions {
  open(): Promise<BytePort>;
  /** Line speed (115200 is the module's default; some units run 9600), to allow a reply its time on the wire. */
  baudRate: number;
  /** Time for the reader to start answering, beyond the reply's time on the wire. Default 1 s. */
  slackMs?: number;
}

export interface IdCardReader {
  /** Find, select and read the card on the reader. */
  readCard(): Promise<IdCardText>;
  /** SAM status (11 FF): resolves when the module answers 90. */
  samStatus(): Promise<void>;
  close(): Promise<void>;
}

/** The longest reply we wait for: the text + photo read, 1295 bytes. */
const READ_REPLY_BYTES = 1295;

const hex = (b: number) => b.toString(16).padStart(2, '0').toUpperCase();

/** A reply's SW3 as a typed error, for the command it answered; undefined when it is the success code. */
export function replyError(command: CommandName, reply: Reply, success: number = SW3.ok): IdCardError | undefined {
  if (reply.sw3 === success) return undefined;
  const what = `${command}: SW3 ${hex(reply.sw3)} (${SW3_MEANING[reply.sw3] ?? 'unknown status'})`;
  if (reply.sw3 === SW3.noCard && command === 'findCard') return new IdCardError('no-card', what, reply.sw3);
  if (reply.sw3 === SW3.selectFailed) return new IdCardError('select-failed', what, reply.sw3);
  if (reply.sw3 === SW3.readFailed) return new IdCardError('read-failed', what, reply.sw3);
  if (reply.sw3 === SW3.samSelfTestFailed || reply.sw3 === SW3.samNotAuthorised) return new IdCardError('sam-fault', what, reply.sw3);
  return new IdCardError('device', what, reply.sw3);
}

/** Send one command and take the next frame that comes back, within `limitMs`. */
function exchange(p: BytePort, command: CommandName, limitMs: number): Promise<Reply> {
  const split = createFrameSplitter(); // a fresh splitter: nothing from before this command counts
  return new Promise<Reply>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      off();
      settle();
    };
    const timer = setTimeout(() => finish(() => reject(new IdCardError('timeout', `${command}: no reply within ${limitMs} ms`))), limitMs);
    const off = p.onData((chunk) => {
      const [event] = split(chunk);
      if (!event) return;
      if (event.kind === 'bad-checksum') return finish(() => reject(new IdCardError('bad-checksum', `${command}: the reply's checksum is wrong`)));
      try {
        const reply = parseReply(event.body);
        finish(() => resolve(reply));
      } catch (error) {
        finish(() => reject(new IdCardError('bad-reply', `${command}: ${error instanceof Error ? error.message : String(error)}`)));
      }
    });
    p.write(encodeRequest(command)).catch((error: unknown) => finish(() => reject(new IdCardError('port', `${command}: ${error instanceof Error ? error.message : String(error)}`))));
  });
}

export function createIdCardReader(options: IdCardReaderOptions): IdCardReader {
  let port: BytePort | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const limitMs = Math.ceil((READ_REPLY_BYTES * 10 * 1000 * 2) / options.baudRate) + (options.slackMs ?? 1000);

  async function connect(): Promise<BytePort> {
    if (closed) throw new IdCardError('port', 'the ID-card reader was closed');
    if (port?.isOpen) return port;
    try {
      port = await options.open();
    } catch (error) {
      throw new IdCardError('port', `the ID-card reader's port could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    }
    return port;
  }

  async function step(command: CommandName, success: number = SW3.ok): Promise<Reply> {
    const reply = await exchange(await connect(), command, limitMs);
    const error = replyError(command, reply, success);
    if (error) throw error;
    return reply;
  }

  async function readCard(): Promise<IdCardText> {
    await step('findCard', SW3.cardFound);
    await step('selectCard');
    const { data } = await step('readText');
    try {
      return decodeIdText(splitReadData(data).text);
    } catch (error) {
      throw new IdCardError('bad-reply', `readText: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    readCard: () => serial(readCard),
    samStatus: () => serial(async () => void (await step('samStatus'))),
    async close() {
      closed = true;
      await queue;
      const p = port;
      port = undefined;
      await p?.close();
    },
  };
}
