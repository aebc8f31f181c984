// The pickup QR link in the ready-for-pickup SMS (notifications.pickupUrl): the pure link, the QR
// text shared by the SMS, the hub's /pickup page and the cabinet's scanners, and the configuration.
import { describe, expect, it } from 'vitest';
import { parsePickupQr, pickupQrText } from '../../main/contract/pickup-qr';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { pickupLink } from '../../main/core/notify/pickup-link';
import { render } from '../../main/core/notify/render';
import { templateValues } from '../../main/core/notify/template-values';
import { classifyScan } from '../../renderer/scan';

function configWith(notifications: Record<string, unknown>) {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
  raw.notifications = notifications;
  return () => parseConfig(raw);
}

const page = 'https://hub.example.gov.cn/pickup';

describe('the pickup QR text', () => {
  it('round-trips through the parser and the scanner classifier', () => {
    const text = pickupQrText('482913', '13800001234');
    expect(text).toBe('CCP-482913-1234');
    expect(parsePickupQr(text ?? '')).toEqual({ code: '482913', phoneLast4: '1234' });
    expect(classifyScan(text ?? '', 6)).toEqual({ kind: 'pickup', code: '482913', phoneLast4: '1234' });
    expect(parsePickupQr(' ccp-482913-1234 ')).toEqual({ code: '482913', phoneLast4: '1234' });
  });

  it('makes none from a bad code or a phone without four digits, and parses no noise', () => {
    expect(pickupQrText('48291', '13800001234')).toBeUndefined();
    expect(pickupQrText('48291a', '13800001234')).toBeUndefined();
    expect(pickupQrText('482913', '123')).toBeUndefined();
    for (const bad of ['', 'CCP-482913', 'CCP-482913-12345', 'CCR-2611300007-0A1B2C3D', 'CCP-482913-1234-x']) expect(parsePickupQr(bad), bad).toBeNull();
  });
});

describe('the pickup link', () => {
  it('puts the QR text in the fragment, only with a page, a code and a phone', () => {
    expect(pickupLink(page, '482913', '13800001234')).toBe(`${page}#CCP-482913-1234`);
    expect(new URL(pickupLink(page, '482913', '13800001234') ?? '').search).toBe('');
    expect(pickupLink(undefined, '482913', '13800001234')).toBeUndefined();
    expect(pickupLink(page, undefined, '13800001234')).toBeUndefined();
    expect(pickupLink(page, '482913', undefined)).toBeUndefined();
  });

  it('is configured as an http(s) URL without a fragment, errors naming the field', () => {
    expect(configWith({ pickupUrl: 'ftp://hub.example.gov.cn/pickup' })).toThrow(/pickupUrl/);
    expect(configWith({ pickupUrl: `${page}#x` })).toThrow(/pickupUrl[\s\S]*"#"/);
    expect(configWith({ pickupUrl: page })().notifications.pickupUrl).toBe(page);
  });

  it('goes in the ready-for-pickup SMS in both languages and in the providers\' template values', () => {
    const config = configWith({ pickupUrl: page })();
    const input = { kind: 'ready-for-pickup', payload: { reference: '2611300007', compartment: 'A03', deadline: 0 }, createdAt: 0, code: '482913', phone: '13800001234' };
    const zh = render(config, { ...input, language: 'zh-CN' }).text;
    expect(zh).toContain('取件码482913');
    expect(zh).toContain(`扫码口：${page}#CCP-482913-1234`);
    expect(render(config, { ...input, language: 'en' }).text).toContain(`scanner: ${page}#CCP-482913-1234`);
    expect(templateValues(config, { ...input, language: 'zh-CN' }).pickupUrl).toBe(`${page}#CCP-482913-1234`);
    // No code (the staff hand it out), no phone, or no page configured: no link.
    expect(render(config, { ...input, code: undefined, language: 'zh-CN' }).text).not.toContain('#CCP');
    expect(render(config, { ...input, phone: undefined, language: 'zh-CN' }).text).not.toContain('#CCP');
    expect(render(configWith({})(), { ...input, language: 'zh-CN' }).text).not.toContain('#CCP');
    expect(render(config, { ...input, kind: 'correction-needed', language: 'zh-CN' }).text).not.toContain('#CCP');
  });
});
