// The cabinet's one configuration, validated with zod. Every part of the app is built from a
// value of `CabinetConfig`; a missing or wrong field is reported by its path and what was expected.
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../contract/format';
import { defaultMatters } from './cases/default-matters';
import { notificationsSchema } from './notify/config-schema';
import { lineEndings } from '../../hardware/line-device/lines';

const localized = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });

const boardSchema = z.object({
  address: z.number().int().min(0).max(32),
  channels: z.number().int().min(1).max(64),
  statusBytes: z.number().int().min(1).max(8).optional(),
  statusByteOrder: z.enum(['last-byte-first-channels', 'first-byte-first-channels']).default('last-byte-first-channels'),
  polarity: z.enum(['closing', 'opening']).default('closing'),
});

const busSchema = z.object({
  id: z.string().min(1),
  /** A serial device path (/dev/ttyUSB0, COM3), or "simulator" for the built-in virtual boards. */
  port: z.string().min(1),
  protocol: z.enum(['generic', 'kerong-cu16']).default('generic'),
  baudRate: z.number().int().positive().default(9600),
  /**
   * Milliseconds to wait for an open's reply before its outcome is unknown; default the
   * protocol's (generic 1500, for a reply ~500 ms after the pulse). Either way the door's sensor
   * then decides, and the open is never resent.
   */
  openReplyTimeoutMs: z.number().int().min(200).max(10_000).optional(),
  boards: z.array(boardSchema).min(1),
});

export const compartmentSizes = ['S', 'M', 'L'] as const;
export type CompartmentSize = (typeof compartmentSizes)[number];

const compartmentSchema = z.object({
  label: z.string().min(1).max(8),
  bus: z.string().min(1),
  board: z.number().int().min(0),
  lock: z.number().int().min(1),
  size: z.enum(compartmentSizes),
  /** Position for the resident's guidance: column from the left, row from the top (1-based). */
  column: z.number().int().min(1),
  row: z.number().int().min(1),
});

const matterSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  name: localized,
  materials: z.array(localized).min(1),
  processingDays: z.number().int().min(1).max(365),
  /** Compartment size the documents of this matter usually need. */
  size: z.enum(compartmentSizes).default('S'),
  /** Whether a drop-off of this matter asks for the applicant's resident ID card (needs idCardReader). */
  identity: z.enum(['none', 'id-card']).default('none'),
  /** Results only the applicant (their card) or an authorised proxy may collect; needs identity 'id-card'. */
  personalResults: z.boolean().default(false),
});

/** The resident ID-card reader (GA 467 host protocol, hardware/idcard/) on a serial line or USB-CDC. */
const idCardReaderSchema = z.object({
  /** A serial device path (/dev/ttyUSB2, /dev/ttyACM1, COM5), or "simulator" for the built-in virtual reader. */
  port: z.string().min(1),
  /** 115200 is the module's default; some units run 9600. */
  baudRate: z.number().int().positive().default(115200),
  /** Off: the reader stays closed and no matter may ask for a card. */
  enabled: z.boolean().default(true),
  /** Seconds the screen waits for a card on the reader before it says none was found. */
  waitSeconds: z.number().int().min(5).max(120).default(30),
});

const languageSchema = z.enum(['zh-CN', 'en']);

/** An ESC/POS receipt printer on a serial line or USB-CDC; absent: the cabinet prints nothing. */
const printerSchema = z.object({
  /** A serial device path (/dev/ttyUSB1, /dev/ttyACM0, COM4), or "simulator" for the built-in virtual printer. */
  port: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  /** Characters per line at normal size: 32 on 58 mm paper, 48 on 80 mm. */
  widthChars: z.number().int().min(16).max(96).default(32),
  /**
   * Read the real-time status (DLE EOT 1, 2, 4) before and after each job. Off only for a printer
   * that does not answer DLE EOT (its manual says so): then paper-out goes unnoticed.
   */
  statusQueries: z.boolean().default(true),
});

/**
 * A line-based serial device: the QR/barcode scanner or the staff-card reader in serial (RS-232,
 * USB-CDC) mode, one code per line (hardware/line-device/lines.ts, docs/serial-devices.md).
 */
const lineDeviceSchema = (maxLength: number) =>
  z.object({
    /** A serial device path (/dev/ttyUSB2, /dev/ttyACM1, COM5), or "simulator" for the built-in virtual device. */
    port: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    /** The device's record suffix, as set on it: CR, LF or CR LF. */
    lineEnding: z.enum(lineEndings).default('CRLF'),
    /** Longest code in characters; a longer line is dropped with a log line. */
    maxLineLength: z.number().int().min(4).max(512).default(maxLength),
    /** The make and model, shown on the technician's screen. */
    model: z.string().min(1).max(60).optional(),
  });
const scannerSchema = lineDeviceSchema(128);
const cardReaderSchema = lineDeviceSchema(32);

/**
 * The fleet link to the district's MQTT broker (docs/fleet.md); absent: the cabinet is an island.
 * The broker password is never here: it is the `fleet-password` entry of the key file (ADR 0010).
 */
export const fleetSchema = z.object({
  /** mqtts://broker:8883 in the field; mqtt://127.0.0.1:port for tests. */
  url: z.string().regex(/^(mqtts?|wss?):\/\/[^\s]+$/, 'an mqtt://, mqtts://, ws:// or wss:// URL'),
  districtId: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" or "_"'),
  /** The broker user name; default the cabinet id. */
  username: z.string().min(1).optional(),
  /** TLS files (paths): the district CA, and this cabinet's client certificate and key (kept with the keys, not the data). */
  tls: z.object({ ca: z.string().min(1).optional(), cert: z.string().min(1).optional(), key: z.string().min(1).optional() }).optional(),
  /** The district's ed25519 public key that signs commands: base64 of the 32 raw bytes, or a PEM. */
  districtPublicKey: z
    .string()
    .refine((k) => k.includes('-----BEGIN PUBLIC KEY-----') || /^[A-Za-z0-9+/]{43}=$/.test(k), 'a PEM public key, or base64 of the 32 raw ed25519 bytes'),
  heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
  /** A command older (or further in the future) than this is refused as stale. */
  commandMaxAgeSeconds: z.number().int().min(10).max(3600).default(300),
  /** Remote door opening: refused unless the installer turns it on here. */
  remoteOpen: z.boolean().default(false),
  /** Events published and not yet acknowledged at once: at most the broker's Receive Maximum (Mosquitto: 20). */
  inflight: z.number().int().min(1).max(1000).default(16),
  /** How long the broker keeps the session (and queued commands) of a cabinet that is away. */
  sessionExpirySeconds: z.number().int().min(60).default(7 * 24 * 3600),
});
export type FleetConfig = z.output<typeof fleetSchema>;

const voiceSchema = z.object({
  /** A folder of recorded prompts, one WAV per prompt key and language: <packDir>/zh-CN/dropOff.phone.wav. */
  packDir: z.string().min(1).optional(),
  /** The offline synthesizer's command (Debian package espeak-ng), or null for none. */
  synthesizer: z.string().min(1).nullable().default('espeak-ng'),
  /** espeak-ng voice per language. cmn-latn-pinyin reads Chinese in Mandarin; plain cmn (1.51) spells the pinyin in English. */
  voices: z.object({ 'zh-CN': z.string().regex(/^[\w+-]{1,40}$/).default('cmn-latn-pinyin'), en: z.string().regex(/^[\w+-]{1,40}$/).default('en-gb') }).prefault({}),
  /** Words per minute: slower than espeak's 175, for older ears. */
  rateWpm: z.number().int().min(80).max(300).default(140),
  /** espeak-ng amplitude (0–200): at its default 100 Chinese prompts reach full scale and clip; 70 peaks near -2 dB. */
  amplitude: z.number().int().min(10).max(200).default(70),
  /** 'auto': pw-play, paplay or aplay, the first installed; 'none': no sound device; or a player command. */
  player: z.string().min(1).default('auto'),
  /** Keep each utterance's WAV in this folder (tests, diagnostics); otherwise a temporary file, removed after playing. */
  wavDir: z.string().min(1).optional(),
});

/** Offline updates from USB (ADR 0019): where versions are installed and which keys may sign them. */
export const updatesSchema = z.object({
  /** Writable by the kiosk user; the launcher (packaging/linux/civic-cabinet-launch.sh) starts <installRoot>/current. */
  installRoot: z.string().min(1),
  /** The district's update key(s): raw Ed25519 public keys, base64 (npm run update:sign -- --new-key prints one). */
  publicKeys: z.array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a raw Ed25519 public key in base64 (44 characters)')).min(1),
  /** Where USB sticks are mounted; searched a few levels deep for `folder`. */
  mediaRoots: z.array(z.string().min(1)).min(1).default(['/media', '/run/media', '/mnt']),
  folder: z.string().regex(/^[\w.-]{1,64}$/).default('civic-cabinet-updates'),
  /** A new version that has run this long is kept; one that dies or hangs before, three times, is rolled back. */
  healthySeconds: z.number().int().min(10).max(3600).default(120),
});
export type UpdatesConfig = z.output<typeof updatesSchema>;

export const configSchema = z
  .object({
    /** Where the database and logs live; default: a per-user data directory. */
    dataDir: z.string().min(1).optional(),
    /** Where the cabinet's keys live, outside the data directory (default: <dataDir>-keys). */
    keysDir: z.string().min(1).optional(),
    cabinet: z.object({
      id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" or "_"'),
      name: localized,
      location: localized,
      /** The IANA time zone every date and time is shown in (screens, receipts, messages, CSV). */
      timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').default(DEFAULT_TIME_ZONE),
      /**
       * The cabinet's number in its district, three digits, put in front of every reference so that
       * references never repeat across the district's cabinets (issue 15); absent: 10-digit references.
       */
      code: z.string().regex(/^\d{3}$/, 'three digits').optional(),
    }),
    /** 呼叫帮助: the hotline shown to residents and how often a screen may alarm the staff on duty. */
    help: z
      .object({
        /** The number residents may call (shown after they ask for help). */
        hotline: z.string().regex(/^[0-9 +()-]{3,24}$/, 'a phone number: digits, spaces, + ( ) -').default('12345'),
        /** Minimum seconds between two alarms from the same screen; calls in between are told staff already know. */
        screenIntervalSeconds: z.number().int().min(10).max(3600).default(120),
        /** Alarms to the staff from the whole cabinet in any 30 minutes: beyond it, calls are told staff already know. */
        maxPerHalfHour: z.number().int().min(1).max(100).default(6),
      })
      .prefault({}),
    buses: z.array(busSchema).min(1),
    compartments: z.array(compartmentSchema).min(1),
    matters: z.array(matterSchema).min(1).prefault(defaultMatters),
    languages: z
      .object({ default: languageSchema, available: z.array(languageSchema).min(1) })
      .default({ default: 'zh-CN', available: ['zh-CN', 'en'] }),
    /** The official calendar: public holidays and the weekend days worked in exchange (调休). */
    calendar: z
      .object({
        holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).default([]),
        workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).default([]),
      })
      .prefault({}),
    /** The unattended nightly check (read-only: opens nothing), at a local time, or null for none. */
    nightlyCheckAt: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM')
      .nullable()
      .default('03:30'),
    pickup: z
      .object({
        /** Digits of a pickup code (at least 6). */
        codeDigits: z.number().int().min(6).max(10).default(6),
        /** Days a code stays valid after the results are put back. */
        validDays: z.number().int().min(1).max(90).default(7),
        /** Wrong codes in a row before the pickup screen locks. */
        maxWrongCodes: z.number().int().min(3).max(20).default(5),
        /** First lockout; each further one lasts twice as long (up to 30 minutes). */
        lockoutSeconds: z.number().int().min(10).max(3600).default(60),
      })
      .prefault({}),
    dropOff: z
      .object({
        /** Drop-offs accepted in any 10 minutes, cabinet-wide: faster is not residents (ADR 0009). */
        maxPerTenMinutes: z.number().int().min(1).max(1000).default(12),
      })
      .prefault({}),
    privacy: z
      .object({
        /** Days after a case closes before its phone number is purged. */
        purgeAfterDays: z.number().int().min(1).max(3650).default(30),
      })
      .prefault({}),
    timeouts: z
      .object({
        /** Seconds without a touch before a resident screen warns and returns home. */
        idleSeconds: z.number().int().min(10).default(60),
        /** The same in elder mode: longer. */
        elderIdleSeconds: z.number().int().min(10).default(120),
        /** Seconds of visible countdown before the idle return. */
        idleWarningSeconds: z.number().int().min(3).default(15),
        /** Seconds for the door sensor to report open after an open command. */
        doorOpenDetectSeconds: z.number().int().min(1).default(10),
        /** Seconds a door may stay open before the resident is reminded. */
        doorLeftOpenSeconds: z.number().int().min(1).default(60),
        /** Seconds without a call before a staff session ends. */
        staffIdleSeconds: z.number().int().min(30).default(180),
        /**
         * Milliseconds of pause between one poll cycle of the bus and the next. Small, so a door
         * change is seen within about one cycle (~80 ms for 4 boards at 9600 baud); opens still go
         * first, as the transport puts them ahead of queued polls.
         */
        pollIntervalMs: z.number().int().min(0).max(5000).default(20),
      })
      .prefault({}),
    /** Notification channels (webhook, WeCom, DingTalk, e-mail, SMS), routes, digest and retries. */
    notifications: notificationsSchema.prefault({}),
    /** The receipt printer, when the cabinet has one. */
    printer: printerSchema.optional(),
    /** The district's MQTT broker (docs/fleet.md), when the cabinet belongs to a fleet. */
    fleet: fleetSchema.optional(),
    /** The resident ID-card reader, when the cabinet has one (matters with identity 'id-card' need it). */
    idCardReader: idCardReaderSchema.optional(),
    /** A QR/barcode scanner on a serial line (besides a keyboard-wedge one, which needs no setting). */
    scanner: scannerSchema.optional(),
    /** A staff-card reader on a serial line (besides a keyboard-wedge one). */
    cardReader: cardReaderSchema.optional(),
    updates: updatesSchema.optional(),
    /** The kiosk's voice: recorded prompts where present, else the screen's own voice, else espeak-ng (ADR 0011). */
    voice: voiceSchema.prefault({}),
    /** The Electron shell: touch units hide the mouse cursor; `demo` lets a packaged app run the simulator. */
    kiosk: z.object({ hideCursor: z.boolean().default(false), demo: z.boolean().default(false) }).prefault({}),
  })
  .superRefine((config, ctx) => {
    const buses = new Map(config.buses.map((b) => [b.id, b]));
    const seen = new Set<string>();
    const seenLocks = new Set<string>();
    config.compartments.forEach((c, i) => {
      if (seen.has(c.label)) ctx.addIssue({ code: 'custom', path: ['compartments', i, 'label'], message: `duplicate label "${c.label}"` });
      seen.add(c.label);
      const bus = buses.get(c.bus);
      if (!bus) {
        ctx.addIssue({ code: 'custom', path: ['compartments', i, 'bus'], message: `expected one of the bus ids (${[...buses.keys()].join(', ')}), got "${c.bus}"` });
        return;
      }
      const board = bus.boards.find((b) => b.address === c.board);
      if (!board) {
        ctx.addIssue({ code: 'custom', path: ['compartments', i, 'board'], message: `expected a board address on bus "${c.bus}" (${bus.boards.map((b) => b.address).join(', ')}), got ${c.board}` });
      } else if (c.lock > board.channels) {
        ctx.addIssue({ code: 'custom', path: ['compartments', i, 'lock'], message: `expected a lock 1..${board.channels} on board ${c.board}, got ${c.lock}` });
      }
      const key = `${c.bus}/${c.board}/${c.lock}`;
      if (seenLocks.has(key)) ctx.addIssue({ code: 'custom', path: ['compartments', i, 'lock'], message: `lock ${key} is already used by another compartment` });
      seenLocks.add(key);
    });
    checkMatterIdentity(config, ctx);
    checkDevicePorts(config, ctx);
    if (!config.languages.available.includes(config.languages.default)) {
      ctx.addIssue({ code: 'custom', path: ['languages', 'default'], message: 'expected one of languages.available' });
    }
  });

/** A matter asking for the ID card needs a reader that is on; personal results need the card at drop-off. */
function checkMatterIdentity(
  config: { matters: { identity: 'none' | 'id-card'; personalResults: boolean }[]; idCardReader?: { enabled: boolean; waitSeconds: number } | undefined; timeouts: { idleSeconds: number } },
  ctx: z.RefinementCtx,
): void {
  const reader = config.idCardReader?.enabled === true;
  // The screen gives up waiting for a card before the idle return takes the resident home. Cards
  // are read only in the flows of matters that ask for one: a reader no matter uses waits for none.
  const used = config.matters.some((m) => m.identity === 'id-card');
  if (used && config.idCardReader && config.idCardReader.waitSeconds >= config.timeouts.idleSeconds) {
    ctx.addIssue({ code: 'custom', path: ['idCardReader', 'waitSeconds'], message: `expected less than timeouts.idleSeconds (${config.timeouts.idleSeconds})` });
  }
  config.matters.forEach((m, i) => {
    if (m.identity === 'id-card' && !reader) ctx.addIssue({ code: 'custom', path: ['matters', i, 'identity'], message: '"id-card" needs an enabled idCardReader' });
    if (m.personalResults && m.identity !== 'id-card') ctx.addIssue({ code: 'custom', path: ['matters', i, 'personalResults'], message: 'personal results need identity "id-card" (the applicant\'s card is read at drop-off)' });
  });
}

/** Two devices on one serial port cannot both work: the later one is named with the earlier. */
function checkDevicePorts(config: { buses: { port: string }[]; printer?: { port: string } | undefined; scanner?: { port: string } | undefined; cardReader?: { port: string } | undefined; idCardReader?: { port: string } | undefined }, ctx: z.RefinementCtx): void {
  const used = new Map<string, string>();
  const claim = (port: string | undefined, path: (string | number)[]) => {
    if (port === undefined || port === 'simulator') return;
    const other = used.get(port);
    if (other) ctx.addIssue({ code: 'custom', path: [...path, 'port'], message: `port "${port}" is already used by ${other}` });
    else used.set(port, [...path, 'port'].join('.'));
  };
  config.buses.forEach((b, i) => claim(b.port, ['buses', i]));
  claim(config.printer?.port, ['printer']);
  claim(config.scanner?.port, ['scanner']);
  claim(config.cardReader?.port, ['cardReader']);
  claim(config.idCardReader?.port, ['idCardReader']);
}

export type CabinetConfig = z.output<typeof configSchema>;
export type CabinetConfigInput = z.input<typeof configSchema>;
export type BusConfig = CabinetConfig['buses'][number];
export type CompartmentConfig = CabinetConfig['compartments'][number];
export type MatterConfig = CabinetConfig['matters'][number];
export type PrinterConfig = NonNullable<CabinetConfig['printer']>;
export type IdCardReaderConfig = NonNullable<CabinetConfig['idCardReader']>;
export type LineDeviceConfig = NonNullable<CabinetConfig['scanner']>;
export type VoiceConfig = CabinetConfig['voice'];

/** Thrown when a configuration is missing or invalid; the message names each bad field. */
export class ConfigError extends Error {
  readonly issues: readonly string[];
  constructor(source: string, issues: readonly string[]) {
    super(`Invalid cabinet configuration (${source}):\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Validate a parsed configuration; throws ConfigError listing every bad field by path. */
export function parseConfig(raw: unknown, source = 'configuration'): CabinetConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  throw new ConfigError(source, issues);
}

/**
 * The default cabinet: two simulated boards × 12 compartments in three sizes, so a fresh
 * checkout runs with no board attached. Column A is board 1, column B board 2; rows 1–6 are
 * small, 7–10 medium, 11–12 large (big boxes at the bottom, as on real cabinets).
 */
export function defaultConfig(): CabinetConfig {
  const compartments = [1, 2].flatMap((board) =>
    Array.from({ length: 12 }, (_, i) => {
      const row = i + 1;
      const size: CompartmentSize = row <= 6 ? 'S' : row <= 10 ? 'M' : 'L';
      return { label: `${board === 1 ? 'A' : 'B'}${String(row).padStart(2, '0')}`, bus: 'bus1', board, lock: row, size, column: board, row };
    }),
  );
  return parseConfig(
    {
      cabinet: {
        id: 'demo-01',
        name: { 'zh-CN': '示范社区政务云柜', en: 'Demo Community Service Cabinet' },
        location: { 'zh-CN': '示范社区党群服务中心一楼大厅', en: 'Ground-floor hall, Demo Community Service Centre' },
      },
      buses: [
        {
          id: 'bus1',
          port: 'simulator',
          protocol: 'generic',
          baudRate: 9600,
          boards: [
            { address: 1, channels: 12 },
            { address: 2, channels: 12 },
          ],
        },
      ],
      compartments,
      printer: { port: 'simulator' },
      idCardReader: { port: 'simulator' },
    },
    'built-in default',
  );
}
