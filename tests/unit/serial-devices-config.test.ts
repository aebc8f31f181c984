// The serial scanner and card reader's configuration sections: defaults, and every bad value
// refused with an error that names its field (the technician's screen shows these as they are).
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { configIssues } from './config-issues';

const withDevices = (extra: Record<string, unknown>) => ({ ...structuredClone(defaultConfig()), ...extra });
const issuesOf = configIssues;

describe('scanner and cardReader configuration', () => {
  it('takes the defaults the manuals give: 9600 baud, CR LF, 128 / 32 characters', () => {
    const config = parseConfig(withDevices({ scanner: { port: '/dev/ttyUSB2' }, cardReader: { port: 'simulator', lineEnding: 'CR', model: 'rf IDEAS pcProx Plus' } }));
    expect(config.scanner).toEqual({ port: '/dev/ttyUSB2', baudRate: 9600, lineEnding: 'CRLF', maxLineLength: 128 });
    expect(config.cardReader).toEqual({ port: 'simulator', baudRate: 9600, lineEnding: 'CR', maxLineLength: 32, model: 'rf IDEAS pcProx Plus' });
  });

  it('names each bad field', () => {
    const issues = issuesOf(withDevices({ scanner: { port: '', lineEnding: 'CRCR', baudRate: -1 }, cardReader: { port: '/dev/ttyUSB3', maxLineLength: 2 } }));
    expect(issues.some((i) => i.startsWith('scanner.port:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('scanner.lineEnding:') && i.includes('CRLF'))).toBe(true);
    expect(issues.some((i) => i.startsWith('scanner.baudRate:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('cardReader.maxLineLength:'))).toBe(true);
  });

  it('refuses a port another device already uses, naming both', () => {
    const raw = withDevices({ printer: { port: '/dev/ttyUSB1' }, scanner: { port: '/dev/ttyUSB1' }, cardReader: { port: '/dev/ttyUSB1' } });
    expect(issuesOf(raw)).toEqual([
      'scanner.port: port "/dev/ttyUSB1" is already used by printer.port',
      'cardReader.port: port "/dev/ttyUSB1" is already used by printer.port',
    ]);
    // Every simulated device may share the word "simulator".
    expect(issuesOf(withDevices({ scanner: { port: 'simulator' }, cardReader: { port: 'simulator' } }))).toEqual([]);
  });
});
