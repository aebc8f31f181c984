// The drop-off flow: matter → checklist → (the ID card, and a proxy, for a matter that asks) → phone (typed once, or verified by SMS) → the number read
// back with the privacy notice (one tap agrees) → door → receipt → rating. This file routes
// between the steps; their state and calls are in drop-off/use-drop-off-flow.ts.
import type { CabinetInfo } from '../../main/contract/schemas';
import { ChooseMatter } from './drop-off/ChooseMatter';
import { ConfirmStep } from './drop-off/ConfirmStep';
import { DoorStep } from './drop-off/DoorStep';
import { PhoneStep } from './drop-off/PhoneStep';
import { useDropOffFlow } from './drop-off/use-drop-off-flow';
import { IdentitySteps } from './drop-off/IdentitySteps';
import { Rating } from './Rating';
import { SmsPhoneStep } from './SmsVerification';

interface DropOffProps {
  info: CabinetInfo;
  elderMode: boolean;
  onHome(): void;
  /** The visit is over (rated or skipped): home, standard screen for the next person. */
  onEndVisit(): void;
  /** Tells the shell whether a door is open for the resident (idle return pauses). */
  onDoorActive(active: boolean): void;
  onStepChange(step: string): void;
}

export function DropOff({ info, elderMode, onHome, onEndVisit, onDoorActive, onStepChange }: DropOffProps) {
  const { matters, step, setStep, error, busy, openDoor, identity, setIdentity } = useDropOffFlow({ info, elderMode, onDoorActive, onStepChange });

  if (step.name === 'matter' || step.name === 'checklist') {
    return (
      <ChooseMatter
        matters={matters}
        chosen={step.name === 'checklist' ? step.matter : null}
        error={error}
        onChoose={(matter) => setStep({ name: 'checklist', matter })}
        onUnchoose={() => setStep({ name: 'matter' })}
        onReady={(matter) => setStep(matter.identity === 'id-card' ? { name: 'idcard', matter, role: 'applicant' } : { name: 'phone', matter })}
        onHome={onHome}
      />
    );
  }

  if (step.name === 'idcard' || step.name === 'proxy') {
    return <IdentitySteps step={step} waitSeconds={info.idCard.waitSeconds} identity={identity} setIdentity={setIdentity} setStep={setStep} />;
  }

  if (step.name === 'phone' && info.smsVerification && !step.manual) {
    return (
      <SmsPhoneStep
        onBack={() => setStep({ name: 'checklist', matter: step.matter })}
        onVerified={(phone, verification) => setStep({ name: 'confirm', matter: step.matter, phone, verification })}
        onManual={() => setStep({ name: 'phone', matter: step.matter, manual: true })}
      />
    );
  }

  if (step.name === 'phone') {
    return (
      <PhoneStep
        initial={step.typed ?? ''}
        onBack={() => setStep({ name: 'checklist', matter: step.matter })}
        onDone={(phone) => setStep({ name: 'confirm', matter: step.matter, phone, manual: step.manual })}
      />
    );
  }

  if (step.name === 'confirm') {
    return (
      <ConfirmStep
        phone={step.phone}
        verified={step.verification !== undefined}
        purgeAfterDays={info.privacy.purgeAfterDays}
        error={error}
        busy={busy}
        onAgree={() => openDoor(step.matter, step.phone, step.verification)}
        onChange={() => setStep({ name: 'phone', matter: step.matter, typed: step.verification ? '' : step.phone, manual: step.manual })}
      />
    );
  }

  if (step.name === 'rating') return <Rating flow="drop-off" reference={step.reference} onHome={onEndVisit} />;

  return <DoorStep state={step.state} onHome={onHome} onDone={(reference) => setStep({ name: 'rating', reference })} onState={(state) => setStep({ name: 'door', state })} />;
}
