// 呼叫帮助 / Call for help, for every resident screen: one large button (icon + label, its
// accessible name is its label), then a dialog that says the staff on duty have been told and at
// what time, and shows the hotline in large digits. The core limits how often staff are alarmed;
// a repeat press is still told "staff have been told" (they were, moments ago).
import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { LifeBuoy, PhoneCall } from 'lucide-react';
import { formatTime } from '../../main/contract/format';
import type { Language } from '../../main/contract/schemas';
import { api } from '../cabinet-api';
import { prompt, useVoice } from '../speech';
import './HelpButton.css';

export interface HelpButtonProps {
  /** The resident screen it is on (e.g. "home", "drop-off/phone"), named in the staff's alarm. */
  screen: string;
  /** The configured hotline (cabinet.info help.hotline), shown even when the call fails. */
  hotline: string;
  /** The cabinet's time zone (cabinet.info timeZone). */
  timeZone: string;
}

type Outcome = { kind: 'calling' } | { kind: 'told'; at: number; hotline: string } | { kind: 'failed' };

export function HelpButton({ screen, hotline, timeZone }: HelpButtonProps) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const call = () => {
    setOutcome({ kind: 'calling' });
    api['help.call']({ screen: screen.toLowerCase().replace(/[^a-z0-9./-]/g, '-').slice(0, 48) || 'screen', language: i18n.language as Language }).then(
      (r) => setOutcome({ kind: 'told', at: r.toldAt, hotline: r.hotline }),
      () => setOutcome({ kind: 'failed' }),
    );
  };
  const close = () => {
    setOutcome(null);
    opener.current?.focus();
  };
  return (
    <>
      <button ref={opener} type="button" className="help-button" data-testid="help-button" onClick={call}>
        <LifeBuoy aria-hidden="true" className="help-icon" />
        <span>{t('help.button')}</span>
      </button>
      {/* On the body, not inside the bar it was opened from: its own colours, no landmark around it. */}
      {outcome && createPortal(<HelpDialog outcome={outcome} hotline={outcome.kind === 'told' ? outcome.hotline : hotline} timeZone={timeZone} onClose={close} />, document.body)}
    </>
  );
}

function HelpDialog({ outcome, hotline, timeZone, onClose }: { outcome: Outcome; hotline: string; timeZone: string; onClose(): void }) {
  const { t } = useTranslation();
  useVoice(outcome.kind === 'told' ? prompt('help.told', { hotline }) : outcome.kind === 'failed' ? prompt('help.failed', { hotline }) : null);
  const title = outcome.kind === 'calling' ? t('help.calling') : outcome.kind === 'told' ? t('help.told') : t('help.hotline');
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-dialog">
      <div className="dialog help-dialog">
        <h2 id="help-title">{title}</h2>
        {outcome.kind === 'told' && <p className="help-told">{t('help.toldAt', { time: formatTime(outcome.at, timeZone) })}</p>}
        {outcome.kind === 'failed' && (
          <p className="error" role="alert">
            {t('help.failed')}
          </p>
        )}
        {outcome.kind !== 'calling' && (
          <>
            <p className="help-hotline-lead">{t('help.callHotline')}</p>
            <p className="help-hotline" data-testid="help-hotline">
              <PhoneCall aria-hidden="true" className="help-icon" />
              <span>{hotline}</span>
            </p>
            <button type="button" className="big-button primary help-close" autoFocus onClick={onClose}>
              {t('help.close')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
