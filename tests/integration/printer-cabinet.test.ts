// The receipt printer through the real core: a deposit prints the resident's receipt (read back
// from the virtual printer's ESC/POS bytes), a printer that is unplugged or missing never fails the
// deposit and is audited, and the manifest and test page print through the contract.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import type { DropOffState } from '../../main/contract/schemas';
import type { StaffJob } from '../../main/contract/staff-schemas';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import type { VirtualPrinter } from '../../hardware/simulator/virtual-printer';
import { methods } from '../../main/contract/api';
import { simulatorMethods } from '../../main/contract/simulator-api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import { TEST_PAGE_SAMPLE } from '../../main/core/printing/layouts';
import { formatDate, formatDateTime, formatReference } from '../../main/contract/format';
import { until } from './until';
import { setupCodeOf } from './test-cabinet';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});


/** The default cabinet (with the simulated printer), or with `printer` instead (null: none). */
function config(printer?: CabinetConfig['printer'] | null): CabinetConfig {
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  raw.timeouts.doorOpenDetectSeconds = 2;
  if (printer === null) delete raw.printer;
  else if (printer) raw.printer = printer;
  return parseConfig(raw);
}

async function start(cfg = config()) {
  const logs: string[] = [];
  const cabinet = await createCabinet({ config: cfg, dataDir: mkdtempSync(join(tmpdir(), 'printer-')), log: (_level, message) => logs.push(message) });
  opened.push(cabinet);
  const h = createClient(methods, createDispatcher(methods, cabinet.handlers));
  const sim = cabinet.simulator ? createClient(simulatorMethods, createDispatcher(simulatorMethods, cabinet.simulator)) : undefined;
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  const printer = cabinet.hardware.printer?.virtual as VirtualPrinter | undefined;
  const drops: DropOffState[] = [];
  const papers: { dropOffId: string; paper: string }[] = [];
  const jobs: StaffJob[] = [];
  cabinet.on('dropOff.changed', (d) => drops.push(d));
  cabinet.on('dropOff.paper', (p) => papers.push(p));
  cabinet.on('staff.job', (j) => jobs.push(j));
  const where = (label: string): [number, number] => [label.startsWith('A') ? 1 : 2, Number(label.slice(1))];
  async function deposit(phone = '13812345678', language: 'zh-CN' | 'en' = 'zh-CN'): Promise<DropOffState> {
    drops.length = 0;
    await h['dropOff.begin']({ matterId: 'social-insurance', phone, phoneConfirmed: true, consent: true, language, elderMode: false });
    await until(() => drops.some((d) => d.stage === 'open'));
    virtual.closeDoor(...where(drops[0]!.compartment.label));
    await until(() => drops.some((d) => d.stage === 'deposited'));
    return drops.find((d) => d.stage === 'deposited')!;
  }
  const audits = (action: string) =>
    (cabinet.db.prepare('SELECT actor, outcome, case_id, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as { actor: string; outcome: string; case_id: number | null; detail: string }[]).map((r) => ({
      ...r,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  return { cabinet, h, sim, virtual, printer, jobs, deposit, audits, logs, where, drops, papers };
}

async function admin({ h, cabinet }: Pick<Awaited<ReturnType<typeof start>>, 'h' | 'cabinet'>): Promise<string> {
  return (await h['staff.createFirstAdmin']({ setupCode: setupCodeOf(cabinet), login: 'admin', name: '管理员', pin: '246810' })).token;
}

describe('the resident receipt', () => {
  it('prints after the deposit: cabinet, title, reference, matter, compartment, times, masked phone, QR, cut', async () => {
    const env = await start();
    const done = await env.deposit();
    const receipt = done.receipt!;
    await until(() => (env.printer?.printouts().filter((p) => p.cut).length ?? 0) === 1);
    const [paper] = env.printer!.printouts();
    expect(paper?.unknown).toEqual([]);
    expect(paper?.lines).toEqual([
      '示范社区政务云柜',
      '投递回执',
      '-'.repeat(32),
      '办件编号',
      formatReference(receipt.reference),
      '-'.repeat(32),
      '事项：社会保险',
      '格口：A01',
      `投递时间：${formatDateTime(receipt.depositedAt, 'zh-CN', 'Asia/Shanghai')}`,
      `预计办结：${formatDate(receipt.expectedDate, 'zh-CN')}`,
      '手机：138****5678',
      '凭办件编号和手机后四位可查询进度',
      '请妥善保管本回执',
    ]);
    // The QR is the receipt's own text (reference and tag), never a bare number a pickup screen could take for a code.
    expect(paper?.qr).toEqual([receipt.qr]);
    expect(receipt.qr).toMatch(new RegExp(`^CCR-${receipt.reference}-[0-9A-F]{8}$`));
    expect(paper?.cut).toBe(true);
    // The screen is told the paper came out.
    await until(() => env.papers.length === 1);
    expect(env.papers).toEqual([{ dropOffId: done.dropOffId, paper: 'printed' }]);
    expect(done.paper).toBe('printing');
    // Its own event: the drop-off's stage events are not repeated for it; dropOff.get answers it too.
    expect(env.drops.filter((d) => d.dropOffId === done.dropOffId && d.stage === 'deposited')).toHaveLength(1);
    expect((await env.h['dropOff.get']({ dropOffId: done.dropOffId })).paper).toBe('printed');
    // The full number never reaches the paper.
    expect(paper?.lines.join('\n')).not.toContain('13812345678');
    // The simulator's contract method shows the same paper (for the web harness and e2e).
    const printed = await env.sim!['simulator.printed']({ limit: 5 });
    expect(printed).toEqual([{ at: paper!.at, lines: paper!.lines, qr: [receipt.qr], cut: true }]);
    expect(env.audits('printer.failed')).toEqual([]);
  });

  it("is in the resident's language", async () => {
    const env = await start();
    const done = await env.deposit('13912340000', 'en');
    await until(() => (env.printer?.printouts().length ?? 0) === 1 && env.printer!.printouts()[0]!.cut);
    const lines = env.printer!.printouts()[0]!.lines;
    expect(lines.slice(0, 2)).toEqual(['Demo Community Service Cabinet', 'Drop-off receipt']);
    expect(lines).toContain(formatReference(done.receipt!.reference));
    expect(lines.some((l) => /^Deposited: \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/.test(l))).toBe(true);
    expect(lines).toContain('Matter: Social insurance');
    expect(lines).toContain('Phone: 139****0000');
    // Wrapped at 32 columns, word by word.
    expect(lines).toContain('Check progress with the');
  });

  it('prints again after 继续投递, listing every compartment of the case', async () => {
    const env = await start();
    const first = await env.deposit();
    await until(() => env.printer!.printouts().length === 1);
    const drops: DropOffState[] = [];
    env.cabinet.on('dropOff.changed', (d) => drops.push(d));
    const next = await env.h['dropOff.continue']({ dropOffId: first.dropOffId });
    await until(() => drops.some((d) => d.stage === 'open'));
    env.virtual.closeDoor(...env.where(next.compartment.label));
    await until(() => env.printer!.printouts().length === 2);
    const second = env.printer!.printouts()[1]!;
    expect(second.lines).toContain(`格口：A01 ${next.compartment.label}`);
    expect(second.qr).toEqual([first.receipt!.qr]);
  });

  it('an unplugged printer does not fail the deposit: the failure is logged and audited, and the next one prints again', async () => {
    const env = await start();
    env.printer!.unplug();
    const done = await env.deposit();
    expect(done.receipt?.reference).toMatch(/^\d{10}$/);
    await until(() => env.audits('printer.failed').length === 1);
    const caseId = (env.cabinet.db.prepare('SELECT id FROM cases WHERE reference = ?').get(done.receipt!.reference) as { id: number }).id;
    expect(env.audits('printer.failed')).toEqual([
      { actor: 'cabinet', outcome: 'failed', case_id: caseId, detail: { what: 'receipt', port: 'simulator', reference: done.receipt!.reference, message: 'simulated printer is unplugged' } },
    ]);
    expect(env.logs.some((m) => /printer \(simulator\) failed to print the receipt/.test(m))).toBe(true);
    expect(env.cabinet.db.prepare('SELECT status FROM cases WHERE reference = ?').get(done.receipt!.reference)).toEqual({ status: 'deposited' });
    expect(env.printer!.printouts()).toEqual([]);
    // The screen is told the paper receipt could not be printed.
    await until(() => env.papers.some((p) => p.dropOffId === done.dropOffId && p.paper === 'not-printed'));
    // The audit chain still verifies with the failure in it.
    const token = await admin(env);
    expect((await env.h['audit.verify']({ token })).ok).toBe(true);

    env.printer!.plugIn();
    const again = await env.deposit('13800002222');
    await until(() => env.printer!.printouts().length === 1);
    expect(env.printer!.printouts()[0]!.qr).toEqual([again.receipt!.qr]);
  });

  it('a printer on a serial port that is not there does not fail the deposit either', async () => {
    const env = await start(config({ port: join(tmpdir(), 'no-such-printer-tty'), baudRate: 9600, widthChars: 32 }));
    expect(env.printer).toBeUndefined();
    const done = await env.deposit();
    expect(done.stage).toBe('deposited');
    await until(() => env.audits('printer.failed').length === 1);
    expect(env.audits('printer.failed')[0]).toMatchObject({ outcome: 'failed', detail: { what: 'receipt', reference: done.receipt!.reference } });
    expect(await env.sim!['simulator.printed']({ limit: 5 })).toEqual([]);
  });
});

describe('staff printing through the contract', () => {
  it('prints the handover manifest for staff with retrieval rights, not for a technician', async () => {
    const env = await start();
    const token = await admin(env);
    const ref = (await env.deposit()).receipt!.reference;
    await until(() => env.printer!.printouts().length === 1);
    const [c] = await env.h['retrieval.pending']({ token });
    await env.h['retrieval.open']({ token, caseId: c!.caseId });
    await until(() => env.jobs.some((j) => j.stage === 'open'));
    env.virtual.closeDoor(1, 1);
    await until(() => env.jobs.some((j) => j.kind === 'retrieve' && j.stage === 'done'));
    await env.h['retrieval.setSeal']({ token, reference: ref, seal: 'ENV-0001' });

    expect(await env.h['retrieval.printManifest']({ token })).toEqual({ printed: true });
    await until(() => env.printer!.printouts().length === 2);
    const manifest = env.printer!.printouts()[1]!;
    expect(manifest.cut).toBe(true);
    expect(manifest.lines).toEqual(
      expect.arrayContaining(['示范社区政务云柜', '交接清单', '交接人：管理员 (admin)', `1. ${formatReference(ref)}`, '事项：社会保险', '格口：A01', '封条号：ENV-0001', '共 1 件', '交接人签字：________', '接收人签字：________']),
    );
    expect(manifest.lines.some((l) => l.startsWith('取出时间：'))).toBe(true);
    expect(env.audits('retrieval.print-manifest')).toEqual([{ actor: 'account:admin', outcome: 'ok', case_id: null, detail: { rows: 1 } }]);

    await env.h['staff.createAccount']({ token, login: 'tech', name: 'Tech', role: 'technician', pin: '135791' });
    const tech = await env.h['staff.login']({ login: 'tech', pin: '135791' });
    await expect(env.h['retrieval.printManifest']({ token: tech.token })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(env.h['retrieval.printManifest']({ token: 'x'.repeat(32) })).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('prints a technician test page with the cabinet id, time, a Chinese sample and a QR', async () => {
    const env = await start();
    const token = await admin(env);
    await env.h['staff.createAccount']({ token, login: 'wang', name: '王', role: 'staff', pin: '135791' });
    const staff = await env.h['staff.login']({ login: 'wang', pin: '135791' });
    await expect(env.h['diagnostics.printerTest']({ token: staff.token })).rejects.toMatchObject({ code: 'forbidden' });

    const answer = await env.h['diagnostics.printerTest']({ token });
    expect(answer.printed).toBe(true);
    expect(answer.detail).toMatch(/^simulator: \d+ bytes sent$/);
    await until(() => env.printer!.printouts().length === 1);
    const page = env.printer!.printouts()[0]!;
    expect(page.lines).toEqual(expect.arrayContaining(['打印测试页 / Printer test', '柜机 Cabinet: demo-01', TEST_PAGE_SAMPLE, '每行 Columns: 32']));
    expect(page.lines.some((l) => /^时间 Time: \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(l))).toBe(true);
    expect(page.qr).toHaveLength(1);
    expect(page.qr[0]).toMatch(/^civic-cabinet:printer-test:demo-01:\d+$/);
    expect(env.audits('printer.test')).toHaveLength(1);

    // Unplugged: the answer says so, and the failure is audited.
    env.printer!.unplug();
    expect(await env.h['diagnostics.printerTest']({ token })).toEqual({ printed: false, detail: 'simulator: simulated printer is unplugged' });
    expect(env.audits('printer.failed')).toMatchObject([{ actor: 'account:admin', detail: { what: 'test page' } }]);
    expect(await env.h['retrieval.printManifest']({ token })).toEqual({ printed: false, detail: 'simulated printer is unplugged' });
  });

  it('answers printed: false when the cabinet has no printer, so the screen prints by itself', async () => {
    const env = await start(config(null));
    const token = await admin(env);
    expect(env.cabinet.services.printing.available).toBe(false);
    expect(await env.h['retrieval.printManifest']({ token })).toEqual({ printed: false, detail: 'no receipt printer is configured' });
    expect(await env.h['diagnostics.printerTest']({ token })).toEqual({ printed: false, detail: 'no receipt printer is configured' });
    await env.deposit();
    expect(await env.sim!['simulator.printed']({ limit: 5 })).toEqual([]);
    expect(env.audits('printer.failed')).toEqual([]);
  });
});
