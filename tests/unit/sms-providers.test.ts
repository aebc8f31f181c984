// The SMS providers' pure parts: which error codes are worth a retry, numbers for Tencent, the
// provider channels' configuration (errors name the field), and the status link.
import { describe, expect, it } from 'vitest';
import { aliyunVerdict, e164, tencentVerdict } from '../../main/app/notify/sms-providers';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { routeOf } from '../../main/core/notify/config-schema';
import { render } from '../../main/core/notify/render';
import { statusLink } from '../../main/core/notify/template-values';
import { dropOffConfirmation } from '../../main/core/resident/drop-off-records';

describe('provider error codes', () => {
  it('Aliyun: flow control, balance, system errors and a stale clock retry; request faults do not', () => {
    for (const code of ['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL', 'isv.AMOUNT_NOT_ENOUGH', 'isp.SYSTEM_ERROR', 'Throttling.User', 'InvalidTimeStamp.Expired', 'SignatureNonceUsed', 'SomethingNew']) expect(aliyunVerdict(code), code).toBe('retry');
    for (const code of ['isv.MOBILE_NUMBER_ILLEGAL', 'isv.SMS_TEMPLATE_ILLEGAL', 'isv.TEMPLATE_MISSING_PARAMETERS', 'isv.BLACK_KEY_CONTROL_LIMIT', 'SignatureDoesNotMatch', 'InvalidAccessKeyId.NotFound', 'Forbidden.RAM']) expect(aliyunVerdict(code), code).toBe('permanent');
  });

  it('Tencent: LimitExceeded.* and internal errors retry; InvalidParameterValue.*, AuthFailure.* (but an expired signature) do not', () => {
    for (const code of ['LimitExceeded.PhoneNumberDailyLimit', 'LimitExceeded.DeliveryFrequencyLimit', 'RequestLimitExceeded', 'InternalError.Timeout', 'AuthFailure.SignatureExpire', 'FailedOperation.InsufficientBalanceInSmsPackage']) expect(tencentVerdict(code), code).toBe('retry');
    for (const code of ['InvalidParameterValue.IncorrectPhoneNumber', 'InvalidParameterValue.TemplateParameterFormatError', 'AuthFailure.SignatureFailure', 'AuthFailure.SecretIdNotFound', 'FailedOperation.TemplateIncorrectOrUnapproved', 'UnauthorizedOperation.SmsSdkAppIdVerifyFail']) expect(tencentVerdict(code), code).toBe('permanent');
  });

  it('gives Tencent mainland numbers in E.164', () => {
    expect(e164('13800001111')).toBe('+8613800001111');
    expect(e164('+85261234567')).toBe('+85261234567');
  });
});

function withNotifications(notifications: Record<string, unknown>) {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
  raw.notifications = notifications;
  return () => parseConfig(raw);
}

describe('the provider channels in the configuration', () => {
  const aliyun = { type: 'sms-aliyun', id: 'ali', accessKeyId: 'LTAI5tCabinetTest01', signName: '示范社区', templates: { 'verification-code': { templateCode: 'SMS_154950909', params: { code: 'code' } } } };

  it('takes an Aliyun and a Tencent channel, with the key-file entry names defaulted, and routes residents to them', () => {
    const config = withNotifications({ channels: [aliyun, { type: 'sms-tencent', id: 'tc', secretId: 'AKIDCabinetTest0001', smsSdkAppId: '1400000001', signName: '示范社区' }] })();
    expect(config.notifications.channels[0]).toMatchObject({ endpoint: 'https://dysmsapi.aliyuncs.com', secretName: 'sms-aliyun-secret' });
    expect(config.notifications.channels[1]).toMatchObject({ endpoint: 'https://sms.tencentcloudapi.com', region: 'ap-guangzhou', secretName: 'sms-tencent-secret' });
    expect(routeOf(config.notifications, 'resident')).toEqual(['ali', 'tc']);
    expect(routeOf(config.notifications, 'staff')).toEqual([]);
  });

  it('refuses a secret in the configuration, a bad template id, an unknown value, naming the field', () => {
    expect(withNotifications({ channels: [{ ...aliyun, accessKeySecret: 'oops' }] })).toThrow(/accessKeySecret/);
    expect(withNotifications({ channels: [{ ...aliyun, templates: { 'verification-code': { templateCode: '154950909' } } }] })).toThrow(/templateCode[\s\S]*approved TemplateCode/);
    expect(withNotifications({ channels: [{ ...aliyun, templates: { 'verification-code': { templateCode: 'SMS_1', params: { code: 'pin' } } } }] })).toThrow(/params/);
    expect(withNotifications({ channels: [aliyun], routes: { staff: ['ali'] } })).toThrow(/cannot take staff messages/);
    expect(withNotifications({ channels: [{ ...aliyun, templates: {} }] })).toThrow(/channels\.0\.templates\.verification-code[\s\S]*needs an approved verification-code template/);
    expect(withNotifications({ channels: [{ ...aliyun, templates: {} }], smsVerification: false })).not.toThrow();
  });

  it('checks the status link template', () => {
    expect(withNotifications({ statusUrl: 'https://zwfw.example.gov.cn/s?c={{cabinet}}' })).toThrow(/statusUrl[\s\S]*\{\{reference\}\}/);
    expect(withNotifications({ statusUrl: 'https://zwfw.example.gov.cn/s?r={{reference}}&p={{phone}}' })).toThrow(/only \{\{cabinet\}\} and \{\{reference\}\}/);
    expect(withNotifications({ statusUrl: 'https://zwfw.example.gov.cn/cabinet/status?c={{cabinet}}&r={{reference}}' })().notifications.statusUrl).toContain('{{reference}}');
  });
});

describe('the status link', () => {
  it('fills cabinet and reference, URL-encoded', () => {
    expect(statusLink('https://zwfw.example.gov.cn/cabinet/status?c={{cabinet}}&r={{reference}}', 'demo 01', '2611300007')).toBe('https://zwfw.example.gov.cn/cabinet/status?c=demo%2001&r=2611300007');
    expect(statusLink(undefined, 'demo-01', '2611300007')).toBeUndefined();
  });
});

describe('the drop-off confirmation', () => {
  const sms = { type: 'sms', id: 'gw', url: 'http://127.0.0.1:9/sms', body: '{"t":"{{text}}"}' };
  const link = 'https://zwfw.example.gov.cn/cabinet/status?c={{cabinet}}&r={{reference}}';
  const deposit = { caseId: 7, reference: '2611300007', matterId: 'social-insurance', compartment: 'A01', at: Date.UTC(2026, 10, 30, 2), expectedDate: '2026-12-14', phone: '13800001111' };

  it('is written only with a phone, a resident SMS channel, and the switch on', () => {
    expect(dropOffConfirmation(withNotifications({ channels: [sms] })(), deposit)).toMatchObject({ kind: 'drop-off-confirmation', audience: 'resident', payload: { caseId: 7, reference: '2611300007', expectedDate: '2026-12-14' } });
    expect(dropOffConfirmation(withNotifications({ channels: [sms] })(), { ...deposit, phone: null })).toBeUndefined();
    expect(dropOffConfirmation(withNotifications({ channels: [] })(), deposit)).toBeUndefined();
    expect(dropOffConfirmation(withNotifications({ channels: [sms], dropOffConfirmation: false })(), deposit)).toBeUndefined();
  });

  it('reads, in both languages, the grouped reference, the expected date and the status link (or how to look it up without one)', () => {
    const payload = dropOffConfirmation(withNotifications({ channels: [sms] })(), deposit)?.payload ?? {};
    const input = { kind: 'drop-off-confirmation', payload, createdAt: deposit.at };
    const withLink = withNotifications({ channels: [sms], statusUrl: link })();
    const zh = render(withLink, { ...input, language: 'zh-CN' }).text;
    expect(zh).toContain('办件编号261130 0007');
    expect(zh).toContain('预计2026年12月14日办结');
    expect(zh).toContain(`查询进度：https://zwfw.example.gov.cn/cabinet/status?c=${encodeURIComponent(withLink.cabinet.id)}&r=2611300007`);
    const en = render(withLink, { ...input, language: 'en' }).text;
    expect(en).toMatch(/reference 261130 0007, expected completion .*2026.* Check progress: https:/);
    const noLink = render(withNotifications({ channels: [sms] })(), { ...input, language: 'zh-CN' }).text;
    expect(noLink).toContain('凭办件编号和手机后四位可在柜机上查询进度');
    expect(noLink).not.toContain('http');
  });
});
