// The outbox delivery worker. The domain writes a message in the same transaction as the event it
// announces; this worker fans each message out to its channels (one delivery row per channel,
// routing.ts), sends it with the message's idempotency key (attempts.ts), and keeps every outcome
// in the database, so a restart resumes where it stopped and nothing is lost while the network is down.
//
// - Order: one recipient (a channel, or one case's phone on an SMS channel) gets its messages in
//   outbox order (lanes.ts). Different recipients go concurrently.
// - Retries: exponential backoff with jitter (random injected); after `maxAgeHours` without
//   success a delivery is marked failed (retry-policy.ts; staff see it, a retry by hand starts it afresh).
// - Cost: outcomes are written in batches (outcome-buffer.ts). A crash between a send and its
//   flush only means a resend under the same idempotency key, which receivers de-duplicate.
import type { MessageStatus } from '../../store/notify-repo';
import type { Repositories } from '../../store/repositories';
import type { Clock } from '../clock';
import type { CabinetConfig } from '../config';
import { sealKey } from '../cases/sealed';
import { createAttempts } from './attempts';
import { openChannelSet } from './channel-set';
import { DeliveryError, type OpenChannels } from './channels';
import { buildDigest, createDigestSchedule } from './digest';
import { createLanes } from './lanes';
import { messageView, type MessageView } from './message-view';
import { createOutcomeBuffer } from './outcome-buffer';
import { directOutgoing, type DirectMessage } from './outgoing';
import { createRouter } from './routing';
import { isSmsType } from './config-schema';
import { createSmsGuard } from './sms-guard';
import { createWakeTimer } from './wake-timer';
import { createWorkerStats } from './worker-stats';

export type { MessageView } from './message-view';
export type { NotifierStats } from './worker-stats';

export interface NotifierDeps {
  repos: Pick<Repositories, 'transaction' | 'notify' | 'cases' | 'caseListings' | 'secrets' | 'smsSends'>;
  config: CabinetConfig;
  clock: Clock;
  /** Opens the configured channels (HTTP, SMTP): the app's, main/app/notify/channels.ts. */
  openChannels: OpenChannels;
  /** Uniform in [0, 1): the jitter of the backoff. */
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** How often to look for new messages when nothing wakes the worker (ms). */
  pollMs?: number;
  /** How long outcomes may wait to be written together (ms). */
  flushMs?: number;
}

const FLUSH_AT = 256;

export function createNotifier(deps: NotifierDeps) {
  const { repos, config, clock } = deps;
  const n = config.notifications;
  const log = deps.log ?? (() => {});
  const pollMs = deps.pollMs ?? 1000;
  const repo = repos.notify;
  const channels = openChannelSet(n, clock, deps.openChannels);
  const { routed } = channels;
  const { stats, timed } = createWorkerStats(repos.transaction);
  let running = false;
  let closed = false;
  const wakeTimer = createWakeTimer(clock, pump);
  const arm = (ms: number) => {
    if (running) wakeTimer.arm(ms);
  };

  const route = createRouter({ repo, channels, maxAgeHours: n.retry.maxAgeHours, timed, countWrites: (rows) => (stats.rowWrites += rows) });
  // A digest is written only when there is a back-office channel to read it.
  const digest =
    n.digest.enabled && routed.includes('staff')
      ? createDigestSchedule({ localTime: n.digest.localTime, timeZone: config.cabinet.timeZone, cabinetId: config.cabinet.id, repo, build: (now) => buildDigest(repos.caseListings, config, now).payload, log })
      : undefined;
  const outcomes = createOutcomeBuffer({
    clock,
    flushMs: deps.flushMs ?? 20,
    flushAt: FLUSH_AT,
    log,
    write(batch) {
      timed(() => repo.apply(batch));
      stats.rowWrites += batch.length + batch.filter((u) => u.outcome !== 'retry').length;
    },
  });
  const smsGuard = createSmsGuard({ repos, limits: n.smsLimits, clock });
  const attempts = createAttempts({
    smsGuard,
    config,
    channels,
    sealKey: sealKey(repos.secrets),
    contactOf: repos.cases.contact,
    clock,
    random: deps.random ?? Math.random,
    record: outcomes.record,
    stats,
    log,
    running: () => running,
    closed: () => closed,
  });
  const lanes = createLanes({
    repo,
    clock,
    concurrency: n.concurrency,
    running: () => running,
    attempt: attempts.attempt,
    ended: outcomes.flushQuietly,
    freed: () => arm(0),
    log,
  });

  function pump(): void {
    if (!running) return;
    const now = clock.now();
    let next = pollMs;
    try {
      digest?.runIfDue(now);
      route(now);
      next = lanes.startDue(now, next);
      const untilDigest = digest?.msUntilDue(now);
      if (untilDigest !== undefined) next = Math.min(next, untilDigest);
    } catch (error) {
      log('error', 'notification worker step failed', error instanceof Error ? error.stack : error);
    }
    arm(next);
  }

  const viewsOf = (status: MessageStatus | null, limit: number): MessageView[] => repo.list(status, limit).map((r) => messageView(r, repo.deliveriesOf(r.id), routed));

  return {
    stats,
    start(): void {
      if (running || closed) return;
      running = true;
      pump();
    },
    /** Look for work now (after the domain wrote a message, or a test moved the clock). */
    wake(): void {
      arm(0);
    },
    /** Stop: in-flight requests are abandoned (their messages go again after a restart). */
    async stop(): Promise<void> {
      if (closed) return;
      running = false;
      wakeTimer.cancel();
      attempts.abortAll();
      await lanes.settled(2000);
      outcomes.close();
      closed = true;
      channels.close();
    },
    messages: viewsOf,
    /** A failed message goes out again from scratch: attempts and age start anew. */
    retry(id: number): { ok: true; message: MessageView } | { ok: false; status: MessageStatus | null } {
      outcomes.flush();
      const row = repo.byId(id);
      if (!row || row.status !== 'failed') return { ok: false, status: row?.status ?? null };
      repos.transaction(() => repo.reset(id, clock.now()));
      arm(0);
      const fresh = repo.byId(id) as NonNullable<typeof row>;
      return { ok: true, message: messageView(fresh, repo.deliveriesOf(id), routed) };
    },
    byId: (id: number) => repo.byId(id),
    channel: channels.get,
    /** Send something through one channel now, outside the outbox (tests, verification codes). */
    async sendNow(channelId: string, m: DirectMessage): Promise<void> {
      const channel = channels.get(channelId);
      if (!channel) throw new DeliveryError(`no channel "${channelId}"`, true);
      const phone = isSmsType(channel.type) ? m.phone : undefined;
      if (phone) {
        const verdict = smsGuard.check(phone);
        if (!verdict.ok) throw new DeliveryError(verdict.reason);
      }
      await channel.send(directOutgoing(config, m));
      if (phone) smsGuard.record(phone);
    },
    /** True while any lane runs (for tests and the benchmark). */
    busy: () => lanes.size() > 0 || outcomes.pending() > 0,
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
