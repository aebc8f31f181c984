// Restarting the application after a technician saves settings (ADR 0012). The shell supplies how
// (Electron relaunches itself; the web harness exits with RESTART_EXIT_CODE for its supervisor);
// this runs it once, a moment after the answer has gone back to the console.
import type { Restarter } from '../core/ports';

/** EX_TEMPFAIL: "try again". The systemd unit restarts on it (RestartForceExitStatus=75). */
export const RESTART_EXIT_CODE = 75;

export function deferredRestarter(run: () => Promise<void> | void, log: (message: string, error?: unknown) => void, delayMs = 500): Restarter {
  let requested = false;
  return {
    restart() {
      if (requested) return;
      requested = true;
      log('restart requested from the console');
      setTimeout(() => {
        Promise.resolve()
          .then(run)
          .catch((error: unknown) => log('restart failed', error));
      }, delayMs);
    },
  };
}
