// The phone number, typed once on the keypad (no SMS gateway, or the resident gets no text
// message); the next screen reads it back in large grouped digits to confirm.
import { BackButton } from '../../components/BackButton';
import { useState } from 'react';

import { useTranslation } from 'react-i18next';
import { phoneNumber } from '../../../main/contract/schemas';
import { Keypad, groupDigits } from '../../components/Keypad';
import { Alert } from '../../components/Notices';
import { sentences, useVoice } from '../../speech';

interface PhoneStepProps {
  /** Digits to start from (back from the read-back to correct them). */
  initial: string;
  onBack(): void;
  onDone(phone: string): void;
}

export function PhoneStep({ initial, onBack, onDone }: PhoneStepProps) {
  const { t } = useTranslation();
  const [digits, setDigits] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  useVoice(sentences(t('dropOff.enterPhone'), t('dropOff.phoneHint')));
  const confirm = () => {
    if (!phoneNumber.safeParse(digits).success) return setMessage(t('dropOff.phoneInvalid'));
    onDone(digits);
  };
  return (
    <section className="screen split phone-step" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('dropOff.enterPhone')}</h1>
        <p className="note">{t('dropOff.phoneHint')}</p>
        {message && <Alert>{message}</Alert>}
      </div>
      <div className="panel">
        <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
          {groupDigits(digits) || '\u00a0'}
        </output>
        <Keypad value={digits} maxLength={11} onChange={(v) => (setDigits(v), setMessage(null))} onConfirm={confirm} confirmDisabled={digits.length !== 11} />
      </div>
      <div className="actions">
        <BackButton onBack={onBack} />
      </div>
    </section>
  );
}
