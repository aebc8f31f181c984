// Line-based serial devices: a barcode/QR scanner in RS-232 mode, a staff-card reader in ASCII
// mode. Both send one code per line: printable ASCII, then the configured record suffix (CR, LF
// or CR LF). Written against the Intermec ScanPlus 1800 installation manual (RS-232 postamble
// none/CR/LF/CR+LF, default CR+LF) and the "record suffix" setting of common handheld scanners
// (None, CR 0DH, LF 0AH, CRLF 0D0AH); for cards, the rf IDEAS pcProx serial readers (card data
// as ASCII decimal or hex digits, then a configurable delimiter, 9600 8N1). See
// docs/serial-devices.md. Pure: bytes in, events out; the time of each chunk is passed in.

export const lineEndings = ['CR', 'LF', 'CRLF'] as const;
export type LineEnding = (typeof lineEndings)[number];

export type LineEvent =
  | { kind: 'line'; text: string }
  /** A line longer than maxLength: dropped whole (its end is awaited, then the next line reads). */
  | { kind: 'overlong'; length: number }
  /** A line with a byte no code has (control, non-ASCII, the wrong suffix byte): dropped whole. */
  | { kind: 'garbage'; bytes: number[] }
  /** Bytes with no end, followed by a silence longer than partialTimeoutMs: dropped. */
  | { kind: 'partial'; text: string };

export interface LineSettings {
  ending: LineEnding;
  /** Characters of the longest code accepted (the suffix not counted). */
  maxLength: number;
  /** A line left unfinished this long (scanner unplugged mid-send) is dropped, not glued to the next. */
  partialTimeoutMs: number;
}

const CR = 0x0d;
const LF = 0x0a;
const printable = (b: number) => b >= 0x20 && b <= 0x7e;
/** At most this many bad bytes are kept for the log line. */
const KEEP_BAD = 8;

/** The suffix bytes a setting means, for simulators and tests. */
export function suffixBytes(ending: LineEnding): number[] {
  return ending === 'CR' ? [CR] : ending === 'LF' ? [LF] : [CR, LF];
}

/** Encode one code as the device sends it (the simulators' side). */
export function encodeLine(text: string, ending: LineEnding): Uint8Array {
  return Uint8Array.from([...Buffer.from(text, 'latin1'), ...suffixBytes(ending)]);
}

/** A splitter with its own buffer: feed it chunks as they arrive; reset() after the port was lost. */
export function createLineSplitter(settings: LineSettings) {
  let text: number[] = [];
  let length = 0;
  let bad: number[] = [];
  let pendingCr = false;
  let lastAt: number | undefined;

  const clear = () => {
    text = [];
    length = 0;
    bad = [];
    pendingCr = false;
  };
  const started = () => length > 0 || bad.length > 0 || pendingCr;

  /** The line is over: say what it was. */
  function finish(out: LineEvent[]): void {
    if (bad.length > 0) out.push({ kind: 'garbage', bytes: bad });
    else if (length > settings.maxLength) out.push({ kind: 'overlong', length });
    else if (length > 0) out.push({ kind: 'line', text: String.fromCharCode(...text) });
    clear();
  }

  function take(b: number, out: LineEvent[]): void {
    const ending = settings.ending;
    if (ending === 'CRLF' && pendingCr) {
      pendingCr = false;
      if (b === LF) return finish(out);
      if (bad.length < KEEP_BAD) bad.push(CR); // a CR not followed by LF
    }
    if (ending === 'CRLF' && b === CR) pendingCr = true;
    else if ((ending === 'CR' && b === CR) || (ending === 'LF' && b === LF)) finish(out);
    else if (!printable(b)) {
      if (bad.length < KEEP_BAD) bad.push(b);
    } else {
      length += 1;
      // Beyond the limit nothing more is kept: an endless stream costs no memory.
      if (length <= settings.maxLength) text.push(b);
    }
  }

  return {
    /** The events of one chunk received at `at` (ms, monotonic). */
    push(chunk: Uint8Array, at: number): LineEvent[] {
      const out: LineEvent[] = [];
      if (lastAt !== undefined && at - lastAt > settings.partialTimeoutMs && started()) {
        out.push({ kind: 'partial', text: String.fromCharCode(...text) });
        clear();
      }
      lastAt = at;
      for (const b of chunk) take(b, out);
      return out;
    },
    /** The port was lost: what was half received is dropped (answered, for the log). */
    reset(): string | undefined {
      const partial = started() ? String.fromCharCode(...text) : undefined;
      clear();
      lastAt = undefined;
      return partial;
    },
  };
}
export type LineSplitter = ReturnType<typeof createLineSplitter>;
