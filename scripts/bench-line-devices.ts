// npx tsx scripts/bench-line-devices.ts [rounds baud]: serial scans over a socat pty pair (the
// simulated scanner on one end, the real serialport line reader on the other); prints the median,
// p99 and worst time from the scanner sending a pickup QR's line to the reader handing it on, and
// the time to notice an unplug and to read again after the replug.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLineReader } from '../hardware/line-device/line-reader';
import { createVirtualLineDevice, serveLineDevice } from '../hardware/simulator/virtual-line-device';
import { openSerialPort, serialPortOpener } from '../hardware/transport/serial-port';

const rounds = Number(process.argv[2] ?? 200);
const baudRate = Number(process.argv[3] ?? 9600);
const dir = mkdtempSync(join(tmpdir(), 'bench-lines-'));
const [a, b] = [join(dir, 'A'), join(dir, 'B')];
const pair = async () => {
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  while (!existsSync(a) || !existsSync(b)) await new Promise((r) => setTimeout(r, 10));
  return socat;
};
const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 1));
};
let socat = await pair();
const device = createVirtualLineDevice('CRLF');
let far = await openSerialPort({ path: a, baudRate });
let stop = serveLineDevice(device, far);
const reader = createLineReader({ open: serialPortOpener({ path: b, baudRate }), ending: 'CRLF', maxLength: 128, partialTimeoutMs: 500 });
let got: (() => void) | undefined;
reader.onLine(() => got?.());
await waitFor(() => reader.state === 'online');
const times: number[] = [];
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  await new Promise<void>((resolve) => {
    got = resolve;
    device.send(`CCP-${String(100000 + i)}-5678`);
  });
  times.push(performance.now() - t);
}
times.sort((x, y) => x - y);
const at = (q: number) => times[Math.min(rounds - 1, Math.floor(q * rounds))]!.toFixed(1);
console.log(`${rounds} scans at ${baudRate} baud over a pty: median ${at(0.5)} ms, p99 ${at(0.99)} ms, worst ${times[rounds - 1]!.toFixed(1)} ms`);

// Unplug: the pair goes away; the reader's presence check notices; replugged, it reads again.
stop();
await far.close();
const unplugAt = performance.now();
socat.kill('SIGTERM');
await waitFor(() => reader.state === 'offline');
const noticed = performance.now() - unplugAt;
socat = await pair();
far = await openSerialPort({ path: a, baudRate });
stop = serveLineDevice(device, far);
const replugAt = performance.now();
await waitFor(() => reader.state === 'online');
console.log(`unplug noticed after ${noticed.toFixed(0)} ms; back online ${(performance.now() - replugAt).toFixed(0)} ms after the replug`);
stop();
await reader.close();
await far.close();
socat.kill('SIGTERM');
