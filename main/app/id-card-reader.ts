// Builds the resident ID-card reader from the configuration: a serial line (or USB-CDC) for a real
// one; with port "simulator" the virtual reader in process, whose card tests and the web harness
// place and take away. Each driver error becomes one of the core's four failures: the core never
// sees the serial protocol. Absent or disabled in the configuration: nothing is built.
import { IdCardError, createIdCardReader } from '../../hardware/idcard/reader';
import { createVirtualIdReader, virtualIdReaderPort, type VirtualIdReader } from '../../hardware/simulator/virtual-idcard-reader';
import { serialPortOpener } from '../../hardware/transport/serial-port';
import type { CabinetConfig } from '../core/config';
import { SIMULATOR_PORT, type IdCardFailure, type IdCardReader } from '../core/ports';

export interface OpenedIdCardReader {
  reader: IdCardReader;
  /** The in-process virtual reader, when the port is "simulator". */
  virtual: VirtualIdReader | undefined;
  close(): Promise<void>;
}

/** The driver's error codes as the core's failures: what the resident can do about each differs. */
export function failureOf(error: unknown): IdCardFailure {
  if (!(error instanceof IdCardError)) return 'reader-fault';
  switch (error.code) {
    case 'no-card':
      return 'no-card';
    // 41 after a found card: it was moved away; a select refused after find, the same.
    case 'read-failed':
    case 'select-failed':
      return 'card-moved';
    case 'bad-checksum':
    case 'bad-reply':
      return 'unreadable';
    default:
      return 'reader-fault';
  }
}

/** The reader is opened on its first read, not here: a reader unplugged never delays start-up. */
export function openIdCardReader(config: CabinetConfig): OpenedIdCardReader | undefined {
  const settings = config.idCardReader;
  if (!settings?.enabled) return undefined;
  const virtual = settings.port === SIMULATOR_PORT ? createVirtualIdReader() : undefined;
  const driver = createIdCardReader({
    baudRate: settings.baudRate,
    open: virtual ? async () => virtualIdReaderPort(virtual) : serialPortOpener({ path: settings.port, baudRate: settings.baudRate }),
  });
  const reader: IdCardReader = {
    async read() {
      try {
        const card = await driver.readCard();
        return { ok: true, card: { name: card.name, idNumber: card.idNumber, idNumberValid: card.idNumberValid } };
      } catch (error) {
        return { ok: false, failure: failureOf(error), detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
  return { reader, virtual, close: () => driver.close() };
}
