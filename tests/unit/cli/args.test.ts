// The technician CLI's command line: every mistake is a one-line 'usage' error, every default is
// the protocol's own.
import { describe, expect, it } from 'vitest';
import { helpText, parseCliArgs, wantsJson } from '../../../hardware/cli/args';
import { CliError, EXIT_CODES, type CliErrorCode } from '../../../hardware/cli/errors';

function usage(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('usage');
    return (error as CliError).message;
  }
  throw new Error(`expected a usage error for: ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('status with the generic defaults', () => {
    expect(parseCliArgs(['status', '--port', '/dev/ttyUSB0', '--board', '1'])).toEqual({
      command: 'status',
      port: '/dev/ttyUSB0',
      protocol: 'generic',
      baudRate: 9600,
      board: 1,
      statusByteOrder: 'last-byte-first-channels',
      polarity: 'closing',
      json: false,
      hex: false,
    });
  });

  it('Kerong defaults to 19200 baud and addresses 0..9', () => {
    const scan = parseCliArgs(['scan', '--port', 'COM3', '--protocol', 'kerong-cu16']);
    expect(scan).toMatchObject({ command: 'scan', baudRate: 19200, addresses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(parseCliArgs(['status', '--port', 'COM3', '--protocol', 'kerong-cu16', '--board', '0'])).toMatchObject({ board: 0 });
  });

  it('generic scan probes 1..32, or the boards given', () => {
    const all = parseCliArgs(['scan', '--port', 'P']);
    expect(all.command === 'scan' && all.addresses).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(parseCliArgs(['scan', '--port', 'P', '--board', '2', '--board', '1', '--board', '2'])).toMatchObject({ addresses: [2, 1] });
  });

  it('board settings, baud, timeout, hex and json', () => {
    expect(
      parseCliArgs([
        'open', '--port', 'P', '--board', '3', '--lock', '17', '--channels', '24', '--status-bytes', '3',
        '--order', 'first', '--polarity', 'opening', '--baud', '19200', '--hex', '--json',
      ]),
    ).toEqual({
      command: 'open',
      port: 'P',
      protocol: 'generic',
      baudRate: 19200,
      board: 3,
      lock: 17,
      channels: 24,
      statusBytes: 3,
      statusByteOrder: 'first-byte-first-channels',
      polarity: 'opening',
      json: true,
      hex: true,
    });
    expect(parseCliArgs(['status', '--port', 'P', '--board', '1', '--timeout', '150'])).toMatchObject({ timeoutMs: 150 });
  });

  it('monitor: any number of boards, poll period 500 ms by default', () => {
    expect(parseCliArgs(['monitor', '--port', 'P'])).toMatchObject({ command: 'monitor', boards: [], intervalMs: 500 });
    expect(parseCliArgs(['monitor', '--port', 'P', '--board', '1', '--board', '2', '--interval', '250'])).toMatchObject({ boards: [1, 2], intervalMs: 250 });
  });

  it('ports and help', () => {
    expect(parseCliArgs(['ports', '--json'])).toEqual({ command: 'ports', json: true, hex: false });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['status', '-h'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ command: 'help' });
  });

  it.each([
    [[], /no command/],
    [['dance'], /unknown command "dance"/],
    [['status', 'extra', '--port', 'P', '--board', '1'], /unexpected argument "extra"/],
    [['status', '--board', '1'], /needs --port/],
    [['status', '--port', 'P'], /needs --board/],
    [['status', '--port', 'P', '--board', '1', '--board', '2'], /one --board/],
    [['status', '--port', 'P', '--board', '0'], /--board must be 1\.\.32, got 0/],
    [['status', '--port', 'P', '--board', '33'], /--board must be 1\.\.32/],
    [['status', '--port', 'P', '--protocol', 'kerong-cu16', '--board', '10'], /--board must be 0\.\.9/],
    [['status', '--port', 'P', '--board', 'one'], /whole number/],
    [['status', '--port', 'P', '--board', '1.5'], /whole number/],
    [['status', '--port', 'P', '--board', '-1'], /./],
    [['open', '--port', 'P', '--board', '1'], /needs --lock/],
    [['open', '--port', 'P', '--board', '1', '--lock', '0'], /--lock must be 1\.\.64/],
    [['open', '--port', 'P', '--board', '1', '--lock', '25', '--channels', '24'], /--lock must be 1\.\.24/],
    [['open', '--port', 'P', '--protocol', 'kerong-cu16', '--board', '1', '--lock', '17'], /--lock must be 1\.\.16/],
    [['open', '--port', 'P', '--board', '1', '--lock', '1', '--timeout', '100'], /--timeout does not apply to open/],
    [['scan', '--port', 'P', '--polarity', 'opening'], /--polarity does not apply to scan/],
    [['ports', '--port', 'P'], /--port does not apply to ports/],
    [['status', '--port', 'P', '--board', '1', '--protocol', 'modbus'], /--protocol must be generic or kerong-cu16/],
    [['status', '--port', 'P', '--board', '1', '--order', 'middle'], /--order must be last or first/],
    [['status', '--port', 'P', '--board', '1', '--polarity', 'up'], /--polarity must be closing or opening/],
    [['status', '--port', 'P', '--board', '1', '--status-bytes', '9'], /--status-bytes must be 1\.\.8/],
    [['status', '--port', 'P', '--board', '1', '--channels', '32', '--status-bytes', '3'], /do not fit/],
    [['status', '--port', 'P', '--board', '1', '--protocol', 'kerong-cu16', '--status-bytes', '3'], /generic-protocol setting/],
    [['status', '--port', 'P', '--board', '1', '--protocol', 'kerong-cu16', '--order', 'first'], /generic-protocol setting/],
    [['status', '--port', 'P', '--board', '1', '--baud', 'fast'], /--baud/],
    [['status', '--port', 'P', '--board', '1', '--prot', 'x'], /Unknown option '--prot'/],
    [['status', '--port'], /argument missing/],
    [['monitor', '--port', 'P', '--interval', '10'], /--interval must be 100\.\.60000/],
  ])('%j is a usage error', (argv, message) => {
    expect(usage(argv)).toMatch(message);
  });

  it('usage messages are one line', () => {
    expect(usage(['status', '--port', 'P', '--board', '1', '--bogus'])).not.toContain('\n');
  });

  it('--json is seen even on a line that does not parse', () => {
    expect(wantsJson(['status', '--bogus', '--json'])).toBe(true);
    expect(wantsJson(['status'])).toBe(false);
  });
});

describe('help', () => {
  it('documents every command, option and exit code', () => {
    const help = helpText();
    for (const word of ['ports', 'scan', 'status', 'open', 'monitor', '--protocol', '--baud', '--channels', '--status-bytes', '--order', '--polarity', '--hex', '--json', '--help']) {
      expect(help).toContain(word);
    }
    for (const code of Object.keys(EXIT_CODES) as CliErrorCode[]) {
      expect(help).toMatch(new RegExp(`\\b${EXIT_CODES[code].exit}\\s+${code}\\b`));
    }
    expect(help).toMatch(/not proof/i);
  });

  it('exit codes are distinct and non-zero', () => {
    const exits = Object.values(EXIT_CODES).map((e) => e.exit);
    expect(new Set(exits).size).toBe(exits.length);
    expect(exits).not.toContain(0);
  });
});
