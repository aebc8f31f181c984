// The fleet link's topics and message envelopes (docs/fleet.md): pure, shared by the cabinet, the
// app's MQTT client (its Last Will), the tests and the benchmark.

/** The version of every JSON payload's schema (`v`); a consumer refuses versions it does not know. */
export const FLEET_SCHEMA_VERSION = 1;

export function fleetTopics(districtId: string, cabinetId: string) {
  const base = `district/${districtId}/cabinets/${cabinetId}`;
  return {
    base,
    event: (type: string) => `${base}/events/${type}`,
    /** Retained: online (with version) or offline (the Last Will, or a clean shutdown). */
    status: `${base}/status`,
    heartbeat: `${base}/heartbeat`,
    commands: `${base}/commands`,
    responses: `${base}/responses`,
    /** A log export asked for by a command, one message per request. */
    logs: (commandId: string) => `${base}/logs/${commandId}`,
  };
}
export type FleetTopics = ReturnType<typeof fleetTopics>;

/** The retained status; `offline` with reason "connection-lost" is the broker's Last Will. */
export function statusPayload(cabinetId: string, state: 'online' | 'offline', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ v: FLEET_SCHEMA_VERSION, cabinet: cabinetId, state, ...extra });
}

/** The one MQTT client id of a cabinet: stable, so the broker keeps its session across restarts. */
export const fleetClientId = (districtId: string, cabinetId: string) => `cabinet:${districtId}:${cabinetId}`;
