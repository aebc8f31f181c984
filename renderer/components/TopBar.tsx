// The top bar of every resident screen: the cabinet's name (held 3 s: the staff login), then
// home, the other language, senior mode (off the home screen, where its large choice is) and
// call for help. The staff console keeps only its name: no resident controls inside it.
import { useRef } from 'react';
import { House, Landmark, Languages } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { CabinetInfo, Language } from '../../main/contract/schemas';
import i18next from '../i18n';
import { ElderToggle } from './ElderToggle';
import { HelpButton } from './HelpButton';

/** Holding the cabinet's name this long opens the staff login: not a gesture residents find by chance. */
const STAFF_HOLD_MS = 3000;

interface TopBarProps {
  info: CabinetInfo;
  screen: string;
  step: string;
  doorActive: boolean;
  elderMode: boolean;
  onElderMode(on: boolean): void;
  onHome(): void;
  onStaff(): void;
}

export function TopBar({ info, screen, step, doorActive, elderMode, onElderMode, onHome, onStaff }: TopBarProps) {
  const { t, i18n } = useTranslation();
  const holdTimer = useRef<number | undefined>(undefined);
  const lang = i18n.language as Language;
  const otherLanguage = info.languages.available.find((l) => l !== lang) ?? lang;
  const holdStart = () => {
    window.clearTimeout(holdTimer.current);
    holdTimer.current = window.setTimeout(onStaff, STAFF_HOLD_MS);
  };
  const holdEnd = () => window.clearTimeout(holdTimer.current);
  const resident = screen !== 'staff';
  return (
    <header className="top-bar">
      <div className="cabinet-name" data-testid="staff-entrance" onPointerDown={holdStart} onPointerUp={holdEnd} onPointerLeave={holdEnd} onContextMenu={(e) => e.preventDefault()}>
        <Landmark className="emblem" aria-hidden="true" />
        <span className="names">
          <span className="title">{t('app.title')}</span>
          <span className="subtitle">{info.name[lang]}</span>
        </span>
      </div>
      {resident && (
        <nav className="toggles" aria-label={t('app.controls')}>
          {screen !== 'home' && !doorActive && (
            <button type="button" className="toggle" onClick={onHome}>
              <House className="icon" aria-hidden="true" />
              {t('app.homeShort')}
            </button>
          )}
          <button type="button" className="toggle" lang={otherLanguage} aria-label={t('app.languageLabel')} onClick={() => void i18next.changeLanguage(otherLanguage)}>
            <Languages className="icon" aria-hidden="true" />
            {t('app.language')}
          </button>
          {screen !== 'home' && <ElderToggle compact on={elderMode} onChange={onElderMode} />}
          <HelpButton screen={step} hotline={info.help.hotline} timeZone={info.timeZone} />
        </nav>
      )}
    </header>
  );
}
