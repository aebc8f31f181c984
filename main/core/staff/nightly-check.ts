// The nightly check, run unattended at a configured local time: which buses are offline, which
// free compartments read "open" (a door left ajar or a sensor stuck), what is out of service or
// faulty, and the error counters — reported to the technician channel. It opens nothing: a
// self-test that fires locks needs a technician at the cabinet to close the doors.
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import type { BusLink } from '../ports';
import type { Transitions } from '../cases/transitions';
import { toLocalDate } from '../cases/working-days';

export function nightlyCheck(deps: {
  repos: Pick<Repositories, 'transaction' | 'compartments' | 'outbox'>;
  config: CabinetConfig;
  transitions: Transitions;
  transports: ReadonlyMap<string, BusLink>;
  doorOpen(label: string): boolean | undefined;
  now: number;
}): { written: boolean; report: Record<string, unknown> } {
  const { repos, config, now } = deps;
  const compartments = repos.compartments.all();
  const report = {
    cabinet: config.cabinet.id,
    date: toLocalDate(now, config.cabinet.timeZone),
    busesOffline: config.buses.filter((b) => deps.transports.get(b.id)?.state !== 'online').map((b) => b.id),
    openButFree: compartments.filter((c) => c.state === 'free' && deps.doorOpen(c.label) === true).map((c) => c.label),
    unknownDoors: config.compartments.filter((c) => deps.doorOpen(c.label) === undefined).map((c) => c.label),
    fault: compartments.filter((c) => c.state === 'fault').map((c) => c.label),
    outOfService: compartments.filter((c) => c.state === 'out-of-service').map((c) => c.label),
    counters: Object.fromEntries(
      [...deps.transports].map(([id, t]) => {
        const s = t.stats();
        return [id, { transactions: s.transactions, timeouts: s.timeouts, badFrames: s.badFrames, reconnects: s.reconnects }];
      }),
    ),
  };
  const key = `nightly-check:${config.cabinet.id}:${report.date}`;
  if (repos.outbox.hasKey(key)) return { written: false, report };
  const problems = report.busesOffline.length + report.openButFree.length + report.fault.length;
  repos.transaction(() => {
    repos.outbox.add({ at: now, kind: 'nightly-check', audience: 'technician', idempotencyKey: key, payload: report });
    deps.transitions.audit.append({ at: now, actor: 'cabinet:scheduled', action: 'selftest.nightly', outcome: problems ? 'failed' : 'ok', detail: { problems } });
  });
  return { written: true, report };
}
