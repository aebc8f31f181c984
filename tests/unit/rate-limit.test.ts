import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, freshLimit, lockedFor, refundAttempt, triesLeft, type LimitPolicy } from '../../main/core/cases/rate-limit';
import { generateCode, hashCode } from '../../main/core/cases/pickup-codes';

const policy: LimitPolicy = { maxFailures: 5, baseLockoutMs: 60_000, maxLockoutMs: 10 * 60_000 };

const failTimes = (n: number, start = freshLimit, now = 0) => Array.from({ length: n }).reduce<typeof start>((s) => afterFailure(s, now, policy), start);

describe('rate limit', () => {
  it('counts down tries and locks on the fifth wrong entry', () => {
    expect(triesLeft(failTimes(4), policy)).toBe(1);
    expect(lockedFor(failTimes(4), 0)).toBe(0);
    expect(lockedFor(failTimes(5), 0)).toBe(60_000);
  });
  it('doubles each further lockout, up to the cap', () => {
    let s = freshLimit;
    const locks: number[] = [];
    for (let round = 0; round < 6; round++) {
      s = failTimes(5, s, 0);
      locks.push(lockedFor(s, 0));
    }
    expect(locks).toEqual([60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });
  it('is released by time and reset by a right entry', () => {
    const s = failTimes(5);
    expect(lockedFor(s, 60_001)).toBe(0);
    expect(afterSuccess()).toEqual(freshLimit);
  });
  it('takes back one reserved attempt, never below zero, never a lockout already tripped', () => {
    expect(refundAttempt(failTimes(3))).toEqual(failTimes(2));
    expect(refundAttempt(freshLimit)).toEqual(freshLimit);
    expect(lockedFor(refundAttempt(failTimes(5)), 0)).toBe(60_000);
  });
});

describe('pickup codes', () => {
  it('draws at least six digits and hashes them with the cabinet secret', () => {
    const digits = [1, 2, 3, 4, 5, 6, 7, 8];
    let i = 0;
    expect(generateCode(6, () => digits[i++ % digits.length] as number)).toBe('123456');
    expect(() => generateCode(5)).toThrow(RangeError);
    expect(generateCode(8)).toMatch(/^\d{8}$/);
    const a = hashCode(Buffer.from('secret-a'), '123456');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(Buffer.from('secret-b'), '123456')).not.toBe(a);
  });
});
