// Serial faults while flows run (issue 11), second half: open replies swallowed, cut short or from
// the wrong board's address; the cable pulled the moment the lock fires; and the door shut again
// inside the ~500 ms before the open's reply. Same cabinet, line and rules as
// faults-flows-pty.test.ts (fixtures/fault-kinds.ts); ≥ 10 opens per kind.
import { describeFaultKinds } from './fixtures/fault-kinds';

describeFaultKinds('serial faults while drop-offs and pickups run: lost replies, a pulled cable, the reply window', [
  'open reply swallowed',
  'open reply cut short',
  'open reply from the wrong address',
  'cable unplugged mid-open',
  'door shut inside the open-reply window',
]);
