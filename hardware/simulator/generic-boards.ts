// How generic 0x8A/0x80 boards behave on the simulated bus (docs/lock-protocols.md#generic-protocol).

import { toHex } from '../protocols/bytes';
import {
  describeGeneric,
  encodeChangeNotice,
  encodeOpenAllReply,
  encodeOpenReply,
  encodeReadAllReply,
  encodeReadOneReply,
  matchRequest,
  type ParsedGenericRequest,
} from '../protocols/generic';
import type { BusCore, ProtocolBoards, VirtualBoard } from './bus-core';

export function createGenericBoards(core: BusCore): ProtocolBoards {
  const readings = (board: VirtualBoard) =>
    board.doors.map((_, i) => ({ lock: i + 1, open: core.sensorOpen(board, i + 1) }));

  const hasLock = (board: VirtualBoard, lock: number): boolean => lock >= 1 && lock <= board.settings.channels;

  const handle = (req: ParsedGenericRequest, board: VirtualBoard): string | undefined => {
    const s = board.settings;
    const address = s.address;
    switch (req.kind) {
      case 'open': {
        if (!hasLock(board, req.lock)) return 'no such lock: silent';
        core.fireLock(board, req.lock);
        // The reply is one reading of the input ~500 ms after the pulse, not proof of opening.
        core.schedule(() => {
          const open = core.sensorOpen(board, req.lock);
          core.reply(encodeOpenReply(address, req.lock, open, s), 0, `open reply board ${address} lock ${req.lock}: ${open ? 'open' : 'shut'}`);
        }, core.openReplyDelayMs);
        return undefined;
      }
      case 'open-all': {
        // One lock after another, then the reply.
        board.doors.forEach((_, i) => core.schedule(() => core.fireLock(board, i + 1), i * core.openAllStepMs));
        const last = Math.max(0, s.channels - 1) * core.openAllStepMs;
        core.reply(encodeOpenAllReply(address), last + core.openReplyDelayMs, `open-all reply board ${address}`);
        return undefined;
      }
      case 'read-one': {
        if (!hasLock(board, req.lock)) return 'no such lock: silent';
        const open = core.sensorOpen(board, req.lock);
        core.reply(encodeReadOneReply(address, req.lock, open, s), core.replyDelayMs, `read reply board ${address} lock ${req.lock}: ${open ? 'open' : 'shut'}`);
        return undefined;
      }
      case 'read-all': {
        const now = readings(board);
        const open = now.filter((r) => r.open).map((r) => r.lock);
        core.reply(encodeReadAllReply(address, now, s), core.replyDelayMs, `read-all reply board ${address}: open ${open.join(',') || 'none'}`);
        return undefined;
      }
      case 'open-bitmap': {
        // The spec names the bytes S1 S2 S3; as in read-all, S1 is taken as channels 1–8, bit 0
        // the lowest. No reply.
        req.bitmap.forEach((byte, k) => {
          for (let bit = 0; bit < 8; bit++) {
            const lock = k * 8 + bit + 1;
            if ((byte >> bit) & 1 && hasLock(board, lock)) core.fireLock(board, lock);
          }
        });
        return undefined;
      }
      case 'hold-on': {
        const door = board.doors[req.lock - 1];
        if (!door) return 'no such lock: silent';
        door.held = true;
        core.fireLock(board, req.lock);
        return undefined;
      }
      case 'hold-off': {
        const door = board.doors[req.lock - 1];
        if (!door) return 'no such lock: silent';
        door.held = false;
        return undefined;
      }
    }
  };

  return {
    consume: (buffer) => {
      const m = matchRequest(buffer);
      if (m.kind === 'need-more') return m.skipped;
      if (m.kind === 'rejected') {
        // A board answers nothing to a bad check byte.
        core.record('ignored', m.frame, `ignored (${m.reason}): ${toHex(m.frame)}`);
        return m.consumed;
      }
      const meaning = describeGeneric(m.frame, 'host');
      const board = core.onlineBoard(m.request.board);
      if (!board) {
        core.record('rx', m.frame, `${meaning} — no board ${m.request.board} online: silent`);
        return m.consumed;
      }
      core.record('rx', m.frame, meaning);
      const note = handle(m.request, board);
      if (note) core.record('ignored', m.frame, `${meaning} — ${note}`);
      return m.consumed;
    },
    sensorChanged: (board, lock) => {
      if (!core.notifyChanges || board.offline) return;
      const open = core.sensorOpen(board, lock);
      core.reply(encodeChangeNotice(board.settings.address, lock, open, board.settings), 0, `change notice board ${board.settings.address} lock ${lock}: ${open ? 'open' : 'shut'}`);
    },
  };
}
