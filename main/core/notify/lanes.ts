// Delivery lanes: one recipient's messages go strictly in outbox order (only the oldest pending
// delivery of a recipient may go), one lane per recipient; different recipients go concurrently,
// up to a limit.
import type { DueDelivery, NotifyRepo } from '../../store/notify-repo';
import type { Clock } from '../clock';

const LANE_BATCH = 64;

/** After an attempt: go on with the next message, wait (a retry is due later), or stop (closing). */
export type AttemptResult = 'next' | 'wait' | 'stopped';

export interface LanesDeps {
  repo: Pick<NotifyRepo, 'heads' | 'lane'>;
  clock: Clock;
  concurrency: number;
  running(): boolean;
  attempt(d: DueDelivery): Promise<AttemptResult>;
  /** A lane ended: called before its recipient is free again (the worker writes outcomes here). */
  ended(): void;
  /** After a lane's recipient is free again. */
  freed(): void;
  log(level: 'error', message: string, detail?: unknown): void;
}

export function createLanes(deps: LanesDeps) {
  const { repo, clock } = deps;
  const lanes = new Map<string, Promise<void>>();

  /** One recipient's pending messages, strictly in order, until done or one must wait. */
  async function drain(recipient: string, fromId: number): Promise<void> {
    let cursor = fromId;
    for (;;) {
      const batch = repo.lane(recipient, cursor, LANE_BATCH);
      if (batch.length === 0) return;
      for (const d of batch) {
        if (!deps.running() || d.nextAttemptAt > clock.now()) return;
        const outcome = await deps.attempt(d);
        cursor = d.id + 1;
        if (outcome !== 'next') return;
      }
    }
  }

  function start(recipient: string, fromId: number): void {
    const lane = drain(recipient, fromId)
      .catch((error) => deps.log('error', `delivery lane ${recipient} failed`, error instanceof Error ? error.stack : error))
      .finally(() => {
        // Outcomes are written before the recipient is free again, so no one reads a stale head.
        deps.ended();
        lanes.delete(recipient);
        deps.freed();
      });
    lanes.set(recipient, lane);
  }

  return {
    /** Start a lane for each free recipient whose head is due; answers how long until the next head is due (at most `idleMs`). */
    startDue(now: number, idleMs: number): number {
      let next = idleMs;
      for (const head of repo.heads()) {
        if (lanes.has(head.recipient)) continue;
        if (head.nextAttemptAt > now) {
          next = Math.min(next, head.nextAttemptAt - now);
          continue;
        }
        if (lanes.size >= deps.concurrency) break;
        start(head.recipient, head.id);
      }
      return next;
    },
    size: () => lanes.size,
    /** Settles when every running lane has ended, or after `graceMs` at the latest. */
    async settled(graceMs: number): Promise<void> {
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...lanes.values()]), new Promise((r) => (grace = setTimeout(r, graceMs)))]);
      clearTimeout(grace);
    },
  };
}
