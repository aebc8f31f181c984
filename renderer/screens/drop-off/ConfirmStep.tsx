// The number read back in large grouped digits, with the privacy notice: one tap says "this is my
// number, I agree" and opens the door; the other goes back to correct it (nothing opens).
import { DoorOpen, PencilLine, ShieldCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { groupDigits } from '../../components/Keypad';
import { Alert } from '../../components/Notices';

interface ConfirmStepProps {
  phone: string;
  /** Verified by an SMS code (then there is nothing to read back, only to agree). */
  verified: boolean;
  purgeAfterDays: number;
  error: string | null;
  busy: boolean;
  onAgree(): void;
  onChange(): void;
}

export function ConfirmStep({ phone, verified, purgeAfterDays, error, busy, onAgree, onChange }: ConfirmStepProps) {
  const { t } = useTranslation();
  return (
    <section className="screen split confirm-step" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{verified ? t('dropOff.consentTitle') : t('dropOff.readBackTitle')}</h1>
        <div className="read-back">
          <span className="note">{t('dropOff.phone')}</span>
          <span className="digits-big" data-testid="read-back">
            {groupDigits(phone)}
          </span>
          {verified && (
            <span className="verified">
              <ShieldCheck className="icon" aria-hidden="true" />
              {t('dropOff.verified')}
            </span>
          )}
        </div>
      </div>
      <div className="panel">
        {!verified && <h2 className="subheading">{t('dropOff.consentTitle')}</h2>}
        <p className="consent-text">{t('dropOff.consentText', { days: purgeAfterDays })}</p>
        {error && <Alert>{error}</Alert>}
      </div>
      <div className="actions">
        <button type="button" className="big-button" onClick={onChange} disabled={busy}>
          <PencilLine className="icon" aria-hidden="true" />
          {verified ? t('app.back') : t('dropOff.changeNumber')}
        </button>
        <button type="button" className="big-button primary" onClick={onAgree} disabled={busy}>
          <DoorOpen className="icon" aria-hidden="true" />
          {verified ? t('dropOff.agree') : t('dropOff.agreeNumber')}
        </button>
      </div>
    </section>
  );
}
