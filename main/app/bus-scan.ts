// The technician's live look at the wiring, as the core's BusScanner port: which serial ports exist
// (udev's list, or the device nodes where there is no udev), and which boards answer on a bus —
// status reads to each candidate address over the bus's own transport, so nothing opens.
import { scanBus } from '../../hardware/boards/scan-bus';
import { listSerialDeviceNodes } from '../../hardware/cli/ports';
import { codecForProtocol } from '../../hardware/protocols/codec-for-protocol';
import type { BusTransport } from '../../hardware/transport/bus-transport';
import { listPorts } from '../../hardware/transport/serial-port';
import { CabinetError } from '../contract/errors';
import type { CabinetConfig } from '../core/config';
import type { BusScanner } from '../core/ports';

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

export function createBusScanner(config: CabinetConfig, transports: ReadonlyMap<string, BusTransport>): BusScanner {
  return { ports: availablePorts, scan: (busId) => scanLiveBus(config, transports, busId) };
}
