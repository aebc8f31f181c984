import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BusError } from '../../../hardware/lock-bus';
import type { BytePort } from '../../../hardware/transport/byte-port';
import {
  createBusTransport,
  type BusTransport,
  type BusTransportOptions,
  type TrafficEvent,
} from '../../../hardware/transport/bus-transport';
import { createFakePort, toyReply, toyRequest, type FakePort } from './fake-port';
import { toyTransaction } from './toy-matcher';

/** Capture a promise's outcome so a rejection is never unhandled while fake time runs. */
function outcome<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

function busError(error: unknown): BusError {
  expect(error).toBeInstanceOf(BusError);
  return error as BusError;
}

async function onlineTransport(
  port: FakePort = createFakePort(),
  extra: Partial<BusTransportOptions> = {},
): Promise<{ transport: BusTransport; port: FakePort }> {
  const transport = createBusTransport({ open: async () => port, baudRate: 9600, ...extra });
  await transport.whenOnline(1000);
  return { transport, port };
}

/** The board answers each toy request after `delayMs`, with `status` for its id. */
function answerAfter(port: FakePort, delayMs: number, status: (id: number) => number[] = () => [0x11]): void {
  port.onWrite = (bytes, p) => {
    const id = bytes[1] ?? 0;
    setTimeout(() => p.emit(toyReply(id, status(id))), delayMs);
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('framing', () => {
  it('completes on the valid frame the moment its last byte arrives, with no quiet time', async () => {
    const { transport, port } = await onlineTransport();
    answerAfter(port, 30);
    const start = Date.now();
    const result = outcome(transport.request(toyTransaction(1)));
    await vi.advanceTimersByTimeAsync(29);
    expect(result.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.done).toBe(true);
    expect(Date.now() - start).toBe(30);
    expect(Array.from(result.value!.frame)).toEqual(toyReply(1, [0x11]));
    expect(result.value!.elapsedMs).toBe(30);
  });

  it('skips junk before the header and counts it', async () => {
    const { transport, port } = await onlineTransport();
    port.onWrite = (_bytes, p) => p.emit([0xfa, 0xfd, 0x99, 0x99, ...toyReply(1, [0x00])]);
    const reply = await transport.request(toyTransaction(1));
    expect(Array.from(reply.raw)).toEqual(toyReply(1, [0x00]));
    expect(transport.stats().junkBytesSkipped).toBe(4);
  });

  it('assembles a reply split over bursts several ms apart', async () => {
    const { transport, port } = await onlineTransport();
    const reply = toyReply(1, [0x11]);
    port.onWrite = (_bytes, p) => {
      setTimeout(() => p.emit(reply.slice(0, 2)), 10);
      setTimeout(() => p.emit(reply.slice(2, 3)), 14);
      setTimeout(() => p.emit(reply.slice(3)), 19);
    };
    const result = outcome(transport.request(toyTransaction(1)));
    await vi.advanceTimersByTimeAsync(18);
    expect(result.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.done).toBe(true);
    expect(Array.from(result.value!.frame)).toEqual(reply);
  });

  it('ends a reply of unknown length only after the line has been quiet', async () => {
    const { transport, port } = await onlineTransport();
    const reply = toyReply(1, [0x00, 0x00, 0x02]);
    port.onWrite = (_bytes, p) => {
      setTimeout(() => p.emit(reply.slice(0, 3)), 10);
      setTimeout(() => p.emit(reply.slice(3)), 18);
    };
    const result = outcome(transport.request(toyTransaction(1, { statusCount: 'unknown' })));
    // quiet = ceil(3.5 × 1.042 + 20) = 24 ms after the last byte (t = 18).
    await vi.advanceTimersByTimeAsync(18 + 23);
    expect(result.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.done).toBe(true);
    expect(Array.from(result.value!.frame)).toEqual(reply);
  });

  it('leaves ~5 ms between transactions at 9600 baud', async () => {
    const { transport, port } = await onlineTransport();
    port.onWrite = (bytes, p) => p.emit(toyReply(bytes[1] ?? 0, [0x11]));
    const both = outcome(Promise.all([transport.request(toyTransaction(1)), transport.request(toyTransaction(2))]));
    await vi.advanceTimersByTimeAsync(10);
    expect(both.value).toHaveLength(2);
    const [first, second] = port.writeTimes;
    expect(second! - first!).toBe(5);
  });
});

describe('failures that may have moved a lock', () => {
  it('times out an open as outcome-unknown and never writes it again', async () => {
    const { transport, port } = await onlineTransport();
    const result = outcome(transport.request(toyTransaction(7, { priority: 'high', timeoutMs: 1500 })));
    // 1500 ms plus the reply's wire time (4 bytes ≈ 4.2 ms, rounded up).
    await vi.advanceTimersByTimeAsync(1504);
    expect(result.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = busError(result.error);
    expect(error.kind).toBe('outcome-unknown');
    expect(error.reason).toBe('timeout');
    expect(error.retrySafe).toBe(false);
    expect(error.message).toMatch(/do not resend/);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(port.writes).toHaveLength(1);
    expect(transport.stats()).toMatchObject({ transactions: 1, timeouts: 1 });
  });

  it('does not take a late reply as the answer to the next request', async () => {
    const { transport, port } = await onlineTransport();
    const first = outcome(transport.request(toyTransaction(1, { timeoutMs: 100 })));
    await vi.advanceTimersByTimeAsync(105);
    expect(busError(first.error).reason).toBe('timeout');
    const flushesBefore = port.flushes;

    // The late answer to the first read (status 0x11) arrives 20 ms after the timeout...
    setTimeout(() => port.emit(toyReply(1, [0x11])), 20);
    // ...while the same read is asked again at once; the board now says 0x00.
    answerAfter(port, 10, () => [0x00]);
    const timeoutAt = Date.now();
    const second = outcome(transport.request(toyTransaction(1)));
    await vi.advanceTimersByTimeAsync(200);

    expect(Array.from(second.value!.frame)).toEqual(toyReply(1, [0x00]));
    // Written only after 50 ms of silence following the late bytes, and after a flush.
    expect(port.writeTimes[1]! - timeoutAt).toBeGreaterThanOrEqual(20 + 50);
    expect(port.flushes).toBe(flushesBefore + 1);
    expect(transport.stats().strayBytes).toBe(4);
  });

  it('reports a bad frame at once, then waits for quiet and flushes before the next request', async () => {
    const { transport, port } = await onlineTransport();
    port.onWrite = (_bytes, p) => {
      const good = toyReply(1, [0x11]);
      p.emit([...good.slice(0, -1), (good.at(-1) ?? 0) ^ 0xff]);
      // The board keeps babbling for a while.
      for (const at of [10, 20, 30]) setTimeout(() => p.emit([0x00]), at);
    };
    const first = outcome(transport.request(toyTransaction(1, { priority: 'high' })));
    await vi.advanceTimersByTimeAsync(0);
    const error = busError(first.error);
    expect(error.kind).toBe('outcome-unknown');
    expect(error.reason).toBe('bad-check');
    expect(transport.stats().badFrames).toBe(1);

    const flushesBefore = port.flushes;
    const failedAt = Date.now();
    answerAfter(port, 5);
    const second = outcome(transport.request(toyTransaction(1)));
    await vi.advanceTimersByTimeAsync(200);
    expect(second.value).toBeDefined();
    expect(port.writeTimes[1]! - failedAt).toBeGreaterThanOrEqual(30 + 50);
    expect(port.flushes).toBe(flushesBefore + 1);
  });

  it('says not-sent (safe to retry) when the write provably sent nothing', async () => {
    const { transport, port } = await onlineTransport();
    port.writeBehaviour = 'reject';
    const error = busError(await transport.request(toyTransaction(1, { priority: 'high' })).catch((e) => e));
    expect(error.kind).toBe('not-sent');
    expect(error.retrySafe).toBe(true);
    expect(transport.stats().notSent).toBe(1);
  });

  it('says outcome-unknown when a write fails part-way or never drains', async () => {
    const { transport, port } = await onlineTransport(createFakePort(), { writeTimeoutMs: 300 });
    port.writeBehaviour = 'uncertain';
    const partial = busError(await transport.request(toyTransaction(1, { priority: 'high' })).catch((e) => e));
    expect(partial.kind).toBe('outcome-unknown');
    expect(partial.reason).toBe('write-failed');

    port.writeBehaviour = 'hang';
    const stalled = outcome(transport.request(toyTransaction(1, { priority: 'high' })));
    await vi.advanceTimersByTimeAsync(400);
    expect(busError(stalled.error).reason).toBe('write-stalled');
    expect(port.writes).toHaveLength(2);
  });
});

describe('queue', () => {
  it('runs opens ahead of polls already queued, one transaction at a time', async () => {
    const { transport, port } = await onlineTransport();
    answerAfter(port, 20);
    const all = [1, 2, 3].map((id) => transport.request(toyTransaction(id)));
    await vi.advanceTimersByTimeAsync(1); // poll 1 is on the wire
    all.push(transport.request(toyTransaction(9, { priority: 'high' })));
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(all);
    expect(port.writes.map((w) => w[1])).toEqual([1, 9, 2, 3]);
  });

  it('lets an open that arrives in the gap after a reply go ahead of the poll waiting for that gap', async () => {
    const { transport, port } = await onlineTransport();
    answerAfter(port, 20);
    const polls = [1, 2, 3].map((id) => transport.request(toyTransaction(id)));
    let answered = false;
    void polls[0]!.then(() => (answered = true));
    for (let ms = 0; !answered && ms < 200; ms++) await vi.advanceTimersByTimeAsync(1);
    expect(answered).toBe(true);
    // Now inside the ~4.6 ms gap at 9600 baud: nothing more written yet.
    expect(port.writes).toHaveLength(1);
    const open = transport.request(toyTransaction(9, { priority: 'high' }));
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([...polls, open]);
    // Before, poll 2 was taken off the queue at the reply and only then waited out the gap.
    expect(port.writes.map((w) => w[1])).toEqual([1, 9, 2, 3]);
  });

  it('keeps the full gap between transactions even when timers fire early', async () => {
    // Node's setTimeout counts from the loop's cached whole-millisecond time: 5 ms can be 4.2.
    const early: BusTransportOptions['timers'] = {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms > 1 ? ms - 1 : ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const { transport, port } = await onlineTransport(createFakePort(), { timers: early });
    answerAfter(port, 20);
    let lastReplyAt = 0;
    const first = transport.request(toyTransaction(1)).then(() => (lastReplyAt = Date.now()));
    const second = transport.request(toyTransaction(2));
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, second]);
    expect(port.writeTimes[1]! - lastReplyAt).toBeGreaterThanOrEqual(5);
  });

  it('withdraws an aborted request that is still queued', async () => {
    const { transport, port } = await onlineTransport();
    answerAfter(port, 20);
    const controller = new AbortController();
    const first = transport.request(toyTransaction(1));
    const second = outcome(transport.request(toyTransaction(2, { signal: controller.signal })));
    controller.abort();
    await vi.advanceTimersByTimeAsync(100);
    await first;
    expect(busError(second.error)).toMatchObject({ kind: 'not-sent', reason: 'aborted' });
    expect(port.writes).toHaveLength(1);
  });

  it('sends a no-reply request and returns after a short quiet time', async () => {
    const { transport, port } = await onlineTransport();
    const sent = outcome(transport.send({ bytes: toyRequest(3), priority: 'high', label: 'open 3', expectsReply: false }));
    await vi.advanceTimersByTimeAsync(23);
    expect(sent.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.done).toBe(true);
    expect(sent.error).toBeUndefined();
    expect(port.writes).toHaveLength(1);
  });

  it('keeps the bus idle for holdAfterMs (a board saving a setting)', async () => {
    const { transport, port } = await onlineTransport();
    port.onWrite = (bytes, p) => p.emit(toyReply(bytes[1] ?? 0, [0x11]));
    const setting = { ...toyTransaction(1), holdAfterMs: 600 };
    const both = outcome(Promise.all([transport.request(setting), transport.request(toyTransaction(2))]));
    await vi.advanceTimersByTimeAsync(599);
    expect(port.writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.writes).toHaveLength(2);
    expect(both.value).toHaveLength(2);
  });

  it('treats bytes nobody asked for as stray: quiet and flush before the next request', async () => {
    const { transport, port } = await onlineTransport();
    answerAfter(port, 5);
    const first = outcome(transport.request(toyTransaction(1)));
    await vi.advanceTimersByTimeAsync(5);
    expect(first.done).toBe(true);
    const flushesBefore = port.flushes;
    port.emit([0x82, 0x01, 0x05, 0x00, 0x86]); // an unsolicited change notice
    const strayAt = Date.now();
    const second = outcome(transport.request(toyTransaction(2)));
    await vi.advanceTimersByTimeAsync(100);
    expect(second.done).toBe(true);
    expect(port.writeTimes[1]! - strayAt).toBe(50);
    expect(port.flushes).toBe(flushesBefore + 1);
    expect(transport.stats().strayBytes).toBe(5);
  });

  it('taps traffic in both directions', async () => {
    const { transport, port } = await onlineTransport();
    const events: TrafficEvent[] = [];
    transport.onTraffic((event) => events.push(event));
    answerAfter(port, 12);
    const reply = outcome(transport.request(toyTransaction(1)));
    await vi.advanceTimersByTimeAsync(12);
    expect(reply.done).toBe(true);
    expect(events.map((e) => e.direction)).toEqual(['tx', 'rx']);
    expect(events[1]!.at - events[0]!.at).toBe(12);
  });
});

describe('port lost and found', () => {
  it('fails in-flight, queued and new requests fast, then reconnects with backoff', async () => {
    const first = createFakePort();
    const second = createFakePort();
    const opens: Array<() => Promise<BytePort>> = [
      async () => first,
      async () => Promise.reject(new Error('ENOENT /dev/ttyUSB0')),
      async () => Promise.reject(new Error('ENOENT /dev/ttyUSB0')),
      async () => second,
    ];
    const open = vi.fn(() => opens.shift()!());
    const transport = createBusTransport({ open, baudRate: 9600 });
    await transport.whenOnline(100);

    const inFlight = outcome(transport.request(toyTransaction(1, { priority: 'high', timeoutMs: 1500 })));
    const queued = outcome(transport.request(toyTransaction(2)));
    await vi.advanceTimersByTimeAsync(50);
    first.vanish(new Error('USB adapter unplugged'));
    await vi.advanceTimersByTimeAsync(0);

    // The open was on the wire: it may have fired. The queued read never left.
    expect(busError(inFlight.error)).toMatchObject({ kind: 'outcome-unknown', reason: 'port-closed' });
    const queuedError = busError(queued.error);
    expect(queuedError.kind).toBe('offline');
    expect(queuedError.message).toMatch(/offline.*USB adapter unplugged.*nothing was sent/);
    const fresh = busError(await transport.request(toyTransaction(3)).catch((e) => e));
    expect(fresh.kind).toBe('offline');
    expect(transport.state).toBe('offline');

    // Backoff: 250, 500, 1000 ms.
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(open).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(999);
    expect(transport.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(4);
    expect(transport.state).toBe('online');
    expect(transport.stats()).toMatchObject({ reconnects: 1, connectAttempts: 4 });

    answerAfter(second, 10);
    const after = outcome(transport.request(toyTransaction(4)));
    await vi.advanceTimersByTimeAsync(10);
    expect(after.value).toBeDefined();
    expect(first.writes).toHaveLength(1);
    expect(second.writes).toHaveLength(1);
  });

  it('keeps retrying when the first open fails, and is offline meanwhile', async () => {
    const port = createFakePort();
    let attempts = 0;
    const transport = createBusTransport({
      open: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('no such port');
        return port;
      },
      baudRate: 9600,
      backoff: { initialMs: 100, maxMs: 150 },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(busError(await transport.request(toyTransaction(1)).catch((e) => e)).kind).toBe('offline');
    await vi.advanceTimersByTimeAsync(100 + 150);
    expect(transport.state).toBe('online');
    expect(transport.stats().reconnects).toBe(0);
  });

  it('close() lets the request on the wire finish, fails the queue and stops reconnecting', async () => {
    const { transport, port } = await onlineTransport();
    answerAfter(port, 20);
    const onWire = outcome(transport.request(toyTransaction(1, { priority: 'high' })));
    const queued = outcome(transport.request(toyTransaction(2)));
    await vi.advanceTimersByTimeAsync(1);
    const closing = transport.close();
    await vi.advanceTimersByTimeAsync(30);
    await closing;
    expect(onWire.value).toBeDefined();
    expect(busError(queued.error)).toMatchObject({ kind: 'offline', reason: 'closed' });
    expect(port.closes).toBe(1);
    expect(transport.state).toBe('closed');
  });
});
