// Reconnect delays: exponential, capped, no jitter (one kiosk, one port: no herd to spread, and
// tests can predict every delay).

export interface BackoffSettings {
  /** Delay before the first reconnect attempt. */
  initialMs: number;
  /** Longest delay between attempts. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

export const defaultBackoff: BackoffSettings = { initialMs: 250, maxMs: 10_000, factor: 2 };

/** Delay before attempt number `attempt` (0-based). */
export function backoffDelayMs(settings: BackoffSettings, attempt: number): number {
  const delay = settings.initialMs * Math.pow(settings.factor, Math.max(0, attempt));
  return Math.min(settings.maxMs, Math.round(delay));
}
