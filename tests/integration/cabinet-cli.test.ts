// The technician CLI as a technician runs it: a child process (`node --import tsx scripts/cabinet.ts`)
// on the host end of a socat pty pair, the simulator process (scripts/simulator.ts) on the other
// end, driven through its stdin like a hand at the cabinet. Real serialport, real tty layer.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const socatMissing = spawnSync('socat', ['-V'], { stdio: 'ignore' }).error !== undefined;
if (socatMissing) {
  console.warn('cabinet-cli: SKIPPED — socat is not installed (apt-get install -y socat), so no pseudo-terminal pair can be made');
}

const repo = join(import.meta.dirname, '..', '..');
/** Each CLI run is a fresh node + tsx: on a starved 2-core machine that alone can take seconds. */
const CLI_BUDGET_MS = 60_000;
/** Reads that must be answered get 2 s: the simulator is another process on the same starved cores. */
const READ_TIMEOUT = '2000';

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI child that is still running (monitor): its output so far, and its end. */
interface CliChild {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  done: Promise<CliRun>;
}

function startCli(args: string[]): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cabinet.ts', ...args], { cwd: repo });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, stdout: () => stdout, done };
}

function cli(...args: string[]): Promise<CliRun> {
  return startCli(args).done;
}

describe.skipIf(socatMissing)('cabinet CLI against the simulator on a pty pair', () => {
  let dir: string;
  let boardSide: string;
  let hostSide: string;
  let socat: ReturnType<typeof spawn> | undefined;
  let sim: ChildProcessWithoutNullStreams | undefined;
  let simOut = '';

  /** Types a line into the simulator's stdin and waits for its "ok". */
  async function simCommand(line: string): Promise<void> {
    const before = simOut.length;
    sim?.stdin.write(`${line}\n`);
    await waitFor(() => simOut.slice(before).includes('ok\n'), `simulator "${line}"`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cabinet-cli-'));
    boardSide = join(dir, 'A');
    hostSide = join(dir, 'B');
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${boardSide}`, `pty,raw,echo=0,link=${hostSide}`], { stdio: 'ignore' });
    await waitFor(() => existsSync(boardSide) && existsSync(hostSide), 'socat links');
    sim = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulator.ts', '--pty', boardSide, '--protocol', 'generic', '--boards', '1x24,2x24'], { cwd: repo });
    sim.stdout.on('data', (d: Buffer) => (simOut += d.toString()));
    sim.stderr.on('data', (d: Buffer) => (simOut += d.toString()));
    await waitFor(() => simOut.includes('ready '), `simulator ready (so far: ${simOut})`, 15_000);
  }, 30_000);

  afterAll(() => {
    sim?.kill('SIGTERM');
    socat?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scan finds boards 1 and 2 and the status bytes they send', async () => {
    // The default reply timeout (300 ms): a short one (60 ms) missed board 1 on a loaded machine. The
    // 30 silent addresses then take ~9 s, so the test's budget leaves room for a busy machine.
    const r = await cli('scan', '--port', hostSide);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/board {2}1 answered in \d+ ms: 3 status bytes/);
    expect(r.stdout).toMatch(/board {2}2 answered in \d+ ms: 3 status bytes/);
    expect(r.stdout).toContain('2 boards found: 1, 2');
    expect(r.stdout).toContain('"statusBytes": 3');
  }, 60_000);

  it('status --json: every door as {board, lock, open}; a door opened by hand shows open', async () => {
    const before = await cli('status', '--port', hostSide, '--board', '1', '--timeout', READ_TIMEOUT, '--json');
    expect(before.code, before.stderr).toBe(0);
    const first = JSON.parse(before.stdout) as { board: number; settings: { statusBytes: number }; doors: Array<{ board: number; lock: number; open: boolean }> };
    expect(first.board).toBe(1);
    expect(first.settings.statusBytes).toBe(3);
    expect(first.doors).toHaveLength(24);
    expect(first.doors[0]).toEqual({ board: 1, lock: 1, open: false });
    expect(first.doors.every((d) => !d.open)).toBe(true);

    await simCommand('open 1 3');
    const after = await cli('status', '--port', hostSide, '--board', '1', '--timeout', READ_TIMEOUT, '--json');
    expect(after.code, after.stderr + after.stdout).toBe(0);
    const second = JSON.parse(after.stdout) as typeof first;
    expect(second.doors.filter((d) => d.open)).toEqual([{ board: 1, lock: 3, open: true }]);
  }, CLI_BUDGET_MS);

  it('open --json fires the lock once and reports the reading as not proof', async () => {
    const r = await cli('open', '--port', hostSide, '--board', '2', '--lock', '5', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ board: 2, lock: 5, sent: true, proof: false, reading: { board: 2, lock: 5, open: true } });
    await waitFor(() => simOut.includes('fire board 2 lock 5'), 'the simulator to fire the lock');
    expect(simOut.match(/fire board 2 lock 5/g)).toHaveLength(1);
  }, CLI_BUDGET_MS);

  it('--hex prints the real frames with timestamps', async () => {
    const r = await cli('open', '--port', hostSide, '--board', '1', '--lock', '3', '--hex');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d\d:\d\d:\d\d\.\d{3} tx 8A 01 03 11 99/);
    expect(r.stdout).toMatch(/\d\d:\d\d:\d\d\.\d{3} rx 8A 01 03/);
    expect(r.stdout).toMatch(/not proof/);
  }, CLI_BUDGET_MS);

  it('a wrong port path: port-not-found, as JSON, non-zero exit', async () => {
    const r = await cli('status', '--port', join(dir, 'no-such-port'), '--board', '1', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'port-not-found', message: expect.stringContaining('no-such-port') } });
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, CLI_BUDGET_MS);

  it('a port another program holds: port-busy', async () => {
    const r = await cli('status', '--port', boardSide, '--board', '1');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error \[port-busy\]: /);
  }, CLI_BUDGET_MS);

  it('a board that does not answer: status times out, open is outcome-unknown and not repeated', async () => {
    await simCommand('fault offline 1 on');
    try {
      const status = await cli('status', '--port', hostSide, '--board', '1', '--timeout', '100', '--json');
      expect(status.code).toBe(8);
      expect(JSON.parse(status.stdout)).toMatchObject({ error: { code: 'timeout' } });

      const open = await cli('open', '--port', hostSide, '--board', '1', '--lock', '4', '--json');
      expect(open.code).toBe(10);
      const error = (JSON.parse(open.stdout) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('outcome-unknown');
      expect(error.message).toMatch(/MAY have fired: do not repeat/);

      // The simulator's frame log: the open reached the board exactly once.
      const before = simOut.length;
      sim?.stdin.write('log 50\n');
      await waitFor(() => simOut.slice(before).includes('8A 01 04 11'), 'the simulator log');
      expect(simOut.slice(before).match(/rx\s+8A 01 04 11 9E/g)).toHaveLength(1);
    } finally {
      await simCommand('fault offline 1 off');
    }
  }, CLI_BUDGET_MS);

  it('monitor prints a door change with a timestamp and exits cleanly on SIGINT', async () => {
    const m = startCli(['monitor', '--port', hostSide, '--board', '1', '--board', '2', '--timeout', READ_TIMEOUT]);
    await waitFor(() => m.stdout().includes('Ctrl-C to stop'), `monitor to start (so far: ${m.stdout()})`, 30_000);
    expect(m.stdout()).toMatch(/open now \(board\/lock\): 1\/3, 2\/5/);
    await simCommand('close 1 3');
    await waitFor(() => /\d\d:\d\d:\d\d\.\d{3} board 1 lock 3 SHUT/.test(m.stdout()), 'the change line');
    m.child.kill('SIGINT');
    const r = await m.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stdout).toMatch(/stopped after \d+ polls?; port closed/);
    // The port was released: another command can open it at once.
    const status = await cli('status', '--port', hostSide, '--board', '1', '--timeout', READ_TIMEOUT, '--json');
    expect(status.code, status.stderr).toBe(0);
  }, CLI_BUDGET_MS);
});
