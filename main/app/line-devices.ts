// Builds the serial scanner and the staff-card reader from the configuration: a serial line (or
// USB-CDC) for a real one; with port "simulator" a virtual device in process, which the web harness
// and the tests "scan" with. Unlike the printer they are opened at start and kept open (they speak
// first); a device that is absent or unplugged is retried in the background and never delays
// start-up. Each dropped line (garbage, overlong, cut off) is a log line, nothing more.
import { createLineReader, type Dropped, type LineReader } from '../../hardware/line-device/line-reader';
import { createVirtualLineDevice, type VirtualLineDevice } from '../../hardware/simulator/virtual-line-device';
import { serialPortOpener } from '../../hardware/transport/serial-port';
import type { CabinetConfig, LineDeviceConfig } from '../core/config';
import type { Log } from '../core/core';
import { SIMULATOR_PORT, type LineDevice } from '../core/ports';

export type LineDeviceKind = 'scanner' | 'cardReader';

export interface OpenedLineDevice {
  device: LineDevice;
  settings: LineDeviceConfig;
  /** The in-process virtual device, when the port is "simulator". */
  virtual: VirtualLineDevice | undefined;
}

export interface OpenedLineDevices {
  scanner: OpenedLineDevice | undefined;
  cardReader: OpenedLineDevice | undefined;
  close(): Promise<void>;
}

/** What the log says about a dropped line: never the whole line (it may be a card number). */
export function describeDropped(d: Dropped): string {
  if (d.kind === 'overlong') return `an overlong line (${d.length} characters) was dropped`;
  if (d.kind === 'garbage') return `a line with bytes no code has (${d.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}) was dropped`;
  if (d.kind === 'partial') return `an unfinished line (${d.text.length} characters, no end) was dropped`;
  return `a line cut off by the port's loss (${d.text.length} characters) was dropped`;
}

function openOne(kind: LineDeviceKind, settings: LineDeviceConfig | undefined, log: Log): { opened: OpenedLineDevice; reader: LineReader } | undefined {
  if (!settings) return undefined;
  const virtual = settings.port === SIMULATOR_PORT ? createVirtualLineDevice(settings.lineEnding) : undefined;
  const reader = createLineReader({
    open: virtual ? () => virtual.openPort() : serialPortOpener({ path: settings.port, baudRate: settings.baudRate }),
    ending: settings.lineEnding,
    maxLength: settings.maxLineLength,
    // A scanner sends a code in one burst of a few ms; half a second of silence mid-line is a cut-off one.
    partialTimeoutMs: 500,
  });
  reader.onDropped((d) => log('warn', `${kind} (${settings.port}): ${describeDropped(d)}`));
  reader.onStateChange((state) => log(state === 'online' ? 'info' : 'warn', `${kind} (${settings.port}) is ${state}`, state === 'offline' ? reader.stats().lastError : undefined));
  const device: LineDevice = {
    port: settings.port,
    get state() {
      return reader.state;
    },
    stats: () => reader.stats(),
    onLine: (listener) => reader.onLine(listener),
  };
  return { opened: { device, settings, virtual }, reader };
}

export function openLineDevices(config: Pick<CabinetConfig, 'scanner' | 'cardReader'>, log: Log): OpenedLineDevices {
  const scanner = openOne('scanner', config.scanner, log);
  const cardReader = openOne('cardReader', config.cardReader, log);
  return {
    scanner: scanner?.opened,
    cardReader: cardReader?.opened,
    async close() {
      await scanner?.reader.close();
      await cardReader?.reader.close();
    },
  };
}
