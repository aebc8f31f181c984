// What a technician sees of the hardware: each bus's link state and error counters, a live grid of
// door sensors and compartment states, and the serial traffic as hex with timestamps (traffic-log.ts).
import { toHex } from '../../../hardware/protocols/bytes';
import type { BusLink, LinkTraffic as TrafficEvent } from '../ports';
import type { CompartmentsRepo } from '../../store/compartments-repo';
import type { CabinetConfig } from '../config';

import { createTrafficLog, trafficKind, type TrafficFilter } from './traffic-log';

export function createDiagnostics(deps: { compartments: CompartmentsRepo; config: CabinetConfig; transports: ReadonlyMap<string, BusLink>; doorOpen(label: string): boolean | undefined; now(): number }) {
  const { compartments } = deps;
  const traffic = createTrafficLog();
  for (const [bus, transport] of deps.transports) {
    transport.onTraffic((e: TrafficEvent) => {
      const board = typeof e.about?.board === 'number' ? e.about.board : null;
      traffic.add({ at: deps.now(), bus, direction: e.direction, hex: toHex(e.bytes), kind: trafficKind(e.about), board, lock: e.about?.lock ?? null });
    });
  }

  return {
    buses: () =>
      deps.config.buses.map((b) => {
        const t = deps.transports.get(b.id);
        const s = t?.stats();
        return {
          id: b.id,
          port: b.port,
          protocol: b.protocol,
          baudRate: b.baudRate,
          state: t?.state ?? 'closed',
          boards: b.boards.map((x) => ({ address: x.address, channels: x.channels, statusBytes: x.statusBytes ?? null, statusByteOrder: x.statusByteOrder, polarity: x.polarity })),
          counters: {
            transactions: s?.transactions ?? 0,
            timeouts: s?.timeouts ?? 0,
            badFrames: s?.badFrames ?? 0,
            junkBytesSkipped: s?.junkBytesSkipped ?? 0,
            reconnects: s?.reconnects ?? 0,
          },
          lastError: s?.lastError ?? null,
        };
      }),
    doors: () => {
      const states = new Map(compartments.all().map((r) => [r.label, r.state]));
      return deps.config.compartments.map((c) => ({
        label: c.label,
        bus: c.bus,
        board: c.board,
        lock: c.lock,
        column: c.column,
        row: c.row,
        size: c.size,
        open: deps.doorOpen(c.label) ?? null,
        state: states.get(c.label) ?? 'free',
      }));
    },
    traffic: (filter: TrafficFilter) => traffic.query(filter),
  };
}
export type Diagnostics = ReturnType<typeof createDiagnostics>;
