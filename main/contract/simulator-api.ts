// Methods of the simulated cabinet drawn beside the kiosk screen by the web harness. They act as
// the resident's hands on the virtual boards; the Electron kiosk never exposes them.
import { z } from 'zod';

const doorView = z.object({
  label: z.string(),
  column: z.number().int(),
  row: z.number().int(),
  open: z.boolean(),
});

const frameView = z.object({
  at: z.number(),
  bus: z.string(),
  hex: z.string(),
  meaning: z.string(),
});

/** One printout of the virtual receipt printer, read back from its ESC/POS bytes. */
const printoutView = z.object({
  at: z.number(),
  /** The text lines that are not blank, in order. */
  lines: z.array(z.string()),
  /** QR code payloads, in order. */
  qr: z.array(z.string()),
  /** False for the one still being printed (no cut yet). */
  cut: z.boolean(),
});

/** The virtual ID-card reader: whether a card lies on it (never the card's data back). */
const idReaderView = z.object({ present: z.boolean() });

export const simulatorMethods = {
  'simulator.state': { input: z.object({}).strict(), output: z.object({ doors: z.array(doorView) }) },
  /** Press a door: an open door is closed (as a resident would); a closed one is forced open. */
  'simulator.press': { input: z.object({ label: z.string().min(1).max(8) }).strict(), output: z.object({ doors: z.array(doorView) }) },
  /** A fault knob for tests and demos: a jammed door stays shut when its lock fires. */
  'simulator.fault': {
    input: z.object({ label: z.string().min(1).max(8), jammed: z.boolean() }).strict(),
    output: z.object({ doors: z.array(doorView) }),
  },
  /** Frames the virtual boards received, newest last, for checking what reached the "board". */
  'simulator.frames': { input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), output: z.array(frameView) },
  /** What the virtual receipt printer printed, newest last (empty when the printer is not simulated). */
  'simulator.printed': { input: z.object({ limit: z.number().int().min(1).max(50).default(10) }).strict(), output: z.array(printoutView) },
  /**
   * A fault knob of the virtual printer: what it answers to DLE EOT (paper out, near end, cover open,
   * offline, error); the fields given change, the rest stay. Answers the whole condition.
   */
  'simulator.printerCondition': {
    input: z.object({ paperEnd: z.boolean(), paperNearEnd: z.boolean(), coverOpen: z.boolean(), offline: z.boolean(), error: z.boolean() }).partial().strict(),
    output: z.object({ paperEnd: z.boolean(), paperNearEnd: z.boolean(), coverOpen: z.boolean(), offline: z.boolean(), error: z.boolean() }),
  },
  /**
   * Place a resident ID card on the virtual ID-card reader (replacing any): a name and an 18-character
   * ID number (its birth date is read from it); or take the card away with card: null.
   */
  'simulator.idCard': {
    input: z
      .object({ card: z.object({ name: z.string().min(1).max(15), idNumber: z.string().regex(/^\d{17}[\dX]$/, '17 digits and a digit or X') }).strict().nullable() })
      .strict(),
    output: idReaderView,
  },
  /** Fault knobs of the virtual ID-card reader: the card moved away mid-read, a bad checksum (once), a SAM fault, silence. */
  'simulator.idCardFault': {
    input: z.object({ removeDuringRead: z.boolean(), badChecksum: z.boolean(), samFault: z.boolean(), silent: z.boolean() }).partial().strict(),
    output: idReaderView,
  },
  /**
   * The virtual serial scanner or card reader reads a code: the text goes out as its line, with its
   * record suffix, through the same line reader as a real device's bytes.
   */
  'simulator.lineRead': {
    input: z.object({ device: z.enum(['scanner', 'cardReader']), text: z.string().regex(/^[\x20-\x7e]{1,600}$/, 'printable ASCII') }).strict(),
    output: z.object({ sent: z.literal(true) }),
  },
  /** A fault knob of the virtual scanner or card reader: noise, a cut-off line, an overlong line, the cable pulled or put back. */
  'simulator.lineFault': {
    input: z.object({ device: z.enum(['scanner', 'cardReader']), fault: z.enum(['garbage', 'partial', 'overlong', 'unplug', 'replug']) }).strict(),
    output: z.object({ plugged: z.boolean() }),
  },
} as const;

export type SimulatorMethods = typeof simulatorMethods;
export type SimulatorDoor = z.infer<typeof doorView>;
export type SimulatorPrintout = z.infer<typeof printoutView>;
