// main/app/dispatch.ts: one binding of the contract to the cabinet for both shells — the simulator's
// methods are dispatched only when the cabinet has simulated boards.
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../main/app/dispatch';
import type { Cabinet } from '../../main/app/cabinet';

const handlers = { 'matters.list': () => [] } as unknown as Cabinet['handlers'];
const simulator = { 'simulator.state': () => ({ doors: [] }) } as unknown as NonNullable<Cabinet['simulator']>;

describe('createDispatch', () => {
  it('answers the contract and, with simulated boards, the simulator', async () => {
    const dispatch = createDispatch({ handlers, simulator });
    expect(await dispatch('matters.list', {})).toEqual({ ok: true, result: [] });
    expect(await dispatch('simulator.state', {})).toEqual({ ok: true, result: { doors: [] } });
  });

  it('without simulated boards, a simulator method is unknown', async () => {
    const dispatch = createDispatch({ handlers, simulator: undefined });
    expect(await dispatch('simulator.state', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });
});
