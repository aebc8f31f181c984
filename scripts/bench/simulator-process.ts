// scripts/simulator.ts as a separate process on one end of a socat pseudo-terminal pair, the way
// a technician runs it: the host opens the other end with the real `serialport`. Used by
// scripts/bench-hardware.ts and tests/integration/faults-pty.test.ts.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SimulatorProcess {
  /** The host's end of the pair: open it with serialPortOpener. */
  readonly hostPath: string;
  /** The simulator's `ready …` line. */
  readonly readyLine: string;
  /** Delays the simulator announced in its ready line. */
  readonly openReplyDelayMs: number;
  readonly replyDelayMs: number;
  /** Everything the simulator printed so far (stdout and stderr). */
  output(): string;
  /** Sends one stdin command and waits for its answer ("ok" for most; `until` for others). */
  command(line: string, until?: string | RegExp): Promise<string>;
  /** Sends one command that answers with several lines (log, status) and returns them. */
  query(line: string): Promise<string>;
  /** Waits until the output after `from` (an output().length) matches. */
  waitForOutput(pattern: string | RegExp, from?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

const repo = join(import.meta.dirname, '..', '..');

async function waitUntil(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/** `args` go to scripts/simulator.ts after `--pty`, e.g. ['--protocol', 'generic', '--pace']. */
export async function startSimulatorProcess(args: readonly string[]): Promise<SimulatorProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cabinet-sim-'));
  const boardSide = join(dir, 'A');
  const hostPath = join(dir, 'B');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${boardSide}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: 'ignore',
  });
  let sim: ChildProcessWithoutNullStreams | undefined;
  const cleanup = async (): Promise<void> => {
    const exits: Array<Promise<unknown>> = [];
    for (const child of [sim, socat]) {
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      exits.push(new Promise((resolve) => child.once('exit', resolve)));
      child.kill('SIGTERM');
    }
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 3000))]);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntil(() => existsSync(boardSide) && existsSync(hostPath), 'the socat pty links', 5000);
    // tsx's own node, without npx: one process less, and it dies with SIGTERM.
    const tsxCli = join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    sim = spawn(process.execPath, [tsxCli, join(repo, 'scripts', 'simulator.ts'), '--pty', boardSide, ...args], { cwd: repo });
    let out = '';
    sim.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    sim.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const child = sim;
    await waitUntil(() => /^ready .*$/m.test(out) || child.exitCode !== null, 'the simulator to print "ready"', 20_000);
    const readyLine = /^ready .*$/m.exec(out)?.[0];
    if (!readyLine) throw new Error(`the simulator did not start: ${out.trim()}`);
    const delay = (name: string): number => Number(new RegExp(`(?:^|\\s)${name}=([\\d.]+)`).exec(readyLine)?.[1] ?? NaN);

    let queries = 0;
    const waitForOutput = (pattern: string | RegExp, from = 0, timeoutMs = 5000): Promise<void> =>
      waitUntil(() => matches(out.slice(from), pattern), `simulator output ${String(pattern)}`, timeoutMs);

    return {
      hostPath,
      readyLine,
      openReplyDelayMs: delay('open-reply-ms'),
      replyDelayMs: delay('reply-ms'),
      output: () => out,
      async command(line, until = /^ok$/m) {
        const from = out.length;
        child.stdin.write(`${line}\n`);
        const refused = /^(error: .*|unknown .*)$/m;
        await waitUntil(() => matches(out.slice(from), until) || refused.test(out.slice(from)), `"${line}" to be answered`, 5000);
        const answer = out.slice(from);
        const refusal = refused.exec(answer);
        if (refusal && !matches(answer, until)) throw new Error(`simulator refused "${line}": ${refusal[0]}`);
        return answer;
      },
      async query(line) {
        // The simulator answers commands in order: an unknown marker command ends the answer.
        const marker = `#end-${(queries += 1)}`;
        const from = out.length;
        child.stdin.write(`${line}\n${marker}\n`);
        const end = `unknown command "${marker}"`;
        await waitForOutput(end, from);
        const answer = out.slice(from);
        return answer.slice(0, answer.indexOf(end));
      },
      waitForOutput,
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
