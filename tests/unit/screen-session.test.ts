// The audience rules of the contract, as a pure screen session: owner events wait for the answer
// that names their flow, another screen's ids open nothing, staff events need a staff session.
import { describe, expect, it } from 'vitest';
import type { Response } from '../../main/contract/errors';
import { createScreenSession } from '../../main/contract/screen-session';

describe('a screen session', () => {
  it('delivers the first events of a flow it is starting once the answer names the flow, in order, and drops others', async () => {
    const screen = createScreenSession();
    const sent: string[] = [];
    let answer!: (r: Response) => void;
    const call = screen.wrap(() => new Promise<Response>((resolve) => (answer = resolve)));
    const begun = call('dropOff.begin', {});
    screen.deliver('dropOff.changed', { dropOffId: 'mine', stage: 'opening' }, () => sent.push('mine opening'));
    screen.deliver('dropOff.changed', { dropOffId: 'theirs', stage: 'opening' }, () => sent.push('theirs opening'));
    screen.deliver('dropOff.changed', { dropOffId: 'mine', stage: 'open' }, () => sent.push('mine open'));
    expect(sent).toEqual([]);
    answer({ ok: true, result: { dropOffId: 'mine', stage: 'open' } });
    await begun;
    expect(sent).toEqual(['mine opening', 'mine open']);
    screen.deliver('dropOff.changed', { dropOffId: 'theirs', stage: 'open' }, () => sent.push('theirs open'));
    expect(sent).toEqual(['mine opening', 'mine open']);
  });

  it('answers not-found for another screen\'s flow id without calling the core', async () => {
    const screen = createScreenSession();
    let calls = 0;
    const call = screen.wrap(async () => (calls++, { ok: true, result: {} }));
    expect(await call('dropOff.continue', { dropOffId: 'someone-elses' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('pickUp.get', { pickUpId: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(calls).toBe(0);
  });

  it('answers not-found, without throwing, for an id that is no string (a deeply nested array overflowed String())', async () => {
    const screen = createScreenSession();
    let calls = 0;
    const call = screen.wrap(async () => (calls++, { ok: true, result: {} }));
    const deep = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000));
    for (const dropOffId of [deep, ['mine'], { toString: 'mine' }, 7, null]) {
      expect(await call('dropOff.get', { dropOffId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(calls).toBe(0);
  });

  it('treats "constructor" and "__proto__" as method names like any other (passed on to the dispatcher, which knows none)', async () => {
    const screen = createScreenSession();
    const seen: unknown[] = [];
    const call = screen.wrap(async (method) => (seen.push(method), { ok: false, error: { code: 'unknown-method', message: '' } }));
    expect(await call('constructor', {})).toMatchObject({ error: { code: 'unknown-method' } });
    expect(await call('__proto__', {})).toMatchObject({ error: { code: 'unknown-method' } });
    expect(seen).toEqual(['constructor', '__proto__']);
  });

  it('sends staff events only while a staff session is open on this screen', async () => {
    const screen = createScreenSession();
    const sent: string[] = [];
    const call = screen.wrap(async (method) => ({ ok: true, result: method === 'staff.login' ? { token: 't' } : {} }));
    screen.deliver('staff.job', {}, () => sent.push('before'));
    await call('staff.login', {});
    screen.deliver('staff.job', {}, () => sent.push('during'));
    await call('staff.logout', {});
    screen.deliver('staff.job', {}, () => sent.push('after'));
    screen.deliver('simulator.changed', {}, () => sent.push('simulator'));
    expect(sent).toEqual(['during', 'simulator']);
  });
});
