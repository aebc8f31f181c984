// i18next with Simplified Chinese first and English second; every string of the console is here.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

export const resources = { 'zh-CN': { translation: zhCN }, en: { translation: en } } as const;

void i18next.use(initReactI18next).init({
  resources,
  lng: 'zh-CN',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lng: 'zh-CN' | 'en'): void {
  void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  document.title = i18next.t('app.title');
}

export default i18next;
