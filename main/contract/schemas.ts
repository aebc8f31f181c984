// Shared shapes of the contract: what crosses from the screen to the core and back.
import { z } from 'zod';

export const language = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof language>;

export const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
export type Localized = z.infer<typeof localized>;

export const compartmentSize = z.enum(['S', 'M', 'L']);

/** Mainland mobile number: 11 digits starting with 1. Residents enter it on a keypad. */
export const phoneNumber = z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mobile number starting with 13–19');

export const compartmentView = z.object({
  label: z.string(),
  size: compartmentSize,
  column: z.number().int(),
  row: z.number().int(),
  /** Rows in the cabinet, so the screen can say "third from the top" or draw the cabinet. */
  rows: z.number().int(),
  columns: z.number().int(),
});
export type CompartmentView = z.infer<typeof compartmentView>;

export const matter = z.object({
  id: z.string(),
  name: localized,
  materials: z.array(localized),
  processingDays: z.number().int(),
  /** 'id-card': the drop-off asks for the applicant's resident ID card. */
  identity: z.enum(['none', 'id-card']).default('none'),
  /** Only the applicant's card, or an authorised proxy's, collects the results. */
  personalResults: z.boolean().default(false),
});
export type Matter = z.infer<typeof matter>;

export const cabinetInfo = z.object({
  id: z.string(),
  name: localized,
  location: localized,
  languages: z.object({ default: language, available: z.array(language) }),
  timeouts: z.object({ idleSeconds: z.number(), elderIdleSeconds: z.number(), idleWarningSeconds: z.number(), staffIdleSeconds: z.number().default(180) }),
  privacy: z.object({ purgeAfterDays: z.number().int() }),
  /** True when the boards are the built-in simulator (no serial port configured). */
  simulated: z.boolean(),
  /** True when the drop-off phone number is verified by an SMS code (phone.sendCode / phone.verifyCode). */
  smsVerification: z.boolean().default(false),
  /** How many digits a pickup code has (the keypad and its hint follow it). */
  pickup: z.object({ codeDigits: z.number().int().min(6).max(10) }).default({ codeDigits: 6 }),
  /** Digits of this cabinet's references: 13 with its district code in front, else 10 (the status keypad follows it). */
  referenceDigits: z.union([z.literal(10), z.literal(13)]).default(10),
  /** The IANA zone every date and time is shown in (format.ts). */
  timeZone: z.string().default('Asia/Shanghai'),
  /** The resident ID-card reader: whether there is one, and how long a screen waits for a card. */
  idCard: z.object({ available: z.boolean(), waitSeconds: z.number().int() }).default({ available: false, waitSeconds: 30 }),
  /** The hotline the help button shows. */
  help: z.object({ hotline: z.string() }).default({ hotline: '12345' }),
  /** Every compartment's place and size, so the door screen draws the cabinet to scale (no lock or bus detail). */
  layout: z.array(z.object({ label: z.string(), column: z.number().int(), row: z.number().int(), size: compartmentSize })).default([]),
});
export type CabinetInfo = z.infer<typeof cabinetInfo>;

export const receipt = z.object({
  reference: z.string(),
  matter: localized,
  compartment: z.string(),
  /** Every compartment the case fills (more than one after 继续投递). */
  compartments: z.array(z.string()),
  depositedAt: z.number(),
  /** Expected completion, as a local calendar date YYYY-MM-DD. */
  expectedDate: z.string(),
  maskedPhone: z.string(),
  /** What the QR code says (contract/receipt-qr.ts): scanned at the cabinet, it opens this case's status. */
  qr: z.string(),
  /** The case's status page (config notifications.statusUrl), printed as a second QR for a phone to scan. */
  statusUrl: z.string().optional(),
});
export type Receipt = z.infer<typeof receipt>;

/**
 * Where a drop-off stands. `opening`: the open command is on its way; `open`: the door sensor
 * reports the door open (put the documents in); `deposited`: the door closed again and the
 * case is recorded; `open-not-detected`: the door never opened; `failed`: the open could not be
 * sent; `cancelled`: the resident left before the door opened; `not-recorded`: the documents went in
 * but the record could not be written (e.g. a full disk) — staff must be told, nothing is lost.
 */
/** 'open-uncertain': the door was not seen open, but it may have opened unseen: the resident is asked (dropOff.answer). */
export const dropOffStage = z.enum(['opening', 'open', 'deposited', 'open-not-detected', 'open-uncertain', 'failed', 'cancelled', 'not-recorded']);
export type DropOffStage = z.infer<typeof dropOffStage>;

export const dropOffState = z.object({
  dropOffId: z.string(),
  stage: dropOffStage,
  compartment: compartmentView,
  receipt: receipt.optional(),
  /** The door has stood open long: remind the resident (and, at 'alarm', staff are alerted). */
  doorLeftOpen: z.enum(['reminder', 'alarm']).optional(),
  /** The paper receipt once deposited: being printed, printed, could not be printed, or no printer here. */
  paper: z.enum(['printing', 'printed', 'not-printed', 'no-printer']).optional(),
});
export type DropOffState = z.infer<typeof dropOffState>;

/** 'not-recorded': the door closed after the pickup, but it could not be written (a full disk): the code stays valid, the compartment occupied. */
export const pickUpStage = z.enum(['opening', 'open', 'picked-up', 'open-not-detected', 'failed', 'not-recorded']);
export const pickUpState = z.object({
  pickUpId: z.string(),
  /** The case picked up, so the rating that follows is stored with it. */
  reference: z.string(),
  stage: pickUpStage,
  compartment: compartmentView,
  doorLeftOpen: z.enum(['reminder', 'alarm']).optional(),
});
export type PickUpState = z.infer<typeof pickUpState>;

/** What a resident is told about a case; never the phone number or the pickup code. */
export const residentStatus = z.enum(['received', 'processing', 'needs-correction', 'ready', 'picked-up', 'recalled', 'not-deposited']);
export const caseStatusView = z.object({
  reference: z.string(),
  matter: localized,
  status: residentStatus,
  depositedAt: z.number().nullable(),
  expectedDate: z.string().nullable(),
  /** Where to pick up, once ready. */
  compartment: z.string().nullable(),
  pickupDeadline: z.number().nullable(),
  correctionReason: z.string().nullable(),
});
export type CaseStatusView = z.infer<typeof caseStatusView>;

/** Preset comments of the 好差评 rating: residents type no free text. */
export const ratingComment = z.enum(['fast', 'easy', 'clear-guidance', 'polite-staff', 'hard-to-use', 'slow', 'door-problem', 'unclear-guidance']);
export type RatingComment = z.infer<typeof ratingComment>;

/** A card read (idCard.read) for the next step: a token for the core's copy, and what may be shown. */
export const idCardToken = z.string().min(1).max(64);
export const idCardRead = z.discriminatedUnion('status', [
  z.object({ status: z.literal('read'), token: idCardToken, maskedName: z.string(), maskedIdNumber: z.string() }),
  z.object({ status: z.enum(['no-card', 'card-moved', 'unreadable', 'reader-fault', 'no-reader']) }),
]);
export type IdCardReadView = z.infer<typeof idCardRead>;

/** Who else may collect (代领): the card of a proxy read at the kiosk, or anyone with the code and phone digits. */
export const proxyGrant = z.union([z.object({ card: idCardToken }).strict(), z.object({ anyone: z.literal(true) }).strict()]);
export type ProxyGrantInput = z.infer<typeof proxyGrant>;

/** A case's identities as staff see them (masked names, the last four characters). */
const identityPerson = z.object({ maskedName: z.string(), maskedIdNumber: z.string() });

export const caseIdentityView = z.object({
  applicant: identityPerson.nullable(),
  personal: z.boolean(),
  proxy: z.union([identityPerson.extend({ anyone: z.literal(false) }), z.object({ anyone: z.literal(true) })]).nullable(),
  collector: z.object({ as: z.enum(['applicant', 'proxy', 'anyone']), person: identityPerson.nullable(), at: z.number() }).nullable(),
});
export type CaseIdentityView = z.infer<typeof caseIdentityView>;

