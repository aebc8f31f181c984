// The technician's setup screen: shown by the Electron shell instead of the kiosk when a packaged
// app has no valid configuration. Nothing is opened behind it (no bus, no lock, no database); it
// says where the file is expected and which fields are wrong, in either language, and the
// technician fixes the file and restarts the app. Nothing to type here.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Languages, Wrench } from 'lucide-react';
import type { SetupInfo } from '../../main/contract/setup-screen';
import i18next from '../i18n';

export function SetupScreen({ info }: { info: SetupInfo }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const otherLanguage = language === 'en' ? 'zh-CN' : 'en';
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('setup.title');
  }, [language, t]);

  return (
    <main className="setup-screen" aria-labelledby="setup-title">
      <header className="setup-head">
        <h1 id="setup-title">
          <Wrench className="icon" aria-hidden="true" />
          {t('setup.title')}
        </h1>
        <button type="button" className="big-button" lang={otherLanguage} aria-label={t('app.languageLabel')} onClick={() => void i18next.changeLanguage(otherLanguage)}>
          <Languages className="icon" aria-hidden="true" />
          {t('app.language')}
        </button>
      </header>
      <p className="lead">{t('setup.lead')}</p>
      <section aria-labelledby="setup-path">
        <h2 id="setup-path">{t('setup.pathHeading')}</h2>
        <p className="setup-path">
          <code>{info.configPath}</code>
        </p>
      </section>
      <section aria-labelledby="setup-issues">
        <h2 id="setup-issues">{t('setup.issuesHeading', { count: info.issues.length })}</h2>
        <ul className="setup-issues">
          {info.issues.map((issue, i) => (
            <li key={i}>
              <code>{issue}</code>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="setup-next">
        <h2 id="setup-next">{t('setup.nextHeading')}</h2>
        <ol className="setup-steps">
          <li>{t('setup.stepFix')}</li>
          <li>{t('setup.stepCheck')}</li>
          <li>{t('setup.stepRestart')}</li>
        </ol>
      </section>
      <p className="setup-note">{t('setup.safe')}</p>
    </main>
  );
}
