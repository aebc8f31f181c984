// The app's version and the free space of the data directory's disk, for the fleet heartbeat.
import { statfs } from 'node:fs/promises';
import packageJson from '../../package.json';
import type { SystemInfo } from '../core/ports';

export const APP_VERSION: string = packageJson.version;

export function systemInfo(dataDir: string): SystemInfo {
  return {
    version: APP_VERSION,
    async freeDiskBytes() {
      try {
        const s = await statfs(dataDir);
        return s.bavail * s.bsize;
      } catch {
        return null;
      }
    },
  };
}
