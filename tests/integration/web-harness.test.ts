// The web harness on 127.0.0.1 with the real core: the contract over a WebSocket, bad input
// answered with typed errors, foreign origins refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig } from '../../main/core/config';
import { startWebHarness, type WebHarness } from '../../main/web/server';
import { setupCodeOf } from './test-cabinet';
import { until } from './until';

let cabinet: Cabinet;
let harness: WebHarness;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'web-'));
  cabinet = await createCabinet({ config: defaultConfig(), dataDir, log: () => {} });
  harness = await startWebHarness({ cabinet, staticDir: join(dataDir, 'no-renderer'), port: 0, log: () => {} });
});
afterAll(async () => {
  await harness.close();
  await cabinet.close();
});

function connect(origin?: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/ws`, origin ? { origin } : {});
  return new Promise((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
}

function exchange(ws: WebSocket, text: string): Promise<{ id: unknown; response: { ok: boolean; error?: { code: string }; result?: unknown } }> {
  return new Promise((resolve) => {
    ws.once('message', (raw) => resolve(JSON.parse(raw.toString())));
    ws.send(text);
  });
}

describe('web harness', () => {
  it('listens on the loopback address only and prints an http URL', () => {
    expect(harness.url).toBe(`http://127.0.0.1:${harness.port}/`);
  });

  it('answers a contract call over the WebSocket', async () => {
    const ws = await connect(`http://127.0.0.1:${harness.port}`);
    const reply = await exchange(ws, JSON.stringify({ id: 7, method: 'cabinet.info', payload: {} }));
    expect(reply).toMatchObject({ id: 7, response: { ok: true, result: { id: 'demo-01', simulated: true } } });
    ws.close();
  });

  it('answers malformed messages with typed errors and keeps serving', async () => {
    const ws = await connect();
    expect((await exchange(ws, 'not json')).response.error?.code).toBe('bad-request');
    expect((await exchange(ws, JSON.stringify({ id: 1, method: 'drop.tables' }))).response.error?.code).toBe('unknown-method');
    expect((await exchange(ws, JSON.stringify({ id: 2, method: 'dropOff.begin', payload: { phone: 5 } }))).response.error?.code).toBe('bad-request');
    expect((await exchange(ws, JSON.stringify(null))).response.error?.code).toBe('unknown-method');
    expect((await exchange(ws, JSON.stringify({ id: 3, method: 'cabinet.info' }))).response.ok).toBe(true);
    ws.close();
  });

  it('answers a message whose id cannot be echoed (deeply nested, huge) with id null instead of no answer at all', async () => {
    const ws = await connect();
    const deepId = `{"id":${'['.repeat(20_000)}${']'.repeat(20_000)},"method":"cabinet.info","payload":{}}`;
    expect(await exchange(ws, deepId)).toMatchObject({ id: null, response: { ok: true } });
    expect(await exchange(ws, JSON.stringify({ id: 'x'.repeat(500), method: 'cabinet.info' }))).toMatchObject({ id: null, response: { ok: true } });
    expect(await exchange(ws, JSON.stringify({ id: 'call-9', method: 'cabinet.info' }))).toMatchObject({ id: 'call-9', response: { ok: true } });
    ws.close();
  });

  it('answers not-found to a simulator press on a door the layout does not have (not a handler crash)', async () => {
    const ws = await connect();
    expect((await exchange(ws, JSON.stringify({ id: 6, method: 'simulator.press', payload: { label: 'Z99' } }))).response.error?.code).toBe('not-found');
    expect((await exchange(ws, JSON.stringify({ id: 7, method: 'simulator.fault', payload: { label: 'Z99', jammed: true } }))).response.error?.code).toBe('not-found');
    ws.close();
  });

  it('answers the simulator\'s methods too when the boards are simulated (one dispatch for both tables)', async () => {
    const ws = await connect();
    const reply = await exchange(ws, JSON.stringify({ id: 4, method: 'simulator.state', payload: {} }));
    expect(reply.response.ok).toBe(true);
    expect((reply.response.result as { doors: unknown[] }).doors).toHaveLength(cabinet.config.compartments.length);
    expect((await exchange(ws, JSON.stringify({ id: 5, method: 'simulator.press', payload: {} }))).response.error?.code).toBe('bad-request');
    ws.close();
  });

  it('refuses a WebSocket from another origin (a web page elsewhere cannot drive the cabinet)', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });

  it('serves a clear message when the renderer is not built', async () => {
    const res = await fetch(harness.url);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/npm run build:renderer/);
  });
});

describe('what each screen may see and touch', () => {
  /** A screen: a connection that keeps every event it receives. */
  async function screen(id?: string) {
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/ws${id ? `?screen=${id}` : ''}`);
    const events: { event: string; data: Record<string, unknown> }[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.event) events.push(m);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let n = 0;
    const call = (method: string, payload: unknown = {}) =>
      new Promise<{ ok: boolean; result?: Record<string, unknown>; error?: { code: string } }>((resolve) => {
        const id = ++n;
        const onMessage = (raw: WebSocket.RawData) => {
          const m = JSON.parse(raw.toString());
          if (m.id === id) {
            ws.off('message', onMessage);
            resolve(m.response);
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id, method, payload }));
      });
    return { ws, events, call };
  }

  it("a screen receives only its own drop-off's events, and another screen cannot act on its id", async () => {
    const resident = await screen('resident-screen-1');
    const stranger = await screen();
    const begun = await resident.call('dropOff.begin', { matterId: 'social-insurance', phone: '13800003333', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    expect(begun.ok).toBe(true);
    const dropOffId = begun.result?.dropOffId as string;
    await until(() => resident.events.some((e) => e.event === 'dropOff.changed' && e.data.stage === 'open'), 8000);
    await resident.call('simulator.press', { label: begun.result?.compartment && (begun.result.compartment as { label: string }).label });
    await until(() => resident.events.some((e) => e.event === 'dropOff.changed' && e.data.stage === 'deposited'), 8000);
    expect(stranger.events.filter((e) => e.event === 'dropOff.changed')).toEqual([]);
    for (const method of ['dropOff.get', 'dropOff.continue', 'dropOff.cancel']) {
      expect((await stranger.call(method, { dropOffId })).error?.code, method).toBe('not-found');
    }
    // The same page after a reconnect is still the same screen.
    resident.ws.close();
    const again = await screen('resident-screen-1');
    expect((await again.call('dropOff.get', { dropOffId })).ok).toBe(true);
    again.ws.close();
    stranger.ws.close();
  });

  it('staff events reach only a screen logged in to the console', async () => {
    const console_ = await screen();
    const stranger = await screen();
    const code = setupCodeOf(cabinet);
    const admin = await console_.call('staff.createFirstAdmin', { setupCode: code, login: 'admin', name: 'Admin', pin: '246810' });
    expect(admin.ok).toBe(true);
    const token = admin.result?.token as string;
    const job = await console_.call('maintenance.override', { token, label: 'B12', reason: 'inspection' });
    expect(job.ok).toBe(true);
    await until(() => console_.events.some((e) => e.event === 'staff.job'), 8000);
    expect(stranger.events.filter((e) => e.event === 'staff.job')).toEqual([]);
    console_.ws.close();
    stranger.ws.close();
  });
});
