// The SMS providers' pure parts: which error codes are worth a retry, numbers for Tencent, the
// provider channels' configuration (errors name the field), and the status link.
import { describe, expect, it } from 'vitest';
import { aliyunVerdict, e164, tencentVerdict } from '../../main/app/notify/sms-providers';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { routeOf } from '../../main/core/notify/config-schema';
import { statusLink } from '../../main/core/notify/template-values';

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
