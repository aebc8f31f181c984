// The real serial line (the `serialport` package) seen as a BytePort: 8N1, no flow control,
// write resolves once the bytes have drained to the device, onClose fires only when the port
// goes away by itself (USB adapter pulled, pty closed), never for our own close().

import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { UncertainWriteError, type BytePort } from './byte-port';

export interface SerialPortSettings {
  /** e.g. /dev/ttyUSB0, /dev/serial/by-id/..., or a socat pty link. */
  path: string;
  baudRate: number;
  /**
   * How often to check that the device node still exists; 0 turns it off. Default 500 ms.
   * Needed because a pty whose other end closed reads 0 bytes forever and serialport never
   * reports it closed (seen with socat on Linux); a pulled USB adapter's node vanishes too.
   */
  presenceCheckMs?: number;
}

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** Stable udev name where there is one (survives re-enumeration after a replug). */
  pnpId?: string;
}

/** Open a serial port. Rejects (with the OS's reason) if it cannot be opened. */
export async function openSerialPort(settings: SerialPortSettings): Promise<BytePort> {
  const port = new SerialPort({
    path: settings.path,
    baudRate: settings.baudRate,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    rtscts: false,
    xon: false,
    xoff: false,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()));
  });
  // The device number behind the path now: a different one later means another device (or pty).
  const device = await stat(settings.path).then((info) => info.rdev, () => undefined);
  return wrapSerialPort(port, settings.presenceCheckMs ?? 500, device);
}

/** An opener for createBusTransport: it calls this again after every loss of the port. */
export function serialPortOpener(settings: SerialPortSettings): () => Promise<BytePort> {
  return () => openSerialPort(settings);
}

/** Serial ports the OS knows about, for the technician's port picker. */
export async function listPorts(): Promise<SerialPortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((info) => ({
    path: info.path,
    manufacturer: info.manufacturer,
    serialNumber: info.serialNumber,
    vendorId: info.vendorId,
    productId: info.productId,
    pnpId: info.pnpId,
  }));
}

function wrapSerialPort(port: SerialPort, presenceCheckMs: number, device: number | undefined): BytePort {
  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(error?: Error) => void>();
  let closedByUs = false;
  let gone = false;
  let presence: ReturnType<typeof setInterval> | undefined;

  /** The port went away by itself: tell the listeners once, release the file descriptor. */
  const lost = (error: Error): void => {
    if (gone) return;
    gone = true;
    clearInterval(presence);
    if (port.isOpen) port.close(() => undefined);
    if (closedByUs) return;
    for (const listener of [...closeListeners]) listener(error);
  };

  port.on('data', (chunk: Buffer) => {
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
    for (const listener of [...dataListeners]) listener(bytes);
  });
  port.on('close', (error: Error | null | undefined) => {
    lost(error ?? new Error(`${port.path} closed`));
  });
  // Without a listener an 'error' event would crash the process; failures reach callers through
  // write/flush rejections and 'close'.
  port.on('error', () => undefined);

  if (presenceCheckMs > 0) {
    presence = setInterval(() => {
      stat(port.path).then(
        (info) => {
          if (device !== undefined && info.rdev !== device) lost(new Error(`${port.path} now names another device`));
        },
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' || error.code === 'ENODEV' || error.code === 'ENXIO') {
            lost(new Error(`${port.path} disappeared (device unplugged?)`));
          }
        },
      );
    }, presenceCheckMs);
    // The check alone must not keep the process alive.
    presence.unref();
  }

  return {
    get isOpen() {
      return port.isOpen && !gone;
    },
    write(bytes) {
      // serialport queues writes on a closed port until it reopens: refuse instead, nothing sent.
      if (!port.isOpen || gone) {
        return Promise.reject(new Error(`${port.path} is not open`));
      }
      return new Promise<void>((resolve, reject) => {
        // From here bytes may reach the wire even if an error follows: say so.
        const uncertain = (error: Error): void =>
          reject(new UncertainWriteError(`write to ${port.path} failed: ${error.message}`, { cause: error }));
        port.write(Buffer.from(bytes), (writeError) => {
          if (writeError) {
            uncertain(writeError);
            return;
          }
          port.drain((drainError) => (drainError ? uncertain(drainError) : resolve()));
        });
      });
    },
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    flush() {
      if (!port.isOpen || gone) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        port.flush((error) => (error ? reject(error) : resolve()));
      });
    },
    close() {
      closedByUs = true;
      clearInterval(presence);
      if (!port.isOpen || gone) return Promise.resolve();
      return new Promise<void>((resolve) => {
        port.close(() => resolve());
      });
    },
  };
}
