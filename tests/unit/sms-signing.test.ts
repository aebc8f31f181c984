// The SMS providers' request signers, byte-exact against the worked examples their documents
// publish (fixed key, secret, time and nonce → the exact signature).
import { describe, expect, it } from 'vitest';
import { acsDate, percentEncode, signAcs3, signTc3 } from '../../main/app/notify/sms-signing';

describe('Aliyun signature V3 (ACS3-HMAC-SHA256)', () => {
  // The example of "V3版本请求体&签名机制", 固定参数值示例 / "Signature example":
  // https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
  // (en: https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature)
  const example = signAcs3({
    method: 'POST',
    host: 'ecs.cn-shanghai.aliyuncs.com',
    path: '/',
    query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
    headers: {},
    body: '',
    action: 'RunInstances',
    version: '2014-05-26',
    date: acsDate(Date.UTC(2023, 9, 26, 10, 22, 32)),
    nonce: '3156853299f313e23d1673dc12e1703d',
    accessKeyId: 'YourAccessKeyId',
    accessKeySecret: 'YourAccessKeySecret',
  });

  it('builds the documented canonical request', () => {
    expect(example.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        'x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('gives the documented Authorization header, signature 06563a9e…', () => {
    expect(example.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
    expect(example.headers.Authorization).toBe(example.authorization);
  });

  it('encodes as RFC 3986 the way the document asks (space %20, * %2A, ~ kept)', () => {
    expect(percentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
    expect(percentEncode('验证码')).toBe('%E9%AA%8C%E8%AF%81%E7%A0%81');
  });

  it('signs the body: another body or another secret gives another signature', () => {
    const base = { method: 'POST', host: 'dysmsapi.aliyuncs.com', path: '/', query: {}, headers: { 'content-type': 'application/x-www-form-urlencoded' }, action: 'SendSms', version: '2017-05-25', date: '2026-11-30T09:00:00Z', nonce: 'n1', accessKeyId: 'id', accessKeySecret: 's1' };
    const a = signAcs3({ ...base, body: 'PhoneNumbers=13800000000' }).signature;
    expect(signAcs3({ ...base, body: 'PhoneNumbers=13800000001' }).signature).not.toBe(a);
    expect(signAcs3({ ...base, body: 'PhoneNumbers=13800000000', accessKeySecret: 's2' }).signature).not.toBe(a);
    expect(signAcs3({ ...base, body: 'PhoneNumbers=13800000000' }).canonicalRequest).toContain('content-type:application/x-www-form-urlencoded\nhost:');
  });
});

describe('Tencent Cloud signature v3 (TC3-HMAC-SHA256)', () => {
  // The example of "签名方法 v3" (DescribeInstances on cvm, 2019-02-25):
  // https://cloud.tencent.com/document/product/213/30654 — its demo key is printed masked, and the
  // published signatures are computed over those literal masked strings.
  const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
  const request = { host: 'cvm.tencentcloudapi.com', service: 'cvm', action: 'DescribeInstances', version: '2017-03-12', region: 'ap-guangzhou', timestamp: 1551113065, payload };

  it('reproduces the earlier edition (signed headers content-type;host): signature 2230eefd…', () => {
    const signed = signTc3({ ...request, secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******', signAction: false });
    expect(signed.canonicalRequest).toBe('POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    expect(signed.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });

  it('reproduces the current edition (content-type;host;x-tc-action): signature 10b1a37a…', () => {
    const secretId = `AKID${'*'.repeat(32)}`;
    const signed = signTc3({ ...request, secretId, secretKey: '*'.repeat(32) });
    expect(signed.canonicalRequest).toContain('\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n');
    expect(signed.authorization).toBe(`TC3-HMAC-SHA256 Credential=${secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f`);
    expect(signed.headers).toMatchObject({ 'X-TC-Action': 'DescribeInstances', 'X-TC-Timestamp': '1551113065', 'X-TC-Version': '2017-03-12', 'X-TC-Region': 'ap-guangzhou', Host: 'cvm.tencentcloudapi.com' });
  });
});
