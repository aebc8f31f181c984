// `npm run bench:notify`: drain 10,000 queued outbox messages to a signed webhook on 127.0.0.1
// (a receiver in its own process), through the real worker and a real database file (WAL,
// synchronous=FULL). Reports messages/s, and the database's cost per message: time inside the
// worker's write transactions, rows written and commits. Next to it, the floor that one commit
// per message would cost on this disk. Target: ≥ 1,000 messages/s.
// All messages go to one webhook, i.e. one recipient: strictly in order, one request at a time.
// Usage: npm run bench:notify [-- --messages 10000 --runs 3 --json out.json]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { wallClock } from '../main/app/clock';
import { openChannels } from '../main/app/notify/channels';
import { defaultConfig, parseConfig } from '../main/core/config';
import { createNotifier } from '../main/core/notify/notifier';
import { openDatabase } from '../main/store/database';
import { createRepositories } from '../main/store/repositories';
import { memorySecrets } from '../main/store/secrets-repo';
import { createOutboxRepo } from '../main/store/outbox-repo';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, json: { type: 'string' } } });
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const SECRET = 'bench-webhook-secret-0123456789';

async function startReceiver(): Promise<{ url: string; stats(): Promise<{ keys: number; duplicates: number; badSignatures: number }>; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bench', 'webhook-receiver.ts'), SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      const m = /listening (\d+)/.exec(c.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the receiver exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    stats: async () => (await (await fetch(`${url}/stats`)).json()) as { keys: number; duplicates: number; badSignatures: number },
    stop: () => child.kill('SIGTERM'),
  };
}

/** What one commit per message would cost: single-row synchronous=FULL commits on this disk. */
function commitFloorMs(dir: string): number {
  const db = openDatabase(join(dir, 'floor.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const n = 200;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) insert.run(i);
  const ms = (performance.now() - t0) / n;
  db.close();
  return ms;
}

interface Run {
  messagesPerSecond: number;
  seconds: number;
  dbMsPerMessage: number;
  rowWritesPerMessage: number;
  commitsPerMessage: number;
  transactions: number;
  receivedKeys: number;
  duplicates: number;
}

async function run(receiverUrl: string, receiver: Awaited<ReturnType<typeof startReceiver>>, index: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-notify-'));
  const db = openDatabase(join(dir, 'cabinet.sqlite'));
  const outbox = createOutboxRepo(db);
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < MESSAGES; i++) {
      const reference = `2503${String(index).padStart(2, '0')}${String(i).padStart(4, '0')}`;
      outbox.add({
        at: now,
        kind: 'deposit',
        audience: 'staff',
        idempotencyKey: `deposit:bench-${index}:${reference}`,
        payload: { cabinet: 'demo-01', reference, matter: 'retirement', compartment: 'A03', depositedAt: now, expectedDate: '2025-03-14', phone: '138****1111' },
      });
    }
  })();
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
  raw.notifications = { channels: [{ type: 'webhook', id: 'office', url: `${receiverUrl}/hook`, secret: SECRET }], digest: { enabled: false } };
  const config = parseConfig(raw);
  const before = await receiver.stats();
  const notifier = createNotifier({ repos: createRepositories(db, memorySecrets()), config, clock: wallClock, openChannels });
  const delivered = db.prepare("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'").pluck();
  const t0 = performance.now();
  notifier.start();
  await new Promise<void>((resolve) => {
    const check = () => (notifier.stats.delivered >= MESSAGES && !notifier.busy() ? resolve() : setTimeout(check, 5));
    check();
  });
  const seconds = (performance.now() - t0) / 1000;
  await notifier.stop();
  if (delivered.get() !== MESSAGES) throw new Error(`only ${String(delivered.get())} of ${MESSAGES} messages are marked delivered`);
  const after = await receiver.stats();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const s = notifier.stats;
  return {
    messagesPerSecond: MESSAGES / seconds,
    seconds,
    dbMsPerMessage: s.dbMs / MESSAGES,
    rowWritesPerMessage: s.rowWrites / MESSAGES,
    commitsPerMessage: s.transactions / MESSAGES,
    transactions: s.transactions,
    receivedKeys: after.keys - before.keys,
    duplicates: after.duplicates - before.duplicates,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const receiver = await startReceiver();
try {
  const dir = mkdtempSync(join(tmpdir(), 'bench-notify-floor-'));
  const floor = commitFloorMs(dir);
  rmSync(dir, { recursive: true, force: true });
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run(receiver.url, receiver, i);
    runs.push(r);
    console.log(
      `run ${i + 1}: ${r.messagesPerSecond.toFixed(0)} messages/s (${r.seconds.toFixed(2)} s), DB ${(r.dbMsPerMessage * 1000).toFixed(1)} µs/message in ${r.transactions} commits ` +
        `(${r.commitsPerMessage.toFixed(4)} commits, ${r.rowWritesPerMessage.toFixed(2)} rows written per message), received ${r.receivedKeys} keys, ${r.duplicates} duplicates`,
    );
  }
  const summary = {
    messages: MESSAGES,
    runs: RUNS,
    medianMessagesPerSecond: median(runs.map((r) => r.messagesPerSecond)),
    medianDbMicrosPerMessage: median(runs.map((r) => r.dbMsPerMessage * 1000)),
    medianCommitsPerMessage: median(runs.map((r) => r.commitsPerMessage)),
    rowWritesPerMessage: median(runs.map((r) => r.rowWritesPerMessage)),
    singleCommitFloorMs: floor,
    target: 1000,
  };
  console.log(
    `median of ${RUNS}: ${summary.medianMessagesPerSecond.toFixed(0)} messages/s (target ≥ ${summary.target}); DB ${summary.medianDbMicrosPerMessage.toFixed(1)} µs and ` +
      `${summary.medianCommitsPerMessage.toFixed(4)} commits per message; one commit per message would cost ${floor.toFixed(2)} ms each on this disk`,
  );
  if (values.json) writeFileSync(values.json, JSON.stringify({ summary, runs }, null, 2));
  if (runs.some((r) => r.receivedKeys !== MESSAGES || r.duplicates !== 0)) {
    console.error('FAIL: the receiver did not get every message exactly once');
    process.exitCode = 1;
  }
} finally {
  receiver.stop();
}
