// Builds one LockBus per configured bus: the protocol codec, the transport over a real serial
// port or the built-in simulator, and the board driver. With port "simulator" the virtual boards
// run in process and speak the real protocol byte for byte through the same transport code.
import type { LockBus } from '../../hardware/lock-bus';
import { createLockBus } from '../../hardware/boards/lock-bus-driver';
import { codecForProtocol } from '../../hardware/protocols/codec-for-protocol';
import { createSimulatorPort } from '../../hardware/simulator/simulator-port';
import { createVirtualBus, type VirtualBus } from '../../hardware/simulator/virtual-bus';
import { createBusTransport, type BusTransport } from '../../hardware/transport/bus-transport';
import { serialPortOpener } from '../../hardware/transport/serial-port';
import type { CabinetConfig } from '../core/config';
import { SIMULATOR_PORT } from '../core/ports';

export interface SimulatedDoors {
  doors(): { label: string; column: number; row: number; open: boolean }[];
  /** An open door is closed (a resident's hand); a closed one is forced open. */
  press(label: string): void;
  /** A jammed door stays shut when its lock fires (the sensor never reports it open). */
  jam(label: string, jammed: boolean): void;
  frames(limit: number): { at: number; bus: string; hex: string; meaning: string }[];
  onDoorsChanged(listener: () => void): () => void;
}

export interface OpenedBuses {
  buses: Map<string, LockBus>;
  transports: Map<string, BusTransport>;
  /** The in-process simulator, when at least one bus is simulated. */
  simulator: SimulatedDoors | undefined;
  virtualBuses: Map<string, VirtualBus>;
  close(): Promise<void>;
}

export async function openBuses(config: CabinetConfig, log: (level: 'info' | 'warn', message: string) => void): Promise<OpenedBuses> {
  const buses = new Map<string, LockBus>();
  const transports = new Map<string, BusTransport>();
  const virtualBuses = new Map<string, VirtualBus>();

  for (const bus of config.buses) {
    let open;
    if (bus.port === SIMULATOR_PORT) {
      const virtual = createVirtualBus({ protocol: bus.protocol, boards: bus.boards, baudRate: bus.baudRate });
      virtualBuses.set(bus.id, virtual);
      open = async () => createSimulatorPort(virtual);
    } else {
      open = serialPortOpener({ path: bus.port, baudRate: bus.baudRate });
    }
    // The transport keeps its own monotonic clock: a wall-clock jump must not stretch its gaps.
    const transport = createBusTransport({ open, baudRate: bus.baudRate });
    transport.onStateChange((state) => log(state === 'online' ? 'info' : 'warn', `bus ${bus.id} (${bus.port}) is ${state}`));
    transports.set(bus.id, transport);
    const openReplyTimeoutMs = bus.openReplyTimeoutMs === undefined ? {} : { openReplyTimeoutMs: bus.openReplyTimeoutMs };
    buses.set(bus.id, createLockBus({ codec: codecForProtocol(bus.protocol, bus.boards), transport, ...openReplyTimeoutMs }));
  }

  let simulator: SimulatedDoors | undefined;
  if (virtualBuses.size > 0) {
    const placed = config.compartments.filter((c) => virtualBuses.has(c.bus));
    const byLabel = new Map(placed.map((c) => [c.label, c]));
    const virtualOf = (busId: string): VirtualBus => virtualBuses.get(busId) as VirtualBus;
    simulator = {
      doors: () => placed.map((c) => ({ label: c.label, column: c.column, row: c.row, open: virtualOf(c.bus).door(c.board, c.lock).open })),
      press(label) {
        const c = byLabel.get(label);
        if (!c) throw new RangeError(`no simulated compartment ${label}`);
        const virtual = virtualOf(c.bus);
        if (virtual.door(c.board, c.lock).open) virtual.closeDoor(c.board, c.lock);
        else virtual.forceOpen(c.board, c.lock);
      },
      jam(label, jammed) {
        const c = byLabel.get(label);
        if (!c) throw new RangeError(`no simulated compartment ${label}`);
        virtualOf(c.bus).setJammed(c.board, c.lock, jammed);
      },
      frames(limit) {
        const all = [...virtualBuses].flatMap(([busId, v]) =>
          v.log().filter((e) => e.kind === 'rx').map((e) => ({ at: e.at, bus: busId, hex: e.hex, meaning: e.meaning })),
        );
        return all.sort((a, b) => a.at - b.at).slice(-limit);
      },
      onDoorsChanged(listener) {
        const unsubscribe = [...virtualBuses.values()].map((v) => v.onDoorChange(() => listener()));
        return () => unsubscribe.forEach((u) => u());
      },
    };
  }

  return {
    buses,
    transports,
    simulator,
    virtualBuses,
    async close() {
      await Promise.all([...transports.values()].map((t) => t.close()));
      virtualBuses.forEach((v) => v.dispose());
    },
  };
}
