// The serial scanner and staff-card reader through the real core, simulated in process: a scan
// reaches the screens as devices.scanned, a well-formed card as devices.card (and logs staff in
// with their PIN by the existing card path); bad input (noise, overlong, a malformed card) is a log
// line and nothing else. The technician's device list shows every device with its state; the read
// test answers the next code (a card masked); an unplug is seen and survived; the configuration
// file's problems are named by field.
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { methods } from '../../main/contract/api';
import { simulatorMethods } from '../../main/contract/simulator-api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import { setupCodeOf } from './test-cabinet';
import { until } from './until';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function start() {
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  const config = parseConfig({ ...raw, scanner: { port: 'simulator', model: 'Intermec ScanPlus 1800 (simulated)' }, cardReader: { port: 'simulator', lineEnding: 'CR' } });
  const logs: string[] = [];
  const cabinet = await createCabinet({ config, dataDir: mkdtempSync(join(tmpdir(), 'serial-devices-')), log: (_l, message) => logs.push(message) });
  opened.push(cabinet);
  const events: { name: string; data: unknown }[] = [];
  cabinet.onScreenEvent((name, data) => events.push({ name, data }));
  const h = createClient(methods, createDispatcher(methods, cabinet.handlers));
  const sim = createClient(simulatorMethods, createDispatcher(simulatorMethods, cabinet.simulator!));
  const token = (await h['staff.createFirstAdmin']({ setupCode: setupCodeOf(cabinet), login: 'admin', name: '管理员', pin: '246810' })).token;
  await until(() => cabinet.hardware.lineDevices.scanner?.device.state === 'online' && cabinet.hardware.lineDevices.cardReader?.device.state === 'online', 8000, 'devices online');
  const of = (name: string) => events.filter((e) => e.name === name).map((e) => e.data);
  return { cabinet, h, sim, token, logs, of };
}

describe('serial scanner and card reader in the cabinet', () => {
  it('a scan and a card reach the screens; noise, overlong lines and malformed cards are only logged', async () => {
    const env = await start();
    await env.sim['simulator.lineRead']({ device: 'scanner', text: 'CCP-123456-5678' });
    await until(() => env.of('devices.scanned').length === 1, 8000, 'scan event');
    expect(env.of('devices.scanned')).toEqual([{ text: 'CCP-123456-5678' }]);

    await env.sim['simulator.lineFault']({ device: 'scanner', fault: 'garbage' });
    await env.sim['simulator.lineFault']({ device: 'scanner', fault: 'overlong' });
    await env.sim['simulator.lineRead']({ device: 'cardReader', text: 'AB-1' });
    await env.sim['simulator.lineRead']({ device: 'cardReader', text: '0012964329' });
    await until(() => env.of('devices.card').length === 1, 8000, 'card event');
    expect(env.of('devices.card')).toEqual([{ cardId: '0012964329' }]);
    expect(env.of('devices.scanned')).toHaveLength(1);
    expect(env.logs).toEqual(
      expect.arrayContaining([
        'scanner (simulator): a line with bytes no code has (00 ff 1b 80) was dropped',
        'scanner (simulator): an overlong line (600 characters) was dropped',
        'cardReader (simulator): a line that is no card number (4 characters) was ignored',
      ]),
    );
    // The card the reader sent logs its holder in by the existing card path (the PIN still asked).
    await env.h['staff.createAccount']({ token: env.token, login: 'wang', name: '王', role: 'staff', pin: '135791', cardId: '0012964329' });
    await expect(env.h['staff.login']({ cardId: '0012964329', pin: '135791' })).resolves.toMatchObject({ login: 'wang', role: 'staff' });
  });

  it('the technician sees every device and its state, tests a read (card masked), and an unplug', async () => {
    const env = await start();
    const { devices, configProblems } = await env.h['diagnostics.devices']({ token: env.token });
    expect(devices.map((d) => [d.kind, d.id, d.port, d.state, d.test])).toEqual([
      ['lock-bus', 'bus1', 'simulator', 'online', 'bus-scan'],
      ['printer', 'printer', 'simulator', 'online', 'print'],
      ['scanner', 'scanner', 'simulator', 'online', 'read'],
      ['card-reader', 'card-reader', 'simulator', 'online', 'read'],
      // The default cabinet's simulated ID-card reader (issue 14, identity per matter).
      ['id-card-reader', 'id-card-reader', 'simulator', 'configured', null],
    ]);
    expect(devices[2]?.model).toBe('Intermec ScanPlus 1800 (simulated)');
    expect(configProblems).toEqual([]);

    const waiting = env.h['diagnostics.deviceTest']({ token: env.token, device: 'cardReader', waitSeconds: 20 });
    await new Promise((r) => setTimeout(r, 50));
    await env.sim['simulator.lineRead']({ device: 'cardReader', text: '0012964329' });
    await expect(waiting).resolves.toEqual({ read: true, text: '••••••4329', detail: 'read on simulator' });
    await expect(env.h['diagnostics.deviceTest']({ token: env.token, device: 'scanner', waitSeconds: 1 })).resolves.toMatchObject({ read: false });

    await env.sim['simulator.lineFault']({ device: 'scanner', fault: 'unplug' });
    const after = await env.h['diagnostics.devices']({ token: env.token });
    expect(after.devices.find((d) => d.kind === 'scanner')).toMatchObject({ state: 'offline', detail: expect.stringContaining('unplug') });
    await env.sim['simulator.lineFault']({ device: 'scanner', fault: 'replug' });
    await until(() => env.cabinet.hardware.lineDevices.scanner?.device.state === 'online', 15_000, 'scanner back');
    await env.sim['simulator.lineRead']({ device: 'scanner', text: 'SEAL-0042' });
    await until(() => env.of('devices.scanned').some((d) => (d as { text: string }).text === 'SEAL-0042'), 8000, 'scan after replug');
  });

  it('names the configuration file\'s problems by field; only a technician may look', async () => {
    const env = await start();
    const file = join(dirname(env.cabinet.databaseFile), 'cabinet.json');
    writeFileSync(file, JSON.stringify({ ...defaultConfig(), scanner: { port: '/dev/ttyUSB9', lineEnding: 'TAB' } }));
    const { configProblems } = await env.h['diagnostics.devices']({ token: env.token });
    expect(configProblems).toHaveLength(1);
    expect(configProblems[0]).toMatch(/^scanner\.lineEnding: /);
    await env.h['staff.createAccount']({ token: env.token, login: 'wang', name: '王', role: 'staff', pin: '135791' });
    const staff = await env.h['staff.login']({ login: 'wang', pin: '135791' });
    await expect(env.h['diagnostics.devices']({ token: staff.token })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(env.h['diagnostics.deviceTest']({ token: staff.token, device: 'scanner', waitSeconds: 1 })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
