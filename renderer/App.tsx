// The kiosk's frame: the top bar (home, language, senior mode, call for help), the flow's step
// indicator, the current screen centred in what is left, the idle return, the scanner, and (web
// harness only) the simulated cabinet. Senior mode is kept for the whole visit: only the end of a
// visit (a finished flow, or the idle return) gives the next person the standard screen.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetInfo, Language } from '../main/contract/schemas';
import { api } from './cabinet-api';
import { CabinetContext } from './cabinet-context';
import { RECEIPT_KEEP_SECONDS, stepIndex, type Flow } from './flow-steps';
import i18next from './i18n';
import { useScanner, type Scan } from './scan';
import { useSerialScanner } from './serial-scan';
import { IdleGuard } from './components/IdleGuard';
import { SimulatedCabinet } from './components/SimulatedCabinet';
import { StepIndicator } from './components/StepIndicator';
import { TopBar } from './components/TopBar';
import { DropOff } from './screens/DropOff';
import { Home } from './screens/Home';
import { PickUp } from './screens/PickUp';
import { Status } from './screens/Status';
import { VoiceContext } from './speech';
import { TimeZoneContext } from './format';
import { StaffConsole } from './staff/StaffConsole';

type Screen = 'home' | Flow | 'staff';

/** The cabinet's description, asked once; `failed` when the core cannot be reached. */
function useCabinetInfo() {
  const [info, setInfo] = useState<CabinetInfo | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api['cabinet.info']({}).then(
      (i) => {
        setInfo(i);
        void i18next.changeLanguage(i.languages.default);
      },
      () => setFailed(true),
    );
  }, []);
  return { info, failed };
}

/**
 * One resident's visit: the screen, a session key (a new one mounts a clean screen), senior mode and
 * what the scanner read. Home keeps senior mode and the language; the end of a visit (a finished
 * flow, the idle return) gives the next person the standard screen in the default language.
 */
function useVisit(info: CabinetInfo | null) {
  const [screen, setScreen] = useState<Screen>('home');
  const [session, setSession] = useState(0);
  const [elderMode, setElderMode] = useState(false);
  const [doorActive, setDoorActive] = useState(false);
  const [step, setStep] = useState('home');
  const [scan, setScan] = useState<Scan | null>(null);
  const goHome = useCallback(
    (endOfVisit = false) => {
      setScreen('home');
      setStep('home');
      setScan(null);
      setDoorActive(false);
      setSession((s) => s + 1);
      if (!endOfVisit) return;
      setElderMode(false);
      if (info) void i18next.changeLanguage(info.languages.default);
    },
    [info],
  );
  const endVisit = useCallback(() => goHome(true), [goHome]);
  const start = (next: Screen, scanned: Scan | null = null) => {
    setScan(scanned);
    setScreen(next);
    setSession((s) => s + 1);
  };
  return { screen, setScreen, session, elderMode, setElderMode, doorActive, setDoorActive, step, setStep, scan, goHome, endVisit, start };
}

export function App() {
  const { t } = useTranslation();
  const { info, failed } = useCabinetInfo();
  const visit = useVisit(info);
  const { screen, session, elderMode, setElderMode, doorActive, setDoorActive, step, setStep, scan, goHome, endVisit, start } = visit;
  const lang = i18next.language as Language;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.classList.toggle('elder', elderMode);
  }, [lang, elderMode]);

  // A scan at home, on the pickup or on the status screen: a receipt opens its status, a pickup code the pickup.
  const flowScreen = screen === 'home' || screen === 'pickUp' || screen === 'status';
  const onScan = (s: Scan) => start(s.kind === 'receipt' ? 'status' : 'pickUp', s);
  const scanning = Boolean(info) && flowScreen && !doorActive;
  useScanner(scanning, info?.pickup.codeDigits ?? 6, onScan);
  // The same from a scanner on a serial line (config.scanner).
  useSerialScanner(scanning, info?.pickup.codeDigits ?? 6, onScan);

  if (!info) {
    return (
      <main className="loading" aria-busy={!failed}>
        <p role="status">{failed ? t('errors.unavailable') : t('app.loading')}</p>
      </main>
    );
  }

  const flow = screen === 'home' || screen === 'staff' ? null : screen;
  const idleSeconds = step === 'door-deposited' ? RECEIPT_KEEP_SECONDS : elderMode ? info.timeouts.elderIdleSeconds : info.timeouts.idleSeconds;
  return (
    <CabinetContext.Provider value={info}>
      <div className={info.simulated ? 'layout with-simulator' : 'layout'}>
        <div className="kiosk">
          {/* Inside the staff console the residents' bar is hidden: the console has its own header. */}
          {screen !== 'staff' && <TopBar info={info} screen={screen} step={step} doorActive={doorActive} elderMode={elderMode} onElderMode={setElderMode} onHome={() => goHome()} onStaff={() => visit.setScreen('staff')} />}
          {flow && <StepIndicator flow={flow} current={stepIndex(flow, step)} />}
          {/* A new session key on every return home: nothing of the previous person stays mounted. */}
          <VoiceContext.Provider value={elderMode}>
            <TimeZoneContext.Provider value={info.timeZone}>
            <main className={screen === 'staff' ? 'content staff-mode' : 'content'} key={session}>
              {screen === 'home' && <Home elderMode={elderMode} onElderMode={setElderMode} onStart={(s) => start(s)} />}
              {screen === 'dropOff' && <DropOff info={info} elderMode={elderMode} onHome={goHome} onEndVisit={endVisit} onDoorActive={setDoorActive} onStepChange={setStep} />}
              {screen === 'pickUp' && (
                <PickUp codeDigits={info.pickup.codeDigits} cardWaitSeconds={info.idCard.waitSeconds} scanned={scan?.kind === 'pickup' || scan?.kind === 'code' ? scan : null} onHome={goHome} onEndVisit={endVisit} onDoorActive={setDoorActive} onStepChange={setStep} />
              )}
              {screen === 'status' && <Status referenceDigits={info.referenceDigits} receiptQr={scan?.kind === 'receipt' ? scan.qr : null} onHome={goHome} onEndVisit={endVisit} onStepChange={setStep} />}
              {screen === 'staff' && <StaffConsole onLeave={endVisit} idleSeconds={info.timeouts.staffIdleSeconds} />}
            </main>
            {screen !== 'home' && screen !== 'staff' && (
              <IdleGuard idleSeconds={idleSeconds} warningSeconds={info.timeouts.idleWarningSeconds} paused={doorActive} screenKey={step} onTimeout={endVisit} />
            )}
            </TimeZoneContext.Provider>
          </VoiceContext.Provider>
        </div>
        {info.simulated && <SimulatedCabinet />}
      </div>
    </CabinetContext.Provider>
  );
}
