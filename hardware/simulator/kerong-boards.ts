// How Kerong KR-CU16 boards behave on the simulated bus (docs/lock-protocols.md#kerong-kr-cu16).

import { toHex } from '../protocols/bytes';
import {
  BAUD_CODES,
  RCMD_STATUS,
  RCMD_STATUS_ALL,
  describeKerong,
  encodeBaudReply,
  encodeStatusReply,
  encodeUnlockTimeReply,
  matchRequest,
  packStatusData,
  type KerongReading,
  type ParsedKerongRequest,
} from '../protocols/kerong-cu16';
import type { BusCore, ProtocolBoards, VirtualBoard } from './bus-core';

export function createKerongBoards(core: BusCore): ProtocolBoards {
  const readings = (board: VirtualBoard): KerongReading[] =>
    board.doors.map((d, i) => ({ lock: i + 1, open: core.sensorOpen(board, i + 1), itemPresent: d.itemPresent }));

  const statusReply = (board: VirtualBoard, rcmd: typeof RCMD_STATUS | typeof RCMD_STATUS_ALL, delayMs: number): void => {
    const now = readings(board);
    const open = now.filter((r) => r.open).map((r) => r.lock);
    const address = board.settings.address;
    core.reply(encodeStatusReply(address, now, board.settings, rcmd), delayMs, `status reply board ${address}: open ${open.join(',') || 'none'}`);
  };

  const lockBits = (board: VirtualBoard): [number, number] => {
    const [d1, d2] = packStatusData(readings(board), board.settings);
    return [d1, d2];
  };

  const handle = (req: Exclude<ParsedKerongRequest, { kind: 'status-all' }>, board: VirtualBoard): string | undefined => {
    const address = board.settings.address;
    switch (req.kind) {
      case 'status':
        statusReply(board, RCMD_STATUS, core.replyDelayMs);
        return undefined;
      case 'open':
        if (req.lock > board.settings.channels) return 'no such lock: silent';
        core.fireLock(board, req.lock); // no reply: the host polls 0x30
        return undefined;
      case 'open-all': {
        board.doors.forEach((_, i) => core.schedule(() => core.fireLock(board, i + 1), i * core.openAllStepMs));
        const last = Math.max(0, board.settings.channels - 1) * core.openAllStepMs;
        core.schedule(() => statusReply(board, RCMD_STATUS, 0), last + core.replyDelayMs);
        return undefined;
      }
      case 'unlock-time-read':
        core.reply(encodeUnlockTimeReply(address, board.unlockTimeMs, lockBits(board)), core.replyDelayMs, `unlock time reply board ${address}: ${board.unlockTimeMs} ms`);
        return undefined;
      case 'unlock-time-set':
        board.unlockTimeMs = req.unlockTimeMs;
        core.reply(encodeUnlockTimeReply(address, board.unlockTimeMs, lockBits(board)), core.replyDelayMs, `unlock time reply board ${address}: ${board.unlockTimeMs} ms`);
        return undefined;
      case 'baud-set':
        if (![...BAUD_CODES.values()].includes(req.code)) return `unknown baud code ${req.code}: silent`;
        board.baudCode = req.code;
        core.reply(encodeBaudReply(address, req.code), core.replyDelayMs, `baud reply board ${address}: code ${req.code}`);
        return undefined;
      case 'other':
        return `command ${toHex([req.command])} not simulated: silent`;
    }
  };

  return {
    consume: (buffer) => {
      const m = matchRequest(buffer);
      if (m.kind === 'need-more') return m.skipped;
      if (m.kind === 'rejected') {
        core.record('ignored', m.frame, `ignored (${m.reason}): ${toHex(m.frame)}`);
        return m.consumed;
      }
      const meaning = describeKerong(m.frame, 'host');
      const req = m.request;
      if (req.kind === 'status-all') {
        core.record('rx', m.frame, meaning);
        // Every board answers; staggered so their replies do not collide on the line.
        core.onlineBoards()
          .sort((a, b) => a.settings.address - b.settings.address)
          .forEach((board, i) => statusReply(board, RCMD_STATUS_ALL, core.replyDelayMs + i * core.broadcastStaggerMs));
        return m.consumed;
      }
      const board = core.onlineBoard(req.board);
      if (!board) {
        core.record('rx', m.frame, `${meaning} — no board ${req.board} online: silent`);
        return m.consumed;
      }
      core.record('rx', m.frame, meaning);
      const note = handle(req, board);
      if (note) core.record('ignored', m.frame, `${meaning} — ${note}`);
      return m.consumed;
    },
  };
}
