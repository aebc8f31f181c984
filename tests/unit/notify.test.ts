// Notification rules without the network: message resources in both languages, rendering,
// configuration errors that name the field, template filling, signatures, the bus-offline watch.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { dingtalkSign, fillTemplate, messageIdFor, webhookSignature } from '../../main/app/notify/channels';
import { watchBuses } from '../../main/core/notify/bus-watch';
import { routeOf, verificationChannel } from '../../main/core/notify/config-schema';
import { atLocalTime } from '../../main/core/cases/working-days';
import { notifyResources, render } from '../../main/core/notify/render';
import type { LinkState } from '../../hardware/transport/bus-transport';
import { configIssues } from './config-issues';

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(value: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') out.set(path, [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort());
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(value, '');
  return out;
}

const issuesOf = (notifications: unknown): readonly string[] => {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
  raw.notifications = notifications;
  return configIssues(raw);
};

const config = defaultConfig();

describe('notification messages', () => {
  it('has the same keys, and the same placeholders, in zh-CN and en', () => {
    expect(keys(notifyResources.en).sort()).toEqual(keys(notifyResources['zh-CN']).sort());
    expect(placeholders(notifyResources.en)).toEqual(placeholders(notifyResources['zh-CN']));
  });

  it('renders a deposit for the back office in Chinese first, English second', () => {
    const payload = { reference: '2503040007', matter: 'retirement', compartment: 'A03', depositedAt: Date.parse('2025-03-04T18:05:00+08:00'), expectedDate: '2025-03-14', phone: '138****1111' };
    const zh = render(config, { kind: 'deposit', payload, createdAt: 0, language: 'zh-CN' });
    expect(zh.title).toBe('【示范社区政务云柜】新投递 250304 0007');
    expect(zh.lines).toEqual(['办件编号：250304 0007', '事项：退休审批', '格口：A03', '投递时间：2025年3月4日 18:05', '预计办结：2025年3月14日', '手机：138****1111']);
    expect(zh.markdown).toContain('### 【示范社区政务云柜】新投递 250304 0007');
    const en = render(config, { kind: 'deposit', payload, createdAt: 0, language: 'en' });
    expect(en.text).toContain('Expected completion: 14 Mar 2025');
    expect(en.text).toContain('Deposited: 4 Mar 2025, 18:05');
  });

  it('renders resident SMS with the code, or tells them to ask staff when the code is gone', () => {
    const payload = { reference: '2503040007', location: { 'zh-CN': '一楼大厅', en: 'the hall' }, compartment: 'B02', deadline: Date.parse('2025-03-11T18:00:00+08:00'), reason: 'missing-signature' };
    expect(render(config, { kind: 'correction-needed', payload, createdAt: 0, language: 'zh-CN', code: '482913' }).text).toBe(
      '【示范社区政务云柜】您的办件250304 0007需补正：缺少签字。请于2025年3月11日 18:00前到一楼大厅，在B02号格口凭取件码482913取回材料。',
    );
    const noCode = render(config, { kind: 'ready-for-pickup', payload, createdAt: 0, language: 'en' }).text;
    expect(noCode).toContain('ask the staff for your pickup code');
    expect(noCode).not.toContain('undefined');
  });

  it('names alarms, including an offline bus', () => {
    const r = render(config, { kind: 'alarm', payload: { alarm: 'bus-offline', compartment: null, at: 0, detail: { bus: 'bus1' } }, createdAt: 0, language: 'zh-CN' });
    expect(r.title).toContain('锁控总线离线');
    expect(r.lines[0]).toBe('总线：bus1');
  });

  it('times are in the configured zone, not the process zone', () => {
    const utc = parseConfig({ ...structuredClone(defaultConfig()), cabinet: { ...defaultConfig().cabinet, timeZone: 'UTC' } });
    const payload = { alarm: 'door-left-open', compartment: 'A01', at: Date.parse('2026-11-29T17:11:00Z') };
    expect(render(config, { kind: 'alarm', payload, createdAt: 0, language: 'zh-CN' }).lines).toContain('时间：2026年11月30日 01:11');
    expect(render(utc, { kind: 'alarm', payload, createdAt: 0, language: 'en' }).lines).toContain('Time: 29 Nov 2026, 17:11');
  });

  it('renders a call for help for the staff: cabinet, where, screen, time', () => {
    const r = render(config, { kind: 'help', payload: { cabinet: 'demo-01', screen: 'drop-off/phone', at: Date.parse('2026-11-29T17:11:00Z') }, createdAt: 0, language: 'zh-CN' });
    expect(r.title).toBe('【示范社区政务云柜】居民呼叫帮助');
    expect(r.lines).toEqual(['地点：示范社区党群服务中心一楼大厅', '界面：drop-off/phone', '时间：2026年11月30日 01:11']);
  });
});

describe('notification configuration', () => {
  const hook = { type: 'webhook', id: 'hook', url: 'https://office.example/hook', secret: 'a-long-enough-secret' };

  it('accepts every channel type and routes by audience', () => {
    const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown>;
    raw.notifications = {
      channels: [
        hook,
        { type: 'wecom', id: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
        { type: 'dingtalk', id: 'ding', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECxyz' },
        { type: 'email', id: 'mail', host: 'smtp.example', port: 465, security: 'tls', from: 'a@example.org', to: ['b@example.org'] },
        { type: 'sms', id: 'sms', url: 'https://sms.example/send', body: '{"to":"{{phone}}"}' },
      ],
      routes: { technician: ['ding'] },
      digest: { localTime: '06:30' },
    };
    const n = parseConfig(raw).notifications;
    expect(routeOf(n, 'staff')).toEqual(['hook', 'wecom', 'ding', 'mail']);
    expect(routeOf(n, 'technician')).toEqual(['ding']);
    expect(routeOf(n, 'resident')).toEqual(['sms']);
    expect(verificationChannel(n)).toBe('sms');
    expect(n.channels[4]).toMatchObject({ method: 'POST', bodyEncoding: 'json', headers: {} });
    // The default configuration has no channel: nothing to verify with.
    expect(verificationChannel(defaultConfig().notifications)).toBeUndefined();
  });

  it('rejects a malformed channel with an error naming the field', () => {
    expect(issuesOf({ channels: [{ ...hook, url: 'ftp://office.example/hook' }] })).toEqual(['notifications.channels.0.url: expected an http:// or https:// URL']);
    expect(issuesOf({ channels: [{ ...hook, secret: 'short' }] })).toEqual(['notifications.channels.0.secret: at least 16 characters']);
    expect(issuesOf({ channels: [{ type: 'email', id: 'mail', host: 'smtp.example', port: 70000, from: 'x', to: [] }] })).toEqual([
      expect.stringMatching(/^notifications\.channels\.0\.port: /),
      expect.stringMatching(/^notifications\.channels\.0\.from: an e-mail address/),
      expect.stringMatching(/^notifications\.channels\.0\.to: at least one recipient/),
    ]);
    expect(issuesOf({ channels: [{ type: 'pager', id: 'p' }] })).toEqual([expect.stringMatching(/^notifications\.channels\.0\.type: /)]);
    expect(issuesOf({ channels: [{ type: 'wecom', id: 'w', url: 'https://x.example', secret: 'nope' }] })).toEqual([expect.stringMatching(/^notifications\.channels\.0: .*secret/)]);
    expect(issuesOf({ channels: [{ type: 'sms', id: 's', url: 'https://sms.example' }] })).toEqual(['notifications.channels.0.body: expected a body template for POST']);
  });

  it('rejects routes to unknown channels or to the wrong kind of channel, and a bad digest time', () => {
    expect(issuesOf({ channels: [hook], routes: { staff: ['nope'] } })).toEqual(['notifications.routes.staff.0: expected one of the channel ids (hook), got "nope"']);
    expect(issuesOf({ channels: [hook], routes: { resident: ['hook'] } })).toEqual([expect.stringMatching(/^notifications\.routes\.resident\.0: resident messages go by SMS only/)]);
    expect(issuesOf({ channels: [hook, hook] })).toEqual(['notifications.channels.1.id: duplicate channel id "hook"']);
    expect(issuesOf({ digest: { localTime: '25:00' } })).toEqual(['notifications.digest.localTime: a local time HH:MM']);
  });
});

describe('channel details', () => {
  it('fills SMS templates, encoded for where each placeholder stands', () => {
    const values = { phone: '13800001111', text: '他说"好" & 走', code: '123456' };
    expect(fillTemplate('{"to":"{{phone}}","text":"{{text}}"}', values, (v) => JSON.stringify(v).slice(1, -1))).toBe('{"to":"13800001111","text":"他说\\"好\\" & 走"}');
    expect(fillTemplate('https://sms.example/?m={{text}}', values, encodeURIComponent)).toBe(`https://sms.example/?m=${encodeURIComponent('他说"好" & 走')}`);
    expect(() => fillTemplate('{{secret}}', values, (v) => v)).toThrow(/unknown placeholder \{\{secret\}\}/);
  });

  it('signs webhooks over timestamp and body, DingTalk over timestamp and secret', () => {
    expect(webhookSignature('k', '1700000000', '{"a":1}')).toBe(createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex'));
    const sign = dingtalkSign('SECabc', '1700000000000');
    expect(decodeURIComponent(sign)).toBe(createHmac('sha256', 'SECabc').update('1700000000000\nSECabc').digest('base64'));
    expect(sign).not.toMatch(/[+/=]/);
    expect(messageIdFor('deposit:demo-01:2503040001', 'demo-01')).toMatch(/^<[0-9a-f]{40}@demo-01\.civic-cabinet>$/);
    expect(messageIdFor('deposit:demo-01:2503040001', 'demo-01')).toBe(messageIdFor('deposit:demo-01:2503040001', 'demo-01'));
  });

  it('schedules the digest at its local time of the day', () => {
    const now = new Date(2025, 2, 4, 13, 0).getTime();
    expect(atLocalTime('21:30', now)).toBe(new Date(2025, 2, 4, 21, 30).getTime());
  });
});

describe('the bus-offline watch', () => {
  it('raises one alarm when a bus stays offline for 60 s, none when it comes back in time', () => {
    let now = 0;
    const timers: { at: number; fn: () => void; id: number }[] = [];
    let nextId = 0;
    const clock = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => (timers.push({ at: now + ms, fn, id: ++nextId }), nextId),
      clearTimeout: (id: unknown) => {
        const i = timers.findIndex((t) => t.id === id);
        if (i >= 0) timers.splice(i, 1);
      },
    };
    const advance = (ms: number) => {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    };
    const listeners: ((s: LinkState) => void)[] = [];
    const bus = { state: 'online' as LinkState, onStateChange: (l: (s: LinkState) => void) => (listeners.push(l), () => {}) };
    const set = (s: LinkState) => {
      bus.state = s;
      for (const l of listeners) l(s);
    };
    const alarms: string[] = [];
    const stop = watchBuses(new Map([['bus1', bus]]), clock, (id, since) => alarms.push(`${id}@${since}`));
    set('offline');
    advance(30_000);
    set('online');
    advance(60_000);
    expect(alarms).toEqual([]);
    set('offline');
    advance(59_999);
    expect(alarms).toEqual([]);
    advance(1);
    set('connecting'); // still the same outage
    advance(120_000);
    expect(alarms).toEqual(['bus1@90000']);
    stop();
  });
});
