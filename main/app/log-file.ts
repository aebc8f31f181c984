// The cabinet's own log: one JSON line per event in <dataDir>/logs/cabinet-YYYY-MM-DD.log, kept
// for two weeks, exported by the technician. Logging never takes the cabinet down: a full disk
// or a read-only directory loses log lines, not deposits. The core sees it as the LogExport port.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { toLocalDate } from '../core/cases/working-days';

const KEEP_DAYS = 14;

export type LogLevel = 'info' | 'warn' | 'error';

export function createLogFile(dataDir: string, now: () => number = Date.now) {
  const dir = join(dataDir, 'logs');
  let failed = false;
  try {
    mkdirSync(dir, { recursive: true });
    const cutoff = toLocalDate(now() - KEEP_DAYS * 86_400_000);
    for (const name of readdirSync(dir)) {
      const date = /^cabinet-(\d{4}-\d{2}-\d{2})\.log$/.exec(name)?.[1];
      if (date && date < cutoff) unlinkSync(join(dir, name));
    }
  } catch {
    failed = true;
  }

  return {
    write(level: LogLevel, message: string, detail?: unknown): void {
      const at = now();
      const line = JSON.stringify({ at: new Date(at).toISOString(), level, message, ...(detail === undefined ? {} : { detail: detail instanceof Error ? detail.message : detail }) });
      try {
        appendFileSync(join(dir, `cabinet-${toLocalDate(at)}.log`), `${line}\n`);
        failed = false;
      } catch (error) {
        // Say so once on the console, then keep going.
        if (!failed) console.error(`[cabinet] cannot write the log file: ${(error as Error).message}`);
        failed = true;
      }
    },
    /** The last `days` days of log, oldest first, as one text. */
    export(days: number): string {
      try {
        const names = readdirSync(dir).filter((n) => /^cabinet-\d{4}-\d{2}-\d{2}\.log$/.test(n)).sort().slice(-days);
        return names.map((n) => readFileSync(join(dir, n), 'utf8')).join('');
      } catch {
        return '';
      }
    },
  };
}
export type LogFile = ReturnType<typeof createLogFile>;
