// The one "back" button of the resident screens: the same icon, words and size on every step.
import { ArrowLeft } from 'lucide-react';
import { useTranslation } from 'react-i18next';

export function BackButton({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="big-button" onClick={onBack}>
      <ArrowLeft className="icon" aria-hidden="true" />
      {t('app.back')}
    </button>
  );
}
