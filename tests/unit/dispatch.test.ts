import { describe, expect, it } from 'vitest';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher, type Handlers } from '../../main/contract/dispatch';
import { CabinetError, CallError } from '../../main/contract/errors';

const info = {
  id: 'c1',
  name: { 'zh-CN': '柜', en: 'Cabinet' },
  location: { 'zh-CN': '大厅', en: 'Hall' },
  languages: { default: 'zh-CN', available: ['zh-CN', 'en'] },
  timeouts: { idleSeconds: 60, elderIdleSeconds: 120, idleWarningSeconds: 15 },
  privacy: { purgeAfterDays: 30 },
  simulated: true,
} as const;

function handlers(overrides: Partial<Handlers<typeof methods>> = {}): Handlers<typeof methods> {
  const notUsed = () => {
    throw new Error('not used in this test');
  };
  const unused = Object.fromEntries(Object.keys(methods).map((m) => [m, notUsed])) as unknown as Handlers<typeof methods>;
  return {
    ...unused,
    'cabinet.info': () => ({ ...info, languages: { default: 'zh-CN', available: ['zh-CN', 'en'] } }),
    'matters.list': () => [],
    'dropOff.begin': notUsed,
    'dropOff.get': notUsed,
    'dropOff.cancel': notUsed,
    'dropOff.continue': notUsed,
    'pickUp.begin': notUsed,
    'pickUp.get': notUsed,
    'status.lookup': notUsed,
    'rating.submit': notUsed,
    ...overrides,
  };
}

describe('the contract dispatcher', () => {
  const logs: string[] = [];
  const dispatch = createDispatcher(methods, handlers({ 'dropOff.get': ({ dropOffId }) => { throw new CabinetError('not-found', `no ${dropOffId}`); } }), (e) => logs.push(`${e.level}:${e.message}`));

  it('answers a valid call', async () => {
    const r = await dispatch('cabinet.info', {});
    expect(r).toMatchObject({ ok: true, result: { id: 'c1', simulated: true } });
  });

  it('answers an unknown method with a typed error, including prototype names', async () => {
    for (const method of ['cabinet.explode', 'constructor', '__proto__', 42, null]) {
      const r = await dispatch(method, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('answers a payload that fails its schema with the failing fields', async () => {
    const r = await dispatch('dropOff.begin', { matterId: 'x', phone: '123', phoneConfirmed: true, consent: false, language: 'fr', elderMode: 'yes' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad-request');
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['consent', 'elderMode', 'language', 'phone']);
  });

  it('rejects extra fields and non-object payloads', async () => {
    expect(await dispatch('cabinet.info', { sneaky: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch('dropOff.get', 'abc')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('turns a domain error into its code and a crash into "internal", never a throw', async () => {
    expect(await dispatch('dropOff.get', { dropOffId: 'zzz' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no zzz' } });
    const crashing = createDispatcher(methods, handlers({ 'matters.list': () => { throw new TypeError('boom'); } }));
    expect(await crashing('matters.list', {})).toEqual({ ok: false, error: { code: 'internal', message: 'The cabinet could not complete this request.' } });
  });

  it('refuses a handler answer outside its schema', async () => {
    const wrong = createDispatcher(methods, handlers({ 'matters.list': () => [{ id: 1 }] as never }));
    expect(await wrong('matters.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('drives a generated client that throws typed errors', async () => {
    const client = createClient(methods, dispatch);
    await expect(client['cabinet.info']({})).resolves.toMatchObject({ id: 'c1' });
    await expect(client['dropOff.get']({ dropOffId: 'q' })).rejects.toBeInstanceOf(CallError);
    expect(logs.length).toBeGreaterThan(0);
  });
});
