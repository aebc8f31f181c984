// The staff and technician console's methods. Every one but setup and login takes the session
// token; the core checks the role's permission and answers 'unauthorized' or 'forbidden'.
import { z } from 'zod';
import { REFERENCE_PATTERN } from './format';
import {
  caseSummary,
  correctionReason,
  login,
  manifestRow,
  overrideReason,
  permission,
  pin,
  report,
  role,
  staffJob,
  staffSession,
  token,
} from './staff-schemas';

const withToken = <T extends z.ZodRawShape>(shape: T) => z.object({ token, ...shape }).strict();
const tokenOnly = withToken({});
const label = z.string().min(1).max(8);
const reference = z.string().regex(REFERENCE_PATTERN, '10 or 13 digits');
const caseId = z.number().int().positive();
const csv = z.object({ csv: z.string() });
const updatePackage = z.object({
  /** The package as the scan found it; apply accepts only a file the scan finds again. */
  file: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  ready: z.boolean(),
  problem: z.enum(['bad-format', 'truncated', 'unknown-key', 'bad-signature', 'wrong-hash', 'downgrade', 'same-version']).nullable(),
  detail: z.string(),
});
const updateState = z.object({
  configured: z.boolean(),
  current: z.string(),
  previous: z.string().nullable(),
  pending: z.string().nullable(),
  /** The last version the launcher rolled back by itself (it kept failing to start), and when. */
  rolledBack: z.object({ version: z.string(), at: z.string() }).nullable(),
  packages: z.array(updatePackage),
});
const auditRow = z.object({ id: z.number(), at: z.number(), actor: z.string(), action: z.string(), outcome: z.string(), caseId: z.number().nullable(), compartment: z.string().nullable(), detail: z.string() });

export const staffMethods = {
  'staff.setupNeeded': { input: z.object({}).strict(), output: z.object({ setupNeeded: z.boolean() }) },
  /** The first administrator, with the installer's one-time setup code (<dataDir>/setup-code, never on screen). */
  'staff.createFirstAdmin': { input: z.object({ setupCode: z.string().regex(/^\d{8}$/, '8 digits'), login, name: z.string().min(1).max(40), pin }).strict(), output: staffSession },
  'staff.login': {
    input: z
      .object({ login: login.optional(), cardId: z.string().regex(/^[A-Za-z0-9]{4,32}$/).optional(), pin })
      .strict()
      .refine((v) => Boolean(v.login) !== Boolean(v.cardId), 'give either the account id or a card id'),
    output: staffSession,
  },
  'staff.logout': { input: tokenOnly, output: z.object({ loggedOut: z.literal(true) }) },
  'staff.createAccount': {
    input: withToken({ login, name: z.string().min(1).max(40), role, pin, cardId: z.string().regex(/^[A-Za-z0-9]{4,32}$/).optional() }),
    output: z.object({ id: z.number(), login: z.string(), name: z.string(), role }),
  },
  'staff.accounts': {
    input: tokenOnly,
    output: z.array(z.object({ id: z.number(), login: z.string(), name: z.string(), role, hasCard: z.boolean(), disabled: z.boolean() })),
  },
  /** Disable (it cannot log in; its sessions end) or enable an account. Never one's own, never the last admin. */
  'staff.setDisabled': { input: withToken({ login, disabled: z.boolean() }), output: z.object({ login: z.string(), disabled: z.boolean() }) },
  /** A new PIN for an account; its sessions end and its lockout clears. */
  'staff.resetPin': { input: withToken({ login, pin }), output: z.object({ reset: z.literal(true) }) },
  /** Forget an account's staff card (lost or handed in): the card logs nobody in any more. */
  'staff.revokeCard': { input: withToken({ login }), output: z.object({ revoked: z.literal(true) }) },
  'staff.jobs': { input: tokenOnly, output: z.array(staffJob) },

  'retrieval.pending': { input: tokenOnly, output: z.array(caseSummary) },
  'retrieval.open': { input: withToken({ caseId }), output: z.array(staffJob) },
  'retrieval.openAll': { input: tokenOnly, output: z.object({ queued: z.number().int() }) },
  'retrieval.stopAll': { input: tokenOnly, output: z.object({ stopped: z.literal(true) }) },
  'retrieval.manifest': { input: tokenOnly, output: z.array(manifestRow) },
  'retrieval.manifestCsv': { input: tokenOnly, output: csv },
  'retrieval.setSeal': { input: withToken({ reference, seal: z.string().regex(/^[A-Za-z0-9-]{1,24}$/) }), output: z.object({ saved: z.literal(true) }) },

  'returns.returnable': { input: tokenOnly, output: z.array(caseSummary) },
  'returns.find': { input: withToken({ reference }), output: caseSummary },
  'returns.putBack': {
    input: withToken({ caseId, kind: z.enum(['return', 'correct']), reason: correctionReason.optional() }),
    output: staffJob,
  },
  /** The pickup code a return or correction issued: only to the staff member who issued it, once (permission 'return'). */
  'returns.takeCode': { input: withToken({ jobId: z.string().min(1).max(64) }), output: z.object({ code: z.string() }) },
  'recall.list': { input: tokenOnly, output: z.array(caseSummary) },
  'recall.open': { input: withToken({ caseId }), output: z.array(staffJob) },

  'maintenance.override': { input: withToken({ label, reason: overrideReason, note: z.string().max(200).optional() }), output: staffJob },
  'maintenance.setInService': { input: withToken({ label, inService: z.boolean() }), output: z.object({ state: z.string() }) },
  'maintenance.selfTest': { input: tokenOnly, output: z.object({ queued: z.number().int() }) },
  /** Compartments under check: a door may have opened unseen, so they may hold documents (permission 'retrieve'). */
  'check.list': { input: tokenOnly, output: z.array(z.object({ label: z.string(), caseId: z.number().int().nullable(), reference: z.string().nullable() })) },
  /** What staff found on site: empty (→ free) or documents (→ occupied; an abandoned case is deposited after all). */
  'check.clear': { input: withToken({ label, found: z.enum(['empty', 'documents']) }), output: z.object({ state: z.string() }) },
  /** Seal every stored phone number under a fresh key, then forget the old key (permission 'accounts'). */
  'maintenance.rotatePhoneKey': { input: tokenOnly, output: z.object({ resealed: z.number().int() }) },
  'maintenance.selfTestReport': {
    input: tokenOnly,
    output: z
      .object({
        startedAt: z.number(),
        endedAt: z.number().nullable(),
        by: z.string(),
        results: z.array(z.object({ label: z.string(), outcome: z.enum(['ok', 'open-not-detected', 'not-sent', 'skipped']) })),
      })
      .nullable(),
  },

  'reports.period': { input: withToken({ from: z.number(), to: z.number() }), output: report },
  'reports.csv': { input: withToken({ from: z.number(), to: z.number() }), output: csv },

  'diagnostics.buses': {
    input: tokenOnly,
    output: z.array(
      z.object({
        id: z.string(),
        port: z.string(),
        protocol: z.string(),
        baudRate: z.number(),
        state: z.string(),
        boards: z.array(z.object({ address: z.number(), channels: z.number(), statusBytes: z.number().nullable(), statusByteOrder: z.string(), polarity: z.string() })),
        counters: z.object({ transactions: z.number(), timeouts: z.number(), badFrames: z.number(), junkBytesSkipped: z.number(), reconnects: z.number() }),
        lastError: z.string().nullable(),
      }),
    ),
  },
  'diagnostics.doors': {
    input: tokenOnly,
    output: z.array(
      z.object({ label: z.string(), bus: z.string(), board: z.number(), lock: z.number(), column: z.number(), row: z.number(), size: z.string(), open: z.boolean().nullable(), state: z.string() }),
    ),
  },
  /** The newest frames that pass the filter, oldest first; polls and the rest are kept in separate rings. */
  'diagnostics.traffic': {
    input: withToken({
      limit: z.number().int().min(1).max(2000).default(200),
      hidePolls: z.boolean().default(false),
      bus: z.string().min(1).max(32).optional(),
      board: z.number().int().min(0).max(255).optional(),
      lock: z.number().int().min(1).max(255).optional(),
    }),
    output: z.object({
      entries: z.array(
        z.object({
          seq: z.number().int(),
          at: z.number(),
          bus: z.string(),
          direction: z.enum(['tx', 'rx']),
          hex: z.string(),
          kind: z.enum(['open', 'poll', 'other']),
          board: z.number().int().nullable(),
          lock: z.number().int().nullable(),
        }),
      ),
      kept: z.number().int(),
      dropped: z.object({ polls: z.number().int(), other: z.number().int() }),
    }),
  },
  'diagnostics.ports': { input: tokenOnly, output: z.array(z.object({ path: z.string(), description: z.string() })) },
  'diagnostics.scan': {
    input: withToken({ busId: z.string().min(1).max(32) }),
    output: z.array(z.object({ address: z.number().int(), statusBytes: z.number().int().nullable() })),
  },
  /** Validated against the whole configuration; applied at the next start. */
  'diagnostics.saveBuses': {
    input: withToken({ buses: z.array(z.unknown()).min(1).max(8) }),
    output: z.object({ saved: z.literal(true), restartRequired: z.literal(true), path: z.string() }),
  },
  /**
   * Restart the kiosk application so saved settings take effect (ADR 0012): refused while a door
   * is being opened or is open; the screen comes back on the residents' home.
   */
  'system.restart': { input: tokenOnly, output: z.object({ restarting: z.literal(true) }) },
  'diagnostics.exportLogs': { input: withToken({ days: z.number().int().min(1).max(14).default(3) }), output: z.object({ text: z.string() }) },
  /** Offline updates (ADR 0019): the running version and the packages found on mounted USB media, each verified. */
  'updates.list': { input: tokenOnly, output: updateState },
  /** Verify again, install beside the running version and switch to it at the next start (system.restart). */
  'updates.apply': { input: withToken({ file: z.string().min(1).max(4096) }), output: z.object({ version: z.string(), previous: z.string(), restartRequired: z.literal(true) }) },
  /** Back to the previous version at the next start. */
  'updates.rollback': { input: tokenOnly, output: z.object({ version: z.string(), restartRequired: z.literal(true) }) },
  'audit.recent': { input: withToken({ limit: z.number().int().min(1).max(1000).default(200) }), output: z.array(auditRow) },
  'audit.verify': {
    input: tokenOnly,
    output: z.object({ ok: z.boolean(), rows: z.number(), problems: z.array(z.object({ kind: z.string() }).passthrough()) }),
  },
} as const;

export const staffEvents = {
  'staff.job': staffJob,
} as const;

export { permission };
export type UpdateState = z.infer<typeof updateState>;

/**
 * Who may call each method: a permission, 'session' (any logged-in account) or 'public' (before
 * login). The core checks exactly this; a test calls each method with a role that lacks it.
 */
export const staffAccess = {
  'staff.setupNeeded': 'public',
  'staff.createFirstAdmin': 'public',
  'staff.login': 'public',
  'staff.logout': 'public', // ends the session its token names, if any
  'staff.createAccount': 'accounts',
  'staff.accounts': 'accounts',
  'staff.setDisabled': 'accounts',
  'staff.resetPin': 'accounts',
  'staff.revokeCard': 'accounts',
  'staff.jobs': 'session',
  'retrieval.pending': 'retrieve',
  'retrieval.open': 'retrieve',
  'retrieval.openAll': 'retrieve',
  'retrieval.stopAll': 'retrieve',
  'retrieval.manifest': 'retrieve',
  'retrieval.manifestCsv': 'retrieve',
  'retrieval.setSeal': 'retrieve',
  'returns.returnable': 'return',
  'returns.find': 'return',
  'returns.putBack': 'return',
  'returns.takeCode': 'return',
  'recall.list': 'return',
  'recall.open': 'return',
  'maintenance.override': 'override',
  'maintenance.setInService': 'override',
  'maintenance.selfTest': 'diagnostics',
  'check.list': 'retrieve',
  'check.clear': 'retrieve',
  'maintenance.rotatePhoneKey': 'accounts',
  'maintenance.selfTestReport': 'diagnostics',
  'reports.period': 'reports',
  'reports.csv': 'reports',
  'diagnostics.buses': 'diagnostics',
  'diagnostics.doors': 'diagnostics',
  'diagnostics.traffic': 'diagnostics',
  'diagnostics.ports': 'diagnostics',
  'diagnostics.scan': 'diagnostics',
  'diagnostics.saveBuses': 'diagnostics',
  'system.restart': 'diagnostics',
  'diagnostics.exportLogs': 'diagnostics',
  'updates.list': 'diagnostics',
  'updates.apply': 'diagnostics',
  'updates.rollback': 'diagnostics',
  'audit.recent': 'audit',
  'audit.verify': 'audit',
} as const satisfies Record<keyof typeof staffMethods, z.infer<typeof permission> | 'session' | 'public'>;
