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
