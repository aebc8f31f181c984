// npm run bench:idcard [-- rounds baud]: card reads over a socat pty pair (simulated reader,
// real serialport driver); prints the median and worst time of one find-select-read.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdCardReader } from '../hardware/idcard/reader';
import { createVirtualIdReader, serveIdReader, SPECIMEN_CARD } from '../hardware/simulator/virtual-idcard-reader';
import { openSerialPort, serialPortOpener } from '../hardware/transport/serial-port';

const rounds = Number(process.argv[2] ?? 50);
const baudRate = Number(process.argv[3] ?? 115200);
const dir = mkdtempSync(join(tmpdir(), 'bench-idcard-'));
const [a, b] = [join(dir, 'A'), join(dir, 'B')];
const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
while (!existsSync(a) || !existsSync(b)) await new Promise((r) => setTimeout(r, 10));
const sim = createVirtualIdReader();
sim.place(SPECIMEN_CARD);
const far = await openSerialPort({ path: a, baudRate });
serveIdReader(sim, far);
const reader = createIdCardReader({ open: serialPortOpener({ path: b, baudRate }), baudRate });
const times: number[] = [];
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  await reader.readCard();
  times.push(performance.now() - t);
}
times.sort((x, y) => x - y);
console.log(`${rounds} reads at ${baudRate} baud over a pty: median ${times[Math.floor(rounds / 2)]!.toFixed(1)} ms, worst ${times[rounds - 1]!.toFixed(1)} ms`);
await reader.close();
await far.close();
socat.kill('SIGTERM');
