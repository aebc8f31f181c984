// Request signing of the two SMS providers, as each documents it. Pure: the time, the nonce and
// the secret are arguments; nothing here reads a clock, a file or the network.
//
// - Aliyun (Alibaba Cloud) signature V3, ACS3-HMAC-SHA256:
//   https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
//   (en: https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature)
// - Tencent Cloud API signature v3, TC3-HMAC-SHA256:
//   https://cloud.tencent.com/document/product/213/30654 ("签名方法 v3", the worked example)
// Both are tested byte-exact against the documents' worked examples (tests/unit/sms-signing.test.ts).
import { createHash, createHmac } from 'node:crypto';

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as Aliyun specifies it: space %20, "*" %2A, "~" kept. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** x-acs-date: ISO 8601 in UTC to the second, e.g. 2023-10-26T10:22:32Z. */
export function acsDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface AcsRequest {
  method: string;
  host: string;
  /** The resource path, "/" for RPC-style APIs such as SendSms. */
  path: string;
  query: Record<string, string>;
  /** Headers besides the x-acs-* ones this function adds (e.g. content-type); all are signed. */
  headers: Record<string, string>;
  body: string;
  action: string;
  version: string;
  /** acsDate() of the request time. */
  date: string;
  nonce: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface AcsSigned {
  /** Every header to send, Authorization included. */
  headers: Record<string, string>;
  canonicalRequest: string;
  signature: string;
  authorization: string;
}

export function acsCanonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Lower-cased names, trimmed values, sorted: the canonical headers and the signed-header list. */
function canonicalHeaders(headers: Record<string, string>): { canonical: string; signed: string } {
  const entries = Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { canonical: entries.map(([k, v]) => `${k}:${v}\n`).join(''), signed: entries.map(([k]) => k).join(';') };
}

/** Signature V3: canonical request → SHA-256 → HMAC-SHA256 with the AccessKey secret, lowercase hex. */
export function signAcs3(r: AcsRequest): AcsSigned {
  const hashedPayload = sha256Hex(r.body);
  const headers: Record<string, string> = {
    ...r.headers,
    host: r.host,
    'x-acs-action': r.action,
    'x-acs-version': r.version,
    'x-acs-date': r.date,
    'x-acs-signature-nonce': r.nonce,
    'x-acs-content-sha256': hashedPayload,
  };
  const { canonical, signed } = canonicalHeaders(headers);
  const canonicalRequest = [r.method.toUpperCase(), r.path, acsCanonicalQuery(r.query), canonical, signed, hashedPayload].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', r.accessKeySecret).update(stringToSign).digest('hex');
  const authorization = `ACS3-HMAC-SHA256 Credential=${r.accessKeyId},SignedHeaders=${signed},Signature=${signature}`;
  return { headers: { ...headers, Authorization: authorization }, canonicalRequest, signature, authorization };
}

export interface Tc3Request {
  host: string;
  /** The product's service name in the credential scope, e.g. "sms". */
  service: string;
  action: string;
  version: string;
  region?: string | undefined;
  /** Unix seconds: X-TC-Timestamp, and the UTC date of the credential scope. */
  timestamp: number;
  payload: string;
  secretId: string;
  secretKey: string;
  contentType?: string;
  /** Sign x-tc-action too, as the current document's example does (the older one signs content-type;host only). */
  signAction?: boolean;
}

export interface Tc3Signed {
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

/** TC3-HMAC-SHA256 of a POST to "/" with a JSON body. */
export function signTc3(r: Tc3Request): Tc3Signed {
  const contentType = r.contentType ?? 'application/json; charset=utf-8';
  // The document lower-cases names and values of the canonical headers (x-tc-action:describeinstances).
  const signedSet: Record<string, string> = { 'content-type': contentType.toLowerCase(), host: r.host.toLowerCase() };
  if (r.signAction !== false) signedSet['x-tc-action'] = r.action.toLowerCase();
  const { canonical, signed } = canonicalHeaders(signedSet);
  const canonicalRequest = ['POST', '/', '', canonical, signed, sha256Hex(r.payload)].join('\n');
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${r.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(r.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  const authorization = `TC3-HMAC-SHA256 Credential=${r.secretId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
  const headers: Record<string, string> = {
    Authorization: authorization,
    'Content-Type': contentType,
    Host: r.host,
    'X-TC-Action': r.action,
    'X-TC-Timestamp': String(r.timestamp),
    'X-TC-Version': r.version,
  };
  if (r.region) headers['X-TC-Region'] = r.region;
  return { headers, canonicalRequest, stringToSign, signature, authorization };
}
