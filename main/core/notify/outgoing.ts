// Turning a stored delivery into the message a channel sends: the sealed code opened just for
// this send, the resident's phone and language read from the case at send time, the text rendered.
import type { DueDelivery } from '../../store/notify-repo';
import type { CabinetConfig } from '../config';
import { unseal } from '../cases/sealed';
import type { Outgoing } from './channels';
import { render, type NotifyLanguage } from './render';
import { templateValues } from './template-values';

const language = (value: unknown): NotifyLanguage => (value === 'en' ? 'en' : 'zh-CN');

export type Composed = { message: Outgoing; code: string | undefined } | { error: string };

/**
 * The message for delivery `d`, or why it can never be sent (a permanent failure): a resident
 * message whose case is gone, or whose phone number was purged.
 */
export function composeOutgoing(
  config: CabinetConfig,
  d: DueDelivery,
  sealKey: Buffer,
  contactOf: (caseId: number) => { phone: string | null; language: string } | undefined,
): Composed {
  const payload = JSON.parse(d.payload) as Record<string, unknown>;
  let code: string | undefined;
  if (typeof payload.codeSealed === 'string') {
    try {
      code = unseal(sealKey, payload.codeSealed);
    } catch {
      code = undefined;
    }
  }
  delete payload.codeSealed;
  let phone: string | undefined;
  let lang = language(config.languages.default);
  if (d.audience === 'resident') {
    const c = typeof payload.caseId === 'number' ? contactOf(payload.caseId) : undefined;
    if (!c) return { error: 'the case of this message no longer exists: no phone number to send to' };
    if (!c.phone) return { error: 'the phone number of this case was purged (privacy retention): nothing to send to' };
    phone = c.phone;
    lang = language(c.language);
  }
  const input = { kind: d.kind, payload, createdAt: d.createdAt, language: lang, code, phone };
  const message: Outgoing = {
    kind: d.kind,
    audience: d.audience,
    idempotencyKey: d.idempotencyKey,
    createdAt: d.createdAt,
    cabinetId: config.cabinet.id,
    content: render(config, input),
    data: payload,
    phone,
    code,
    values: d.audience === 'resident' ? templateValues(config, input) : undefined,
  };
  return { message, code };
}

/** A message sent outside the outbox (tests, verification codes), rendered in `m.language`. */
export type DirectMessage = Omit<Outgoing, 'cabinetId' | 'content' | 'data'> & { payload: Record<string, unknown>; language: NotifyLanguage };

export function directOutgoing(config: CabinetConfig, m: DirectMessage): Outgoing {
  const input = { kind: m.kind, payload: m.payload, createdAt: m.createdAt, language: m.language, code: m.code, phone: m.phone };
  return {
    ...m,
    cabinetId: config.cabinet.id,
    content: render(config, input),
    data: m.payload,
    values: m.audience === 'resident' ? templateValues(config, input) : undefined,
  };
}
