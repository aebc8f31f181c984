// The district console: sign in, then the district board and its drill-downs.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, setCsrf, type Session } from './api';
import { useLoad, useRoute } from './hooks';
import { setLanguage } from './i18n';
import type { Meta } from './types';
import { Login } from './pages/Login';
import { Page } from './pages/Page';

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    setLanguage('zh-CN');
    void get<Session>('/api/session').then((s) => (setCsrf(s.csrf), setSession(s)), () => setSession({ signedIn: false }));
  }, []);
  if (!session) return <p role="status">…</p>;
  if (!session.signedIn) return <Login onSignedIn={(s) => (setCsrf(s.csrf), setSession(s))} />;
  return <Shell session={session} onSignedOut={() => setSession({ signedIn: false })} />;
}

function Shell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const meta = useLoad<Meta>('/api/meta');
  const role = session.role ?? 'dept-staff';
  const links: [string, string][] = [['#/', 'nav.overview'], ['#/followups', 'nav.followups']];
  if (role !== 'dept-staff') links.push(['#/reports', 'nav.reports'], ['#/audit', 'nav.audit']);
  if (role === 'admin') links.push(['#/accounts', 'nav.accounts']);
  const here = `#/${route[0] ?? ''}`;
  const logout = async () => {
    await post('/api/logout').catch(() => undefined);
    onSignedOut();
  };
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>{t('app.skip')}</a>
      <header className="bar">
        <span className="brand">{t('app.title')}</span>
        <span className="who">{t('app.signedInAs', { name: session.name, role: t(`roles.${role}`) })}</span>
        <button type="button" className="quiet" title={t('app.languageLabel')} lang={i18n.language === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLanguage(i18n.language === 'zh-CN' ? 'en' : 'zh-CN')}>{t('app.language')}</button>
        <button type="button" className="quiet" onClick={() => void logout()}>{t('app.logout')}</button>
      </header>
      <nav aria-label={t('nav.label')} className="nav">
        {links.map(([href, key]) => (
          <a key={href} href={href} aria-current={here === href ? 'page' : undefined}>{t(key)}</a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <Page route={route} session={session} meta={meta.data} />
      </main>
    </>
  );
}
