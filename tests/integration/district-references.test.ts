// References unique across a district (issue 15, item 5): a cabinet with a district code puts it in
// front of every reference — stored, looked up on the status keypad, printed, told to the district.
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestCabinets, openTestCabinet } from './test-cabinet';
import { until } from './until';

afterEach(closeTestCabinets);

const begin = { matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true as const, consent: true as const, language: 'zh-CN' as const, elderMode: false };

describe('district references', () => {
  it('leads every reference with the cabinet code, and the status keypad takes all 13 digits', async () => {
    const env = await openTestCabinet((raw) => void (raw.cabinet.code = '017'));
    expect((await env.h['cabinet.info']({})).referenceDigits).toBe(13);
    const state = await env.h['dropOff.begin'](begin);
    await until(() => env.drops.some((d) => d.dropOffId === state.dropOffId && d.stage === 'open'));
    env.close(state.compartment.label);
    await until(() => env.drops.some((d) => d.stage === 'deposited'));
    const reference = env.drops.find((d) => d.stage === 'deposited')?.receipt?.reference ?? '';
    expect(reference).toMatch(/^017\d{10}$/);
    expect(await env.h['status.lookup']({ reference, phoneLast4: '5678' })).toMatchObject({ reference, status: 'received' });
    // A 10-digit reference of this cabinet cannot exist; asking for one is simply not found.
    await expect(env.h['status.lookup']({ reference: reference.slice(3), phoneLast4: '5678' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps 10-digit references for a cabinet without a code', async () => {
    const env = await openTestCabinet();
    expect((await env.h['cabinet.info']({})).referenceDigits).toBe(10);
  });
});
