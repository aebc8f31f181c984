// The values an SMS provider's approved template is filled with: a provider sends only templates
// approved in advance (签名 + 模板), so a resident message goes out as a template id plus named
// values, not as our own text. Pure: the same formatter as every other message (format.ts).
import { formatDate, formatDateTime, formatReference } from '../../contract/format';
import type { CabinetConfig } from '../config';
import type { SmsTemplateValue } from './config-schema';
import type { NotifyLanguage, RenderInput } from './render';
import { translator } from './render';
import { pickupLink } from './pickup-link';
import { statusLink } from './status-link';

export { statusLink } from './status-link';

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function localized(v: unknown, language: NotifyLanguage): string {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return str(o[language] ?? o['zh-CN']);
  }
  return str(v);
}

/** Every value a template parameter may name, for one message (empty when it does not apply). */
export function templateValues(config: CabinetConfig, input: RenderInput): Record<SmsTemplateValue, string> {
  const { payload, language } = input;
  const zone = config.cabinet.timeZone;
  const reference = str(payload.reference);
  const matter = config.matters.find((m) => m.id === payload.matter);
  const t = translator(language);
  return {
    code: input.code ?? '',
    reference: reference ? formatReference(reference) : '',
    cabinet: config.cabinet.name[language],
    location: localized(payload.location ?? config.cabinet.location, language),
    compartment: str(payload.compartment),
    deadline: payload.deadline ? formatDateTime(Number(payload.deadline), language, zone) : '',
    expectedDate: payload.expectedDate ? formatDate(str(payload.expectedDate), language, zone) : '',
    statusUrl: statusLink(config.notifications.statusUrl, config.cabinet.id, reference) ?? '',
    pickupUrl: pickupLink(config.notifications.pickupUrl, input.code, input.phone) ?? '',
    matter: matter ? matter.name[language] : str(payload.matter),
    time: formatDateTime(Number(payload.at ?? input.createdAt), language, zone),
    reason: payload.reason ? t([`correctionReason.${str(payload.reason)}`, 'correctionReason.other']) : '',
  };
}
