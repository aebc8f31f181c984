// Serial faults while flows run (issue 11), first half: the simulator's board and line knobs.
// Drop-offs and pickups through a real cabinet whose bus is a real pty (socat), the simulated
// boards on the far end, each fault in force for ≥ 10 opens on a fresh cabinet. For every open: no
// lock but the one asked for fired, the open frame went out once and its lock fired at most once
// (never resent), a door that opened is never "certainly not opened", and an uncertain door
// leaves its compartment under check. Kinds and rules: fixtures/fault-kinds.ts; the second half
// (lost and damaged open replies, the cable pulled, the reply window): faults-flows-replies-pty.test.ts.
import { describeFaultKinds } from './fixtures/fault-kinds';

describeFaultKinds('serial faults while drop-offs and pickups run: board and line knobs', [
  'boards offline',
  'locks jammed',
  'sensors stuck open',
  'junk before replies',
  'replies split into bursts',
  'open reply corrupted',
  'pacing off (bursts)',
  'another door forced open',
]);
