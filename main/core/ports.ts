// The ports: what the core needs from the world, as interfaces it owns. The composition root
// (main/app/) implements them from transports, serial ports, the simulator and the printer; the
// core never builds or imports any of those. Lock boards are driven through hardware/lock-bus.ts's
// LockBus, time through Clock (./clock), the database through main/store's repositories.
export type { LockBus } from '../../hardware/lock-bus';
import type { PrinterStatus } from '../../hardware/printer/status';
export type { Clock } from './clock';
import type { CabinetConfig } from './config';
import type { UpdateState } from '../contract/staff-api';

/** The port value that means "the built-in simulator" for a bus or the printer (config.ts). */
export const SIMULATOR_PORT = 'simulator';

export type LinkState = 'connecting' | 'online' | 'offline' | 'closed';

export interface LinkTraffic {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  at: number;
  /** The request the bytes belong to (kind, board, lock); none for stray bytes. */
  about?: { kind: string; board: number | 'bus'; lock?: number; firesLock: boolean };
}

export interface LinkStats {
  transactions: number;
  timeouts: number;
  badFrames: number;
  junkBytesSkipped: number;
  reconnects: number;
  lastError: string | undefined;
}

/**
 * What diagnostics, the nightly check and the bus-offline watch need of one bus's link: its state,
 * its counters and its traffic. The app hands each bus's transport in as this.
 */
export interface BusLink {
  readonly state: LinkState;
  stats(): LinkStats;
  onStateChange(listener: (state: LinkState) => void): () => void;
  /** Every byte in and out, for the technician's hex monitor. */
  onTraffic(listener: (event: LinkTraffic) => void): () => void;
}

/** The technician's live look at the wiring: which serial ports exist, which boards answer on a bus. */
export interface BusScanner {
  ports(): Promise<{ path: string; description: string }[]>;
  /** Status reads only (nothing opens); throws CabinetError 'not-found' for an unknown bus. */
  scan(busId: string): Promise<{ address: number; statusBytes: number | null }[]>;
}

/** The receipt printer: one job's bytes at a time. Opened by the app (lazily, on the first job). */
export interface Printer {
  /** Rejects when the port cannot be opened or the write fails or stalls. */
  print(bytes: Uint8Array): Promise<void>;
  /** The real-time status (DLE EOT 1, 2, 4); rejects when the printer does not answer. */
  status(): Promise<PrinterStatus>;
}

/**
 * A line-based serial device the app keeps open (the serial scanner, the staff-card reader): its
 * state and counters for the technician, and each code it reads.
 */
export interface LineDevice {
  readonly port: string;
  readonly state: LinkState;
  stats(): { lines: number; dropped: number; reconnects: number; lastError: string | undefined; lastLineAt: number | undefined };
  onLine(listener: (text: string) => void): () => void;
}

/** The cabinet's log file, as the technician exports it (written by the app's log function). */
export interface LogExport {
  /** The last `days` days of log, oldest first, as one text. */
  export(days: number): string;
}

/** The one-time code the installer types to create the first administrator (kept outside the database). */
export interface SetupCode {
  matches(code: string): boolean;
  /** The first admin exists: the code is gone for good. */
  consume(): void;
}

/**
 * Restarting the application (ADR 0012): the shell ends the process cleanly and comes back — Electron
 * relaunches itself, the web harness exits for its supervisor to start it again. Called after the
 * answer has gone out; never while a door is moving.
 */
export interface Restarter {
  restart(): void;
}

/**
 * Offline updates from USB media (main/app/updates): list what is mounted, verify and install one
 * beside the running version, roll back. Refusals are CabinetErrors with a message for the technician.
 */
export interface UpdatePort {
  state(): UpdateState;
  apply(file: string): { version: string; previous: string };
  rollback(): { version: string };
}

/** The configuration file: technician changes, already validated by the core, are saved to it. */
export interface ConfigFile {
  save(config: CabinetConfig): { path: string };
  /** The file's problems as it would load now, each naming its field; empty when it loads or is absent. */
  problems?(): string[];
}

/**
 * The fleet link to the district's MQTT broker (docs/fleet.md), opened by the app (main/app/fleet-link.ts).
 * The core publishes through it and hears commands from it; it keeps no message of its own beyond
 * the ones in flight: the fleet outbox (SQLite) is the source of truth.
 */
export interface FleetLink {
  /** Whether the broker connection is up now. */
  readonly connected: boolean;
  /** QoS 1 (default) resolves on the broker's PUBACK; rejects when the link gives up on the message. */
  publish(topic: string, payload: string, options?: { retain?: boolean; qos?: 0 | 1; correlationData?: string }): Promise<void>;
  /** Called after every (re)connection, once the session is up. */
  onConnect(listener: () => void): () => void;
  /** Each message on this cabinet's commands topic, as text, with its MQTT 5 correlation data if any. */
  onCommand(listener: (payload: string, correlationData: string | undefined) => void): () => void;
  /** Publish `last` (e.g. the retained offline status) when connected, then disconnect. */
  close(last?: { topic: string; payload: string; retain: boolean }): Promise<void>;
}

/** What the heartbeat tells of the machine itself (the app reads the disk and the package). */
export interface SystemInfo {
  version: string;
  /** Free bytes on the data directory's disk, or null when it cannot be read. */
  freeDiskBytes(): Promise<number | null>;
}

/**
 * The kiosk's speaker (main/app/voice): plays a recorded prompt from the pack, or synthesizes
 * `text` offline, on the sound device. Never rejects: what went wrong is answered and logged.
 */
export interface Speaker {
  say(utterance: { language: 'zh-CN' | 'en'; /** Pack file name, when the prompt can be recorded whole. */ packKey?: string | undefined; /** Words to synthesize when there is no recording; absent: pack only. */ text?: string | undefined }): Promise<{ played: 'pack' | 'synth' | 'none'; reason?: 'no-pack' | 'no-synthesizer' | 'synthesizer-failed' | 'disabled' }>;
  /** Stop what is playing (a new screen). */
  stop(): void;
}

/** What the core takes from a resident ID card: the name and the ID number, nothing else (PIPL). */
export interface IdCard {
  name: string;
  idNumber: string;
  /** Whether the ID number's check character is right (GB 11643). */
  idNumberValid: boolean;
}

/**
 * Why no card was read: none on the reader; taken away during the read; read but garbled (a bad
 * checksum, a reply that does not decode); the reader's module failed (SAM fault, no answer, port).
 */
export type IdCardFailure = 'no-card' | 'card-moved' | 'unreadable' | 'reader-fault';

/** The resident ID-card reader (main/app/id-card-reader.ts): one find-select-read per call, never a throw. */
export interface IdCardReader {
  read(): Promise<{ ok: true; card: IdCard } | { ok: false; failure: IdCardFailure; detail: string }>;
}
