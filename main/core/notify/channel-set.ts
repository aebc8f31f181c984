// The configured channels, opened once for the worker, with the routing table read from the
// configuration: which channels each audience goes to.
import type { Clock } from '../clock';
import { createChannel, type Channel } from './channels';
import { audiences, routeOf, type Audience, type NotificationsConfig } from './config-schema';
import { createHttpClient } from './http';

export function openChannels(n: NotificationsConfig, clock: Clock) {
  const http = createHttpClient();
  const channels = new Map<string, Channel>(n.channels.map((c) => [c.id, createChannel(c, { clock, http, timeoutMs: n.timeoutSeconds * 1000 })]));
  const types = new Map(n.channels.map((c) => [c.id, c.type]));
  const channelsOf = (audience: Audience) => routeOf(n, audience).filter((id) => channels.has(id));
  return {
    get: (id: string) => channels.get(id),
    /** The audiences that have a channel now: another one keeps its messages pending, unrouted, until one is configured. */
    routed: audiences.filter((a) => channelsOf(a).length > 0),
    channelsOf,
    typeOf: (id: string) => types.get(id),
    close(): void {
      for (const c of channels.values()) c.close();
      http.close();
    },
  };
}
export type ChannelSet = ReturnType<typeof openChannels>;
