// The first two drop-off screens: the matters, then the chosen matter's checklist. One component, as
// before the split, so the screen and its back key stay the same nodes between the two.
import { useTranslation } from 'react-i18next';
import type { Language, Matter } from '../../../main/contract/schemas';
import { Alert } from '../../components/Notices';

interface ChooseMatterProps {
  matters: Matter[] | null;
  /** The matter whose checklist is shown; null while the resident chooses. */
  chosen: Matter | null;
  error: string | null;
  onChoose(matter: Matter): void;
  /** From the checklist back to the matters. */
  onUnchoose(): void;
  onReady(matter: Matter): void;
  onHome(): void;
}

export function ChooseMatter({ matters, chosen, error, onChoose, onUnchoose, onReady, onHome }: ChooseMatterProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;

  if (!chosen) {
    return (
      <section className="screen" aria-labelledby="step-title">
        <h1 id="step-title">{t('dropOff.chooseMatter')}</h1>
        {error && <Alert>{error}</Alert>}
        <div className="matter-grid">
          {(matters ?? []).map((m) => (
            <button key={m.id} type="button" className="choice" onClick={() => onChoose(m)}>
              <span className="choice-title">{m.name[lang]}</span>
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" className="big-button" onClick={onHome}>
            {t('app.back')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="step-title">
      <h1 id="step-title">{t('dropOff.checklistTitle', { matter: chosen.name[lang] })}</h1>
      <ol className="checklist">
        {chosen.materials.map((m) => (
          <li key={m['zh-CN']}>{m[lang]}</li>
        ))}
      </ol>
      <p className="note strong">{t('dropOff.processingDays', { count: chosen.processingDays })}</p>
      <div className="actions">
        <button type="button" className="big-button" onClick={onUnchoose}>
          {t('app.back')}
        </button>
        <button type="button" className="big-button primary" onClick={() => onReady(chosen)}>
          {t('dropOff.ready')}
        </button>
      </div>
    </section>
  );
}
