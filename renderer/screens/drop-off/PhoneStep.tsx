// The phone number typed twice (no SMS gateway, or the resident gets no text message).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { phoneNumber } from '../../../main/contract/schemas';
import { Keypad, groupDigits } from '../../components/Keypad';
import { Alert } from '../../components/Notices';
import { sentences, useVoice } from '../../speech';

interface PhoneStepProps {
  repeat?: string;
  mismatch: boolean;
  onBack(): void;
  onDone(phone: string): void;
  onMismatch(): void;
}

export function PhoneStep({ repeat, mismatch, onBack, onDone, onMismatch }: PhoneStepProps) {
  const { t } = useTranslation();
  const [digits, setDigits] = useState('');
  const [message, setMessage] = useState<string | null>(mismatch ? t('dropOff.phoneMismatch') : null);
  const title = repeat === undefined ? t('dropOff.enterPhone') : t('dropOff.enterPhoneAgain');
  useVoice(sentences(mismatch && t('dropOff.phoneMismatch'), title));
  const confirm = () => {
    if (!phoneNumber.safeParse(digits).success) return setMessage(t('dropOff.phoneInvalid'));
    if (repeat !== undefined && repeat !== digits) return onMismatch();
    onDone(digits);
  };
  return (
    <section className="screen phone-step" aria-labelledby="step-title">
      <h1 id="step-title">{title}</h1>
      <p className="note">{t('dropOff.phoneHint')}</p>
      <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
        {groupDigits(digits) || '\u00a0'}
      </output>
      {message && (
        <Alert>{message}</Alert>
      )}
      <Keypad value={digits} maxLength={11} onChange={(v) => (setDigits(v), setMessage(null))} onConfirm={confirm} confirmDisabled={digits.length !== 11} />
      <div className="actions">
        <button type="button" className="big-button" onClick={onBack}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}
