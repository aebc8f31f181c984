// Drives fuzzed calls through a few WebSockets, one call at a time per socket, and tallies what
// came back: every call must get an answer (a result or a typed error) or see its socket closed
// with a close frame; a call that gets neither within the budget is a hang.
import fc from 'fast-check';
import WebSocket from 'ws';
import { errorCode } from '../../../main/contract/errors';
import { hostileValue, toWire, type FuzzCall } from './contract-arbitraries';
import { openSocket, type Reply } from './harness-process';

/** A whole message as it goes on the wire, for envelopes no well-behaved client sends. */
export type WireCall = FuzzCall & { wire?: string | Buffer };

export interface Tally {
  sent: number;
  /** Calls sent per method name (contract names only; unknown ones are not counted here). */
  perMethod: Record<string, number>;
  answered: number;
  results: number;
  /** Results per method: what the fuzz got done. */
  resultsPerMethod: Record<string, number>;
  /** Typed errors by code. */
  errors: Record<string, number>;
  /** Errors whose code is not in the contract's list. */
  untyped: string[];
  /** Sockets the server closed, by close code (1006: no close frame). */
  closed: Record<string, number>;
  hangs: string[];
  /** Flow starts that succeeded (each may legitimately open a door). */
  flowStarts: number;
  /** Calls on another screen's flow id that were not refused. */
  foreignAccepted: string[];
}

export const newTally = (): Tally => ({ sent: 0, perMethod: {}, answered: 0, results: 0, resultsPerMethod: {}, errors: {}, untyped: [], closed: {}, hangs: [], flowStarts: 0, foreignAccepted: [] });

const FLOW_STARTS = new Set(['dropOff.begin', 'dropOff.continue', 'dropOff.retry', 'pickUp.begin']);
const typedCodes = new Set<string>(errorCode.options);

/** Envelopes: not JSON, JSON that is not an object, ids a client never sends (deep, huge, odd), binary frames. */
export const envelopeArbitrary: fc.Arbitrary<WireCall> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ method: null, payload: null, wire: `{${text}` })),
  fc.constantFrom('null', '1', '"cabinet.info"', '[]', '[{"method":"cabinet.info"}]', 'true', '{}', '{"method":"cabinet.info","payload":1e999}').map((wire) => ({ method: null, payload: null, wire })),
  hostileValue.map((id) => ({ method: 'cabinet.info', payload: {}, wire: toWire({ id, method: 'cabinet.info', payload: {} }) })),
  fc.uint8Array({ maxLength: 60 }).map((b) => ({ method: null, payload: null, wire: Buffer.from(b) })),
);

interface Outcome {
  reply?: NonNullable<Reply['response']>;
  closedWith?: number;
}

function sendOne(ws: WebSocket, id: number, call: WireCall, budgetMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(outcome);
    };
    const onMessage = (raw: WebSocket.RawData) => {
      let reply: Reply;
      try {
        reply = JSON.parse(raw.toString()) as Reply;
      } catch {
        return done({ reply: { ok: false, error: { code: 'not-json-answer', message: raw.toString().slice(0, 80) } } });
      }
      if (reply.response) done({ reply: reply.response });
    };
    const onClose = (code: number) => done({ closedWith: code });
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
      reject(new Error(`no answer in ${budgetMs} ms to ${String(call.method).slice(0, 40)} ${(call.wire ?? toWire(call.payload ?? null)).toString().slice(0, 120)}`));
    }, budgetMs);
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(call.wire ?? toWire({ id, method: call.method, payload: call.payload }));
  });
}

function record(tally: Tally, call: WireCall, outcome: Outcome, foreignIds: ReadonlySet<string>): void {
  if (outcome.closedWith !== undefined) {
    tally.closed[outcome.closedWith] = (tally.closed[outcome.closedWith] ?? 0) + 1;
    return;
  }
  const reply = outcome.reply!;
  tally.answered += 1;
  if (reply.ok) {
    tally.results += 1;
    tally.resultsPerMethod[String(call.method)] = (tally.resultsPerMethod[String(call.method)] ?? 0) + 1;
    if (typeof call.method === 'string' && FLOW_STARTS.has(call.method)) tally.flowStarts += 1;
    const payload = call.payload as Record<string, unknown> | null;
    const named = payload && typeof payload === 'object' ? [payload.dropOffId, payload.pickUpId] : [];
    if (named.some((v) => typeof v === 'string' && foreignIds.has(v))) tally.foreignAccepted.push(String(call.method));
    return;
  }
  const code = reply.error?.code ?? '(none)';
  tally.errors[code] = (tally.errors[code] ?? 0) + 1;
  if (!typedCodes.has(code) && tally.untyped.length < 20) tally.untyped.push(`${String(call.method).slice(0, 40)} → ${code}`);
}

/** `workers` sockets take calls from `calls` until none is left; a socket the server closes is reopened. */
export async function drive(port: number, calls: WireCall[], options: { workers: number; budgetMs: number; foreignIds: ReadonlySet<string> }): Promise<Tally> {
  const tally = newTally();
  let next = 0;
  const worker = async (w: number) => {
    let ws = await openSocket(port, `fuzz-screen-${w}-0000`);
    while (next < calls.length) {
      const i = next++;
      const call = calls[i] as WireCall;
      tally.sent += 1;
      if (typeof call.method === 'string' && call.wire === undefined) tally.perMethod[call.method] = (tally.perMethod[call.method] ?? 0) + 1;
      try {
        const outcome = await sendOne(ws, i, call, options.budgetMs);
        record(tally, call, outcome, options.foreignIds);
        if (outcome.closedWith !== undefined) ws = await openSocket(port, `fuzz-screen-${w}-0000`);
      } catch (error) {
        tally.hangs.push((error as Error).message);
        ws.terminate();
        ws = await openSocket(port, `fuzz-screen-${w}-0000`);
      }
    }
    ws.close();
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  return tally;
}
