// The core's UpdatePort over the installer (ADR 0019): refusals become CabinetErrors the console
// shows as they are, and the version this process runs is confirmed healthy once it has stayed
// up healthySeconds (the launcher rolls back one that never gets there).
import { CabinetError } from '../../contract/errors';
import type { Timers } from '../../core/clock';
import type { UpdatesConfig } from '../../core/config';
import type { UpdatePort } from '../../core/ports';
import { createUpdates, UpdateRefused } from './installer';

type Log = (level: 'info' | 'warn', message: string, detail?: unknown) => void;

const refusal = (error: unknown): never => {
  if (error instanceof UpdateRefused) throw new CabinetError(error.problem === 'not-found' ? 'not-found' : 'conflict', error.message);
  throw error;
};

export function openUpdates(config: UpdatesConfig, runningVersion: string, timers: Timers, log: Log): { port: UpdatePort; stop(): void } {
  const updates = createUpdates(config, runningVersion, log);
  const timer = timers.setTimeout(() => {
    try {
      updates.confirmHealthy();
    } catch (error) {
      log('warn', 'could not mark this version healthy', error);
    }
  }, config.healthySeconds * 1000);
  const port: UpdatePort = {
    state: () => ({ ...updates.state(), configured: true }),
    apply(file) {
      try {
        return updates.apply(file);
      } catch (error) {
        return refusal(error);
      }
    },
    rollback() {
      try {
        return updates.rollback();
      } catch (error) {
        return refusal(error);
      }
    },
  };
  return { port, stop: () => timers.clearTimeout(timer) };
}
