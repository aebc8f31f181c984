// LockBus over any protocol codec and a bus transport. What differs between the protocols is
// left to the codec; the one visible difference is the open:
// - generic: the board answers an open ~500 ms later with one reading of the door (not proof of
//   opening); openLock resolves with that reading.
// - Kerong KR-CU16: 0x31 gets NO reply. openLock resolves once the request is on the wire and the
//   line has been quiet, with no reading; the caller learns the door state from the next poll
//   (readBoard / readAll, 0x30). A BusError('outcome-unknown') is then impossible from a missing
//   reply, but still possible from a failed or stalled write.
// Opens are never retried here; reads are retried once (harmless) unless the bus is offline.

import { BusError, PartialReadError, type BoardSettings, type DoorReading, type LockBus, type OpenReply } from '../lock-bus';
import { settingsOf, type Decoded, type ProtocolCodec, type ProtocolRequest } from '../protocols/codec';
import type { BusTransport } from '../transport/bus-transport';
import { codecTransaction } from './codec-transaction';

export interface LockBusOptions {
  /** Either protocol: any ProtocolCodec<SomeRequest> is a ProtocolCodec (method parameters are bivariant). */
  codec: ProtocolCodec;
  transport: BusTransport;
  /** Boards readAll reads, in order; default the codec's boards. Each must be known to the codec. */
  boards?: readonly BoardSettings[];
  /** Reply timeout for reads; default the codec's (300 ms). Opens keep the codec's (≥ 1.5 s). */
  readTimeoutMs?: number;
  /** Reply timeout for opens (and open-all); default the codec's. Past it the outcome is unknown: never resent. */
  openReplyTimeoutMs?: number;
  /** Retry a read once after a failure that is not 'offline'. Default true. */
  retryReads?: boolean;
}

export function createLockBus(options: LockBusOptions): LockBus {
  const { codec, transport } = options;
  const boards = options.boards ?? codec.boards;
  const retryReads = options.retryReads ?? true;
  // Fail at construction, not at the first poll, on a board the codec was not given.
  for (const board of boards) settingsOf(codec.boards, board.address);

  /** Put one request on the bus; the reply frame, or undefined for a request without one. */
  async function exchange(request: ProtocolRequest, timeoutMs?: number): Promise<Uint8Array | undefined> {
    const transaction = codecTransaction(codec, request, { timeoutMs });
    if (!transaction.expectsReply) {
      await transport.send(transaction);
      return undefined;
    }
    return (await transport.request(transaction)).frame;
  }

  function decoded<T>(result: Decoded<T>, request: ProtocolRequest): T {
    if (result.ok) return result.value;
    // The matcher accepted the frame, so this is a codec inconsistency, reported like a bad reply.
    const detail = result.detail ? `: ${result.detail}` : '';
    throw new BusError('outcome-unknown', result.reason, `${codec.describe(request.bytes)}: reply not understood (${result.reason}${detail})`);
  }

  async function readBoard(board: number): Promise<DoorReading[]> {
    const request = codec.encodeReadBoard(board);
    let frame: Uint8Array | undefined;
    try {
      frame = await exchange(request, options.readTimeoutMs);
    } catch (error) {
      if (!retryReads || !(error instanceof BusError) || error.kind === 'offline') throw error;
      frame = await exchange(request, options.readTimeoutMs);
    }
    if (frame === undefined) throw new BusError('outcome-unknown', 'no-reply', `${codec.describe(request.bytes)}: no reply frame`);
    return decoded(codec.decodeDoors(request, frame), request);
  }

  return {
    protocol: codec.name,

    async openLock(board, lock): Promise<OpenReply> {
      const request = codec.encodeOpen(board, lock);
      const frame = await exchange(request, options.openReplyTimeoutMs);
      return decoded(codec.decodeOpenReply(request, frame), request);
    },

    async openAll(board): Promise<void> {
      const request = codec.encodeOpenAll(board);
      const frame = await exchange(request);
      if (frame !== undefined) decoded(codec.decodeOpenReply(request, frame), request);
    },

    readBoard,

    async readAll(): Promise<DoorReading[]> {
      // All queued at once: the transport runs them back to back, and an open still cuts in.
      const results = await Promise.allSettled(boards.map((b) => readBoard(b.address)));
      const readings: DoorReading[] = [];
      const failures: Array<{ board: number; error: BusError }> = [];
      results.forEach((result, i) => {
        const board = boards[i]!.address;
        if (result.status === 'fulfilled') readings.push(...result.value);
        else failures.push({ board, error: asBusError(result.reason) });
      });
      if (failures.length === 0) return readings;
      if (readings.length === 0) throw failures[0]!.error;
      throw new PartialReadError(readings, failures);
    },

    close: () => transport.close(),
  };
}

function asBusError(error: unknown): BusError {
  if (error instanceof BusError) return error;
  return new BusError('outcome-unknown', 'internal', error instanceof Error ? error.message : String(error));
}
