// Pure ESC/POS real-time status: the `DLE EOT n` requests (10 04 n) and the one status byte each
// answers, as Epson's ESC/POS command reference documents them ("DLE EOT n — Transmit real-time
// status", download4.epson.biz/sec_pubs/pos/reference_en/escpos/dle_eot.html; the same bits in
// the Xprinter/GPrinter 80 mm programmer manuals). Every reply has bits 1 and 4 set and bits 0 and
// 7 clear — that fixed pattern (mask 0x93 = 0x12) is how we tell a status byte from line noise.
// No I/O here: the driver (printer.ts) sends and reads, the simulator answers with the same bits.

export const DLE = 0x10;
export const EOT = 0x04;

/** n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export type StatusRequest = 1 | 2 | 3 | 4;
/** The requests we read around each print: printer, offline cause, paper sensor. */
export const STATUS_REQUESTS: readonly StatusRequest[] = [1, 2, 4];

export const statusRequest = (n: StatusRequest): Uint8Array => Uint8Array.of(DLE, EOT, n);

const FIXED_MASK = 0x93;
const FIXED_BITS = 0x12;

/** Whether a byte has the fixed bits every DLE EOT reply carries. */
export const isStatusByte = (b: number): boolean => (b & FIXED_MASK) === FIXED_BITS;

export interface PrinterStatus {
  /** DLE EOT 1 bit 3. */
  offline: boolean;
  /** DLE EOT 2 bit 2. */
  coverOpen: boolean;
  /** DLE EOT 2 bit 3: paper being fed with the FEED button. */
  feedButton: boolean;
  /** DLE EOT 2 bit 5: printing stopped at paper end. */
  stoppedForPaper: boolean;
  /** DLE EOT 2 bit 6: an error (cutter, head temperature…). */
  error: boolean;
  /** DLE EOT 4 bits 2–3. */
  paperNearEnd: boolean;
  /** DLE EOT 4 bits 5–6. */
  paperEnd: boolean;
}

/** The three replies (to n = 1, 2, 4) as one status. Throws on a byte without the fixed bits. */
export function parseStatus(printer: number, offlineCause: number, paper: number): PrinterStatus {
  for (const [n, b] of [[1, printer], [2, offlineCause], [4, paper]] as const) {
    if (!isStatusByte(b)) throw new RangeError(`DLE EOT ${n} reply 0x${b.toString(16).padStart(2, '0')} lacks the fixed bits (xxx1 xx1x with bits 0, 7 clear)`);
  }
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    feedButton: (offlineCause & 0x08) !== 0,
    stoppedForPaper: (offlineCause & 0x20) !== 0,
    error: (offlineCause & 0x40) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    paperEnd: (paper & 0x60) !== 0,
  };
}

/** What a printer with these conditions answers to each request (the simulator's side). */
export function statusBytes(s: Pick<PrinterStatus, 'offline' | 'coverOpen' | 'paperEnd' | 'paperNearEnd' | 'error'>): Record<StatusRequest, number> {
  // A printer whose cover is open or whose paper ran out goes offline: the Epson reference's bit 3.
  const offline = s.offline || s.coverOpen || s.paperEnd || s.error;
  return {
    1: FIXED_BITS | (offline ? 0x08 : 0),
    2: FIXED_BITS | (s.coverOpen ? 0x04 : 0) | (s.paperEnd ? 0x20 : 0) | (s.error ? 0x40 : 0),
    3: FIXED_BITS,
    4: FIXED_BITS | (s.paperNearEnd || s.paperEnd ? 0x0c : 0) | (s.paperEnd ? 0x60 : 0),
  };
}

/** A staff-facing condition; 'unreachable' when the printer did not answer at all. */
export type PrinterProblem = 'paper-end' | 'paper-near-end' | 'cover-open' | 'offline' | 'error' | 'unreachable';

/** The problems in a status, worst first. Near end is a warning: the printer still prints. */
export function problemsOf(s: PrinterStatus): PrinterProblem[] {
  const out: PrinterProblem[] = [];
  if (s.paperEnd || s.stoppedForPaper) out.push('paper-end');
  if (s.coverOpen) out.push('cover-open');
  if (s.error) out.push('error');
  if (s.offline && out.length === 0 && !s.feedButton) out.push('offline');
  if (s.paperNearEnd && !out.includes('paper-end')) out.push('paper-near-end');
  return out;
}

/** Whether the printer can take a job now (near end still prints). */
export const canPrint = (problems: readonly PrinterProblem[]): boolean => problems.every((p) => p === 'paper-near-end');
