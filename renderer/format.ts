// The one formatter (main/contract/format.ts) bound to the screen: the cabinet's time zone (from
// cabinet.info, provided by App) and the language on screen. Screens format every date, time,
// reference and phone through this, never with toLocaleString, so they read as receipts and
// messages do: zh 2026年11月30日 01:11, en 30 Nov 2026, 01:11, references 261130 0001.
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatPhone, formatReference, formatTime } from '../main/contract/format';
import type { Language } from '../main/contract/schemas';

/** The cabinet's IANA time zone; App provides cabinet.info's timeZone. */
export const TimeZoneContext = createContext(DEFAULT_TIME_ZONE);

export function useFormat() {
  const { i18n } = useTranslation();
  const zone = useContext(TimeZoneContext);
  const language = (i18n.language === 'en' ? 'en' : 'zh-CN') satisfies Language;
  return {
    zone,
    dateTime: (ms: number | null | undefined) => (ms == null ? '' : formatDateTime(ms, language, zone)),
    /** An instant's date in the zone, or a calendar date YYYY-MM-DD as it is. */
    date: (value: number | string | null | undefined) => (value == null ? '' : formatDate(value, language, zone)),
    time: (ms: number | null | undefined) => (ms == null ? '' : formatTime(ms, zone)),
    reference: formatReference,
    phone: formatPhone,
  };
}
