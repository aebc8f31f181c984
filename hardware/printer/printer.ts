// The receipt printer over a BytePort (a serial line or USB-CDC, or the virtual printer). We write
// jobs and read back only the real-time status (DLE EOT n, one byte per request, status.ts). The port is opened on the first print and
// again after it was lost (printer switched off, USB pulled), so a printer that comes back works
// without a restart. Jobs go out one at a time, so two receipts never interleave on the paper.
import type { BytePort } from '../transport/byte-port';
import { isStatusByte, parseStatus, STATUS_REQUESTS, statusRequest, type PrinterStatus, type StatusRequest } from './status';

export interface Printer {
  /** Send one job's bytes. Rejects when the port cannot be opened or the write fails or stalls. */
  print(bytes: Uint8Array): Promise<void>;
  /**
   * Ask DLE EOT 1, 2 and 4 and answer the status. Queued with the jobs, so it reads the state
   * between two of them. Rejects when the port cannot be opened or a request goes unanswered.
   */
  status(): Promise<PrinterStatus>;
  /** Whether the port is open right now (false before the first print and after a loss). */
  readonly online: boolean;
  close(): Promise<void>;
}

export interface PrinterOptions {
  open(): Promise<BytePort>;
  /** Line speed, to allow a write the time it needs on the wire. */
  baudRate: number;
  /** Extra time a write may take beyond its time on the wire (a busy USB-CDC). Default 3 s. */
  slackMs?: number;
  /** How long one status byte may take to come back. Default 1 s (printers answer in milliseconds). */
  statusTimeoutMs?: number;
}

/** Send one DLE EOT n and wait for the status byte (bytes without the fixed bits are skipped). */
function askStatus(p: BytePort, n: StatusRequest, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      off();
      settle();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`the printer did not answer DLE EOT ${n} within ${timeoutMs} ms`))), timeoutMs);
    const off = p.onData((chunk) => {
      const b = chunk.find(isStatusByte);
      if (b !== undefined) finish(() => resolve(b));
    });
    p.write(statusRequest(n)).catch((error: unknown) => finish(() => reject(error)));
  });
}

/** DLE EOT 1, 2 and 4 in turn, read as one status. */
async function statusOf(p: BytePort, timeoutMs: number): Promise<PrinterStatus> {
  const replies: number[] = [];
  for (const n of STATUS_REQUESTS) replies.push(await askStatus(p, n, timeoutMs));
  const [printer, offline, paper] = replies as [number, number, number];
  return parseStatus(printer, offline, paper);
}

export function createPrinter(options: PrinterOptions): Printer {
  let port: BytePort | undefined;
  let opening: Promise<BytePort> | undefined;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const connect = async (): Promise<BytePort> => {
    if (port?.isOpen) return port;
    port = undefined;
    opening ??= options.open().then(
      (p) => {
        opening = undefined;
        if (closed) {
          void p.close();
          throw new Error('the printer was closed');
        }
        port = p;
        p.onClose(() => {
          if (port === p) port = undefined;
        });
        return p;
      },
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };

  async function send(bytes: Uint8Array): Promise<void> {
    if (closed) throw new Error('the printer was closed');
    const p = await connect();
    // 10 bits per byte at 8N1, twice over, plus slack: a write that takes longer has stalled.
    const limitMs = Math.ceil((bytes.length * 10 * 1000 * 2) / options.baudRate) + (options.slackMs ?? 3000);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        p.write(bytes),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the printer took more than ${limitMs} ms to take ${bytes.length} bytes`)), limitMs);
        }),
      ]);
    } catch (error) {
      // Whatever state the line is in now, start afresh next time.
      if (port === p) port = undefined;
      void p.close().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function readStatus(): Promise<PrinterStatus> {
    if (closed) throw new Error('the printer was closed');
    return statusOf(await connect(), options.statusTimeoutMs ?? 1000);
  }

  return {
    status() {
      const job = queue.then(readStatus);
      queue = job.then(() => undefined, () => undefined);
      return job;
    },
    get online() {
      return port?.isOpen ?? false;
    },
    print(bytes) {
      const job = queue.then(() => send(bytes));
      queue = job.catch(() => undefined);
      return job;
    },
    async close() {
      closed = true;
      await queue;
      const p = port;
      port = undefined;
      await p?.close();
    },
  };
}
