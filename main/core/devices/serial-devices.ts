// The serial scanner and staff-card reader in the core: each code read becomes a screen event (the
// screen decides what a scan means, as for a keyboard-wedge scanner), a card number only when it is
// well-formed; and the technician's device list (every device's port, model and status) with the
// read test of the two line devices. The devices themselves are opened by main/app.
import { CARD_ID, devicesAccess, type devicesMethods, type DeviceView } from '../../contract/devices-api';
import type { EventData } from '../../contract/api';
import { CabinetError } from '../../contract/errors';
import type { Handlers } from '../../contract/dispatch';
import type { Clock } from '../clock';
import type { CabinetConfig } from '../config';
import type { BusLink, LineDevice } from '../ports';
import type { Accounts } from '../staff/accounts';

export interface SerialDevicesDeps {
  config: CabinetConfig;
  scanner: LineDevice | undefined;
  cardReader: LineDevice | undefined;
  links: ReadonlyMap<string, BusLink>;
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  emitScan(data: EventData<'devices.scanned'>): void;
  emitCard(data: EventData<'devices.card'>): void;
  /** The printer's status read now, if there is a printer (printing.ts). */
  printerStatus(): Promise<{ problems: string[]; detail?: string } | undefined>;
  /** The configuration file's problems as it would load now (empty when it loads, or there is none). */
  configProblems(): string[];
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
}

/** A card number shown to the technician: its last four characters only. */
export const maskCard = (id: string): string => `${'•'.repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;

function lineView(kind: 'scanner' | 'card-reader', device: LineDevice, model: string | undefined): DeviceView {
  const s = device.stats();
  const counts = `${s.lines} read, ${s.dropped} dropped, ${s.reconnects} reconnects`;
  return {
    kind,
    id: kind,
    port: device.port,
    ...(model ? { model } : {}),
    state: device.state,
    detail: device.state === 'online' || !s.lastError ? counts : `${counts}; ${s.lastError}`,
    test: 'read',
  };
}

/** The ID-card reader's section, once the configuration has one (read loosely: another part adds it). */
function idCardReaderView(config: CabinetConfig): DeviceView | undefined {
  const section = (config as { idCardReader?: { port?: unknown; model?: unknown } }).idCardReader;
  if (!section || typeof section.port !== 'string') return undefined;
  return { kind: 'id-card-reader', id: 'id-card-reader', port: section.port, model: typeof section.model === 'string' ? section.model : 'GA 467 SAM host protocol', state: 'configured', test: null };
}

export function createSerialDevices(deps: SerialDevicesDeps) {
  const { config } = deps;
  deps.scanner?.onLine((text) => deps.emitScan({ text }));
  deps.cardReader?.onLine((text) => {
    if (CARD_ID.test(text)) deps.emitCard({ cardId: text });
    else deps.log('warn', `cardReader (${deps.cardReader?.port}): a line that is no card number (${text.length} characters) was ignored`);
  });

  async function devices(): Promise<DeviceView[]> {
    const list: DeviceView[] = config.buses.map((bus) => {
      const link = deps.links.get(bus.id);
      const stats = link?.stats();
      return { kind: 'lock-bus', id: bus.id, port: bus.port, model: bus.protocol, state: link?.state ?? 'closed', ...(stats?.lastError ? { detail: stats.lastError } : {}), test: 'bus-scan' };
    });
    if (config.printer) {
      const status = await deps.printerStatus();
      const problems = status?.problems ?? [];
      const detail = [problems.join(', '), status?.detail].filter(Boolean).join('; ');
      list.push({ kind: 'printer', id: 'printer', port: config.printer.port, model: 'ESC/POS', state: problems.length > 0 ? 'problem' : 'online', ...(detail ? { detail } : {}), test: 'print' });
    }
    if (deps.scanner) list.push(lineView('scanner', deps.scanner, config.scanner?.model));
    if (deps.cardReader) list.push(lineView('card-reader', deps.cardReader, config.cardReader?.model));
    const idReader = idCardReaderView(config);
    if (idReader) list.push(idReader);
    return list;
  }

  /** The next code the device reads within `ms`, or undefined. */
  function nextLine(device: LineDevice, ms: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const off = device.onLine((text) => {
        deps.clock.clearTimeout(timer);
        off();
        resolve(text);
      });
      const timer = deps.clock.setTimeout(() => {
        off();
        resolve(undefined);
      }, ms);
    });
  }

  function handlers(accounts: Accounts): Handlers<typeof devicesMethods> {
    return {
      'diagnostics.devices': async ({ token }) => {
        accounts.require(token, devicesAccess['diagnostics.devices']);
        return { devices: await devices(), configProblems: deps.configProblems() };
      },
      'diagnostics.deviceTest': async ({ token, device, waitSeconds }) => {
        accounts.require(token, devicesAccess['diagnostics.deviceTest']);
        const line = device === 'scanner' ? deps.scanner : deps.cardReader;
        if (!line) throw new CabinetError('not-found', `no ${device} is configured`);
        const text = await nextLine(line, waitSeconds * 1000);
        if (text === undefined) return { read: false, detail: `nothing read on ${line.port} within ${waitSeconds} s (state ${line.state})` };
        return { read: true, text: device === 'cardReader' ? maskCard(text) : text, detail: `read on ${line.port}` };
      },
    };
  }

  return { handlers, devices };
}
