import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post, type Session } from '../api';
import { setLanguage } from '../i18n';

export function Login({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { t, i18n } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await post<Session>('/api/login', { login, password }));
    } catch (error) {
      const a = error instanceof ApiError ? error : null;
      if (a?.code === 'wrong-credentials') setProblem(t('login.wrong', { n: a.detail.triesLeft }));
      else if (a?.code === 'locked-out') setProblem(t('login.locked', { seconds: a.detail.retryAfterSeconds }));
      else setProblem(t('login.failed', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <form onSubmit={(e) => void submit(e)} className="card">
        <h1>{t('login.heading')}</h1>
        <label htmlFor="login">{t('login.login')}</label>
        <input id="login" name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required />
        <label htmlFor="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {problem && <p role="alert" className="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={busy}>{t('login.submit')}</button>
        <button type="button" className="quiet" title={t('app.languageLabel')} lang={i18n.language === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLanguage(i18n.language === 'zh-CN' ? 'en' : 'zh-CN')}>{t('app.language')}</button>
      </form>
    </main>
  );
}
