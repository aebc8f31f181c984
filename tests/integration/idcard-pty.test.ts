// The ID-card reader on a real pseudo-terminal pair (socat), through the real `serialport`
// package: the simulated reader on one end, the driver on the other, at the module's default
// 115200 baud. Every fault knob is seen by the driver as its typed error, and the reader reads
// again afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdCardReader, type IdCardReader } from '../../hardware/idcard/reader';
import { createVirtualIdReader, serveIdReader, SPECIMEN_CARD as SPECIMEN, type VirtualIdReader } from '../../hardware/simulator/virtual-idcard-reader';
import { openSerialPort, serialPortOpener } from '../../hardware/transport/serial-port';
import { until } from './until';

const socatMissing = spawnSync('socat', ['-V']).error !== undefined;
if (socatMissing) console.warn('idcard-pty: SKIPPED — socat is not installed (apt-get install -y socat)');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A pty pair with the simulated reader on end A and the driver on end B. */
async function rig(slackMs = 1000): Promise<{ sim: VirtualIdReader; reader: IdCardReader }> {
  const dir = mkdtempSync(join(tmpdir(), 'idcard-pty-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  cleanups.push(() => void socat.kill('SIGTERM'));
  await until(() => existsSync(a) && existsSync(b), 5000);
  const sim = createVirtualIdReader();
  const far = await openSerialPort({ path: a, baudRate: 115200 });
  cleanups.push(() => far.close());
  serveIdReader(sim, far);
  const reader = createIdCardReader({ open: serialPortOpener({ path: b, baudRate: 115200 }), baudRate: 115200, slackMs });
  cleanups.push(() => reader.close());
  return { sim, reader };
}

describe.skipIf(socatMissing)('ID-card reader on a pseudo-terminal', () => {
  it('reads the card: find, select, read, the 1295-byte reply decoded', async () => {
    const { sim, reader } = await rig();
    await reader.samStatus();
    sim.place(SPECIMEN);
    const card = await reader.readCard();
    expect(card).toMatchObject({ name: '张三', sex: 'male', nation: '汉', birth: '19491231', idNumber: '11010519491231002X', validTo: '长期', idNumberValid: true });
    expect(sim.commands).toEqual(['11 ff', '20 01', '20 02', '30 01']);
  });

  it('no card, card taken away mid-read, bad checksum, SAM fault, silence: each a typed error, then it reads again', async () => {
    const { sim, reader } = await rig(300);
    await expect(reader.readCard()).rejects.toMatchObject({ name: 'IdCardError', code: 'no-card', sw3: 0x80 });

    sim.place(SPECIMEN);
    sim.setFaults({ removeDuringRead: true });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'read-failed', sw3: 0x41 });
    expect(sim.card).toBeUndefined();
    sim.setFaults({ removeDuringRead: false });

    sim.place(SPECIMEN);
    sim.setFaults({ badChecksum: true });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'bad-checksum' });

    sim.setFaults({ samFault: true });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'sam-fault', sw3: 0x60 });
    await expect(reader.samStatus()).rejects.toMatchObject({ code: 'sam-fault' });
    sim.setFaults({ samFault: false, silent: true });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'timeout' });
    sim.setFaults({ silent: false });

    expect((await reader.readCard()).name).toBe('张三');
  });
});
