// The technician's bus settings: saving new bus settings to the configuration file (the ConfigFile
// port) — validated with the same schema as at start-up, refused field by field when wrong, applied
// at the next start (a live bus is never re-wired). Which serial ports exist and which boards
// answer on a bus is the BusScanner port (ports.ts), provided by the app (main/app/bus-scan.ts).
import { CabinetError } from '../../contract/errors';
import { ConfigError, parseConfig, type CabinetConfig } from '../config';
import type { ConfigFile } from '../ports';

/** Validate the configuration with new buses and save it (the app writes it atomically). */
export function saveBuses(config: CabinetConfig, file: ConfigFile, buses: unknown): { saved: true; restartRequired: true; path: string } {
  let next: CabinetConfig;
  try {
    next = parseConfig({ ...config, buses }, 'new bus settings');
  } catch (error) {
    if (error instanceof ConfigError) throw new CabinetError('bad-request', error.issues.join('; '));
    throw error;
  }
  return { saved: true, restartRequired: true, path: file.save(next).path };
}
