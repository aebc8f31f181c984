// The drop-off flow: matter → checklist → phone (SMS code, or typed twice) → consent → door → receipt.
// This file routes between the steps; their state and calls are in drop-off/use-drop-off-flow.ts.
import type { CabinetInfo } from '../../main/contract/schemas';
import { ChooseMatter } from './drop-off/ChooseMatter';
import { Consent } from './drop-off/Consent';
import { DoorStep } from './drop-off/DoorStep';
import { PhoneStep } from './drop-off/PhoneStep';
import { useDropOffFlow } from './drop-off/use-drop-off-flow';
import { Rating } from './Rating';
import { SmsPhoneStep } from './SmsVerification';

interface DropOffProps {
  info: CabinetInfo;
  elderMode: boolean;
  onHome(): void;
  /** Tells the shell whether a door is open for the resident (idle return pauses). */
  onDoorActive(active: boolean): void;
  onStepChange(step: string): void;
}

export function DropOff({ info, elderMode, onHome, onDoorActive, onStepChange }: DropOffProps) {
  const { matters, step, setStep, error, busy, openDoor } = useDropOffFlow({ info, elderMode, onDoorActive, onStepChange });

  if (step.name === 'matter' || step.name === 'checklist') {
    return (
      <ChooseMatter
        matters={matters}
        chosen={step.name === 'checklist' ? step.matter : null}
        error={error}
        onChoose={(matter) => setStep({ name: 'checklist', matter })}
        onUnchoose={() => setStep({ name: 'matter' })}
        onReady={(matter) => setStep({ name: 'phone', matter })}
        onHome={onHome}
      />
    );
  }

  if (step.name === 'phone' && info.smsVerification && !step.twice) {
    return (
      <SmsPhoneStep
        onBack={() => setStep({ name: 'checklist', matter: step.matter })}
        onVerified={(phone, verification) => setStep({ name: 'consent', matter: step.matter, phone, verification })}
        onTypeTwice={() => setStep({ name: 'phone', matter: step.matter, twice: true })}
      />
    );
  }

  if (step.name === 'phone') {
    const twice = step.twice ?? false;
    return (
      <PhoneStep
        key={step.repeat === undefined ? 'first' : 'repeat'}
        repeat={step.repeat}
        mismatch={step.mismatch ?? false}
        onBack={() => setStep(step.repeat === undefined ? { name: 'checklist', matter: step.matter } : { name: 'phone', matter: step.matter, twice })}
        onMismatch={() => setStep({ name: 'phone', matter: step.matter, mismatch: true, twice })}
        onDone={(phone) =>
          step.repeat === undefined ? setStep({ name: 'phone', matter: step.matter, repeat: phone, twice }) : setStep({ name: 'consent', matter: step.matter, phone })
        }
      />
    );
  }

  if (step.name === 'consent') {
    return (
      <Consent
        purgeAfterDays={info.privacy.purgeAfterDays}
        error={error}
        busy={busy}
        onAgree={() => openDoor(step.matter, step.phone, step.verification)}
        onDisagree={onHome}
      />
    );
  }

  if (step.name === 'rating') return <Rating flow="drop-off" reference={step.reference} onHome={onHome} />;

  return <DoorStep state={step.state} onHome={onHome} onDone={(reference) => setStep({ name: 'rating', reference })} onState={(state) => setStep({ name: 'door', state })} />;
}
