// Which addresses answer on this bus? For the technician: a status read to each candidate address
// with throwaway settings. Reads only, so nothing opens. Generic boards are read with length
// 'unknown', which also tells their real count of status bytes (not always channels / 8).

import { BusError, type BoardSettings } from '../lock-bus';
import type { ProtocolCodec } from '../protocols/codec';
import type { BusTransport } from '../transport/bus-transport';
import { codecTransaction } from './codec-transaction';

export type ScanResult =
  | {
      address: number;
      answered: true;
      /** The reply as received, for the technician's hex view. */
      reply: Uint8Array;
      /** Generic read-all: status bytes in the reply (set BoardSettings.statusBytes from it). */
      statusBytes?: number;
      elapsedMs: number;
    }
  | { address: number; answered: false; error: BusError };

export interface ScanOptions {
  /** Per-address reply timeout; default the codec's read timeout. */
  timeoutMs?: number;
}

/**
 * `makeCodec` builds the protocol for given boards (createGenericCodec / createKerongCodec): a codec
 * is bound to its boards' settings, and a scan has none yet. Stops early only if the bus goes offline.
 */
export async function scanBus(
  transport: BusTransport,
  makeCodec: (boards: readonly BoardSettings[]) => ProtocolCodec,
  addresses: readonly number[],
  options: ScanOptions = {},
): Promise<ScanResult[]> {
  // One channel: any reply long enough to be a reply at all is accepted.
  const probes: BoardSettings[] = addresses.map((address) => ({
    address,
    channels: 1,
    statusByteOrder: 'last-byte-first-channels',
    polarity: 'closing',
  }));
  const codec = makeCodec(probes);
  const results: ScanResult[] = [];
  for (const address of addresses) {
    const request = codec.encodeReadBoard(address, { replyLength: 'unknown' });
    const transaction = codecTransaction(codec, request, { timeoutMs: options.timeoutMs });
    if (!transaction.expectsReply) throw new RangeError(`${codec.name}: a board read gets no reply`);
    try {
      const reply = await transport.request(transaction);
      results.push({
        address,
        answered: true,
        reply: reply.raw,
        ...(codec.name === 'generic' ? { statusBytes: reply.raw.length - 4 } : {}),
        elapsedMs: reply.elapsedMs,
      });
    } catch (error) {
      if (!(error instanceof BusError)) throw error;
      if (error.kind === 'offline') throw error;
      results.push({ address, answered: false, error });
    }
  }
  return results;
}
