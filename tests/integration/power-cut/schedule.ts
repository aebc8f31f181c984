// The power-cut schedule, pure: where each SIGKILL lands, drawn from a seed so a failing schedule
// can be replayed (POWER_CUT_SEED). A kill is aimed at one flow's phase — after a marker line the
// worker prints, plus a delay — in one of several lanes (independent cabinets, each with its own
// data directory, killed in turn so each restart settles on top of the earlier ones).

/** The four flows the worker drives, as the screens do. */
export const flows = ['dropoff', 'retrieve', 'return', 'pickup'] as const;
export type Flow = (typeof flows)[number];

/**
 * A flow's phases, each opened by a marker line `<flow> <phase> <n>`: begin (the tap: the open is
 * sent, the door not seen yet; the generic board's reply takes ~500 ms), open (the door seen open),
 * closed (the hand shut it; the commit follows on the next poll), commit (the step is recorded and
 * reported; the next one has not begun).
 */
export const phases = ['begin', 'open', 'closed', 'commit'] as const;
export type Phase = (typeof phases)[number];

export interface WorkerPlan {
  /** The flow this child repeats (doing what it needs first: a pickup needs a returned case …). */
  flow: Flow;
  /** How long the hand holds each door open (ms), by step number (1-based, cycled). */
  holdMs: number[];
  /** Drop-offs whose first door is jammed: the door in doubt, "not inside", another compartment. */
  jam: number[];
  /** How long the resident reads the "did not open" screen before accepting another (ms). */
  retryAfterMs: number;
  /** Drop-offs after whose deposit the resident continues into one more compartment (继续投递). */
  continueAfter: number[];
  /** The staff account the console steps log in with. */
  staff: { login: string; pin: string };
  /** The phone every drop-off registers (pickups give its last four digits). */
  phone: string;
  /** Pickup codes of returned cases (what reached the residents), oldest first. */
  codes: { reference: string; code: string }[];
}

/** Where the kill lands: after `marker` (a line of the child), plus `delayMs`. */
export interface Cut {
  what: string;
  marker: string;
  delayMs: number;
  plan: Omit<WorkerPlan, 'staff' | 'phone' | 'codes'>;
}

/** mulberry32: a small seeded generator, so a schedule can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * How long after each phase's marker a kill may come (ms): the phase's own length. The door stays
 * open for the step's hold time; a closed door is committed on the next poll (~50–100 ms later).
 */
const PHASE_SPAN: Record<Exclude<Phase, 'open'>, number> = { begin: 600, closed: 150, commit: 100 };
/** The pause between two steps (the next resident or job), so a kill can land after a commit. */
export const GAP_MS = 100;

/** One lane's cuts: the first while the cabinet starts, then flows and phases drawn evenly. */
export function laneSchedule(random: () => number, runs: number): Cut[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const ms = (max: number) => Math.round(random() * max);
  return Array.from({ length: runs }, (_, run): Cut => {
    const plan: Cut['plan'] = { flow: pick(flows), holdMs: [40 + ms(120), 40 + ms(120), 40 + ms(120)], jam: [], retryAfterMs: 200, continueAfter: [] };
    if (run === 0) return { what: 'during start-up', marker: 'spawned', delayMs: 150 + ms(350), plan };
    // Mostly the flow's first step, so a child reaches its cut quickly; sometimes its second.
    const step = random() < 0.85 ? 1 : 2;
    if (plan.flow === 'dropoff' && random() < 0.3) {
      // A jammed first door (the resident answers "not inside" and takes another), or a continuation.
      if (random() < 0.5) {
        plan.jam = [step];
        return { what: `after drop-off ${step}'s door did not open`, marker: `dropoff not-detected ${step}`, delayMs: ms(900), plan };
      }
      plan.continueAfter = [step];
      return { what: `in drop-off ${step}'s continuation`, marker: `dropoff continue ${step}`, delayMs: ms(800), plan };
    }
    const phase = pick(phases);
    const span = phase === 'open' ? (plan.holdMs[step - 1] as number) : PHASE_SPAN[phase];
    return { what: `${plan.flow} ${step}, phase ${phase}`, marker: `${plan.flow} ${phase} ${step}`, delayMs: ms(span), plan };
  });
}

/** Every lane's cuts, lane by lane; a lane's own generator is derived from the seed. */
export function schedule(seed: number, lanes: number, runs: number): Cut[][] {
  const random = seeded(seed);
  return Array.from({ length: lanes }, (_, lane) => laneSchedule(seeded(Math.floor(random() * 2 ** 31) ^ lane), Math.ceil((runs - lane) / lanes)));
}

/** A step's report names its flow's commit: the transaction is done and the worker said so. */
const REPORTS: Record<string, Flow> = { deposited: 'dropoff', continued: 'dropoff', collected: 'retrieve', returned: 'return', code: 'return', 'picked-up': 'pickup' };

/**
 * Where a kill landed: the last marker or report line the child printed (a report is its flow's
 * commit), or 'start-up' when it printed none.
 */
export function landedIn(lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const [word, phase] = (lines[i] ?? '').split(' ');
    if ((flows as readonly string[]).includes(word ?? '')) return `${word} ${phase}`;
    const flow = REPORTS[word ?? ''];
    if (flow) return `${flow} commit`;
  }
  return 'start-up';
}
