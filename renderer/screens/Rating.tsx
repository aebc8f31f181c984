// 好差评: five levels as big buttons with words, optional preset comments (no free text), submit
// or skip; a thank-you, then home.
import { useState } from 'react';
import { CircleCheckBig } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { RatingComment } from '../../main/contract/schemas';
import { api } from '../cabinet-api';
import { useCountdown } from '../countdown';
import { useVoice } from '../speech';
import { Alert } from '../components/Notices';
import { failureText } from '../failure-text';

interface RatingProps {
  flow: 'drop-off' | 'pick-up' | 'status';
  /** The case's reference number, when the screen knows it. */
  reference?: string;
  /** A line of success shown above the rating (e.g. "Picked up"). */
  lead?: string;
  onHome(): void;
}

const THANKS_SECONDS = 10;

export function Rating({ flow, reference, lead, onHome }: RatingProps) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<number | null>(null);
  const [comments, setComments] = useState<RatingComment[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [thanked, setThanked] = useState(false);

  const levels = [
    { level: 5, label: t('rating.level5') },
    { level: 4, label: t('rating.level4') },
    { level: 3, label: t('rating.level3') },
    { level: 2, label: t('rating.level2') },
    { level: 1, label: t('rating.level1') },
  ];
  const presets: { id: RatingComment; label: string }[] = [
    { id: 'fast', label: t('rating.comments.fast') },
    { id: 'easy', label: t('rating.comments.easy') },
    { id: 'clear-guidance', label: t('rating.comments.clearGuidance') },
    { id: 'polite-staff', label: t('rating.comments.politeStaff') },
    { id: 'hard-to-use', label: t('rating.comments.hardToUse') },
    { id: 'slow', label: t('rating.comments.slow') },
    { id: 'door-problem', label: t('rating.comments.doorProblem') },
    { id: 'unclear-guidance', label: t('rating.comments.unclearGuidance') },
  ];

  useVoice(thanked ? t('rating.thanks') : lead ? t('rating.voiceWithLead', { lead }) : t('rating.title'));

  async function submit() {
    if (level === null) return;
    setBusy(true);
    setError(null);
    try {
      await api['rating.submit']({ flow, level, comments, ...(reference ? { reference } : {}) });
      setThanked(true);
    } catch (e) {
      setError(failureText(t, e));
    } finally {
      setBusy(false);
    }
  }

  if (thanked) return <Thanks onHome={onHome} />;

  const toggle = (id: RatingComment) => setComments((list) => (list.includes(id) ? list.filter((c) => c !== id) : [...list, id]));
  return (
    <section className="screen rating" aria-labelledby="step-title">
      <div className="head">
        {lead && (
          <p className="success" role="status">
            <CircleCheckBig className="icon" aria-hidden="true" />
            {lead}
          </p>
        )}
        <h1 id="step-title">{t('rating.title')}</h1>
        <p className="note">{t('rating.hint')}</p>
      </div>
      <div className="panel">
        <div className="rating-levels" role="radiogroup" aria-label={t('rating.levelsLabel')}>
          {levels.map((l) => (
            <button key={l.level} type="button" role="radio" aria-checked={level === l.level} className="rating-level" onClick={() => setLevel(l.level)}>
              <span className="stars" aria-hidden="true">
                {'★'.repeat(l.level)}
                {'☆'.repeat(5 - l.level)}
              </span>
              <span className="rating-word">
                {level === l.level && (
                  <span className="chosen-mark" aria-hidden="true">
                    ✔{' '}
                  </span>
                )}
                {l.label}
              </span>
            </button>
          ))}
        </div>
        <h2 id="comments-title" className="subheading">
          {t('rating.commentsTitle')}
        </h2>
        <div className="rating-comments" role="group" aria-labelledby="comments-title">
          {presets.map((c) => {
            const on = comments.includes(c.id);
            return (
              <button key={c.id} type="button" className="comment-toggle" aria-pressed={on} onClick={() => toggle(c.id)}>
                <span aria-hidden="true">{on ? '☑ ' : '☐ '}</span>
                {c.label}
              </button>
            );
          })}
        </div>
        {error && <Alert>{error}</Alert>}
      </div>
      <div className="actions">
        <button type="button" className="big-button" onClick={onHome} disabled={busy}>
          {t('rating.skip')}
        </button>
        <button type="button" className="big-button primary" onClick={() => void submit()} disabled={busy || level === null}>
          {t('rating.submit')}
        </button>
      </div>
    </section>
  );
}

function Thanks({ onHome }: { onHome(): void }) {
  const { t } = useTranslation();
  const left = useCountdown(THANKS_SECONDS, onHome);
  return (
    <section className="screen thanks" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('rating.thanks')}</h1>
        <p className="note" aria-live="off">
          {t('rating.autoHome', { count: left })}
        </p>
      </div>
      <div className="actions">
        <button type="button" className="big-button primary" onClick={onHome}>
          {t('app.home')}
        </button>
      </div>
    </section>
  );
}
