// No resident is left stuck on a screen, and no session leaks to the next person: after a quiet
// spell a visible countdown appears, then the kiosk returns home.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sentences, useVoice } from '../speech';

interface IdleGuardProps {
  /** Seconds without a touch before the countdown appears, plus the countdown itself. */
  idleSeconds: number;
  warningSeconds: number;
  /** Paused (e.g. while a door stands open for the resident). */
  paused: boolean;
  /** Change this to restart the clock (e.g. on a new screen). */
  screenKey: string;
  onTimeout(): void;
}

export function IdleGuard({ idleSeconds, warningSeconds, paused, screenKey, onTimeout }: IdleGuardProps) {
  const { t } = useTranslation();
  const [remaining, setRemaining] = useState(idleSeconds);
  const lastTouch = useRef(Date.now());

  useEffect(() => {
    lastTouch.current = Date.now();
    setRemaining(idleSeconds);
  }, [screenKey, idleSeconds]);

  useEffect(() => {
    const touch = () => {
      lastTouch.current = Date.now();
      setRemaining(idleSeconds);
    };
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    return () => {
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, [idleSeconds]);

  useEffect(() => {
    if (paused) return;
    lastTouch.current = Date.now();
    const timer = setInterval(() => {
      const left = Math.ceil(idleSeconds - (Date.now() - lastTouch.current) / 1000);
      setRemaining(left);
      if (left <= 0) onTimeout();
    }, 250);
    return () => clearInterval(timer);
  }, [paused, idleSeconds, onTimeout]);

  const warning = !paused && remaining <= warningSeconds;
  useVoice(warning ? sentences(t('idle.title'), t('idle.voice')) : null);

  if (!warning) return null;
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-countdown">
      <div className="dialog">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-countdown" className="countdown" aria-live="polite">
          {t('idle.countdown', { count: Math.max(0, remaining) })}
        </p>
        <button type="button" className="big-button primary" onClick={() => setRemaining(idleSeconds)}>
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
