// 长辈模式 / Senior mode: large type, bigger keys, voice and more time. One toggle whose name is
// its visible words (WCAG 2.5.3) and whose state is said in words (已开启 / 未开启), never by naming
// the other mode. Large on the home screen; compact in the top bar of the other screens.
import { Glasses } from 'lucide-react';
import { useTranslation } from 'react-i18next';

export function ElderToggle({ on, onChange, compact = false }: { on: boolean; onChange(on: boolean): void; compact?: boolean }) {
  const { t } = useTranslation();
  if (compact) {
    return (
      <button type="button" className="toggle" aria-pressed={on} onClick={() => onChange(!on)} data-testid="elder-toggle">
        <Glasses className="icon" aria-hidden="true" />
        {t('elder.name')} <span className="state">{on ? t('elder.on') : t('elder.off')}</span>
      </button>
    );
  }
  return (
    <button type="button" className="choice elder-choice" aria-pressed={on} onClick={() => onChange(!on)} data-testid="elder-toggle">
      <Glasses className="choice-icon" aria-hidden="true" />
      <span className="choice-text">
        <span className="choice-title">{t('elder.name')}</span>
        <span className="choice-hint">{t('elder.hint')}</span>
      </span>
      <span className="state-chip">{on ? t('elder.on') : t('elder.off')}</span>
    </button>
  );
}
