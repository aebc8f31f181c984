// i18next with Simplified Chinese first and English second; every string on screen comes from here.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';
import staffZhCN from './staff/staff.zh-CN.json';
import staffEn from './staff/staff.en.json';
import helpZhCN from './locales/help.zh-CN.json';
import helpEn from './locales/help.en.json';

export const resources = {
  'zh-CN': { translation: { ...zhCN, staff: staffZhCN, help: helpZhCN } },
  en: { translation: { ...en, staff: staffEn, help: helpEn } },
} as const;

void i18next.use(initReactI18next).init({
  resources,
  lng: 'zh-CN',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
