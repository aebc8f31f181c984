// The drop-off's identity steps for a matter with identity 'id-card': the applicant's card, then,
// for personal results, who else may collect (代领) and the proxy's card. What was read is kept by
// the flow (use-drop-off-flow.ts) and sent with dropOff.begin.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Matter } from '../../../main/contract/schemas';
import { IdCardStep, type CardRead } from '../id-card/IdCardStep';
import { ProxyChoice } from '../id-card/ProxyChoice';
import type { DropOffIdentity, Step } from './use-drop-off-flow';

interface IdentityStepsProps {
  step: Extract<Step, { name: 'idcard' | 'proxy' }>;
  waitSeconds: number;
  identity: DropOffIdentity;
  setIdentity(identity: DropOffIdentity): void;
  setStep(step: Step): void;
}

/** The same card twice (the screen sees only masked forms; the core compares by keyed hash and refuses too). */
const sameCard = (a: CardRead | undefined, b: CardRead) => a !== undefined && a.maskedName === b.maskedName && a.maskedIdNumber === b.maskedIdNumber;

export function IdentitySteps({ step, waitSeconds, identity, setIdentity, setStep }: IdentityStepsProps) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const matter: Matter = step.matter;
  const toPhone = () => setStep({ name: 'phone', matter });

  if (step.name === 'proxy' && identity.applicant) {
    return (
      <ProxyChoice
        applicant={identity.applicant}
        onOnlyMe={() => (setIdentity({ applicant: identity.applicant }), toPhone())}
        onProxyCard={() => setStep({ name: 'idcard', matter, role: 'proxy' })}
        onAnyone={() => (setIdentity({ applicant: identity.applicant, proxy: { anyone: true } }), toPhone())}
        onBack={() => setStep({ name: 'checklist', matter })}
      />
    );
  }
  const role = step.name === 'idcard' ? step.role : 'applicant';
  const onRead = (card: CardRead) => {
    if (role === 'applicant') {
      setIdentity({ applicant: card });
      return matter.personalResults ? setStep({ name: 'proxy', matter }) : toPhone();
    }
    if (sameCard(identity.applicant, card)) return setProblem(t('idCard.sameAsApplicant'));
    setIdentity({ applicant: identity.applicant, proxy: { card } });
    toPhone();
  };
  return (
    <IdCardStep
      key={`${role}-${problem ?? ''}`}
      role={role}
      waitSeconds={waitSeconds}
      problem={problem}
      awaitRemoval={role === 'proxy'}
      onRead={onRead}
      onBack={() => (setProblem(null), setStep(role === 'proxy' ? { name: 'proxy', matter } : { name: 'checklist', matter }))}
    />
  );
}
