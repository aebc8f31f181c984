// The first two drop-off screens: the matters as tiles with icons, then the chosen matter's
// checklist. One component, as before the split, so the screen and its back key stay the same nodes.
import { BackButton } from '../../components/BackButton';
import { ArrowRight, Accessibility, Briefcase, CalendarClock, FileText, HeartPulse, House, IdCard, ShieldCheck, type LucideIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Language, Matter } from '../../../main/contract/schemas';
import { Alert } from '../../components/Notices';

/** An icon for each default matter; any other matter gets a document. */
const matterIcons: Record<string, LucideIcon> = {
  retirement: CalendarClock,
  'social-insurance': ShieldCheck,
  'medical-insurance': HeartPulse,
  'housing-fund': House,
  'disability-card': Accessibility,
  'senior-card': IdCard,
  other: Briefcase,
};

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
      <section className="screen matters" aria-labelledby="step-title">
        <div className="head">
          <h1 id="step-title">{t('dropOff.chooseMatter')}</h1>
          {error && <Alert>{error}</Alert>}
        </div>
        <div className="panel matter-grid">
          {(matters ?? []).map((m) => {
            const Icon = matterIcons[m.id] ?? FileText;
            return (
              <button key={m.id} type="button" className="choice" onClick={() => onChoose(m)}>
                <Icon className="choice-icon" aria-hidden="true" />
                <span className="choice-title">{m.name[lang]}</span>
              </button>
            );
          })}
        </div>
        <div className="actions">
          <BackButton onBack={onHome} />
        </div>
      </section>
    );
  }

  return (
    <section className="screen split" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('dropOff.checklistTitle', { matter: chosen.name[lang] })}</h1>
        <p className="note strong">{t('dropOff.processingDays', { count: chosen.processingDays })}</p>
      </div>
      <ol className="panel checklist">
        {chosen.materials.map((m, i) => (
          <li key={m['zh-CN']}>
            <span className="num" aria-hidden="true">
              {i + 1}
            </span>
            {m[lang]}
          </li>
        ))}
      </ol>
      <div className="actions">
        <BackButton onBack={onUnchoose} />
        <button type="button" className="big-button primary" onClick={() => onReady(chosen)}>
          {t('dropOff.ready')}
          <ArrowRight className="icon" aria-hidden="true" />
        </button>
      </div>
    </section>
  );
}
