// The worker is killed (SIGKILL) while a request hangs, and restarted on the same database file:
// every message ends up processed exactly once per idempotency key by the receiver, which
// de-duplicates the resend of the message whose answer never came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { openDatabase } from '../../main/store/database';
import { createOutboxRepo } from '../../main/store/outbox-repo';
import { WEBHOOK_SECRET, startHttpServer, type HttpTestServer } from './notify-servers';
import { until } from './until';

const repo = join(import.meta.dirname, '..', '..');
const fixture = join(import.meta.dirname, 'fixtures', 'notify-worker.ts');

let web: HttpTestServer;
beforeAll(async () => {
  web = await startHttpServer();
});
afterAll(async () => {
  await web.close();
});


function startWorker(databaseFile: string, configFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, databaseFile, configFile], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())));

describe('the outbox worker killed mid-delivery', () => {
  it('delivers every message exactly once per idempotency key after a SIGKILL and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notify-crash-'));
    const databaseFile = join(dir, 'cabinet.sqlite');
    const configFile = join(dir, 'cabinet.json');
    const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
    raw.notifications = { channels: [{ type: 'webhook', id: 'hook', url: `${web.url}/webhook`, secret: WEBHOOK_SECRET }], retry: { firstDelaySeconds: 0.05, maxDelaySeconds: 0.2 }, timeoutSeconds: 30, digest: { enabled: false } };
    writeFileSync(configFile, JSON.stringify(parseConfig(raw)));

    const db = openDatabase(databaseFile);
    const outbox = createOutboxRepo(db);
    const keys = Array.from({ length: 8 }, (_, i) => `crash-${i}`);
    for (const key of keys) outbox.add({ at: Date.now(), kind: 'deposit', audience: 'staff', payload: { reference: key }, idempotencyKey: key });

    // The receiver processes crash-3 but never answers: the worker is killed waiting for it.
    web.hangKeys.add('crash-3');
    const first = await startWorker(databaseFile, configFile);
    await until(() => web.requests.some((r) => r.key === 'crash-3'), 15_000, 'crash-3 sent');
    first.kill('SIGKILL');
    await exited(first);
    web.hangKeys.clear();
    const statusOf = db.prepare('SELECT status FROM outbox WHERE idempotency_key = ?').pluck();
    expect(statusOf.get('crash-3')).toBe('pending');
    expect(web.accepted.map((r) => r.key)).not.toContain('crash-4');

    const second = await startWorker(databaseFile, configFile);
    await until(() => keys.every((k) => statusOf.get(k) === 'delivered'), 15_000, 'all delivered after the restart');
    second.kill('SIGTERM');
    await exited(second);

    // Exactly once per key at the receiver; crash-3 (and whatever was not yet written down) came again.
    expect(web.accepted.map((r) => r.key)).toEqual(keys);
    expect([...web.processed.values()].every((n) => n === 1)).toBe(true);
    expect(web.replays.map((r) => r.key)).toContain('crash-3');
    const attempts = db.prepare('SELECT attempts FROM outbox_deliveries d JOIN outbox o ON o.id = d.message_id WHERE o.idempotency_key = ?').pluck();
    expect(attempts.get('crash-7')).toBe(1);
    db.close();
  }, 40_000);
});
