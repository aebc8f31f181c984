// Every text of the public /pickup page, zh-CN first (the page is read by residents, many elderly).
export type PickupLanguage = 'zh-CN' | 'en';

export const PICKUP_STRINGS: Record<PickupLanguage, { title: string; code: string; hint: string; incomplete: string; incompleteHint: string; qrLabel: string; switchTo: string; switchLang: string }> = {
  'zh-CN': {
    title: '取件二维码',
    code: '取件码',
    hint: '请把手机屏幕对准柜机的扫码口，再按柜机屏幕的提示取件。',
    incomplete: '这个链接不完整，无法显示取件二维码。',
    incompleteHint: '请核对短信里的完整链接，或在柜机上输入短信中的取件码。',
    qrLabel: '取件二维码，取件码',
    switchTo: 'English',
    switchLang: 'en',
  },
  en: {
    title: 'Pickup QR code',
    code: 'Pickup code',
    hint: "Hold your phone's screen up to the cabinet's scanner, then follow the cabinet's screen.",
    incomplete: 'This link is incomplete: no pickup QR code can be shown.',
    incompleteHint: 'Check the whole link in your SMS, or type the pickup code from the SMS at the cabinet.',
    qrLabel: 'Pickup QR code, pickup code',
    switchTo: '中文',
    switchLang: 'zh-CN',
  },
};
