// The receiving end of `npm run bench:notify`, in its own process (so it does not share the
// worker's event loop): a webhook on 127.0.0.1 that checks each HMAC signature and counts each
// idempotency key, as a back office's receiver would. GET /stats answers the counts.
// Usage: node --import tsx scripts/bench/webhook-receiver.ts <secret>   (prints "listening <port>")
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const secret = process.argv[2] ?? '';
const seen = new Map<string, number>();
let badSignatures = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: seen.size, duplicates, badSignatures }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const ts = String(req.headers['x-cabinet-timestamp'] ?? '');
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    if (req.headers['x-cabinet-signature'] !== expected) {
      badSignatures += 1;
      res.writeHead(401);
      res.end();
      return;
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    seen.set(key, (seen.get(key) ?? 0) + 1);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
