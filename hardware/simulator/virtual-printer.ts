// A simulated receipt printer: it takes ESC/POS bytes (in process through a BytePort, or from a
// pseudo-terminal), keeps them, and reads them back as paper — text lines, QR payloads, cuts — so
// tests and the web harness can see what a resident would have been handed.
import { createEscPosDecoder, type Printout } from '../printer/escpos-decode';
import type { BytePort } from '../transport/byte-port';

export interface VirtualPrintout extends Printout {
  /** When the cut (or, for the one still printing, the latest byte) arrived. */
  at: number;
}

export interface VirtualPrinter {
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

  const printer: VirtualPrinter = {
    receive(bytes) {
      received += bytes.length;
      lastAt = now();
      for (const p of decoder.push(bytes)) {
        const printout = { ...p, at: lastAt };
        done.push(printout);
        if (done.length > keep) done.splice(0, done.length - keep);
        for (const l of [...listeners]) l(printout);
      }
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
    // The printer sends nothing back.
    onData: () => () => undefined,
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
