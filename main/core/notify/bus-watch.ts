// A bus that stays offline is a technician's problem: after `offlineMs` without coming back, one
// 'bus-offline' alarm per outage (the alarm handler writes the technician's outbox message).
import type { Clock, TimerHandle } from '../clock';
import type { LinkState } from '../ports';

export interface WatchedBus {
  readonly state: LinkState;
  onStateChange(listener: (state: LinkState) => void): () => void;
}

export const BUS_OFFLINE_ALARM_MS = 60_000;

export function watchBuses(
  transports: ReadonlyMap<string, WatchedBus>,
  clock: Clock,
  raise: (busId: string, since: number, state: LinkState) => void,
  offlineMs = BUS_OFFLINE_ALARM_MS,
): () => void {
  const timers = new Map<string, TimerHandle>();
  const unsubscribe: (() => void)[] = [];
  const changed = (busId: string, state: LinkState) => {
    const down = state === 'offline' || state === 'connecting';
    if (!down) {
      const t = timers.get(busId);
      if (t !== undefined) clock.clearTimeout(t);
      timers.delete(busId);
      return;
    }
    if (timers.has(busId)) return; // already counting this outage
    const since = clock.now();
    timers.set(
      busId,
      clock.setTimeout(() => raise(busId, since, state), offlineMs),
    );
  };
  for (const [busId, transport] of transports) {
    unsubscribe.push(transport.onStateChange((state) => changed(busId, state)));
    changed(busId, transport.state);
  }
  return () => {
    for (const off of unsubscribe) off();
    for (const t of timers.values()) clock.clearTimeout(t);
    timers.clear();
  };
}
