// The notifier's port to the channels a message can go out on (webhook, WeCom, DingTalk, e-mail,
// SMS): what a channel is, what it is sent, and how a failed send says whether retrying can help.
// The channels themselves do I/O (node:http, nodemailer) and are built by the app
// (main/app/notify/channels.ts), which hands the notifier an OpenChannels.
import type { Clock } from '../clock';
import type { ChannelConfig } from './config-schema';
import type { Rendered } from './render';

export interface Outgoing {
  kind: string;
  audience: 'staff' | 'resident' | 'technician';
  idempotencyKey: string;
  createdAt: number;
  cabinetId: string;
  content: Rendered;
  /** The message's payload without secrets, for webhooks that want the fields. */
  data: Record<string, unknown>;
  /** SMS only: the resident's number, read from the case at send time. */
  phone?: string | undefined;
  code?: string | undefined;
  /** The values a provider's approved template is filled with (template-values.ts). */
  values?: Record<string, string> | undefined;
}

export interface Channel {
  id: string;
  type: ChannelConfig['type'];
  send(message: Outgoing, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** A failed send. `permanent`: retrying cannot help (e.g. the phone number was purged). */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent = false) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = permanent;
  }
}

/** The configured channels, open; close() ends their connections. */
export interface ChannelSet {
  readonly channels: ReadonlyMap<string, Channel>;
  close(): void;
}

export type OpenChannels = (configs: readonly ChannelConfig[], options: { clock: Clock; timeoutMs: number }) => ChannelSet;
