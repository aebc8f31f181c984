// The web harness as a child process, as `npm run web` runs it, with what a fuzz run watches from
// outside: whether it is alive, what it printed to stderr, its resident memory from
// /proc/<pid>/status, and its data directory's size.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { until } from '../until';

const repo = join(import.meta.dirname, '..', '..', '..');

export interface HarnessProcess {
  child: ChildProcess;
  port: number;
  dataDir: string;
  stderrFile: string;
  /** Lines of stderr that name an uncaught exception or unhandled rejection (the harness survived them, but a handler missed). */
  uncaught(): string[];
  /** Handlers that threw or answered outside their schema (the caller got 'internal'), with the lines after. */
  internal(): string[];
  stderrBytes(): number;
  /** VmRSS in MiB, or NaN once the process is gone. */
  rssMiB(): number;
  /** Bytes in the data directory (database, its WAL, the log file). */
  diskBytes(): number;
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** What stderr says about handlers that missed: uncaught errors, and 'internal' answers with their stack. */
function scanStderr(text: string): { uncaught: string[]; internal: string[] } {
  const uncaught: string[] = [];
  const internal: string[] = [];
  let following = 0;
  for (const line of text.split('\n')) {
    if (/uncaught|unhandled/i.test(line) && uncaught.length < 50) uncaught.push(line.slice(0, 500));
    if (/handler threw|outside its schema/.test(line)) following = 6;
    if (following > 0 && internal.length < 200) internal.push(line.slice(0, 300));
    following = Math.max(0, following - 1);
  }
  return { uncaught, internal };
}

export async function startHarnessProcess(): Promise<HarnessProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'web-fuzz-'));
  // stderr goes to a file, not a pipe: the dispatcher warns about every refused call, and writes to
  // a pipe the test reads slowly pile up in the child's memory, which would blur its RSS.
  const stderrFile = `${dataDir}-stderr.log`;
  const stderrFd = openSync(stderrFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', '--port', '0', '--data-dir', dataDir], { cwd: repo, stdio: ['ignore', 'pipe', stderrFd] });
  closeSync(stderrFd);
  const scan = () => scanStderr(readFileSync(stderrFile, 'utf8'));
  let stdout = '';
  const ready = /web harness: http:\/\/127\.0\.0\.1:(\d+)\//;
  child.stdout?.on('data', (c: Buffer) => {
    if (!ready.test(stdout)) stdout += c.toString();
  });
  await until(() => ready.test(stdout) || child.exitCode !== null, 40_000, 'the harness to start');
  if (child.exitCode !== null) throw new Error(`the harness exited at start: ${child.exitCode}`);
  const port = Number(ready.exec(stdout)?.[1]);
  return {
    child,
    port,
    dataDir,
    stderrFile,
    uncaught: () => scan().uncaught,
    internal: () => scan().internal,
    stderrBytes: () => statSync(stderrFile).size,
    diskBytes: () => bytesUnder(dataDir),
    rssMiB: () => {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : Number.NaN;
      } catch {
        return Number.NaN;
      }
    },
  };
}

/** Samples a number every `everyMs` until stopped: first, peak and last. */
export function sampler(read: () => number, everyMs: number) {
  const values: number[] = [read()];
  const timer = setInterval(() => values.push(read()), everyMs);
  return {
    stop() {
      clearInterval(timer);
      values.push(read());
      const finite = values.filter(Number.isFinite);
      return { first: finite[0] ?? Number.NaN, peak: Math.max(...finite), last: finite[finite.length - 1] ?? Number.NaN, samples: finite.length };
    },
  };
}

export interface Reply {
  id?: unknown;
  response?: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  event?: string;
  data?: unknown;
}

/** A WebSocket to the harness as a page would open it (its own screen id, if given). */
export function openSocket(port: number, screen?: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${screen ? `?screen=${screen}` : ''}`, { maxPayload: 16 * 1024 * 1024 });
  return new Promise((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
}

/** One contract call on `ws`, answered by id; events that arrive meanwhile go to `onEvent`. */
export function callOn(ws: WebSocket, id: number, method: string, payload: unknown, onEvent: (r: Reply) => void = () => {}): Promise<NonNullable<Reply['response']>> {
  return new Promise((resolve, reject) => {
    const listener = (raw: WebSocket.RawData) => {
      const reply = JSON.parse(raw.toString()) as Reply;
      if (reply.event) return onEvent(reply);
      if (reply.id !== id) return;
      ws.off('message', listener);
      if (reply.response) resolve(reply.response);
      else reject(new Error(`no response in ${raw.toString().slice(0, 200)}`));
    };
    ws.on('message', listener);
    ws.send(JSON.stringify({ id, method, payload }));
  });
}
