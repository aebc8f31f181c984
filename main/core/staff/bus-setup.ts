// The technician's bus settings: which serial ports exist, which boards answer on a bus, and saving
// new bus settings to the configuration file — validated with the same schema as at start-up,
// refused field by field when wrong, applied at the next start (a live bus is never re-wired).
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { scanBus } from '../../../hardware/boards/scan-bus';
import { listSerialDeviceNodes } from '../../../hardware/cli/ports';
import { codecForProtocol } from '../../../hardware/protocols/codec-for-protocol';
import type { BusTransport } from '../../../hardware/transport/bus-transport';
import { listPorts } from '../../../hardware/transport/serial-port';
import { CabinetError } from '../../contract/errors';
import { ConfigError, parseConfig, type CabinetConfig } from '../config';

export async function availablePorts(): Promise<{ path: string; description: string }[]> {
  try {
    return (await listPorts()).map((p) => ({ path: p.path, description: [p.manufacturer, p.serialNumber].filter(Boolean).join(' ') }));
  } catch {
    // No udev (containers, some kiosk images): the device nodes are still there.
    return (await listSerialDeviceNodes()).map((path) => ({ path, description: '' }));
  }
}

export async function scanLiveBus(config: CabinetConfig, transports: ReadonlyMap<string, BusTransport>, busId: string) {
  const bus = config.buses.find((b) => b.id === busId);
  const transport = transports.get(busId);
  if (!bus || !transport) throw new CabinetError('not-found', `No bus ${busId}.`);
  const addresses = bus.protocol === 'generic' ? Array.from({ length: 32 }, (_, i) => i + 1) : Array.from({ length: 10 }, (_, i) => i);
  const results = await scanBus(transport, (boards) => codecForProtocol(bus.protocol, boards), addresses, { timeoutMs: 150 });
  return results.filter((r) => r.answered).map((r) => ({ address: r.address, statusBytes: r.answered && r.statusBytes !== undefined ? r.statusBytes : null }));
}

/** Validate the configuration with new buses and write it atomically (temp file + rename). */
export function saveBuses(config: CabinetConfig, configPath: string, buses: unknown): { saved: true; restartRequired: true; path: string } {
  let next: CabinetConfig;
  try {
    next = parseConfig({ ...config, buses }, 'new bus settings');
  } catch (error) {
    if (error instanceof ConfigError) throw new CabinetError('bad-request', error.issues.join('; '));
    throw error;
  }
  if (!existsSync(dirname(configPath))) mkdirSync(dirname(configPath), { recursive: true });
  const temp = `${configPath}.tmp`;
  writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, configPath);
  return { saved: true, restartRequired: true, path: configPath };
}
