// Who may see and touch what, declared once for both shells. A screen (one WebSocket, one Electron
// window) owns the resident flows it started: only it receives their events and may act on them by
// id — an id seen elsewhere is not a key. Staff events reach only a screen with a staff session.
// Pure: the shells keep one ScreenSession per screen and put it around the dispatcher.
import type { Dispatch } from './dispatch';
import type { Response } from './errors';

/** Who receives each event. 'owner': the screen that started the flow; 'staff': a screen logged in to the console. */
export const eventAudience: Record<string, 'owner' | 'staff' | 'all'> = {
  'dropOff.changed': 'owner',
  'dropOff.paper': 'owner',
  'pickUp.changed': 'owner',
  'staff.job': 'staff',
  'simulator.changed': 'all',
  // The cabinet's own serial scanner and card reader serve whichever screen is in front of them
  // (the kiosk has one); the web harness's pages all hear them, as they all see the simulator.
  'devices.scanned': 'all',
  'devices.card': 'all',
};

/** Methods that act on a resident flow by id: only the screen that owns the id may call them. */
const ownerOnly: Record<string, 'dropOffId' | 'pickUpId'> = {
  'dropOff.get': 'dropOffId',
  'dropOff.continue': 'dropOffId',
  'dropOff.retry': 'dropOffId',
  'dropOff.answer': 'dropOffId',
  'dropOff.cancel': 'dropOffId',
  'pickUp.get': 'pickUpId',
};

/** Methods that start a flow: its first events may come before the answer that names it. */
const flowStarts = new Set(['dropOff.begin', 'dropOff.continue', 'dropOff.retry', 'pickUp.begin']);

/** Methods whose answer is a staff session, and the one that ends it. */
const staffLogins = new Set(['staff.login', 'staff.createFirstAdmin']);

const field = (value: unknown, name: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined);

export function createScreenSession() {
  const owned = new Set<string>();
  let staff = false;
  /** Flow-starting calls under way, and the owner events held until they answer. */
  let starting = 0;
  let held: Array<{ id: string; send(): void }> = [];

  function permitted(method: unknown, payload: unknown): boolean {
    // Own keys only: "constructor" or "__proto__" name no method.
    const key = typeof method === 'string' && Object.hasOwn(ownerOnly, method) ? ownerOnly[method] : undefined;
    if (key === undefined) return true;
    // Only a string can be an id (String() of a deeply nested array overflows the stack).
    const id = field(payload, key);
    return typeof id === 'string' && owned.has(id);
  }

  function learn(method: unknown, result: unknown): void {
    for (const key of ['dropOffId', 'pickUpId']) {
      const id = field(result, key);
      if (typeof id === 'string') owned.add(id);
    }
    if (typeof method === 'string' && staffLogins.has(method) && typeof field(result, 'token') === 'string') staff = true;
    if (method === 'staff.logout') staff = false;
  }

  /** A flow-starting call answered: send the held events of the flows this screen now owns, in order. */
  function release(): void {
    starting -= 1;
    if (starting > 0) return;
    const waiting = held;
    held = [];
    for (const h of waiting) if (owned.has(h.id)) h.send();
  }

  return {
    /** The dispatcher, seen from this screen: refuses another screen's flow ids, learns its own. */
    wrap(dispatch: Dispatch): Dispatch {
      return async (method, payload) => {
        if (!permitted(method, payload)) return { ok: false, error: { code: 'not-found', message: 'No such flow on this screen.' } } satisfies Response;
        const starts = typeof method === 'string' && flowStarts.has(method);
        if (starts) starting += 1;
        try {
          const response = await dispatch(method, payload);
          if (response.ok) learn(method, response.result);
          return response;
        } finally {
          if (starts) release();
        }
      };
    },
    /** Sends `event` to this screen if it is in its audience (an owner event of a flow being started waits for the answer). */
    deliver(event: string, data: unknown, send: () => void): void {
      const audience = eventAudience[event] ?? 'staff';
      if (audience === 'all' || (audience === 'staff' && staff)) return send();
      if (audience !== 'owner') return;
      const id = String(field(data, 'dropOffId') ?? field(data, 'pickUpId'));
      if (owned.has(id)) send();
      else if (starting > 0) held.push({ id, send });
    },
  };
}
export type ScreenSession = ReturnType<typeof createScreenSession>;
