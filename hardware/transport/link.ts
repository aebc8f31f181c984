// The serial port behind the bus: opening it, noticing it vanish, reopening it with backoff, and
// the words for "offline" that every refused request carries. What the bytes mean, and the
// requests waiting for the port, are the transport's business: it hears about them via LinkEvents.

import { BusError } from '../lock-bus';
import type { BackoffSettings } from './backoff';
import type { BytePort } from './byte-port';
import { createLinkStatus, type LinkState } from './link-status';
import { createReconnector } from './reconnect';
import type { Timers } from './timers';
import type { TransportCounters } from './transport-stats';

export interface LinkEvents {
  /** Bytes from the port currently attached. */
  data(chunk: Uint8Array): void;
  /** A port was opened and attached; the state is about to turn 'online'. */
  opened(): void;
  /** The state has turned 'online' (its listeners have run). */
  online(): void;
  /** The port was lost and detached; the state is about to turn 'offline'. */
  losing(): void;
  /** The state has turned 'offline' and a reconnect is planned; the lost port closes next. */
  lost(): void;
}

export interface LinkOptions {
  open: () => Promise<BytePort>;
  timers: Timers;
  backoff: BackoffSettings;
  counters: TransportCounters;
  events: LinkEvents;
}

export interface Link {
  readonly state: LinkState;
  /** The open port, while there is one. */
  readonly port: BytePort | undefined;
  /** Opens the port (the first time, and on each planned reconnect). */
  connect(): Promise<void>;
  /** The port is gone (closed under us, or found closed): go offline and plan a reconnect. */
  portLost(lost: BytePort, error?: Error): void;
  /** Why nothing was sent: the bus is closed, or offline (with the last port error and the next attempt). */
  offlineError(label: string): BusError;
  whenOnline(timeoutMs: number): Promise<void>;
  onStateChange(listener: (state: LinkState) => void): () => void;
  /** State 'closed', no more reconnecting; the port stays attached until release(). */
  shut(): void;
  /** Detach and close the port. */
  release(): Promise<void>;
}

/** Why nothing was sent: the bus is closed, or offline (with the last port error and the next attempt). */
export function offlineErrorFor(
  label: string,
  closed: boolean,
  lastPortError: Error | undefined,
  nextAttemptAt: number | undefined,
  now: number,
): BusError {
  if (closed) {
    return new BusError('offline', 'closed', `${label}: the lock bus is closed; nothing was sent.`);
  }
  const cause = lastPortError ? `: ${lastPortError.message}` : '';
  const retry =
    nextAttemptAt === undefined
      ? 'reconnecting now'
      : `next reconnect attempt in ${Math.max(0, nextAttemptAt - now)} ms`;
  return new BusError(
    'offline',
    'port-unavailable',
    `${label}: the lock bus is offline (serial port not open${cause}); nothing was sent; ${retry}.`,
  );
}

export function createLink(options: LinkOptions): Link {
  const { timers, counters, events } = options;
  const status = createLinkStatus(timers);
  const reconnector = createReconnector(timers, options.backoff, () => void connect());
  let port: BytePort | undefined;
  let detachPort: (() => void) | undefined;
  let lastPortError: Error | undefined;
  let everOnline = false;

  // A function, not an inline comparison: the state changes across awaits, which narrowing ignores.
  const isClosed = (): boolean => status.state === 'closed';

  const scheduleReconnect = (): void => {
    if (!isClosed()) reconnector.schedule();
  };

  const goOffline = (error: Error): void => {
    lastPortError = error;
    status.set('offline');
    scheduleReconnect();
  };

  const offlineError = (label: string): BusError =>
    offlineErrorFor(label, isClosed(), lastPortError, reconnector.nextAttemptAt, timers.now());

  function attach(opened: BytePort): void {
    port = opened;
    const offData = opened.onData((chunk) => {
      if (port === opened) events.data(chunk);
    });
    const offClose = opened.onClose((error) => portLost(opened, error));
    detachPort = () => {
      offData();
      offClose();
    };
  }

  function detach(): BytePort | undefined {
    const current = port;
    detachPort?.();
    detachPort = undefined;
    port = undefined;
    return current;
  }

  function portLost(lost: BytePort, error?: Error): void {
    if (port !== lost) return;
    detach();
    lastPortError = error ?? new Error('the serial port closed');
    events.losing();
    status.set('offline');
    scheduleReconnect();
    events.lost();
    void lost.close().catch(() => undefined);
  }

  async function connect(): Promise<void> {
    if (isClosed()) return;
    status.set('connecting');
    counters.connectAttempts += 1;
    let opened: BytePort;
    try {
      opened = await options.open();
    } catch (error) {
      lastPortError = error instanceof Error ? error : new Error(String(error));
      if (!isClosed()) goOffline(lastPortError);
      return;
    }
    if (isClosed()) {
      await opened.close().catch(() => undefined);
      return;
    }
    if (!opened.isOpen) return goOffline(new Error('the port closed as soon as it was opened'));
    attach(opened);
    reconnector.succeeded();
    if (everOnline) counters.reconnects += 1;
    everOnline = true;
    events.opened();
    status.set('online');
    events.online();
  }

  return {
    get state() {
      return status.state;
    },
    get port() {
      return port;
    },
    connect,
    portLost,
    offlineError,
    whenOnline: (timeoutMs) => status.whenOnline(timeoutMs, offlineError),
    onStateChange: (listener) => status.onChange(listener),
    shut() {
      status.set('closed');
      reconnector.cancel();
    },
    async release() {
      await detach()?.close().catch(() => undefined);
    },
  };
}
