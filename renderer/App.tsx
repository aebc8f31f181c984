// The kiosk's frame: a top bar with the language and elder-mode toggles on every screen, the
// current screen, the idle return, and (web harness only) the simulated cabinet.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetInfo, Language } from '../main/contract/schemas';
import { api } from './cabinet-api';
import i18next from './i18n';
import { HelpButton } from './components/HelpButton';
import { IdleGuard } from './components/IdleGuard';
import { SimulatedCabinet } from './components/SimulatedCabinet';
import { DropOff } from './screens/DropOff';
import { Home } from './screens/Home';
import { PickUp } from './screens/PickUp';
import { Status } from './screens/Status';
import { VoiceContext } from './speech';
import { StaffConsole } from './staff/StaffConsole';

type Screen = 'home' | 'dropOff' | 'pickUp' | 'status' | 'staff';

/** Holding the cabinet's name this long opens the staff login: not a gesture residents find by chance. */
const STAFF_HOLD_MS = 3000;

export function App() {
  const { t, i18n } = useTranslation();
  const [info, setInfo] = useState<CabinetInfo | null>(null);
  const [failed, setFailed] = useState(false);
  const [screen, setScreen] = useState<Screen>('home');
  const [session, setSession] = useState(0);
  const [elderMode, setElderMode] = useState(false);
  const [doorActive, setDoorActive] = useState(false);
  const [step, setStep] = useState('home');
  const holdTimer = useRef<number | undefined>(undefined);
  const lang = i18n.language as Language;

  useEffect(() => {
    api['cabinet.info']({}).then(
      (i) => {
        setInfo(i);
        void i18next.changeLanguage(i.languages.default);
      },
      () => setFailed(true),
    );
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.classList.toggle('elder', elderMode);
  }, [lang, elderMode]);

  // Back home with a clean slate: the next person sees nothing of this one.
  const goHome = useCallback(() => {
    setScreen('home');
    setStep('home');
    setDoorActive(false);
    setSession((s) => s + 1);
    setElderMode(false);
    if (info) void i18next.changeLanguage(info.languages.default);
  }, [info]);

  if (!info) {
    return (
      <main className="loading" aria-busy={!failed}>
        <p role="status">{failed ? t('errors.unavailable') : t('app.loading')}</p>
      </main>
    );
  }

  const otherLanguage = info.languages.available.find((l) => l !== lang) ?? lang;
  const holdStart = () => {
    window.clearTimeout(holdTimer.current);
    holdTimer.current = window.setTimeout(() => setScreen('staff'), STAFF_HOLD_MS);
  };
  const holdEnd = () => window.clearTimeout(holdTimer.current);
  return (
    <div className={info.simulated ? 'layout with-simulator' : 'layout'}>
      <div className="kiosk">
        <header className="top-bar">
          <div className="cabinet-name" data-testid="staff-entrance" onPointerDown={holdStart} onPointerUp={holdEnd} onPointerLeave={holdEnd} onContextMenu={(e) => e.preventDefault()}>
            <span className="title">{t('app.title')}</span>
            <span className="subtitle">{info.name[lang]}</span>
          </div>
          <nav className="toggles" aria-label={t('app.title')}>
            {screen !== 'staff' && <HelpButton screen={step} hotline={info.help.hotline} timeZone={info.timeZone} />}
            {screen !== 'home' && !doorActive && (
              <button type="button" className="toggle" onClick={goHome}>
                {t('app.home')}
              </button>
            )}
            <button type="button" className="toggle" lang={otherLanguage} aria-label={t('app.languageLabel')} onClick={() => void i18next.changeLanguage(otherLanguage)}>
              {t('app.language')}
            </button>
            <button type="button" className="toggle" aria-pressed={elderMode} aria-label={t('app.elderLabel')} onClick={() => setElderMode((e) => !e)}>
              {elderMode ? t('app.elderOff') : t('app.elderOn')}
            </button>
          </nav>
        </header>
        {/* A new session key on every return home: nothing of the previous person stays mounted. */}
        <VoiceContext.Provider value={elderMode}>
          <main className="content" key={session}>
            {screen === 'home' && <Home onDropOff={() => setScreen('dropOff')} onPickUp={() => setScreen('pickUp')} onStatus={() => setScreen('status')} />}
            {screen === 'dropOff' && <DropOff info={info} elderMode={elderMode} onHome={goHome} onDoorActive={setDoorActive} onStepChange={setStep} />}
            {screen === 'pickUp' && <PickUp codeDigits={info.pickup.codeDigits} onHome={goHome} onDoorActive={setDoorActive} onStepChange={setStep} />}
            {screen === 'status' && <Status onHome={goHome} onStepChange={setStep} />}
            {screen === 'staff' && <StaffConsole onLeave={goHome} idleSeconds={info.timeouts.staffIdleSeconds} />}
          </main>
          {screen !== 'home' && screen !== 'staff' && (
            <IdleGuard
              idleSeconds={elderMode ? info.timeouts.elderIdleSeconds : info.timeouts.idleSeconds}
              warningSeconds={info.timeouts.idleWarningSeconds}
              paused={doorActive}
              screenKey={step}
              onTimeout={goHome}
            />
          )}
        </VoiceContext.Provider>
      </div>
      {info.simulated && <SimulatedCabinet />}
    </div>
  );
}
