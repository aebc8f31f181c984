// A local crash reporter: Crashpad's minidumps of the main, renderer and GPU processes are kept in
// <dataDir>/logs/crashes beside the cabinet's log (exported with it), never uploaded.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function crashDumpsDir(dataDir: string): string {
  return join(dataDir, 'logs', 'crashes');
}

export interface CrashApi {
  app: { setPath(name: 'crashDumps', path: string): void };
  crashReporter: { start(options: { uploadToServer: false; compress: boolean; productName: string; ignoreSystemCrashHandler: boolean }): void };
}

/** Start as early as possible (before 'ready'): crashes during start-up are the interesting ones. */
export function startCrashReporter(api: CrashApi, dataDir: string): string {
  const dir = crashDumpsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  api.app.setPath('crashDumps', dir);
  api.crashReporter.start({ uploadToServer: false, compress: true, productName: 'civic-cabinet', ignoreSystemCrashHandler: true });
  return dir;
}

/** Minidumps under the folder (Crashpad keeps them in completed/, pending/, new/). 0 when absent. */
export function countCrashDumps(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.dmp')).length;
  } catch {
    return 0;
  }
}
