// The core's time is the wall clock (epoch ms): cases, deadlines and references are dated. The
// serial transport keeps its own monotonic timers (hardware/transport/timers.ts); the two never mix.
// The app provides it (main/app/clock.ts's wallClock; tests their own).
import type { Timers } from '../../hardware/transport/timers';

export type Clock = Timers;
