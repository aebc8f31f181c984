// The drop-off flow's state and everything it does besides drawing: the matters, the step (told to
// the shell and read out), the door's changes as the core pushes them, and dropOff.begin.
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CallError } from '../../../main/contract/errors';
import type { EventData } from '../../../main/contract/api';
import type { CabinetInfo, DropOffState, Language, Matter } from '../../../main/contract/schemas';
import { api, onEvent } from '../../cabinet-api';
import { failureText } from '../../failure-text';
import { stageRank } from '../../door-stage';
import { sentences, useVoice } from '../../speech';
import type { CardRead } from '../id-card/IdCardStep';

export type Step =
  | { name: 'matter' }
  | { name: 'checklist'; matter: Matter }
  /** `manual`: typed and read back (no SMS gateway, or the resident gets no text message); `typed`: the digits to start from. */
  | { name: 'phone'; matter: Matter; typed?: string; manual?: boolean | undefined }
  /** The number read back in large digits with the privacy notice: one tap agrees and opens. */
  | { name: 'confirm'; matter: Matter; phone: string; verification?: string; manual?: boolean | undefined }
  /** The applicant's (or the proxy's) ID card on the reader, for a matter with identity 'id-card'. */
  | { name: 'idcard'; matter: Matter; role: 'applicant' | 'proxy' }
  /** 代领: who else may collect personal results. */
  | { name: 'proxy'; matter: Matter }
  | { name: 'door'; state: DropOffState }
  | { name: 'rating'; reference: string };

/** The applicant's card, and a proxy's card or "anyone with the code and phone digits". */
export interface DropOffIdentity {
  applicant?: CardRead;
  proxy?: { card: CardRead } | { anyone: true };
}

const identityInput = (identity: DropOffIdentity) => ({
  ...(identity.applicant ? { applicantCard: identity.applicant.token } : {}),
  ...(identity.proxy ? { proxy: 'anyone' in identity.proxy ? { anyone: true as const } : { card: identity.proxy.card.token } } : {}),
});

interface FlowOptions {
  info: CabinetInfo;
  elderMode: boolean;
  onDoorActive(active: boolean): void;
  onStepChange(step: string): void;
}

/** The step's main instruction, read out in elder mode (phone and door steps speak their own). */
function stepVoice(t: TFunction, lang: Language, step: Step, info: CabinetInfo): string | null {
  if (step.name === 'matter') return t('dropOff.chooseMatter');
  if (step.name === 'checklist') {
    return t('dropOff.voiceChecklist', {
      matter: step.matter.name[lang],
      materials: step.matter.materials.map((m) => m[lang]).join(lang === 'en' ? '; ' : '；'),
      days: t('dropOff.processingDays', { count: step.matter.processingDays }),
    });
  }
  if (step.name === 'confirm') {
    return sentences(t('dropOff.voiceReadBack', { phone: step.phone.split('').join(' ') }), t('dropOff.consentText', { days: info.privacy.purgeAfterDays }));
  }
  return null;
}

export function useDropOffFlow({ info, elderMode, onDoorActive, onStepChange }: FlowOptions) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [matters, setMatters] = useState<Matter[] | null>(null);
  const [step, setStep] = useState<Step>({ name: 'matter' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The cards read for this drop-off (tokens for the core's copy, masked words for the screen). */
  const [identity, setIdentity] = useState<DropOffIdentity>({});

  useEffect(() => {
    api['matters.list']({}).then(setMatters, () => setError(t('errors.unavailable')));
  }, [t]);

  useVoice(stepVoice(t, lang, step, info));

  useEffect(() => {
    onStepChange(step.name === 'door' ? `door-${step.state.stage}` : step.name);
    onDoorActive(step.name === 'door' && (step.state.stage === 'opening' || step.state.stage === 'open'));
  }, [step, onStepChange, onDoorActive]);

  // The core pushes each change of the drop-off: door opened, door closed (receipt), no door. A
  // change that came between the call's answer and this subscription is caught by asking once.
  const doorId = step.name === 'door' ? step.state.dropOffId : null;
  useEffect(() => {
    if (!doorId) return;
    const unsubscribe = onEvent((event, data) => {
      const state = data as DropOffState;
      if (event === 'dropOff.changed' && state.dropOffId === doorId) setStep({ name: 'door', state });
      // The paper receipt's outcome, after the deposit: said on the receipt screen.
      const paper = data as EventData<'dropOff.paper'>;
      if (event === 'dropOff.paper' && paper.dropOffId === doorId) setStep((current) => (current.name === 'door' && current.state.dropOffId === doorId ? { name: 'door', state: { ...current.state, paper: paper.paper } } : current));
    });
    api['dropOff.get']({ dropOffId: doorId }).then(
      (state) => setStep((current) => (current.name === 'door' && current.state.dropOffId === doorId && stageRank(state.stage) > stageRank(current.state.stage) ? { name: 'door', state } : current)),
      () => undefined,
    );
    return unsubscribe;
  }, [doorId]);

  async function openDoor(matter: Matter, phone: string, verification: string | undefined) {
    setBusy(true);
    setError(null);
    try {
      const proof = verification ? { verification } : { phoneConfirmed: true as const };
      const cards = matter.identity === 'id-card' ? identityInput(identity) : {};
      const state = await api['dropOff.begin']({ matterId: matter.id, phone, ...proof, consent: true, language: lang, elderMode, ...cards });
      setStep({ name: 'door', state });
    } catch (e) {
      // A card read too long ago (or refused): read it again.
      if (e instanceof CallError && (e.code === 'expired' || e.code === 'id-card-required')) return setStep({ name: 'idcard', matter, role: 'applicant' });
      setError(e instanceof CallError && e.code === 'no-compartment' ? t('dropOff.noCompartment') : failureText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return { matters, step, setStep, error, busy, openDoor, identity, setIdentity };
}
