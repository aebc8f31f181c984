// 代领: after the applicant's card is read for a matter with personal results, who else may collect —
// only the applicant, a proxy whose card is read now, or anyone with the code and the phone's last
// four digits. Big buttons only; the resident types nothing.
import { IdCard, UserCheck, Users } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { BackButton } from '../../components/BackButton';
import { sentences, useVoice } from '../../speech';
import type { CardRead } from './IdCardStep';

interface ProxyChoiceProps {
  applicant: CardRead;
  onOnlyMe(): void;
  onProxyCard(): void;
  onAnyone(): void;
  onBack(): void;
}

export function ProxyChoice({ applicant, onOnlyMe, onProxyCard, onAnyone, onBack }: ProxyChoiceProps) {
  const { t } = useTranslation();
  useVoice(sentences(t('idCard.proxyQuestion'), t('idCard.proxyHint')));
  return (
    <section className="screen split proxy-choice" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('idCard.proxyQuestion')}</h1>
        <p className="note" data-testid="applicant-read">
          {t('idCard.applicantRead', { name: applicant.maskedName, number: applicant.maskedIdNumber })}
        </p>
        <p className="lead">{t('idCard.proxyHint')}</p>
      </div>
      <div className="panel choice-list">
        <button type="button" className="big-button primary" onClick={onOnlyMe}>
          <UserCheck className="icon" aria-hidden="true" />
          {t('idCard.onlyMe')}
        </button>
        <button type="button" className="big-button" onClick={onProxyCard}>
          <IdCard className="icon" aria-hidden="true" />
          {t('idCard.proxyCard')}
        </button>
        <button type="button" className="big-button" onClick={onAnyone}>
          <Users className="icon" aria-hidden="true" />
          {t('idCard.anyone')}
        </button>
      </div>
      <div className="actions">
        <BackButton onBack={onBack} />
      </div>
    </section>
  );
}
