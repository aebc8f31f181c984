// A simulated receipt printer: it takes ESC/POS bytes (in process through a BytePort, or from a
// pseudo-terminal), keeps them, and reads them back as paper — text lines, QR payloads, cuts — so
// tests and the web harness can see what a resident would have been handed. It answers the
// real-time status requests (DLE EOT n) at once, as a real one does even mid-job, from conditions
// a test sets (paper end, near end, cover open, offline, error); while it cannot print it holds
// what it receives and prints it once the condition clears, as a real printer's buffer does.
import { createEscPosDecoder, type Printout } from '../printer/escpos-decode';
import { DLE, EOT, statusBytes, type StatusRequest } from '../printer/status';
import type { BytePort } from '../transport/byte-port';

export interface VirtualPrintout extends Printout {
  /** When the cut (or, for the one still printing, the latest byte) arrived. */
  at: number;
}

export interface PrinterCondition {
  paperEnd: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  offline: boolean;
  error: boolean;
}

const FINE: PrinterCondition = { paperEnd: false, paperNearEnd: false, coverOpen: false, offline: false, error: false };

export interface VirtualPrinter {
  /** Set some conditions (the rest stay); clearing the last one prints what was held. */
  setCondition(change: Partial<PrinterCondition>): void;
  readonly condition: PrinterCondition;
  /** Bytes the printer sends back (status replies), for a pty end to write out. */
  onReply(listener: (bytes: Uint8Array) => void): () => void;
  /** How many status requests it answered. */
  readonly statusRequests: number;
  /** Bytes arriving on the printer's input. */
  receive(bytes: Uint8Array): void;
  /** The latest printouts, newest last; one still being printed (no cut yet) comes last with cut: false. */
  printouts(limit?: number): VirtualPrintout[];
  readonly bytesReceived: number;
  /** Calls back for each finished (cut) printout. */
  onPrintout(listener: (printout: VirtualPrintout) => void): () => void;
  /** A port to this printer, the way a serial opener hands one out. Rejects while unplugged. */
  openPort(): Promise<BytePort>;
  /** Pull the cable: the open port closes with an error and opening fails until plugIn(). */
  unplug(): void;
  plugIn(): void;
  readonly plugged: boolean;
}

export interface VirtualPrinterOptions {
  now?: () => number;
  /** Finished printouts kept (oldest dropped first). Default 50. */
  keep?: number;
}

export function createVirtualPrinter(options: VirtualPrinterOptions = {}): VirtualPrinter {
  const now = options.now ?? Date.now;
  const keep = options.keep ?? 50;
  const decoder = createEscPosDecoder();
  const done: VirtualPrintout[] = [];
  const listeners = new Set<(p: VirtualPrintout) => void>();
  const openPorts = new Set<{ shut(error: Error): void }>();
  let received = 0;
  let lastAt = now();
  let plugged = true;
  let condition = { ...FINE };
  let held: Uint8Array[] = [];
  const status = statusResponder(() => condition);
  const printable = () => !condition.paperEnd && !condition.coverOpen && !condition.offline && !condition.error;

  const feedPaper = (bytes: Uint8Array) => {
    for (const p of decoder.push(bytes)) {
        const printout = { ...p, at: lastAt };
        done.push(printout);
        if (done.length > keep) done.splice(0, done.length - keep);
        for (const l of [...listeners]) l(printout);
    }
  };

  const printer: VirtualPrinter = {
    setCondition(change) {
      condition = { ...condition, ...change };
      if (!printable()) return;
      const waiting = held;
      held = [];
      for (const bytes of waiting) feedPaper(bytes);
    },
    get condition() {
      return { ...condition };
    },
    onReply: status.onReply,
    get statusRequests() {
      return status.answered();
    },
    receive(bytes) {
      received += bytes.length;
      lastAt = now();
      status.scan(bytes);
      if (printable()) feedPaper(bytes);
      else held.push(bytes);
    },
    printouts(limit = keep) {
      const pending = decoder.pending();
      const all = pending ? [...done, { ...pending, at: lastAt }] : [...done];
      return all.slice(-limit);
    },
    get bytesReceived() {
      return received;
    },
    onPrintout(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openPort() {
      if (!plugged) throw new Error('simulated printer is unplugged');
      return virtualPrinterPort(printer, openPorts);
    },
    unplug() {
      plugged = false;
      for (const p of [...openPorts]) p.shut(new Error('simulated printer unplugged'));
    },
    plugIn() {
      plugged = true;
    },
    get plugged() {
      return plugged;
    },
  };
  return printer;
}

function virtualPrinterPort(printer: VirtualPrinter, registry: Set<{ shut(error: Error): void }>): BytePort {
  let open = true;
  const closeListeners = new Set<(error?: Error) => void>();
  const entry = {
    shut(error: Error) {
      if (!open) return;
      open = false;
      registry.delete(entry);
      for (const l of [...closeListeners]) l(error);
    },
  };
  registry.add(entry);
  return {
    get isOpen() {
      return open;
    },
    write: async (bytes) => {
      if (!open) throw new Error('simulated printer port is closed: nothing was sent');
      printer.receive(bytes.slice());
    },
    // Status replies, while this port is open.
    onData: (listener) => printer.onReply((b) => {
      if (open) listener(b);
    }),
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    flush: async () => {},
    close: async () => {
      open = false;
      registry.delete(entry);
    },
  };
}

/** Answers each DLE EOT n in the stream with the status byte of the current condition. */
function statusResponder(condition: () => PrinterCondition) {
  let answered = 0;
  const listeners = new Set<(b: Uint8Array) => void>();
  const scan = statusScanner((n) => {
    answered += 1;
    const reply = Uint8Array.of(statusBytes(condition())[n]);
    for (const l of [...listeners]) l(reply);
  });
  return {
    scan,
    answered: () => answered,
    onReply(listener: (b: Uint8Array) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Finds DLE EOT n in a byte stream, across chunk boundaries, and calls back with each n. */
function statusScanner(answer: (n: StatusRequest) => void): (bytes: Uint8Array) => void {
  let seen = 0; // bytes of DLE EOT matched so far
  return (bytes) => {
    for (const b of bytes) {
      if (seen === 2 && b >= 1 && b <= 4) answer(b as StatusRequest);
      if (seen === 2) seen = 0;
      else if (seen === 1) seen = b === EOT ? 2 : b === DLE ? 1 : 0;
      else seen = b === DLE ? 1 : 0;
    }
  };
}
