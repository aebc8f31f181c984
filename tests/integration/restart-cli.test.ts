// The web harness restarting for its supervisor (ADR 0012): a technician's system.restart is
// answered, the process closes the cabinet and exits with RESTART_EXIT_CODE, and a new start on
// the same data directory (what the supervisor does) serves again with the same accounts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTART_EXIT_CODE } from '../../main/app/restart';
import { setupCodeOf } from './test-cabinet';

const READY = /Civic Cabinet web harness: (http:\/\/127\.0\.0\.1:\d+\/)/;
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function start(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CABINET_CONFIG: '' } });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = READY.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`harness exited with ${code}:\n${output}`)));
  });
  return { url, exited, output: () => output };
}

async function call(url: string, method: string, payload: unknown): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: { code: string } }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}ws`, { origin: url.slice(0, -1) });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = await new Promise<{ response: { ok: boolean; result?: Record<string, unknown>; error?: { code: string } } }>((resolve) => {
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.id === 1) resolve(msg);
    });
    ws.send(JSON.stringify({ id: 1, method, payload }));
  });
  ws.close();
  return reply.response;
}

describe('system.restart in the web harness', () => {
  it('answers, exits with the restart code for the supervisor, and starts again cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-restart-'));
    const first = start(dataDir);
    const url = await first.url;
    const databaseFile = join(dataDir, 'cabinet.sqlite');
    const admin = await call(url, 'staff.createFirstAdmin', { setupCode: setupCodeOf({ databaseFile }), login: 'admin', name: 'Admin', pin: '246810' });
    expect(admin.ok).toBe(true);
    expect(await call(url, 'system.restart', { token: admin.result!.token })).toEqual({ ok: true, result: { restarting: true } });
    expect(await first.exited).toBe(RESTART_EXIT_CODE);

    const db = new Database(databaseFile, { readonly: true });
    expect(db.prepare("SELECT actor, outcome FROM audit_log WHERE action = 'system.restart'").all()).toEqual([{ actor: 'account:admin', outcome: 'ok' }]);
    db.close();

    // What the supervisor does: start it again on the same data; the account is there.
    const second = start(dataDir);
    const again = await second.url;
    expect(await call(again, 'staff.login', { login: 'admin', pin: '246810' })).toMatchObject({ ok: true });
    expect(second.output()).not.toMatch(/uncaught|unhandled/);
  }, 90_000);
});
