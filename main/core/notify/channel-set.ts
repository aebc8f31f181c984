// The configured channels, opened once for the worker through the app's OpenChannels port, with the
// routing table read from the configuration: which channels each audience goes to.
import type { Clock } from '../clock';
import type { OpenChannels } from './channels';
import { audiences, routeOf, type Audience, type NotificationsConfig } from './config-schema';

export function openChannelSet(n: NotificationsConfig, clock: Clock, open: OpenChannels) {
  const opened = open(n.channels, { clock, timeoutMs: n.timeoutSeconds * 1000 });
  const channels = opened.channels;
  const types = new Map(n.channels.map((c) => [c.id, c.type]));
  const channelsOf = (audience: Audience) => routeOf(n, audience).filter((id) => channels.has(id));
  return {
    get: (id: string) => channels.get(id),
    /** The audiences that have a channel now: another one keeps its messages pending, unrouted, until one is configured. */
    routed: audiences.filter((a) => channelsOf(a).length > 0),
    channelsOf,
    typeOf: (id: string) => types.get(id),
    close: () => opened.close(),
  };
}
export type RoutedChannels = ReturnType<typeof openChannelSet>;
