// The staff and technician console: login (or first-run setup), then the tabs the role allows.
// The session ends on idle and on leaving the console.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Activity, Bell, Cable, ChartColumn, History, Languages, LogOut, PackageOpen, ShieldCheck, Undo2, Users, Wrench, type LucideIcon } from 'lucide-react';
import i18next from '../i18n';
import type { StaffJob } from '../../main/contract/staff-schemas';
import { onEvent } from '../cabinet-api';
import { Accounts } from './Accounts';
import { Audit, Diagnostics } from './Diagnostics';
import { Devices } from './Devices';
import { Jobs } from './Jobs';
import { Maintenance } from './Maintenance';
import { Notifications } from './Notifications';
import { Reports } from './Reports';
import { Retrieval } from './Retrieval';
import { Recall, Returns } from './Returns';
import { StaffLogin } from './StaffLogin';
import { api, isSessionEnd, StaffCtx, type StaffSessionView } from './staff-api';
import { Alert } from '../components/Notices';
import { KeyboardHost } from './TouchKeyboard';
import './staff.css';
import { CallError } from '../../main/contract/errors';

type Tab = 'retrieval' | 'returns' | 'recall' | 'notifications' | 'reports' | 'maintenance' | 'diagnostics' | 'devices' | 'audit' | 'accounts';

/** The permission a tab needs (any one of a list). */
const tabNeeds: Record<Tab, string | string[]> = {
  retrieval: 'retrieve',
  returns: 'return',
  recall: 'return',
  notifications: ['return', 'diagnostics'],
  reports: 'reports',
  maintenance: 'override',
  diagnostics: 'diagnostics',
  devices: 'diagnostics',
  audit: 'audit',
  accounts: 'accounts',
};

const tabIcons: Record<Tab, LucideIcon> = {
  retrieval: PackageOpen,
  returns: Undo2,
  recall: History,
  notifications: Bell,
  reports: ChartColumn,
  maintenance: Wrench,
  diagnostics: Activity,
  devices: Cable,
  audit: ShieldCheck,
  accounts: Users,
};

/** Jobs kept on screen: every one still at a door, and the last few finished (they do not pile up). */
const FINISHED_SHOWN = 3;
export function keepJobs(list: StaffJob[]): StaffJob[] {
  const running = list.filter((j) => j.stage === 'opening' || j.stage === 'open');
  return [...running, ...list.filter((j) => !running.includes(j)).slice(0, FINISHED_SHOWN)];
}

/** The console's own language switch (the residents' top bar is hidden here). */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="big-button" lang={other} onClick={() => void i18next.changeLanguage(other)}>
      <Languages size={24} aria-hidden="true" />
      {t('app.language')}
    </button>
  );
}

/** The console's own header (the residents' bar is hidden here): who is logged in, language, leave, the tabs. */
function ConsoleHeader({ session, tabs, tab, onTab, onLeave }: { session: StaffSessionView; tabs: Tab[]; tab: Tab; onTab(tab: Tab): void; onLeave(): void }) {
  const { t } = useTranslation();
  return (
    <>
    <header className="staff-header">
      <h1 id="staff-title">
        {t('staff.title')} · {session.name} ({t(`staff.roles.${session.role}`)})
      </h1>
      <div className="staff-header-actions">
        <LanguageSwitch />
        <button type="button" className="big-button" onClick={onLeave}>
          <LogOut size={24} aria-hidden="true" />
          {t('staff.logout')}
        </button>
      </div>
    </header>
    <nav className="staff-tabs" aria-label={t('staff.title')}>
      {tabs.map((k) => {
        const Icon = tabIcons[k];
        return (
          <button key={k} type="button" className="tab" aria-pressed={tab === k} onClick={() => onTab(k)}>
            <Icon size={24} aria-hidden="true" />
            {t(`staff.tabs.${k}`)}
          </button>
        );
      })}
    </nav>
    </>
  );
}

/** Door jobs, live (every finished one bumps refreshKey so the lists reload), and those already running. */
function useLiveJobs(session: StaffSessionView | null) {
  const [jobs, setJobs] = useState<StaffJob[]>([]);
  const [refreshKey, setRefreshKey] = useState(0);
  useEffect(
    () =>
      onEvent((event, data) => {
        if (event !== 'staff.job') return;
        const job = data as StaffJob;
        setJobs((list) => keepJobs([job, ...list.filter((j) => j.jobId !== job.jobId)]));
        if (job.stage !== 'opening' && job.stage !== 'open') setRefreshKey((k) => k + 1);
      }),
    [],
  );

  // Jobs already running when the console opens (the events only bring changes).
  useEffect(() => {
    if (session) api['staff.jobs']({ token: session.token }).then((list) => setJobs(keepJobs([...list].reverse())), () => undefined);
  }, [session]);

  return { jobs, refreshKey };
}

/** Idle: log out and go back to the residents' home. */
function useIdleLeave(leave: () => void, idleSeconds: number) {
  useEffect(() => {
    let last = Date.now();
    const touch = () => (last = Date.now());
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    const timer = setInterval(() => Date.now() - last > idleSeconds * 1000 && leave(), 1000);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, [leave, idleSeconds]);
}

/** `idleSeconds`: without a touch this long, the console logs out and returns to the residents' home. */
export function StaffConsole({ onLeave, idleSeconds }: { onLeave(): void; idleSeconds: number }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<StaffSessionView | null>(null);
  const [tab, setTab] = useState<Tab>('retrieval');
  const [message, setMessage] = useState<string | null>(null);

  const leave = useCallback(() => {
    if (session) void api['staff.logout']({ token: session.token }).catch(() => undefined);
    onLeave();
  }, [session, onLeave]);

  const fail = useCallback((error: unknown) => {
    if (isSessionEnd(error)) {
      setSession(null);
      setMessage(t('staff.sessionEnded'));
    } else if (error instanceof CallError && error.code === 'unavailable') setMessage(t('errors.cannotRecord'));
    else setMessage(t('staff.error', { message: error instanceof Error ? error.message : String(error) }));
  }, [t]);

  const { jobs, refreshKey } = useLiveJobs(session);
  useIdleLeave(leave, idleSeconds);

  const tabs = useMemo(() => (Object.keys(tabNeeds) as Tab[]).filter((k) => [tabNeeds[k]].flat().some((p) => session?.permissions.includes(p))), [session]);
  useEffect(() => {
    if (session && !tabs.includes(tab) && tabs[0]) setTab(tabs[0]);
  }, [session, tabs, tab]);

  if (!session) {
    return (
      <KeyboardHost>
        <div className="staff">
          <div className="staff-header-actions">
            <LanguageSwitch />
          </div>
          {message && <Alert>{message}</Alert>}
          <StaffLogin
            onSession={(s) => {
              setMessage(null);
              setSession(s);
            }}
            onLeave={onLeave}
          />
        </div>
      </KeyboardHost>
    );
  }

  return (
    <StaffCtx.Provider value={{ session, fail }}>
      <KeyboardHost>
        <section className="staff" aria-labelledby="staff-title">
        <ConsoleHeader session={session} tabs={tabs} tab={tab} onTab={setTab} onLeave={leave} />
        {message && (
          <Alert>{message}</Alert>
        )}
        <Jobs jobs={jobs} />
        {tab === 'retrieval' && <Retrieval refreshKey={refreshKey} />}
        {tab === 'returns' && <Returns refreshKey={refreshKey} />}
        {tab === 'recall' && <Recall refreshKey={refreshKey} />}
        {tab === 'notifications' && <Notifications />}
        {tab === 'reports' && <Reports />}
        {tab === 'maintenance' && <Maintenance refreshKey={refreshKey} />}
        {tab === 'diagnostics' && <Diagnostics />}
        {tab === 'devices' && <Devices />}
        {tab === 'audit' && <Audit />}
        {tab === 'accounts' && <Accounts />}
      </section>
      </KeyboardHost>
    </StaffCtx.Provider>
  );
}
