// The Electronegativity stage's rule: above INFORMATIONAL fails unless justified by check + file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge, parseAccepted, type Finding } from '../../scripts/electronegativity-judge';

const finding = (id: string, file: string, severity = 'HIGH', line = 10): Finding => ({ id, file, line, severity, confidence: 'FIRM', description: id });

describe('judging Electronegativity findings', () => {
  const accepted = [{ id: 'SANDBOX_JS_CHECK', file: 'main/electron/main.ts', reason: 'options come from a tested function' }];

  it('fails an unlisted finding above informational, whatever its line', () => {
    const v = judge([finding('NODE_INTEGRATION_JS_CHECK', 'main/electron/main.ts'), finding('SANDBOX_JS_CHECK', 'main/electron/main.ts', 'MEDIUM', 99)], accepted);
    expect(v.failing.map((f) => f.id)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(v.accepted.map((a) => [a.finding.id, a.reason])).toEqual([['SANDBOX_JS_CHECK', 'options come from a tested function']]);
  });

  it('does not let an entry for one file excuse the same check in another', () => {
    expect(judge([finding('SANDBOX_JS_CHECK', 'main/electron/other.ts', 'LOW')], accepted).failing).toHaveLength(1);
  });

  it('passes informational findings, and reports entries that match nothing as stale', () => {
    const v = judge([finding('AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK', 'package.json', 'INFORMATIONAL')], accepted);
    expect(v.failing).toEqual([]);
    expect(v.informational).toHaveLength(1);
    expect(v.stale).toEqual(accepted);
  });

  it('refuses a list without reasons', () => {
    expect(() => parseAccepted({ accepted: [{ id: 'X', file: 'y', reason: 'ok' }] })).toThrow(/reason/);
    expect(() => parseAccepted({ accepted: [{ id: 'X', reason: 'a long enough reason here' }] })).toThrow(/file/);
    expect(() => parseAccepted([])).toThrow(/accepted/);
  });

  it('the project’s own list is well formed', () => {
    const list = parseAccepted(JSON.parse(readFileSync('.electronegativity-accepted.json', 'utf8')));
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a) => a.file.startsWith('main/') || a.file.startsWith('renderer/'))).toBe(true);
  });
});
