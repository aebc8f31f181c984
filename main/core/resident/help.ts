// 呼叫帮助: a resident asks for the staff on duty. Each call that passes the limits writes one
// outbox alarm (audience staff: cabinet, screen, time) and its audit row in one transaction; a
// call inside the limits raises nothing new but is still told that staff know — they were told
// moments ago — and shown the hotline. Calls held back are counted into the next alarm's audit.
import type { Repositories } from '../../store/repositories';
import type { Transitions } from '../cases/transitions';
import type { CabinetConfig } from '../config';

/** Alarms cabinet-wide are counted in this window (config help.maxPerHalfHour). */
export const HELP_WINDOW_MS = 30 * 60_000;

export interface HelpPolicy {
  screenIntervalMs: number;
  maxPerWindow: number;
  windowMs: number;
}

export interface HelpState {
  /** The last alarm raised from each screen. */
  lastByScreen: ReadonlyMap<string, number>;
  /** Alarms raised in the window, oldest first. */
  recent: readonly number[];
}

export const freshHelp: HelpState = { lastByScreen: new Map(), recent: [] };

export type HelpDecision = { raise: true; state: HelpState } | { raise: false; toldAt: number; state: HelpState };

/** Pure: whether a call from `screen` at `now` raises an alarm, and the state after it. */
export function decideHelp(state: HelpState, screen: string, now: number, policy: HelpPolicy): HelpDecision {
  const recent = state.recent.filter((t) => t > now - policy.windowMs);
  const last = state.lastByScreen.get(screen);
  const pruned = { ...state, recent };
  if (last !== undefined && now - last < policy.screenIntervalMs) return { raise: false, toldAt: last, state: pruned };
  if (recent.length >= policy.maxPerWindow) return { raise: false, toldAt: recent[recent.length - 1]!, state: pruned };
  const lastByScreen = new Map([...state.lastByScreen].filter(([, t]) => t > now - Math.max(policy.screenIntervalMs, policy.windowMs)));
  lastByScreen.set(screen, now);
  return { raise: true, state: { lastByScreen, recent: [...recent, now] } };
}

export interface HelpDeps {
  repos: Pick<Repositories, 'transaction' | 'outbox'>;
  config: CabinetConfig;
  transitions: Transitions;
  now(): number;
  log(level: 'info' | 'warn', message: string): void;
  /** After the alarm is recorded: wake the notifier. */
  raised(): void;
}

export function createHelp(deps: HelpDeps) {
  const { config, repos } = deps;
  const policy: HelpPolicy = { screenIntervalMs: config.help.screenIntervalSeconds * 1000, maxPerWindow: config.help.maxPerHalfHour, windowMs: HELP_WINDOW_MS };
  let state = freshHelp;
  let heldBack = 0;
  let seq = 0;
  return {
    call(input: { screen: string; language: 'zh-CN' | 'en' }) {
      const now = deps.now();
      const decision = decideHelp(state, input.screen, now, policy);
      state = decision.state;
      const hotline = config.help.hotline;
      if (!decision.raise) {
        heldBack += 1;
        return { staffTold: true as const, alarmRaised: false, toldAt: decision.toldAt, hotline };
      }
      const cabinet = config.cabinet.id;
      repos.transaction(() => {
        deps.transitions.audit.append({ at: now, actor: 'resident', action: 'help.call', outcome: 'ok', compartment: null, detail: { screen: input.screen, language: input.language, heldBackBefore: heldBack } });
        repos.outbox.add({ at: now, kind: 'help', audience: 'staff', idempotencyKey: `help:${cabinet}:${now}:${seq++}`, payload: { cabinet, screen: input.screen, at: now, language: input.language } });
      });
      heldBack = 0;
      deps.log('warn', `help called from screen ${input.screen}`);
      deps.raised();
      return { staffTold: true as const, alarmRaised: true, toldAt: now, hotline };
    },
  };
}
export type Help = ReturnType<typeof createHelp>;
