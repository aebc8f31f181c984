// The resident's side of the contract: the cabinet's description, the matters, drop-off, pick-up,
// the status look-up and the 好差评 rating. Each handler only forwards to its service.
import type { Handlers } from '../../contract/dispatch';
import type { Methods } from '../../contract/api';
import type { notifyMethods } from '../../contract/notify-api';
import type { printerMethods } from '../../contract/printer-api';
import type { identityMethods } from '../../contract/identity-api';
import type { devicesMethods } from '../../contract/devices-api';
import type { staffMethods } from '../../contract/staff-api';
import type { voiceMethods } from '../../contract/voice-api';
import type { Repositories } from '../../store/repositories';
import type { createStatusLookup } from './case-status';
import type { Clock } from '../clock';
import type { CabinetConfig } from '../config';
import type { DropOffs } from './drop-off';
import type { Help } from './help';
import type { PickUps } from './pickup';
import type { IdCards } from '../identity/id-cards';

export type ResidentMethods = Omit<Methods, keyof typeof staffMethods | keyof typeof notifyMethods | keyof typeof printerMethods | keyof typeof voiceMethods | keyof typeof devicesMethods | keyof typeof identityMethods>;

export interface ResidentHandlersDeps {
  config: CabinetConfig;
  clock: Clock;
  dropOffs: DropOffs;
  pickUps: PickUps;
  lookUpStatus: ReturnType<typeof createStatusLookup>;
  ratings: Repositories['ratings'];
  /** Whether any bus is the built-in simulator (the screens show a banner). */
  simulated: boolean;
  smsVerification: boolean;
  help: Help;
  idCards: IdCards;
}

export function createResidentHandlers(deps: ResidentHandlersDeps): Handlers<ResidentMethods> {
  const { config, dropOffs, pickUps } = deps;
  return {
    'cabinet.info': () => ({
      id: config.cabinet.id,
      name: config.cabinet.name,
      location: config.cabinet.location,
      languages: config.languages,
      timeouts: {
        idleSeconds: config.timeouts.idleSeconds,
        elderIdleSeconds: config.timeouts.elderIdleSeconds,
        idleWarningSeconds: config.timeouts.idleWarningSeconds,
        staffIdleSeconds: config.timeouts.staffIdleSeconds,
      },
      privacy: { purgeAfterDays: config.privacy.purgeAfterDays },
      simulated: deps.simulated,
      smsVerification: deps.smsVerification,
      pickup: { codeDigits: config.pickup.codeDigits },
      referenceDigits: config.cabinet.code ? 13 : 10,
      layout: config.compartments.map((c) => ({ label: c.label, column: c.column, row: c.row, size: c.size })),
      timeZone: config.cabinet.timeZone,
      help: { hotline: config.help.hotline },
      idCard: { available: deps.idCards.available, waitSeconds: config.idCardReader?.waitSeconds ?? 30 },
    }),
    'matters.list': () =>
      config.matters.map((m) => ({ id: m.id, name: m.name, materials: m.materials, processingDays: m.processingDays, identity: m.identity, personalResults: m.personalResults })),
    'idCard.read': () => deps.idCards.read(),
    'dropOff.begin': (input) => dropOffs.begin(input),
    'dropOff.get': ({ dropOffId }) => dropOffs.get(dropOffId),
    'dropOff.cancel': ({ dropOffId }) => dropOffs.cancel(dropOffId),
    'dropOff.continue': ({ dropOffId }) => dropOffs.continueInto(dropOffId),
    'dropOff.retry': ({ dropOffId }) => dropOffs.retryElsewhere(dropOffId),
    'dropOff.answer': ({ dropOffId, inside }) => dropOffs.answer(dropOffId, inside),
    'pickUp.begin': (input) => pickUps.begin(input),
    'pickUp.get': ({ pickUpId }) => pickUps.get(pickUpId),
    'status.lookup': (input) => deps.lookUpStatus(input),
    'status.byReceipt': ({ qr }) => deps.lookUpStatus.byReceipt(qr),
    'help.call': (input) => deps.help.call(input),
    'rating.submit': (input) => {
      deps.ratings.addForReference({ at: deps.clock.now(), reference: input.reference, flow: input.flow, level: input.level, comments: input.comments });
      return { recorded: true as const };
    },
  };
}
