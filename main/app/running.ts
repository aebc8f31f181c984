// <dataDir>/cabinet.pid: which process runs a cabinet on this data directory, so that tools that
// must not run beside it (restore) can refuse. A file left by a killed process names a dead pid
// and is ignored.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PID_FILE = 'cabinet.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Mark the data directory as in use by this process; the returned function unmarks it. */
export function markRunning(dataDir: string, pid = process.pid): () => void {
  const file = join(dataDir, PID_FILE);
  try {
    writeFileSync(file, `${pid}\n`);
  } catch {
    // A read-only or full disk: the cabinet runs all the same (restore then cannot see it).
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(pid)) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** The pid of a live process running a cabinet on the data directory, if any. */
export function runningPid(dataDir: string, isAlive: (pid: number) => boolean = alive): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, PID_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}
