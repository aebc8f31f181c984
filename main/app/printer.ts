// Builds the receipt printer from the configuration: a serial line (or USB-CDC) for a real one;
// with port "simulator" the virtual printer in process, which keeps the paper for tests and the
// web harness. No printer configured: nothing is built and the cabinet prints nothing.
import { createPrinter, type Printer } from '../../hardware/printer/printer';
import { createVirtualPrinter, type VirtualPrinter } from '../../hardware/simulator/virtual-printer';
import { serialPortOpener } from '../../hardware/transport/serial-port';
import type { CabinetConfig, PrinterConfig } from '../core/config';
import { SIMULATOR_PORT } from '../core/ports';

export interface OpenedPrinter {
  printer: Printer;
  settings: PrinterConfig;
  /** The in-process virtual printer, when the port is "simulator". */
  virtual: VirtualPrinter | undefined;
  close(): Promise<void>;
}

/** The printer is opened on its first job, not here: a printer switched off never delays start-up. */
export function openPrinter(config: CabinetConfig, now: () => number): OpenedPrinter | undefined {
  const settings = config.printer;
  if (!settings) return undefined;
  const virtual = settings.port === SIMULATOR_PORT ? createVirtualPrinter({ now }) : undefined;
  const printer = createPrinter({
    baudRate: settings.baudRate,
    // The serial port's presence check notices a pulled USB cable; the next job opens it afresh.
    open: virtual ? () => virtual.openPort() : serialPortOpener({ path: settings.port, baudRate: settings.baudRate }),
  });
  return { printer, settings, virtual, close: () => printer.close() };
}
