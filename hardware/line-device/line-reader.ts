// A line-based serial device (scanner, card reader) kept open: its port is opened at start and
// reopened after every loss (USB pulled, device switched off), spaced by the transport's backoff.
// Lines are split by lines.ts; what is dropped (garbage, overlong, half lines) is reported to
// `onDropped` for a log line and counted, never thrown: bad input never ends the process. Nothing
// is ever written to the device.
import { defaultBackoff, type BackoffSettings } from '../transport/backoff';
import type { BytePort } from '../transport/byte-port';
import { createReconnector } from '../transport/reconnect';
import { systemTimers, type Timers } from '../transport/timers';
import { createLineSplitter, type LineEvent, type LineSettings } from './lines';

export type LineDeviceState = 'connecting' | 'online' | 'offline' | 'closed';

export interface LineDeviceStats {
  lines: number;
  dropped: number;
  reconnects: number;
  lastError: string | undefined;
  /** When the last line arrived (timers.now()), if one did. */
  lastLineAt: number | undefined;
}

export type Dropped = Exclude<LineEvent, { kind: 'line' }> | { kind: 'unplugged-mid-line'; text: string };

export interface LineReaderOptions extends LineSettings {
  open(): Promise<BytePort>;
  timers?: Timers;
  backoff?: BackoffSettings;
}

export interface LineReader {
  readonly state: LineDeviceState;
  stats(): LineDeviceStats;
  onLine(listener: (text: string) => void): () => void;
  onDropped(listener: (dropped: Dropped) => void): () => void;
  onStateChange(listener: (state: LineDeviceState) => void): () => void;
  close(): Promise<void>;
}

export function createLineReader(options: LineReaderOptions): LineReader {
  const timers = options.timers ?? systemTimers;
  const split = createLineSplitter(options);
  const lineListeners = new Set<(text: string) => void>();
  const droppedListeners = new Set<(dropped: Dropped) => void>();
  const stateListeners = new Set<(state: LineDeviceState) => void>();
  const stats: LineDeviceStats = { lines: 0, dropped: 0, reconnects: 0, lastError: undefined, lastLineAt: undefined };
  let state: LineDeviceState = 'connecting';
  let port: BytePort | undefined;
  let everOnline = false;

  const setState = (next: LineDeviceState) => {
    if (next === state) return;
    state = next;
    for (const l of [...stateListeners]) l(next);
  };
  const drop = (dropped: Dropped) => {
    stats.dropped += 1;
    for (const l of [...droppedListeners]) l(dropped);
  };
  const deliver = (events: LineEvent[]) => {
    for (const event of events) {
      if (event.kind !== 'line') {
        drop(event);
        continue;
      }
      stats.lines += 1;
      stats.lastLineAt = timers.now();
      for (const l of [...lineListeners]) l(event.text);
    }
  };
  const reconnector = createReconnector(timers, options.backoff ?? defaultBackoff, () => void connect());

  function lost(error: Error | undefined): void {
    port = undefined;
    stats.lastError = error?.message ?? 'the port closed';
    const partial = split.reset();
    if (partial !== undefined) drop({ kind: 'unplugged-mid-line', text: partial });
    if (state === 'closed') return;
    setState('offline');
    reconnector.schedule();
  }

  const closed = () => state === 'closed';

  async function connect(): Promise<void> {
    if (closed()) return;
    try {
      const p = await options.open();
      // Closed while it opened: let go of it at once.
      if (closed()) return void (await p.close());
      port = p;
      if (everOnline) stats.reconnects += 1;
      everOnline = true;
      reconnector.succeeded();
      p.onData((chunk) => deliver(split.push(chunk, timers.now())));
      p.onClose((error) => lost(error));
      setState('online');
    } catch (error) {
      if (closed()) return;
      stats.lastError = error instanceof Error ? error.message : String(error);
      setState('offline');
      reconnector.schedule();
    }
  }
  void connect();

  const listen = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  return {
    get state() {
      return state;
    },
    stats: () => ({ ...stats }),
    onLine: (l) => listen(lineListeners, l),
    onDropped: (l) => listen(droppedListeners, l),
    onStateChange: (l) => listen(stateListeners, l),
    async close() {
      setState('closed');
      reconnector.cancel();
      const p = port;
      port = undefined;
      await p?.close();
    },
  };
}
