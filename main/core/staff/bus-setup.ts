// The technician's bus settings: saving new bus settings to the configuration file — validated with
// the same schema as at start-up, refused field by field when wrong, applied at the next start (a
// live bus is never re-wired). Which serial ports exist and which boards answer on a bus is the
// BusScanner port (ports.ts), provided by the app (main/app/bus-scan.ts).
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CabinetError } from '../../contract/errors';
import { ConfigError, parseConfig, type CabinetConfig } from '../config';

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
