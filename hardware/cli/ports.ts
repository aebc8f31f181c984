// The fallback port list: when the OS's list fails (serialport needs `udevadm` on Linux, absent in
// containers and minimal images), the serial device nodes that exist are still worth showing.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** USB adapters (ttyUSB: FTDI/CH340/CP210x; ttyACM: CDC), built-in UARTs (ttyS), SoC UARTs (ttyAMA, ttymxc...). */
const SERIAL_NODE = /^tty(USB|ACM|S|AMA|XRUSB|mxc|THS|SAC)\d+$/;

/** The names in a /dev listing that are serial ports, adapters first, in natural order. */
export function serialDeviceNames(names: readonly string[]): string[] {
  const rank = (name: string): number => (name.startsWith('ttyUSB') ? 0 : name.startsWith('ttyACM') ? 1 : 2);
  const split = (name: string): [string, number] => {
    const m = /^(\D+)(\d+)$/.exec(name);
    return m ? [m[1] ?? name, Number(m[2])] : [name, 0];
  };
  return names
    .filter((n) => SERIAL_NODE.test(n))
    .sort((a, b) => {
      const [pa, na] = split(a);
      const [pb, nb] = split(b);
      return rank(a) - rank(b) || pa.localeCompare(pb) || na - nb;
    });
}

/** Serial device nodes that exist under `dir` (Linux /dev), plus stable /dev/serial/by-id links. */
export async function listSerialDeviceNodes(dir = '/dev'): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const byId = await readdir(join(dir, 'serial', 'by-id')).catch(() => [] as string[]);
  return [...serialDeviceNames(names).map((n) => join(dir, n)), ...byId.sort().map((n) => join(dir, 'serial', 'by-id', n))];
}
