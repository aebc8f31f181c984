// Guessing attacks through the real handlers (the contract's dispatcher on a real cabinet: SQLite
// file, argon2, simulated boards), on a manual clock: the limits are rules of time, so days of
// attack run in seconds. The attacker guesses the moment a guess is accepted (a batch every 100 ms:
// one guess, or 300 at once) and, when refused, waits exactly the retryAfterSeconds it is told.
// Used by `npm run bench:guessing` and tests/integration/guessing-rate.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { keysDirFor } from '../../main/app/key-file';
import { SETUP_CODE_FILE } from '../../main/app/setup-code';
import { methods } from '../../main/contract/api';
import { createDispatcher, type Dispatch } from '../../main/contract/dispatch';
import type { Clock } from '../../main/core/clock';
import { defaultConfig, parseConfig } from '../../main/core/config';
import type { LimitPolicy } from '../../main/core/cases/rate-limit';
import { PICKUP_CABINET_POLICY } from '../../main/core/resident/pickup';
import { CABINET_LOGIN_POLICY } from '../../main/core/staff/accounts';
import { HAND_GAP_MS, HOUR_MS, maxGuesses, steadyRatePerHour, TEN_YEARS_MS, tenYearSuccesses } from './guessing-model';

/** The core's clock, moved only by the attack: timers fire when their time is passed. */
export function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      now += ms;
      const due = [...timers].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at);
      for (const [id, t] of due) {
        timers.delete(id);
        t.fn();
      }
    },
  };
}

export interface AttackCabinet {
  cabinet: Cabinet;
  clock: ReturnType<typeof manualClock>;
  call: Dispatch;
  close(): Promise<void>;
}

const START = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A fresh cabinet on the manual clock, with an administrator and one staff account ('wang', PIN 135791). */
export async function openAttackCabinet(): Promise<AttackCabinet> {
  // A real SQLite file, on tmpfs where there is one: this measures counts, not latency, and each
  // checked guess commits synchronously (on a busy disk those fsyncs made the attack 5× slower).
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'guessing-'));
  const clock = manualClock(START);
  const raw = structuredClone(defaultConfig());
  raw.nightlyCheckAt = null;
  const cabinet = await createCabinet({ config: parseConfig(raw), dataDir, timers: clock, log: () => {} });
  const call = createDispatcher(methods, cabinet.handlers);
  const setupCode = readFileSync(join(dataDir, SETUP_CODE_FILE), 'utf8').trim();
  const admin = await call('staff.createFirstAdmin', { setupCode, login: 'admin', name: 'Admin', pin: '246810' });
  if (!admin.ok) throw new Error(`no administrator: ${admin.error.code}`);
  const token = (admin.result as { token: string }).token;
  const wang = await call('staff.createAccount', { token, login: 'wang', name: '王', role: 'staff', pin: '135791' });
  if (!wang.ok) throw new Error(`no staff account: ${wang.error.code}`);
  await call('staff.logout', { token });
  return {
    cabinet,
    clock,
    call,
    async close() {
      await cabinet.close();
      for (const dir of [dataDir, keysDirFor(dataDir, undefined)]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AttackResult {
  spanMs: number;
  calls: number;
  /** Answers by code ('ok' for a session or an opened door). */
  answers: Record<string, number>;
  /**
   * Guesses the cabinet checked, read from its audit log (each checked guess is one row). Not the
   * answers: the guess that trips a lockout is checked and yet answered locked-out.
   */
  accepted: number;
  /** Manual-clock times of the checked guesses, from the attack's start. */
  acceptedAt: number[];
}

/** Each checked guess's audit row: a wrong PIN or a wrong pickup code (refusals during a lockout are other rows). */
const CHECKED: Record<Scenario['target'], { action: string; reasons: string[] }> = {
  pin: { action: 'session.login', reasons: ['wrong-credentials'] },
  pickup: { action: 'pickup.code', reasons: ['wrong-code', 'expired'] },
};

function checkedGuesses(env: AttackCabinet, target: Scenario['target'], since: number): number[] {
  const { action, reasons } = CHECKED[target];
  const rows = env.cabinet.db
    .prepare(`SELECT at, outcome, json_extract(detail, '$.reason') AS reason FROM audit_log WHERE action = ? AND at >= ? ORDER BY id`)
    .all(action, since) as { at: number; outcome: string; reason: string | null }[];
  return rows.filter((r) => r.outcome === 'ok' || reasons.includes(r.reason ?? '')).map((r) => r.at - since);
}

/**
 * Guesses `parallel` at a time for `spanMs` of manual-clock time. A batch with any answer other
 * than locked-out is followed by the next one 100 ms later; a batch wholly refused, by the longest
 * wait it was told.
 */
export async function attack(env: AttackCabinet, scenario: Scenario, spanMs: number): Promise<AttackResult> {
  const start = env.clock.now();
  const result: AttackResult = { spanMs, calls: 0, answers: {}, accepted: 0, acceptedAt: [] };
  while (env.clock.now() - start < spanMs) {
    const batch = Array.from({ length: scenario.parallel }, () => scenario.guess(result.calls++));
    const answers = await Promise.all(batch.map(([method, payload]) => env.call(method, payload)));
    let waitMs = 0;
    for (const answer of answers) {
      const code = answer.ok ? 'ok' : answer.error.code;
      result.answers[code] = (result.answers[code] ?? 0) + 1;
      if (!answer.ok && code === 'locked-out') waitMs = Math.max(waitMs, (answer.error.retryAfterSeconds ?? 1) * 1000);
    }
    env.clock.advance(answers.some((a) => a.ok || a.error.code !== 'locked-out') ? HAND_GAP_MS : waitMs);
  }
  result.acceptedAt = checkedGuesses(env, scenario.target, start);
  result.accepted = result.acceptedAt.length;
  return result;
}

/** Six digits, never `except` (the attacker does not know the PIN; each guess is a fresh one). */
export function pinGuess(i: number, except = '135791'): string {
  const pin = String(100000 + ((i * 7919) % 900000));
  return pin === except ? '999999' : pin;
}

/** A six-digit pickup code and a phone's last four, spread over phones or all on one. */
export function pickupGuess(i: number, onePhone: boolean): { code: string; phoneLast4: string } {
  return { code: String(100000 + ((i * 104729) % 900000)), phoneLast4: onePhone ? '1111' : String((i * 7) % 10000).padStart(4, '0') };
}

export interface Scenario {
  name: string;
  target: 'pin' | 'pickup';
  parallel: number;
  guess(i: number): [string, unknown];
}

export const scenarios: Scenario[] = [
  { name: 'PIN, sequential', target: 'pin', parallel: 1, guess: (i) => ['staff.login', { login: 'wang', pin: pinGuess(i) }] },
  { name: 'PIN, 300 parallel', target: 'pin', parallel: 300, guess: (i) => ['staff.login', { login: 'wang', pin: pinGuess(i) }] },
  { name: 'pickup, sequential, spread over phones', target: 'pickup', parallel: 1, guess: (i) => ['pickUp.begin', pickupGuess(i, false)] },
  { name: 'pickup, 300 parallel, spread over phones', target: 'pickup', parallel: 300, guess: (i) => ['pickUp.begin', pickupGuess(i, false)] },
  { name: 'pickup, sequential, one phone', target: 'pickup', parallel: 1, guess: (i) => ['pickUp.begin', pickupGuess(i, true)] },
  { name: 'pickup, 300 parallel, one phone', target: 'pickup', parallel: 300, guess: (i) => ['pickUp.begin', pickupGuess(i, true)] },
];

const POLICY: Record<Scenario['target'], LimitPolicy> = { pin: CABINET_LOGIN_POLICY, pickup: PICKUP_CABINET_POLICY };
/** ADR 0009: a 6-digit PIN of a known login; a 6-digit code + the phone's last 4 with ≤ 64 cases waiting. */
export const CHANCE_PER_GUESS: Record<Scenario['target'], number> = { pin: 1 / 10 ** 6, pickup: 64 / 10 ** 10 };

export interface Measured {
  scenario: Scenario;
  result: AttackResult;
  /** Checked guesses per hour over the whole span (the first lockouts are short, so this starts high). */
  perHour: number;
  /** Over whole lockout cycles in the span's second half: what an attacker keeps up. */
  steadyPerHour: number;
  /** ADR 0009's arithmetic for the same span and for ten years. */
  model: { guesses: number; perHour: number; tenYearSuccesses: number };
  /** The span's checked guesses, then its steady rate for the rest of ten years. */
  tenYearSuccesses: number;
}

/** ADR 0009's ten-year figures (a few seconds of arithmetic for pickups: computed once per target). */
const tenYears = new Map<Scenario['target'], { perHour: number; tenYearSuccesses: number }>();
function tenYearModel(target: Scenario['target']): { perHour: number; tenYearSuccesses: number } {
  const known = tenYears.get(target);
  if (known) return known;
  const guesses = maxGuesses(POLICY[target], TEN_YEARS_MS);
  const figures = { perHour: guesses / (TEN_YEARS_MS / HOUR_MS), tenYearSuccesses: guesses * CHANCE_PER_GUESS[target] };
  tenYears.set(target, figures);
  return figures;
}

export async function measure(scenario: Scenario, spanMs: number): Promise<Measured> {
  const env = await openAttackCabinet();
  try {
    const result = await attack(env, scenario, spanMs);
    const policy = POLICY[scenario.target];
    const chance = CHANCE_PER_GUESS[scenario.target];
    const steadyPerHour = steadyRatePerHour(result.acceptedAt, spanMs / 2) ?? Number.POSITIVE_INFINITY;
    return {
      scenario,
      result,
      perHour: result.accepted / (spanMs / HOUR_MS),
      steadyPerHour,
      model: { guesses: maxGuesses(policy, spanMs), ...tenYearModel(scenario.target) },
      tenYearSuccesses: tenYearSuccesses(result.accepted, spanMs, steadyPerHour, chance),
    };
  } finally {
    await env.close();
  }
}
