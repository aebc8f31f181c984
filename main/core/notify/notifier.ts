// The outbox delivery worker. The domain writes a message in the same transaction as the event it
// announces; this worker fans each message out to its channels (one delivery row per channel),
// sends it with the message's idempotency key, and keeps every outcome in the database, so a
// restart resumes where it stopped and nothing is lost while the network is down.
//
// - Order: one recipient (a channel, or one case's phone on an SMS channel) gets its messages in
//   outbox order: only the oldest pending delivery of a recipient may go, and a lane drains one
//   recipient at a time. Different recipients go concurrently.
// - Retries: exponential backoff with jitter (random injected); after `maxAgeHours` without
//   success a delivery is marked failed (staff see it; a retry by hand starts it afresh).
// - Cost: outcomes are written in batches (one transaction per flush). A crash between a send and
//   its flush only means a resend under the same idempotency key, which receivers de-duplicate.
import type { Repositories } from '../../store/repositories';
import { type DeliveryUpdate, type DueDelivery, type MessageStatus, type OutboxRow } from '../../store/notify-repo';
import type { TimerHandle } from '../../../hardware/transport/timers';
import type { Clock } from '../clock';
import type { CabinetConfig } from '../config';
import { unseal, sealKey } from '../sealed';
import { createChannel, DeliveryError, type Channel, type Outgoing } from './channels';
import { audiences, routeOf, type Audience } from './config-schema';
import { buildDigest, digestKey } from './digest';
import { atLocalTime } from '../working-days';
import { createHttpClient } from './http';
import { render, type NotifyLanguage } from './render';
import { toLocalDate } from '../working-days';

export interface NotifierDeps {
  repos: Pick<Repositories, 'transaction' | 'notify' | 'cases' | 'caseListings' | 'secrets'>;
  config: CabinetConfig;
  clock: Clock;
  /** Uniform in [0, 1): the jitter of the backoff. */
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** How often to look for new messages when nothing wakes the worker (ms). */
  pollMs?: number;
  /** How long outcomes may wait to be written together (ms). */
  flushMs?: number;
}

export interface NotifierStats {
  delivered: number;
  failedAttempts: number;
  /** Time spent inside the worker's own write transactions (routing and outcomes), ms. */
  dbMs: number;
  transactions: number;
  /** Rows written (delivery rows inserted or updated, messages routed or settled). */
  rowWrites: number;
}

export interface MessageView {
  id: number;
  createdAt: number;
  kind: string;
  audience: Audience;
  status: MessageStatus;
  idempotencyKey: string;
  reference: string | null;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  deliveries: { channel: string; status: 'pending' | 'delivered' | 'failed'; attempts: number; nextAttemptAt: number | null; lastAttemptAt: number | null; lastError: string | null; deliveredAt: number | null }[];
}

const LANE_BATCH = 64;
const FLUSH_AT = 256;
const ROUTE_BATCH = 500;

export function createNotifier(deps: NotifierDeps) {
  const { repos, config, clock } = deps;
  const n = config.notifications;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => {});
  const pollMs = deps.pollMs ?? 1000;
  const flushMs = deps.flushMs ?? 20;
  const repo = repos.notify;
  const http = createHttpClient();
  const timeoutMs = n.timeoutSeconds * 1000;
  const channels = new Map<string, Channel>(n.channels.map((c) => [c.id, createChannel(c, { clock, http, timeoutMs })]));
  const channelTypes = new Map(n.channels.map((c) => [c.id, c.type]));
  const key = sealKey(repos.secrets);
  const stats: NotifierStats = { delivered: 0, failedAttempts: 0, dbMs: 0, transactions: 0, rowWrites: 0 };

  let running = false;
  let closed = false;
  const lanes = new Map<string, Promise<void>>();
  const controllers = new Set<AbortController>();
  let buffer: DeliveryUpdate[] = [];
  let flushTimer: TimerHandle | undefined;
  let wakeTimer: TimerHandle | undefined;
  let wakeAt = Infinity;
  let digestDoneFor: string | undefined;

  const language = (value: unknown): NotifyLanguage => (value === 'en' ? 'en' : 'zh-CN');

  function timed<T>(fn: () => T): T {
    const t0 = performance.now();
    try {
      return repos.transaction(fn);
    } finally {
      stats.dbMs += performance.now() - t0;
      stats.transactions += 1;
    }
  }

  /** Backoff before attempt `attempts + 1`: doubling from the first delay, capped, "equal jitter". */
  function backoffMs(attempts: number): number {
    const ceiling = Math.min(n.retry.maxDelaySeconds * 1000, n.retry.firstDelaySeconds * 1000 * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
  }

  function recipientOf(channelId: string, messageId: number, payload: string): string {
    if (channelTypes.get(channelId) !== 'sms') return channelId;
    // An SMS goes to the case's phone, which is read only at send time: key the order by case.
    const caseId = (JSON.parse(payload) as { caseId?: unknown }).caseId;
    return typeof caseId === 'number' ? `${channelId}:case:${caseId}` : `${channelId}:message:${messageId}`;
  }

  // An audience with no channel keeps its messages pending, unrouted, until one is configured.
  const routed = audiences.filter((a) => routeOf(n, a).some((id) => channels.has(id)));
  const maxAgeMs = n.retry.maxAgeHours * 3600_000;
  // A digest is written only when there is a back-office channel to read it.
  const digestOn = n.digest.enabled && routed.includes('staff');

  /** Fan new outbox rows out to their channels' delivery rows. */
  function route(now: number): void {
    for (;;) {
      const rows = repo.unrouted(routed, ROUTE_BATCH);
      if (rows.length === 0) return;
      timed(() => {
        for (const row of rows) {
          const ids = routeOf(n, row.audience).filter((id) => channels.has(id));
          const ageFrom = Math.max(row.created_at, row.retried_at ?? 0);
          // Waited longer than the maximum age for a channel: stale, not sent (a retry by hand can).
          if (now - ageFrom >= maxAgeMs) repo.expire(row.id, now, `older than ${n.retry.maxAgeHours} h when a channel for ${row.audience} messages was first available: not sent`);
          else repo.route(row.id, now, ids.map((id) => ({ channel: id, recipient: recipientOf(id, row.id, row.payload), ageFrom })));
          stats.rowWrites += ids.length + 1;
        }
      });
      if (rows.length < ROUTE_BATCH) return;
    }
  }

  /** Write today's digest once its local time has come (once per date, by its key). */
  function digestIfDue(now: number): void {
    if (!digestOn) return;
    const date = toLocalDate(now);
    if (digestDoneFor === date || now < atLocalTime(n.digest.localTime, now)) return;
    const keyOfDay = digestKey(config.cabinet.id, date);
    if (!repo.hasKey(keyOfDay)) {
      const { payload } = buildDigest(repos.caseListings, config, now);
      if (repo.addOnce({ at: now, kind: 'digest', audience: 'staff', payload, idempotencyKey: keyOfDay })) log('info', `digest for ${date} queued`);
    }
    digestDoneFor = date;
  }

  function flush(): void {
    if (flushTimer !== undefined) {
      clock.clearTimeout(flushTimer);
      flushTimer = undefined;
    }
    if (buffer.length === 0 || closed) return;
    const batch = buffer;
    buffer = [];
    timed(() => repo.apply(batch));
    stats.rowWrites += batch.length + batch.filter((u) => u.outcome !== 'retry').length;
  }

  function record(update: DeliveryUpdate): void {
    if (closed) return;
    buffer.push(update);
    if (buffer.length >= FLUSH_AT) flush();
    else if (flushTimer === undefined) flushTimer = clock.setTimeout(flush, flushMs);
  }

  function arm(ms: number): void {
    if (!running) return;
    const at = clock.now() + Math.max(0, ms);
    if (wakeTimer !== undefined) {
      if (wakeAt <= at) return;
      clock.clearTimeout(wakeTimer);
    }
    wakeAt = at;
    wakeTimer = clock.setTimeout(() => {
      wakeTimer = undefined;
      wakeAt = Infinity;
      pump();
    }, Math.max(0, ms));
  }

  function pump(): void {
    if (!running) return;
    const now = clock.now();
    let next = pollMs;
    try {
      digestIfDue(now);
      route(now);
      for (const head of repo.heads()) {
        if (lanes.has(head.recipient)) continue;
        if (head.nextAttemptAt > now) {
          next = Math.min(next, head.nextAttemptAt - now);
          continue;
        }
        if (lanes.size >= n.concurrency) break;
        startLane(head.recipient, head.id);
      }
      if (digestOn) {
        const due = atLocalTime(n.digest.localTime, now);
        if (due > now) next = Math.min(next, due - now);
      }
    } catch (error) {
      log('error', 'notification worker step failed', error instanceof Error ? error.stack : error);
    }
    arm(next);
  }

  function startLane(recipient: string, fromId: number): void {
    const lane = drain(recipient, fromId)
      .catch((error) => log('error', `delivery lane ${recipient} failed`, error instanceof Error ? error.stack : error))
      .finally(() => {
        // Outcomes are written before the recipient is free again, so no one reads a stale head.
        try {
          flush();
        } catch (error) {
          log('error', 'could not write delivery outcomes', error);
        }
        lanes.delete(recipient);
        arm(0);
      });
    lanes.set(recipient, lane);
  }

  /** One recipient's pending messages, strictly in order, until done or one must wait. */
  async function drain(recipient: string, fromId: number): Promise<void> {
    let cursor = fromId;
    for (;;) {
      const batch = repo.lane(recipient, cursor, LANE_BATCH);
      if (batch.length === 0) return;
      for (const d of batch) {
        if (!running || d.next_attempt_at > clock.now()) return;
        const outcome = await attempt(d);
        cursor = d.id + 1;
        if (outcome !== 'next') return;
      }
    }
  }

  /** A failed send of delivery `d`: retry later, or give up when too old or hopeless. */
  function failure(d: DueDelivery, message: string, permanent: boolean): 'next' | 'wait' {
    const now = clock.now();
    stats.failedAttempts += 1;
    const tooOld = now - d.age_from >= maxAgeMs;
    if (permanent || tooOld) {
      const error = tooOld && !permanent ? `gave up after ${n.retry.maxAgeHours} h: ${message}` : message;
      record({ id: d.id, messageId: d.message_id, outcome: 'failed', at: now, error });
      log('warn', `message ${d.idempotency_key} to ${d.channel} failed`, error);
      return 'next';
    }
    record({ id: d.id, messageId: d.message_id, outcome: 'retry', at: now, nextAttemptAt: now + backoffMs(d.attempts + 1), error: message });
    return 'wait';
  }

  async function attempt(d: DueDelivery): Promise<'next' | 'wait' | 'stopped'> {
    const channel = channels.get(d.channel);
    if (!channel) return failure(d, `the channel "${d.channel}" is no longer configured`, true);
    const payload = JSON.parse(d.payload) as Record<string, unknown>;
    let code: string | undefined;
    if (typeof payload.codeSealed === 'string') {
      try {
        code = unseal(key, payload.codeSealed);
      } catch {
        code = undefined;
      }
    }
    delete payload.codeSealed;
    let phone: string | undefined;
    let lang = language(config.languages.default);
    if (d.audience === 'resident') {
      const c = typeof payload.caseId === 'number' ? repos.cases.contact(payload.caseId) : undefined;
      if (!c) return failure(d, 'the case of this message no longer exists: no phone number to send to', true);
      if (!c.phone) return failure(d, 'the phone number of this case was purged (privacy retention): nothing to send to', true);
      phone = c.phone;
      lang = language(c.language);
    }
    const message: Outgoing = {
      kind: d.kind,
      audience: d.audience,
      idempotencyKey: d.idempotency_key,
      createdAt: d.created_at,
      cabinetId: config.cabinet.id,
      content: render(config, { kind: d.kind, payload, createdAt: d.created_at, language: lang, code }),
      data: payload,
      phone,
      code,
    };
    const controller = new AbortController();
    controllers.add(controller);
    try {
      await channel.send(message, controller.signal);
      if (closed) return 'stopped';
      stats.delivered += 1;
      record({ id: d.id, messageId: d.message_id, outcome: 'delivered', at: clock.now() });
      return 'next';
    } catch (error) {
      if (!running) return 'stopped';
      let text = error instanceof Error ? error.message : String(error);
      if (code) text = text.split(code).join('******'); // a gateway may echo the text: never store the code
      return failure(d, text.slice(0, 500), error instanceof DeliveryError && error.permanent);
    } finally {
      controllers.delete(controller);
    }
  }

  function view(status: MessageStatus | null, limit: number): MessageView[] {
    return repo.list(status, limit).map(viewOf);
  }

  function viewOf(r: OutboxRow): MessageView {
    let reference: string | null = null;
    try {
      const p = JSON.parse(r.payload) as { reference?: unknown };
      if (typeof p.reference === 'string') reference = p.reference;
    } catch {
      /* a payload is always JSON; stay quiet if not */
    }
    return {
      id: r.id,
      createdAt: r.created_at,
      kind: r.kind,
      audience: r.audience,
      status: r.status,
      idempotencyKey: r.idempotency_key,
      reference,
      deliveredAt: r.delivered_at,
      failedAt: r.failed_at,
      lastError: r.last_error ?? (r.routed_at === null && !routed.includes(r.audience) ? `waiting: no notification channel is configured for ${r.audience} messages` : null),
      deliveries: repo.deliveriesOf(r.id).map((d) => ({
        channel: d.channel,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
        lastAttemptAt: d.last_attempt_at,
        lastError: d.last_error,
        deliveredAt: d.delivered_at,
      })),
    };
  }

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
      if (wakeTimer !== undefined) clock.clearTimeout(wakeTimer);
      wakeTimer = undefined;
      for (const c of controllers) c.abort();
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...lanes.values()]), new Promise((r) => (grace = setTimeout(r, 2000)))]);
      clearTimeout(grace);
      flush();
      closed = true;
      for (const c of channels.values()) c.close();
      http.close();
    },
    messages: view,
    /** A failed message goes out again from scratch: attempts and age start anew. */
    retry(id: number): { ok: true; message: MessageView } | { ok: false; status: MessageStatus | null } {
      flush();
      const row = repo.byId(id);
      if (!row || row.status !== 'failed') return { ok: false, status: row?.status ?? null };
      repos.transaction(() => repo.reset(id, clock.now()));
      arm(0);
      return { ok: true, message: viewOf(repo.byId(id) as OutboxRow) };
    },
    byId: (id: number) => repo.byId(id),
    channel: (id: string) => channels.get(id),
    /** Send something through one channel now, outside the outbox (tests, verification codes). */
    async sendNow(channelId: string, m: Omit<Outgoing, 'cabinetId' | 'content' | 'data'> & { payload: Record<string, unknown>; language: NotifyLanguage }): Promise<void> {
      const channel = channels.get(channelId);
      if (!channel) throw new DeliveryError(`no channel "${channelId}"`, true);
      await channel.send({
        ...m,
        cabinetId: config.cabinet.id,
        content: render(config, { kind: m.kind, payload: m.payload, createdAt: m.createdAt, language: m.language, code: m.code }),
        data: m.payload,
      });
    },
    /** True while any lane runs (for tests and the benchmark). */
    busy: () => lanes.size > 0 || buffer.length > 0,
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
