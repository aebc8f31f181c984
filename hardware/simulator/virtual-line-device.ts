// A simulated line-based device (the serial scanner, the staff-card reader): it sends one code per
// line with its record suffix, in process (openPort, like the virtual printer) or on one end of a
// pseudo-terminal (serveLineDevice). Fault knobs: garbage bytes, a line cut off before its suffix,
// an overlong line, and unplug/replug (the port closes; opening fails until it is plugged again).
import { encodeLine, suffixBytes, type LineEnding } from '../line-device/lines';
import type { BytePort } from '../transport/byte-port';

export interface VirtualLineDevice {
  readonly ending: LineEnding;
  /** A code read (a QR held to the scanner, a card laid on the reader). */
  send(text: string): void;
  /** Noise: these bytes, then the suffix (one garbage line). */
  sendGarbage(bytes: readonly number[]): void;
  /** The start of a code with no suffix (the cable pulled mid-send). */
  sendPartial(text: string): void;
  /** A line of `length` characters, longer than any code. */
  sendOverlong(length: number): void;
  /** Pull the cable: the open port closes with an error; openPort fails until replug(). */
  unplug(): void;
  replug(): void;
  readonly plugged: boolean;
  /** An in-process port (the app's "simulator" setting). */
  openPort(): Promise<BytePort>;
  /** Every chunk sent, for checking what went out. */
  onSend(listener: (bytes: Uint8Array) => void): () => void;
}

export function createVirtualLineDevice(ending: LineEnding): VirtualLineDevice {
  const senders = new Set<(bytes: Uint8Array) => void>();
  const unplugListeners = new Set<() => void>();
  let plugged = true;
  const emit = (bytes: Uint8Array) => {
    for (const s of [...senders]) s(bytes);
  };

  return {
    ending,
    send: (text) => emit(encodeLine(text, ending)),
    sendGarbage: (bytes) => emit(Uint8Array.from([...bytes, ...suffixBytes(ending)])),
    sendPartial: (text) => emit(Buffer.from(text, 'latin1')),
    sendOverlong: (length) => emit(encodeLine('9'.repeat(length), ending)),
    unplug() {
      plugged = false;
      for (const l of [...unplugListeners]) l();
    },
    replug() {
      plugged = true;
    },
    get plugged() {
      return plugged;
    },
    onSend(listener) {
      senders.add(listener);
      return () => void senders.delete(listener);
    },
    async openPort() {
      if (!plugged) throw new Error('simulated device is unplugged');
      return inProcessPort(senders, unplugListeners);
    },
  };
}

/** The device's side as a BytePort the app reads (writes are swallowed: the devices take no commands). */
function inProcessPort(senders: Set<(bytes: Uint8Array) => void>, unplugListeners: Set<() => void>): BytePort {
  let open = true;
  const data = new Set<(chunk: Uint8Array) => void>();
  const closes = new Set<(error?: Error) => void>();
  const sender = (bytes: Uint8Array) => {
    // Delivered on a later turn, as a real port would: a listener never runs inside send().
    if (open) queueMicrotask(() => data.forEach((l) => l(bytes.slice())));
  };
  const shut = (error?: Error) => {
    if (!open) return;
    open = false;
    senders.delete(sender);
    unplugListeners.delete(onUnplug);
    if (error) closes.forEach((l) => l(error));
  };
  const onUnplug = () => shut(new Error('simulated USB unplug'));
  senders.add(sender);
  unplugListeners.add(onUnplug);
  return {
    get isOpen() {
      return open;
    },
    write: async () => {
      if (!open) throw new Error('simulated device port is closed');
    },
    onData: (l) => {
      data.add(l);
      return () => data.delete(l);
    },
    onClose: (l) => {
      closes.add(l);
      return () => closes.delete(l);
    },
    flush: async () => undefined,
    close: async () => shut(),
  };
}

/** Serve a device on a port (one end of a pty pair): what it sends goes out on that port. */
export function serveLineDevice(device: VirtualLineDevice, port: BytePort): () => void {
  return device.onSend((bytes) => void port.write(bytes).catch(() => undefined));
}
