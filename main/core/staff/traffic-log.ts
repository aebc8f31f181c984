// The technician's serial traffic history: every frame sent and every chunk received, with what it
// was about, in two rings so that a flood of door polls can never push an open out of reach: polls
// keep the last few minutes, opens and everything else far longer. Pure: no I/O, no clock.

export type TrafficKind = 'open' | 'poll' | 'other';

export interface TrafficEntry {
  /** Increases by one per entry over the cabinet's run: gaps say what was dropped. */
  seq: number;
  at: number;
  bus: string;
  direction: 'tx' | 'rx';
  hex: string;
  kind: TrafficKind;
  board: number | null;
  lock: number | null;
}

export interface TrafficFilter {
  limit: number;
  hidePolls?: boolean;
  bus?: string;
  board?: number;
  lock?: number;
}

export interface TrafficPage {
  entries: TrafficEntry[];
  /** Entries kept now (both rings), and dropped since start because a ring was full. */
  kept: number;
  dropped: { polls: number; other: number };
}

/** Requests that only read the boards; everything else (opens, settings) is kept longer. */
const READ_KINDS = new Set(['read-all', 'read-one', 'status', 'status-all', 'unlock-time-read']);

export function trafficKind(about: { kind: string; firesLock: boolean } | undefined): TrafficKind {
  if (!about) return 'other';
  if (about.firesLock) return 'open';
  return READ_KINDS.has(about.kind) ? 'poll' : 'other';
}

function createRing(capacity: number) {
  const items: TrafficEntry[] = [];
  let dropped = 0;
  return {
    push(entry: TrafficEntry) {
      items.push(entry);
      // Drop in batches: one splice per tenth of the ring, not one per entry.
      if (items.length > capacity + Math.ceil(capacity / 10)) {
        const excess = items.length - capacity;
        items.splice(0, excess);
        dropped += excess;
      }
    },
    items: () => items,
    dropped: () => dropped,
  };
}

export function createTrafficLog(capacity: { polls: number; other: number } = { polls: 20_000, other: 5_000 }) {
  const polls = createRing(capacity.polls);
  const other = createRing(capacity.other);
  let seq = 0;

  function matches(e: TrafficEntry, f: TrafficFilter): boolean {
    if (f.hidePolls && e.kind === 'poll') return false;
    if (f.bus !== undefined && e.bus !== f.bus) return false;
    if (f.board !== undefined && e.board !== f.board) return false;
    if (f.lock !== undefined && e.lock !== f.lock) return false;
    return true;
  }

  /** The newest `limit` entries of one ring that pass the filter, oldest first. */
  function newest(items: TrafficEntry[], f: TrafficFilter): TrafficEntry[] {
    const found: TrafficEntry[] = [];
    for (let i = items.length - 1; i >= 0 && found.length < f.limit; i--) {
      const e = items[i] as TrafficEntry;
      if (matches(e, f)) found.push(e);
    }
    return found.reverse();
  }

  return {
    add(entry: Omit<TrafficEntry, 'seq'>): void {
      const full = { ...entry, seq: ++seq };
      (full.kind === 'poll' ? polls : other).push(full);
    },
    query(filter: TrafficFilter): TrafficPage {
      const merged = [...newest(polls.items(), filter), ...newest(other.items(), filter)].sort((a, b) => a.seq - b.seq);
      return {
        entries: merged.slice(-filter.limit),
        kept: polls.items().length + other.items().length,
        dropped: { polls: polls.dropped(), other: other.dropped() },
      };
    },
  };
}
export type TrafficLog = ReturnType<typeof createTrafficLog>;
