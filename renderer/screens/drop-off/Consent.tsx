// The privacy notice before the door opens: agree (dropOff.begin) or leave.
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Notices';

interface ConsentProps {
  purgeAfterDays: number;
  error: string | null;
  busy: boolean;
  onAgree(): void;
  onDisagree(): void;
}

export function Consent({ purgeAfterDays, error, busy, onAgree, onDisagree }: ConsentProps) {
  const { t } = useTranslation();
  return (
    <section className="screen" aria-labelledby="step-title">
      <h1 id="step-title">{t('dropOff.consentTitle')}</h1>
      <p className="consent-text">{t('dropOff.consentText', { days: purgeAfterDays })}</p>
      {error && <Alert>{error}</Alert>}
      <div className="actions">
        <button type="button" className="big-button" onClick={onDisagree} disabled={busy}>
          {t('dropOff.disagree')}
        </button>
        <button type="button" className="big-button primary" onClick={onAgree} disabled={busy}>
          {t('dropOff.agree')}
        </button>
      </div>
    </section>
  );
}
