// The fleet outbox: case events and alarms (from the audit log, written in the same transaction as
// the event itself) and ratings are copied into fleet_outbox rows together with the advanced
// cursors, one transaction per batch, so a crash loses nothing and copies nothing twice. The
// publisher sends the oldest unsent rows with QoS 1, at most `inflight` at a time, and marks a row
// sent only when its PUBACK arrives; with the link down the rows wait, across restarts too.
import type { Repositories } from '../../store/repositories';
import type { FleetEventRow } from '../../store/fleet-repo';
import type { Clock } from '../clock';
import type { FleetLink } from '../ports';
import { eventOfAudit, eventOfRating, eventPayload, type FleetEvent } from './events';
import type { FleetTopics } from './topics';

const FEED_BATCH = 500;

export interface FleetOutboxDeps {
  repos: Pick<Repositories, 'fleet'>;
  link: FleetLink;
  topics: FleetTopics;
  clock: Clock;
  newId(): string;
  ids: { districtId: string; cabinetId: string };
  inflight: number;
  /** Every audit row the feed reads, for the health figures (printer failures). */
  sawAudit?(action: string, at: number): void;
  log(level: 'warn', message: string, detail?: unknown): void;
}

export function createFleetOutbox(deps: FleetOutboxDeps) {
  const { fleet } = deps.repos;
  const inFlight = new Set<number>();
  /** The highest row id handed to the link; rows after it are fetched next. */
  let queuedUpTo = 0;
  let closed = false;
  // A cabinet joining a fleet reports from now on: its history stays local (a district imports it
  // separately if it wants it), and the first start does not publish years of audit rows.
  if (!fleet.started()) fleet.startAtHead();

  /** Copy new audit and rating rows into the outbox; answers how many events were written. */
  function feed(): number {
    let written = 0;
    for (;;) {
      const audit = fleet.auditAfter(fleet.cursor('audit'), FEED_BATCH);
      const ratings = fleet.ratingsAfter(fleet.cursor('ratings'), FEED_BATCH);
      if (audit.length === 0 && ratings.length === 0) return written;
      for (const row of audit) deps.sawAudit?.(row.action, row.at);
      const events = [...audit.map(eventOfAudit), ...ratings.map(eventOfRating)].filter((e): e is FleetEvent => e !== null).sort((a, b) => a.at - b.at);
      let seq = fleet.nextSeq();
      const rows: FleetEventRow[] = events.map((e) => {
        const id = deps.newId();
        return { messageId: id, type: e.type, createdAt: e.at, payload: eventPayload(e, { id, seq: seq++, ...deps.ids }) };
      });
      fleet.feed(rows, { audit: audit.at(-1)?.id, ratings: ratings.at(-1)?.id });
      written += rows.length;
    }
  }

  function publishRow(row: { id: number; type: string; payload: string }): void {
    inFlight.add(row.id);
    queuedUpTo = Math.max(queuedUpTo, row.id);
    deps.link.publish(deps.topics.event(row.type), row.payload).then(
      () => {
        inFlight.delete(row.id);
        if (closed) return;
        fleet.markSent(row.id, deps.clock.now());
        pump();
      },
      (error: unknown) => {
        // Not acknowledged: fetch it again (same payload, same id) once the link is back.
        inFlight.delete(row.id);
        queuedUpTo = Math.min(queuedUpTo, row.id - 1);
        if (!closed) deps.log('warn', 'fleet event not acknowledged; it stays in the outbox', error instanceof Error ? error.message : error);
      },
    );
  }

  /** Hand the link the oldest unsent rows, up to the in-flight window. */
  function pump(): void {
    if (closed || !deps.link.connected) return;
    const room = deps.inflight - inFlight.size;
    if (room <= 0) return;
    for (const row of fleet.pending(queuedUpTo, room + inFlight.size)) {
      if (inFlight.size >= deps.inflight) break;
      if (!inFlight.has(row.id)) publishRow(row);
    }
  }

  return {
    /** Copy what is new and send what can go: after every core event, on (re)connection and on a timer. */
    wake(): void {
      if (closed) return;
      try {
        feed();
      } catch (error) {
        deps.log('warn', 'fleet outbox feed failed; retried on the next wake', error instanceof Error ? error.message : error);
      }
      pump();
    },
    /** After a reconnection the link resends what it had in flight; anything it dropped is fetched again. */
    reconnected(): void {
      queuedUpTo = inFlight.size ? Math.min(queuedUpTo, Math.min(...inFlight) - 1) : 0;
      pump();
    },
    backlog: (): number => fleet.backlog(),
    close(): void {
      closed = true;
    },
  };
}
export type FleetOutbox = ReturnType<typeof createFleetOutbox>;
