// Call for help through the contract on a real cabinet (SQLite file, simulated boards): the outbox
// alarm to the staff on duty names cabinet, screen and time; the answer carries the configured
// hotline; a repeat is held back but still told; each alarm is audited; bad input is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestCabinets, openTestCabinet } from './test-cabinet';

afterEach(closeTestCabinets);

describe('help.call', () => {
  it('alarms the staff through the outbox once, shows the hotline, and audits it', async () => {
    const env = await openTestCabinet((raw) => {
      raw.help.hotline = '0571-12345';
    });
    const before = Date.now();
    const first = await env.h['help.call']({ screen: 'drop-off/phone', language: 'zh-CN' });
    expect(first).toMatchObject({ staffTold: true, alarmRaised: true, hotline: '0571-12345' });
    expect(first.toldAt).toBeGreaterThanOrEqual(before);
    const again = await env.h['help.call']({ screen: 'drop-off/phone', language: 'zh-CN' });
    expect(again).toMatchObject({ staffTold: true, alarmRaised: false, toldAt: first.toldAt, hotline: '0571-12345' });

    const rows = env.cabinet.db.prepare("SELECT audience, payload FROM outbox WHERE kind = 'help'").all() as Array<{ audience: string; payload: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.audience).toBe('staff');
    expect(JSON.parse(rows[0]!.payload)).toEqual({ cabinet: 'demo-01', screen: 'drop-off/phone', at: first.toldAt, language: 'zh-CN' });
    const audit = env.cabinet.db.prepare("SELECT actor, outcome, detail FROM audit_log WHERE action = 'help.call'").all() as Array<{ actor: string; outcome: string; detail: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'resident', outcome: 'ok' });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ screen: 'drop-off/phone' });
  });

  it('tells the screens the hotline and the time zone through cabinet.info', async () => {
    const env = await openTestCabinet((raw) => {
      raw.help.hotline = '12345';
      raw.cabinet.timeZone = 'Asia/Urumqi';
    });
    expect(await env.h['cabinet.info']({})).toMatchObject({ timeZone: 'Asia/Urumqi', help: { hotline: '12345' } });
  });

  it('refuses a screen name that is not one, without an alarm', async () => {
    const env = await openTestCabinet();
    await expect(env.h['help.call']({ screen: '<script>', language: 'en' })).rejects.toMatchObject({ code: 'bad-request' });
    expect(env.cabinet.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'help'").get()).toEqual({ n: 0 });
  });
});
