// Issue 14 item 4, the rest: when no paper receipt could be printed — out of paper, cover open,
// printer offline or not answering, before the job or found after it — the resident's drop-off
// says 'not-printed' (the screen then shows the reference large and reads it out), the technician
// is alarmed through the outbox once, and the technician's device list shows the printer's problem.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig } from '../../main/core/config';
import type { DropOffState } from '../../main/contract/schemas';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import type { PrinterCondition, VirtualPrinter } from '../../hardware/simulator/virtual-printer';
import { setupCodeOf } from './test-cabinet';
import { until } from './until';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function start() {
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  const cabinet = await createCabinet({ config: parseConfig(raw), dataDir: mkdtempSync(join(tmpdir(), 'no-paper-')), log: () => {} });
  opened.push(cabinet);
  const h = createClient(methods, createDispatcher(methods, cabinet.handlers));
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  const printer = cabinet.hardware.printer!.virtual as VirtualPrinter;
  const drops: DropOffState[] = [];
  const papers: { dropOffId: string; paper: string }[] = [];
  cabinet.on('dropOff.changed', (d) => drops.push(d));
  cabinet.on('dropOff.paper', (p) => papers.push(p));
  const token = (await h['staff.createFirstAdmin']({ setupCode: setupCodeOf(cabinet), login: 'admin', name: '管理员', pin: '246810' })).token;
  /** A resident's deposit, to the receipt's paper outcome. */
  async function deposit(): Promise<{ state: DropOffState; paper: string }> {
    drops.length = 0;
    await h['dropOff.begin']({ matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await until(() => drops.some((d) => d.stage === 'open'), 8000, 'door open');
    const label = drops[0]!.compartment.label;
    virtual.closeDoor(label.startsWith('A') ? 1 : 2, Number(label.slice(1)));
    await until(() => drops.some((d) => d.stage === 'deposited'), 8000, 'deposited');
    const state = drops.find((d) => d.stage === 'deposited')!;
    await until(() => papers.some((p) => p.dropOffId === state.dropOffId), 8000, 'paper outcome');
    return { state, paper: papers.find((p) => p.dropOffId === state.dropOffId)!.paper };
  }
  const alarms = () =>
    (cabinet.db.prepare("SELECT audience, payload FROM outbox WHERE kind = 'alarm' ORDER BY id").all() as { audience: string; payload: string }[]).map((r) => ({
      audience: r.audience,
      alarm: (JSON.parse(r.payload) as { alarm: string }).alarm,
    }));
  const printerRow = async () => (await h['diagnostics.devices']({ token })).devices.find((d) => d.kind === 'printer');
  return { h, printer, deposit, alarms, printerRow };
}

describe('no paper receipt: the resident told, the technician alarmed', () => {
  it.each<[string, Partial<PrinterCondition>, string]>([
    ['out of paper', { paperEnd: true }, 'paper-end'],
    ['cover open', { coverOpen: true }, 'cover-open'],
    ['offline', { offline: true }, 'offline'],
  ])('%s before the receipt: not printed, one technician alarm, shown on the device list', async (_what, condition, problem) => {
    const env = await start();
    env.printer.setCondition(condition);
    const { state, paper } = await env.deposit();
    expect(paper).toBe('not-printed');
    expect((await env.h['dropOff.get']({ dropOffId: state.dropOffId })).paper).toBe('not-printed');
    expect(env.printer.printouts()).toEqual([]);
    expect(env.alarms().filter((a) => a.alarm === `printer-${problem}`)).toEqual([{ audience: 'technician', alarm: `printer-${problem}` }]);
    expect(await env.printerRow()).toMatchObject({ state: 'problem', detail: expect.stringContaining(problem) });
  });

  it('offline found after the job: counts as not printed and alarms', async () => {
    const env = await start();
    // DLE EOT 1, 2, 4 before the job answer fine; the printer goes offline as the job is sent.
    const off = env.printer.onReply(() => {
      if (env.printer.statusRequests === 3) env.printer.setCondition({ offline: true });
    });
    const { paper } = await env.deposit();
    off();
    expect(paper).toBe('not-printed');
    expect(env.alarms()).toContainEqual({ audience: 'technician', alarm: 'printer-offline' });
  });

  it('a printer that does not answer at all (unplugged): not printed, alarmed as unreachable', async () => {
    const env = await start();
    env.printer.unplug();
    const { paper } = await env.deposit();
    expect(paper).toBe('not-printed');
    expect(env.alarms()).toContainEqual({ audience: 'technician', alarm: 'printer-unreachable' });
    expect(await env.printerRow()).toMatchObject({ state: 'problem', detail: expect.stringContaining('unreachable') });
  });
});
