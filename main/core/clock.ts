// The core's time is the wall clock (epoch ms): cases, deadlines and references are dated. The
// serial transport keeps its own monotonic timers (hardware/transport/timers.ts); the two never mix.
import type { Timers } from '../../hardware/transport/timers';

export type Clock = Timers;

export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
