// Call for help: the rate rule (pure, on explicit times) — one alarm per screen per interval, a
// cabinet-wide cap per window — and that a held-back call is still told who was alarmed when.
import { describe, expect, it } from 'vitest';
import { decideHelp, freshHelp, type HelpState } from '../../main/core/resident/help';

const policy = { screenIntervalMs: 120_000, maxPerWindow: 3, windowMs: 30 * 60_000 };

function run(calls: Array<[string, number]>) {
  let state: HelpState = freshHelp;
  return calls.map(([screen, at]) => {
    const d = decideHelp(state, screen, at, policy);
    state = d.state;
    return d.raise ? 'raise' : `held:${d.toldAt}`;
  });
}

describe('call for help: rate rule', () => {
  it('raises the first call of a screen, holds repeats within the interval, raises again after it', () => {
    expect(run([['home', 0], ['home', 1_000], ['home', 119_999], ['home', 120_000]])).toEqual(['raise', 'held:0', 'held:0', 'raise']);
  });

  it('screens are limited apart from each other', () => {
    expect(run([['home', 0], ['pick-up/code', 10], ['home', 20]])).toEqual(['raise', 'raise', 'held:0']);
  });

  it('caps alarms cabinet-wide per window, whatever screen names a caller invents', () => {
    const calls: Array<[string, number]> = Array.from({ length: 10 }, (_, i) => [`screen-${i}`, i * 1000]);
    expect(run(calls)).toEqual(['raise', 'raise', 'raise', 'held:2000', 'held:2000', 'held:2000', 'held:2000', 'held:2000', 'held:2000', 'held:2000']);
  });

  it('the window slides: once the oldest alarm is 30 minutes old, another may be raised', () => {
    const out = run([['a', 0], ['b', 1], ['c', 2], ['d', 30 * 60_000 - 1], ['d', 30 * 60_000 + 1]]);
    expect(out).toEqual(['raise', 'raise', 'raise', 'held:2', 'raise']);
  });

  it('forgets screens long past, so the state stays small under a flood of names', () => {
    let state: HelpState = freshHelp;
    for (let i = 0; i < 5_000; i += 1) state = decideHelp(state, `s${i}`, i * 60 * 60_000, policy).state;
    expect(state.lastByScreen.size).toBeLessThanOrEqual(2);
    expect(state.recent.length).toBeLessThanOrEqual(policy.maxPerWindow);
  });
});
