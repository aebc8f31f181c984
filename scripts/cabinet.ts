// The technician CLI: `npm run cabinet -- <command> [options]` (see --help). Only process wiring
// lives here — argv, stdout/stderr, signals, the real serial port; the commands are
// hardware/cli/commands.ts.

import { runCli } from '../hardware/cli/commands';
import { listSerialDeviceNodes } from '../hardware/cli/ports';
import { listPorts, openSerialPort } from '../hardware/transport/serial-port';

const controller = new AbortController();
let interrupts = 0;
function interrupt(): void {
  interrupts += 1;
  // First Ctrl-C: stop cleanly (an open on the wire finishes, the port is closed). Second: now.
  if (interrupts > 1) process.exit(130);
  controller.abort();
}
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

const code = await runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  {
    openPort: (path, baudRate) => openSerialPort({ path, baudRate }),
    listPorts,
    listDeviceNodes: () => listSerialDeviceNodes('/dev'),
    deviceDir: '/dev',
    now: () => Date.now(),
  },
  controller.signal,
);
// Let stdout drain (a pipe may still hold the last lines) before exiting with the code.
process.exitCode = code;
