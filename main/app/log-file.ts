// The cabinet's own log: one JSON line per event (pino) in <dataDir>/logs/cabinet-YYYY-MM-DD[.N].log.
// Rotated by day and by size, kept >= 180 days (Cybersecurity Law Art. 21 asks for six months of
// network logs) under a total size cap, exported by the technician. Main, renderer crashes and IPC
// errors all come here (`source`). Logging never takes the cabinet down: a full disk or a
// read-only directory loses log lines, not deposits. The core sees it as the LogExport port.
//
// Why our own sink rather than pino-roll: pino-roll writes from a worker thread (lines in flight
// are lost on a power cut), opens its stream asynchronously, and has no total size cap. Lines here
// are appended synchronously, as before, so the last line before a crash is on disk.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { toLocalDate } from '../core/cases/working-days';

export type LogLevel = 'info' | 'warn' | 'error';
/** Where a line comes from: the main process, the renderer (crashes), or the IPC dispatcher. */
export type LogSource = 'main' | 'renderer' | 'ipc';

export interface LogLimits {
  /** Days kept (by the date in the file name). */
  keepDays: number;
  /** A file that would grow past this starts a new part for the same day. */
  maxFileBytes: number;
  /** The oldest files go first when the directory would exceed this. */
  maxTotalBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { keepDays: 190, maxFileBytes: 16 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };

const NAME = /^cabinet-(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.log$/;

export interface LogFileInfo {
  name: string;
  date: string;
  part: number;
  size: number;
}

export function parseLogName(name: string): { date: string; part: number } | undefined {
  const m = NAME.exec(name);
  return m ? { date: m[1]!, part: m[2] ? Number(m[2]) : 0 } : undefined;
}

export function logName(date: string, part: number): string {
  return part === 0 ? `cabinet-${date}.log` : `cabinet-${date}.${part}.log`;
}

/** Oldest first: by date, then part. */
export function byAge(a: LogFileInfo, b: LogFileInfo): number {
  return a.date === b.date ? a.part - b.part : a.date < b.date ? -1 : 1;
}

/** Which files to delete: those older than the cutoff date, then the oldest until under the cap (never `current`). */
export function planPrune(files: LogFileInfo[], cutoffDate: string, maxTotalBytes: number, current?: string): string[] {
  const sorted = [...files].sort(byAge);
  const doomed = sorted.filter((f) => f.date < cutoffDate && f.name !== current);
  const kept = sorted.filter((f) => !doomed.includes(f));
  let total = kept.reduce((sum, f) => sum + f.size, 0);
  for (const f of kept) {
    if (total <= maxTotalBytes) break;
    if (f.name === current) continue;
    doomed.push(f);
    total -= f.size;
  }
  return doomed.map((f) => f.name);
}

function listLogs(dir: string): LogFileInfo[] {
  return readdirSync(dir).flatMap((name) => {
    const parsed = parseLogName(name);
    return parsed ? [{ name, ...parsed, size: statSync(join(dir, name)).size }] : [];
  });
}

/** A synchronous, rotating destination for pino. */
function rotatingSink(dir: string, now: () => number, limits: LogLimits, onError: (error: Error) => void) {
  let current: { date: string; part: number; size: number } | undefined;

  function prune(): void {
    const name = current ? logName(current.date, current.part) : undefined;
    const cutoff = toLocalDate(now() - limits.keepDays * 86_400_000);
    for (const doomed of planPrune(listLogs(dir), cutoff, limits.maxTotalBytes, name)) unlinkSync(join(dir, doomed));
  }

  function target(bytes: number): string {
    const date = toLocalDate(now());
    if (!current || current.date !== date) {
      // Start of the day (or of the process): continue the day's last part.
      const today = listLogs(dir).filter((f) => f.date === date).sort(byAge).at(-1);
      current = { date, part: today?.part ?? 0, size: today?.size ?? 0 };
      prune();
    }
    if (current.size > 0 && current.size + bytes > limits.maxFileBytes) {
      current = { date, part: current.part + 1, size: 0 };
      prune();
    }
    return join(dir, logName(current.date, current.part));
  }

  return {
    prune,
    /** False when the line was lost. */
    write(line: string): boolean {
      try {
        const bytes = Buffer.byteLength(line);
        appendFileSync(target(bytes), line);
        current!.size += bytes;
        return true;
      } catch (error) {
        current = undefined;
        onError(error as Error);
        return false;
      }
    },
  };
}

function detailOf(detail: unknown): unknown {
  return detail instanceof Error ? { message: detail.message, ...(detail.stack ? { stack: detail.stack } : {}) } : detail;
}

export function createLogFile(dataDir: string, now: () => number = Date.now, limits: LogLimits = DEFAULT_LOG_LIMITS) {
  const dir = join(dataDir, 'logs');
  let failed = false;
  const sink = rotatingSink(dir, now, limits, (error) => {
    // Say so once on the console, then keep going.
    if (!failed) console.error(`[cabinet] cannot write the log file: ${error.message}`);
    failed = true;
  });
  try {
    mkdirSync(dir, { recursive: true });
    sink.prune();
  } catch {
    failed = true;
  }
  const logger = pino(
    { base: null, messageKey: 'message', timestamp: () => `,"at":"${new Date(now()).toISOString()}"`, formatters: { level: (label) => ({ level: label }) } },
    {
      write: (line: string) => {
        if (sink.write(line)) failed = false;
      },
    },
  );

  return {
    write(level: LogLevel, message: string, detail?: unknown, source: LogSource = 'main'): void {
      logger[level]({ source, ...(detail === undefined ? {} : { detail: detailOf(detail) }) }, message);
    },
    /** The last `days` days of log, oldest first, as one text. */
    export(days: number): string {
      try {
        const files = listLogs(dir).sort(byAge);
        const dates = [...new Set(files.map((f) => f.date))].slice(-days);
        return files.filter((f) => dates.includes(f.date)).map((f) => readFileSync(join(dir, f.name), 'utf8')).join('');
      } catch {
        return '';
      }
    },
  };
}
export type LogFile = ReturnType<typeof createLogFile>;
