// Every way the technician CLI can fail, as a code, a one-line message and a distinct exit code.
// Codes say what the technician may do next: above all, 'outcome-unknown' means an open MAY have
// fired and must not be repeated (docs/lock-protocols.md#never-resend-an-open).

import { BusError } from '../lock-bus';

export type CliErrorCode =
  | 'internal'
  | 'usage'
  | 'port-not-found'
  | 'port-busy'
  | 'port-denied'
  | 'port-error'
  | 'offline'
  | 'timeout'
  | 'bad-frame'
  | 'outcome-unknown'
  | 'not-sent'
  | 'no-boards'
  | 'port-list-failed'
  | 'interrupted';

/** Exit code and meaning of each error code: the --help table is printed from this. */
export const EXIT_CODES: Readonly<Record<CliErrorCode, { exit: number; meaning: string }>> = {
  internal: { exit: 1, meaning: 'unexpected failure (a bug): please report it with the output' },
  usage: { exit: 2, meaning: 'bad command line: unknown command or option, missing or out-of-range value' },
  'port-not-found': { exit: 3, meaning: 'no such serial port (check the path; run "ports")' },
  'port-busy': { exit: 4, meaning: 'the port is in use by another program (stop the kiosk or the other tool)' },
  'port-denied': { exit: 5, meaning: 'no permission to open the port (Linux: add the user to the dialout group)' },
  'port-error': { exit: 6, meaning: 'the port could not be opened or set up (not a serial port?)' },
  offline: { exit: 7, meaning: 'the port went away while working (adapter unplugged); nothing more was sent' },
  timeout: { exit: 8, meaning: 'the board did not answer a read (address, wiring, baud or power); nothing opened' },
  'bad-frame': { exit: 9, meaning: 'a reply came but is not valid (noise, wrong settings, two boards on one address)' },
  'outcome-unknown': { exit: 10, meaning: 'an open was sent and no valid reply came: the lock MAY have fired; never repeat, look at the door' },
  'not-sent': { exit: 11, meaning: 'the request provably never left the computer; safe to try again' },
  'no-boards': { exit: 12, meaning: 'scan / monitor: no board answered on any address' },
  'port-list-failed': { exit: 13, meaning: 'listing serial ports failed (a fallback list of /dev nodes is shown)' },
  interrupted: { exit: 130, meaning: 'stopped by Ctrl-C before the command finished' },
};

export class CliError extends Error {
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
  get exitCode(): number {
    return EXIT_CODES[this.code].exit;
  }
}

export function usageError(message: string): CliError {
  return new CliError('usage', message);
}

/** First line of an error's message: the technician gets one line, never a stack trace. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}

/**
 * Why a serial port did not open. `serialport` gives no error codes, only the OS's words (Linux:
 * "No such file or directory, cannot open X"; Windows: "Opening COM3: File not found"), so match those.
 */
export function classifyOpenError(error: unknown, path: string): CliError {
  if (error instanceof CliError) return error;
  const text = oneLine(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || /no such file|file not found|cannot find/i.test(text)) {
    return new CliError('port-not-found', `serial port ${path} does not exist (${text}); run "ports" to list the ports`);
  }
  if (code === 'EACCES' || /permission denied/i.test(text)) {
    return new CliError('port-denied', `no permission to open ${path} (${text}); on Linux add the user to the dialout group (sudo usermod -aG dialout $USER, then log in again)`);
  }
  if (code === 'EBUSY' || /cannot lock port|resource temporarily unavailable|busy|access denied/i.test(text)) {
    return new CliError('port-busy', `${path} is in use by another program (${text}); stop the kiosk or the other tool first`);
  }
  if (/inappropriate ioctl|is a directory|not a tty/i.test(text)) {
    return new CliError('port-error', `${path} is not a serial port (${text})`);
  }
  return new CliError('port-error', `cannot open ${path}: ${text}`);
}

/**
 * A bus failure as the technician should read it. `what` says what was asked ("read board 1");
 * `firesLock` decides the one code that matters most: an open whose outcome is unknown.
 */
export function fromBusError(error: unknown, what: string, firesLock: boolean): CliError {
  if (error instanceof CliError) return error;
  if (!(error instanceof BusError)) return new CliError('internal', `${what}: ${oneLine(error)}`);
  const detail = oneLine(error);
  if (error.kind === 'offline') return new CliError('offline', `${what}: the serial port is not open (${detail}); nothing was sent`);
  if (error.kind === 'not-sent') return new CliError('not-sent', `${what}: the request was not sent (${detail}); safe to try again`);
  if (firesLock) {
    return new CliError(
      'outcome-unknown',
      `${what}: sent, but no valid reply came (${error.reason}). The lock MAY have fired: do not repeat the open; look at the door or run "status".`,
    );
  }
  if (error.reason === 'timeout') {
    return new CliError('timeout', `${what}: no reply (check the board's address, wiring A/B, baud rate and power)`);
  }
  // The transport's message already names the request and shows the bytes received.
  return new CliError('bad-frame', detail);
}
