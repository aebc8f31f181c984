// Message texts: every notification is rendered from the i18n templates of messages.*.json
// (zh-CN first, en second) by a server-side i18next instance of its own. Staff and technician
// messages are a title and lines (markdown for robots, plain text for mail); a resident's is one
// SMS text in the case's language.
import i18next, { type TFunction } from 'i18next';
import { formatDate, formatDateTime, formatReference } from '../../contract/format';
import type { CabinetConfig } from '../config';
import { pickupLink } from './pickup-link';
import { statusLink } from './status-link';
import en from './messages.en.json';
import zhCN from './messages.zh-CN.json';

export type NotifyLanguage = 'zh-CN' | 'en';
export const notifyResources = { 'zh-CN': zhCN, en } as const;

const i18n = i18next.createInstance();
void i18n.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function translator(language: NotifyLanguage): TFunction {
  return i18n.getFixedT(language);
}

export interface Rendered {
  title: string;
  lines: string[];
  /** Plain text: the title, then one line each. For SMS, the one text to send. */
  text: string;
  /** Markdown for the WeCom and DingTalk robots. */
  markdown: string;
}

function finish(title: string, lines: string[]): Rendered {
  return {
    title,
    lines,
    text: [title, ...lines].join('\n'),
    markdown: [`### ${title}`, ...lines.map((l) => `> ${l}`)].join('\n\n'),
  };
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function localizedText(v: unknown, language: NotifyLanguage): string {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return str(o[language] ?? o['zh-CN']);
  }
  return str(v);
}

export interface RenderInput {
  kind: string;
  payload: Record<string, unknown>;
  createdAt: number;
  language: NotifyLanguage;
  /** The pickup or verification code, unsealed just for this send. */
  code?: string | undefined;
  /** The resident's phone, for the pickup link (resident messages only). */
  phone?: string | undefined;
}

interface DigestItem {
  reference: string;
  matter: string;
  compartments: string[];
  since: number | null;
}

export function render(config: CabinetConfig, input: RenderInput): Rendered {
  const { payload, language } = input;
  const t = translator(language);
  const cabinet = config.cabinet.name[language];
  // Every time in the cabinet's zone and the message's language (format.ts), references one way.
  const when = (ms: unknown) => formatDateTime(Number(ms), language, config.cabinet.timeZone);
  const ref = (v: unknown) => formatReference(str(v));
  const matterName = (id: unknown) => {
    const m = config.matters.find((x) => x.id === id);
    return m ? m.name[language] : str(id);
  };
  switch (input.kind) {
    case 'deposit':
      return finish(t('deposit.title', { cabinet, reference: ref(payload.reference) }), [
        t('deposit.reference', { reference: ref(payload.reference) }),
        t('deposit.matter', { matter: matterName(payload.matter) }),
        t('deposit.compartment', { compartment: str(payload.compartment) }),
        t('deposit.time', { time: when(payload.depositedAt ?? input.createdAt) }),
        t('deposit.expected', { date: formatDate(str(payload.expectedDate), language) }),
        t('deposit.phone', { phone: str(payload.phone) }),
      ]);
    case 'digest': {
      const lines: string[] = [];
      const sections = ['deposited', 'collected', 'awaitingPickup', 'overdue'] as const;
      let total = 0;
      for (const section of sections) {
        const items = (payload[section] as DigestItem[] | undefined) ?? [];
        const count = Number((payload.counts as Record<string, number> | undefined)?.[section] ?? items.length);
        total += count;
        if (count === 0) continue;
        lines.push(t(`digest.${section}`, { count }));
        for (const item of items) {
          lines.push(
            `· ${t('digest.item', {
              reference: formatReference(item.reference),
              matter: matterName(item.matter),
              compartments: item.compartments.join(',') || t('common.none'),
              since: item.since === null ? '' : when(item.since),
            })}`,
          );
        }
        if (count > items.length) lines.push(t('common.more', { count: count - items.length }));
      }
      if (total === 0) lines.push(t('digest.empty'));
      return finish(t('digest.title', { cabinet, date: formatDate(str(payload.date), language) }), lines);
    }
    case 'alarm': {
      const kind = str(payload.alarm);
      const alarm = t([`alarmKind.${kind}`, 'alarmKind.other'], { alarm: kind });
      const detail = (payload.detail ?? {}) as Record<string, unknown>;
      const lines = [t('alarm.time', { time: when(payload.at ?? input.createdAt) })];
      if (payload.compartment) lines.unshift(t('alarm.compartment', { compartment: str(payload.compartment) }));
      if (detail.bus) lines.unshift(t('alarm.bus', { bus: str(detail.bus) }));
      return finish(t('alarm.title', { cabinet, alarm }), lines);
    }
    case 'ready-for-pickup':
    case 'correction-needed':
    case 'pickup-reminder':
    case 'pickup-overdue':
    case 'verification-code': {
      const withCode = input.kind === 'ready-for-pickup' || input.kind === 'correction-needed';
      const key = withCode && !input.code ? `resident.${input.kind}-no-code` : `resident.${input.kind}`;
      const reason = payload.reason ? t([`correctionReason.${str(payload.reason)}`, 'correctionReason.other']) : '';
      const text = t(key, {
        cabinet,
        reference: ref(payload.reference),
        location: localizedText(payload.location ?? config.cabinet.location, language),
        compartment: str(payload.compartment),
        deadline: payload.deadline ? when(payload.deadline) : '',
        code: input.code ?? '',
        reason,
      });
      const link = input.kind === 'ready-for-pickup' ? pickupLink(config.notifications.pickupUrl, input.code, input.phone) : undefined;
      const full = link ? `${text}${t('resident.pickup-link', { link })}` : text;
      return { title: full, lines: [], text: full, markdown: full };
    }
    case 'picked-up': {
      const by = str(payload.by);
      const key = by === 'applicant' || by === 'proxy' ? by : payload.idLast4 ? 'anyone-card' : 'anyone';
      const who = t(`collectedBy.${key}`, { name: str(payload.maskedName), last4: str(payload.idLast4) });
      const location = localizedText(config.cabinet.location, language);
      const text = t('resident.picked-up', { cabinet, reference: ref(payload.reference), time: when(payload.collectedAt ?? input.createdAt), who, location });
      return { title: text, lines: [], text, markdown: text };
    }
    case 'drop-off-confirmation': {
      const link = statusLink(config.notifications.statusUrl, config.cabinet.id, str(payload.reference));
      const text = t(link ? 'resident.drop-off-confirmation' : 'resident.drop-off-confirmation-no-link', {
        cabinet,
        matter: matterName(payload.matter),
        reference: ref(payload.reference),
        date: formatDate(str(payload.expectedDate), language),
        link,
      });
      return { title: text, lines: [], text, markdown: text };
    }
    case 'help':
      return finish(t('help.title', { cabinet }), [
        t('help.location', { location: config.cabinet.location[language] }),
        t('help.screen', { screen: str(payload.screen) }),
        t('help.time', { time: when(payload.at ?? input.createdAt) }),
      ]);
    case 'test':
      if (payload.sms) {
        const text = t('resident.test', { cabinet, time: when(input.createdAt) });
        return { title: text, lines: [], text, markdown: text };
      }
      return finish(t('test.title', { cabinet }), [t('test.channel', { channel: str(payload.channel) }), t('test.time', { time: when(input.createdAt) })]);
    default:
      return finish(t('other.title', { cabinet, kind: input.kind }), Object.entries(payload).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : str(v)}`));
  }
}
