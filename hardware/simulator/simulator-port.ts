// The simulator behind the same BytePort the serial transport uses, so the app runs against
// virtual boards in process with the very transport code that drives real ones.

import type { BytePort } from '../transport/byte-port';
import type { VirtualBus } from './virtual-bus';

export interface SimulatorPort extends BytePort {
  /** Simulates the USB adapter being pulled: the port closes with an error. */
  unplug(): void;
}

export function createSimulatorPort(bus: VirtualBus): SimulatorPort {
  let open = true;
  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(error?: Error) => void>();
  const stopTransmit = bus.onTransmit((chunk) => {
    if (!open) return;
    for (const l of dataListeners) l(chunk.slice());
  });

  const shut = (error?: Error): void => {
    if (!open) return;
    open = false;
    stopTransmit();
    for (const l of closeListeners) l(error);
  };

  return {
    get isOpen() {
      return open;
    },
    write: async (bytes) => {
      if (!open) throw new Error('simulator port is closed: nothing was sent');
      bus.receive(bytes.slice());
    },
    onData: (listener) => {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    // Nothing is buffered on this side; bytes the boards are still sending arrive later, as on a
    // real line.
    flush: async () => {},
    close: async () => {
      if (!open) return;
      open = false;
      stopTransmit();
    },
    unplug: () => shut(new Error('simulated USB unplug')),
  };
}
