// The contract: every method the UI may call, with the zod schema of its input and output, and
// every event the core pushes. The one place where a UI action is named; both shells dispatch
// through dispatch.ts, and both clients are generated from this list (client.ts).
import { z } from 'zod';
import { REFERENCE_PATTERN } from './format';
import { helpMethods } from './help-api';
import { voiceMethods } from './voice-api';
import { notifyMethods, verificationToken } from './notify-api';
import { printerMethods } from './printer-api';
import { identityMethods } from './identity-api';
import { devicesEvents, devicesMethods } from './devices-api';
import { staffEvents, staffMethods } from './staff-api';
import { cabinetInfo, caseStatusView, dropOffState, idCardRead, idCardToken, language, matter, phoneNumber, pickUpState, proxyGrant, ratingComment } from './schemas';

const empty = z.object({}).strict();

export const methods = {
  'cabinet.info': { input: empty, output: cabinetInfo },
  'matters.list': { input: empty, output: z.array(matter) },
  'dropOff.begin': {
    input: z
      .object({
        matterId: z.string().min(1).max(64),
        phone: phoneNumber,
        /** The number was read back in large grouped digits and the resident confirmed it (no SMS gateway). */
        phoneConfirmed: z.literal(true).optional(),
        /** Or: the token phone.verifyCode answered for this number. */
        verification: verificationToken.optional(),
        consent: z.literal(true),
        language,
        elderMode: z.boolean(),
        /** The applicant's card (idCard.read), for a matter with identity 'id-card'. */
        applicantCard: idCardToken.optional(),
        /** 代领: who else may collect personal results. */
        proxy: proxyGrant.optional(),
      })
      .strict()
      .refine((v) => (v.phoneConfirmed === undefined) !== (v.verification === undefined), {
        message: 'give either phoneConfirmed (the number read back and confirmed) or verification (an SMS-verified number)',
        path: ['phoneConfirmed'],
      }),
    output: dropOffState,
  },
  'dropOff.get': { input: z.object({ dropOffId: z.string().min(1).max(64) }).strict(), output: dropOffState },
  /** 继续投递: open another compartment for the case just deposited (within minutes, same kiosk). */
  'dropOff.continue': { input: z.object({ dropOffId: z.string().min(1).max(64) }).strict(), output: dropOffState },
  /** After "open not detected": try another compartment for the same case. */
  'dropOff.retry': { input: z.object({ dropOffId: z.string().min(1).max(64) }).strict(), output: dropOffState },
  /** After 'open-uncertain': the resident says whether the documents are inside (true: deposited; false: another compartment may be tried). */
  'dropOff.answer': { input: z.object({ dropOffId: z.string().min(1).max(64), inside: z.boolean() }).strict(), output: dropOffState },
  'dropOff.cancel': { input: z.object({ dropOffId: z.string().min(1).max(64) }).strict(), output: dropOffState },
  /** The pickup code and the last four digits of the phone the case was registered with. */
  'pickUp.begin': {
    input: z
      .object({
        code: z.string().regex(/^\d{6,10}$/, '6 to 10 digits'),
        phoneLast4: z.string().regex(/^\d{4}$/, '4 digits'),
        /** The collector's card (idCard.read): required for personal results, recorded whenever given. */
        card: idCardToken.optional(),
      })
      .strict(),
    output: pickUpState,
  },
  /** Read the resident ID card on the reader once (the screen asks again until one is there or it gives up). */
  'idCard.read': { input: empty, output: idCardRead },
  'pickUp.get': { input: z.object({ pickUpId: z.string().min(1).max(64) }).strict(), output: pickUpState },
  'status.lookup': {
    input: z.object({ reference: z.string().regex(REFERENCE_PATTERN, '10 or 13 digits'), phoneLast4: z.string().regex(/^\d{4}$/, '4 digits') }).strict(),
    output: caseStatusView,
  },
  /** The receipt's QR code scanned at the cabinet: that case's status (a forged or foreign QR answers not-found, rate-limited like look-ups). */
  'status.byReceipt': { input: z.object({ qr: z.string().min(1).max(64) }).strict(), output: caseStatusView },
  'rating.submit': {
    input: z
      .object({
        flow: z.enum(['drop-off', 'pick-up', 'status']),
        reference: z.string().regex(REFERENCE_PATTERN).optional(),
        level: z.number().int().min(1).max(5),
        comments: z.array(ratingComment).max(8).default([]),
      })
      .strict(),
    output: z.object({ recorded: z.literal(true) }),
  },
  ...helpMethods,
  ...voiceMethods,
  ...staffMethods,
  ...notifyMethods,
  ...printerMethods,
  ...identityMethods,
  ...devicesMethods,
} as const;

export const events = {
  'dropOff.changed': dropOffState,
  /** The paper receipt of a deposit came out, or could not be printed (a drop-off's state does not change stage for it). */
  'dropOff.paper': z.object({ dropOffId: z.string(), paper: dropOffState.shape.paper.unwrap() }),
  'pickUp.changed': pickUpState,
  ...staffEvents,
  ...devicesEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;
export type EventData<E extends EventName> = z.output<(typeof events)[E]>;
