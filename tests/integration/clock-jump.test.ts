// A wall-clock jump on a running cabinet: logged, alarmed to the technician through the outbox.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { createGuardedClock } from '../../main/app/clock';
import { defaultConfig, parseConfig } from '../../main/core/config';
import type { Alarm } from '../../main/core/doors/door-sessions';

let cabinet: Cabinet | undefined;
afterEach(async () => {
  await cabinet?.close();
  cabinet = undefined;
});

describe('clock jumps on a running cabinet', () => {
  it('a step back of an hour is logged and alarmed once, and the core time does not go back', async () => {
    const t = { wall: Date.parse('2026-06-15T04:00:00Z'), mono: 0 };
    const clock = createGuardedClock({ wall: () => t.wall, mono: () => t.mono });
    const lines: string[] = [];
    cabinet = await createCabinet({
      config: parseConfig(defaultConfig()),
      dataDir: mkdtempSync(join(tmpdir(), 'cabinet-clock-')),
      timers: clock,
      backups: false,
      log: (level, message) => lines.push(`${level} ${message}`),
    });
    const alarms: Alarm[] = [];
    cabinet.on('alarm', (a) => alarms.push(a));
    const before = clock.now();
    t.wall -= 3_600_000;
    expect(clock.now()).toBe(before);
    clock.now();
    expect(alarms.map((a) => a.kind)).toEqual(['clock-jump']);
    expect(lines).toContain('warn the wall clock jumped backward by 3600 s');
    const rows = cabinet.db.prepare("SELECT audience, json_extract(payload, '$.alarm') AS alarm FROM outbox WHERE kind = 'alarm'").all();
    expect(rows).toEqual([{ audience: 'technician', alarm: 'clock-jump' }]);
  });
});
