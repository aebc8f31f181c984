// The web harness under hostile input, as a child process like `npm run web`: broken WebSocket
// frames and malformed addresses are refused one connection at a time; the process lives on, logs
// no uncaught error, and keeps serving the contract.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './until';

const repo = join(import.meta.dirname, '..', '..');
let child: ChildProcess;
let port = 0;
let stderr = '';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'web-hostile-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', '--port', '0', '--data-dir', dataDir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  await until(() => /web harness: http:\/\/127\.0\.0\.1:(\d+)\//.test(stdout), 30_000, 'the harness to start');
  port = Number(/web harness: http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout)?.[1]);
}, 40_000);
afterAll(() => {
  child.kill('SIGKILL');
});

/** A client frame: FIN + opcode (+ extra first-byte bits), masked unless told not to. */
function frame(opcode: number, payload: Buffer, options: { firstByteBits?: number; masked?: boolean; length?: Buffer } = {}): Buffer {
  const masked = options.masked ?? true;
  const first = Buffer.from([0x80 | opcode | (options.firstByteBits ?? 0)]);
  let length: Buffer;
  if (options.length) length = options.length;
  else if (payload.length < 126) length = Buffer.from([payload.length]);
  else length = Buffer.concat([Buffer.from([126]), Buffer.from([payload.length >> 8, payload.length & 0xff])]);
  if (masked) length[0] = (length[0] as number) | 0x80;
  if (!masked) return Buffer.concat([first, length, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([first, length, mask, body]);
}

/** Opens a raw WebSocket, sends `bytes`, and resolves when the server has closed the connection. */
function sendRaw(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (c) => {
      const upgraded = received.length === 0 && c.toString('latin1').startsWith('HTTP/1.1 101');
      received = Buffer.concat([received, c]);
      if (upgraded) socket.write(bytes);
    });
    socket.on('close', () => resolve(received.toString('latin1')));
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

async function stillServes(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = await new Promise<{ response: { ok: boolean } }>((resolve) => {
    ws.once('message', (raw) => resolve(JSON.parse(raw.toString())));
    ws.send(JSON.stringify({ id: 1, method: 'cabinet.info', payload: {} }));
  });
  ws.close();
  expect(reply.response.ok).toBe(true);
}

describe('the web harness under hostile input', () => {
  const huge = Buffer.alloc(8);
  huge.writeBigUInt64BE(2n ** 62n);
  const over64k = Buffer.alloc(9);
  over64k[0] = 127;
  over64k.writeBigUInt64BE(70_000n, 1);
  const cases: Array<[string, Buffer]> = [
    ['a frame over 64 KiB', Buffer.concat([frame(1, Buffer.alloc(0), { length: over64k }), randomBytes(4), Buffer.alloc(1000, 0x61)])],
    ['invalid UTF-8 text', frame(1, Buffer.from([0xff, 0xfe, 0xfd]))],
    ['an unmasked client frame', frame(1, Buffer.from('hi'), { masked: false })],
    ['reserved opcode 3', frame(3, Buffer.from('x'))],
    ['RSV1 set without an extension', frame(1, Buffer.from('x'), { firstByteBits: 0x40 })],
    ['a 64-bit length beyond 2^53', frame(2, Buffer.alloc(0), { length: Buffer.concat([Buffer.from([127]), huge]) })],
    ['a control frame longer than 125 bytes', frame(9, Buffer.alloc(200, 1))],
  ];
  for (const [what, bytes] of cases) {
    it(`closes the connection on ${what} and lives on`, async () => {
      const answer = await sendRaw(bytes);
      expect(answer).toMatch(/^HTTP\/1\.1 101/);
      expect(child.exitCode).toBeNull();
      await stillServes();
    });
  }

  for (const path of ['/%', '/%E0%A4%A', '/%zz', '/%C0%80', '/a%ff']) {
    it(`answers 400 to the malformed address ${path}`, async () => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.status).toBe(400);
      expect(child.exitCode).toBeNull();
    });
  }

  it('answers a broken HTTP request with 400 and logged nothing uncaught', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.write('GARBAGE \x00\x01 NOT HTTP\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await stillServes();
    expect(stderr).not.toMatch(/uncaught|unhandled/i);
  });
});
