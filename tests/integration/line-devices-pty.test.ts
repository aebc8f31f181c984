// The serial scanner and staff-card reader on real pseudo-terminal pairs (socat), through the real
// `serialport` package: the simulated device on one end, the line reader on the other. Every fault
// knob — garbage bytes, a line cut off, an overlong line, the cable pulled and put back — is seen
// by the reader as a dropped line or a lost port, the process keeps running, and the next code reads.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLineReader, type Dropped, type LineReader } from '../../hardware/line-device/line-reader';
import type { LineEnding } from '../../hardware/line-device/lines';
import { createVirtualLineDevice, serveLineDevice, type VirtualLineDevice } from '../../hardware/simulator/virtual-line-device';
import { openSerialPort, serialPortOpener } from '../../hardware/transport/serial-port';
import type { BytePort } from '../../hardware/transport/byte-port';
import { until } from './until';

const socatMissing = spawnSync('socat', ['-V']).error !== undefined;
if (socatMissing) console.warn('line-devices-pty: SKIPPED — socat is not installed (apt-get install -y socat)');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One pty pair (socat) with links A and B in `dir`; resolves once both exist. */
async function ptyPair(dir: string): Promise<ChildProcess> {
  const socat = spawn('socat', [`pty,raw,echo=0,link=${join(dir, 'A')}`, `pty,raw,echo=0,link=${join(dir, 'B')}`], { stdio: 'ignore' });
  cleanups.push(() => void socat.kill('SIGTERM'));
  await until(() => existsSync(join(dir, 'A')) && existsSync(join(dir, 'B')), 5000, 'socat links');
  return socat;
}

interface Rig {
  device: VirtualLineDevice;
  reader: LineReader;
  lines: string[];
  dropped: Dropped[];
  /** Pull the cable: the pty pair goes away (its links vanish). */
  unplug(): Promise<void>;
  /** Put it back: a new pair at the same paths, the device served on it again. */
  replug(): Promise<void>;
}

async function rig(ending: LineEnding, maxLength = 64): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'line-pty-'));
  const device = createVirtualLineDevice(ending);
  let socat = await ptyPair(dir);
  let far: BytePort | undefined;
  let stop = () => {};
  const serve = async () => {
    far = await openSerialPort({ path: join(dir, 'A'), baudRate: 9600 });
    stop = serveLineDevice(device, far);
  };
  await serve();
  cleanups.push(async () => {
    stop();
    await far?.close();
  });
  // Fast retries: the reader finds the device again soon after it is back.
  const reader = createLineReader({ open: serialPortOpener({ path: join(dir, 'B'), baudRate: 9600, presenceCheckMs: 100 }), ending, maxLength, partialTimeoutMs: 300, backoff: { initialMs: 100, maxMs: 400, factor: 2 } });
  cleanups.push(() => reader.close());
  const lines: string[] = [];
  const dropped: Dropped[] = [];
  reader.onLine((l) => lines.push(l));
  reader.onDropped((d) => dropped.push(d));
  await until(() => reader.state === 'online', 8000, 'reader online');
  return {
    device,
    reader,
    lines,
    dropped,
    async unplug() {
      stop();
      await far?.close();
      const exited = new Promise((r) => socat.once('exit', r));
      socat.kill('SIGTERM');
      await exited;
    },
    async replug() {
      socat = await ptyPair(dir);
      await serve();
    },
  };
}

describe.skipIf(socatMissing)('serial scanner and card reader on a pseudo-terminal', () => {
  it.each(['CR', 'LF', 'CRLF'] as const)('%s: codes read line by line, exactly', async (ending) => {
    const { device, lines } = await rig(ending);
    device.send('CCP-123456-5678');
    device.send('CCR-0000000001-ABCDEF12');
    device.send('SEAL-0042');
    await until(() => lines.length === 3, 8000, 'three lines');
    expect(lines).toEqual(['CCP-123456-5678', 'CCR-0000000001-ABCDEF12', 'SEAL-0042']);
  });

  it('garbage, a cut-off line and an overlong line are dropped with their reason; the next code reads', async () => {
    const { device, lines, dropped, reader } = await rig('CRLF', 32);
    device.sendGarbage([0x00, 0xff, 0x1b, 0x80]);
    device.sendOverlong(600);
    device.sendPartial('CCP-12');
    // A silence longer than the half-line timeout: the cut-off start is not glued to the next code.
    // (Waited well past the 300 ms timeout, so a slow pty on a loaded machine still shows the silence.)
    await new Promise((r) => setTimeout(r, 1200));
    device.send('4711ABCD');
    await until(() => lines.length === 1, 8000, 'the good line');
    expect(lines).toEqual(['4711ABCD']);
    expect(dropped).toEqual([{ kind: 'garbage', bytes: [0x00, 0xff, 0x1b, 0x80] }, { kind: 'overlong', length: 600 }, { kind: 'partial', text: 'CCP-12' }]);
    expect(reader.stats()).toMatchObject({ lines: 1, dropped: 3 });
  });

  it('unplugged: the reader goes offline and keeps trying; put back, it reconnects and reads', async () => {
    const r = await rig('CR');
    r.device.send('11112222');
    await until(() => r.lines.length === 1, 8000, 'first line');
    await r.unplug();
    await until(() => r.reader.state === 'offline', 8000, 'reader offline');
    // Still away for a few attempts: nothing breaks.
    await new Promise((res) => setTimeout(res, 500));
    expect(r.reader.state).toBe('offline');
    await r.replug();
    await until(() => r.reader.state === 'online', 10_000, 'reader back online');
    r.device.send('33334444');
    await until(() => r.lines.length === 2, 8000, 'line after replug');
    expect(r.lines).toEqual(['11112222', '33334444']);
    expect(r.reader.stats().reconnects).toBe(1);
  });
});
