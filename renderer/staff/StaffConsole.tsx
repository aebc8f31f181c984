// The staff and technician console: login (or first-run setup), then the tabs the role allows.
// The session ends on idle and on leaving the console.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffJob } from '../../main/contract/staff-schemas';
import { onEvent } from '../cabinet-api';
import { Accounts } from './Accounts';
import { Audit, Diagnostics } from './Diagnostics';
import { Jobs } from './Jobs';
import { Maintenance } from './Maintenance';
import { Notifications } from './Notifications';
import { Reports } from './Reports';
import { Retrieval } from './Retrieval';
import { Recall, Returns } from './Returns';
import { StaffLogin } from './StaffLogin';
import { api, isSessionEnd, StaffCtx, type StaffSessionView } from './staff-api';
import { Alert } from '../components/Notices';
import { CallError } from '../../main/contract/errors';

type Tab = 'retrieval' | 'returns' | 'recall' | 'notifications' | 'reports' | 'maintenance' | 'diagnostics' | 'audit' | 'accounts';

/** The permission a tab needs (any one of a list). */
const tabNeeds: Record<Tab, string | string[]> = {
  retrieval: 'retrieve',
  returns: 'return',
  recall: 'return',
  notifications: ['return', 'diagnostics'],
  reports: 'reports',
  maintenance: 'override',
  diagnostics: 'diagnostics',
  audit: 'audit',
  accounts: 'accounts',
};


/** `idleSeconds`: without a touch this long, the console logs out and returns to the residents' home. */
export function StaffConsole({ onLeave, idleSeconds }: { onLeave(): void; idleSeconds: number }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<StaffSessionView | null>(null);
  const [tab, setTab] = useState<Tab>('retrieval');
  const [jobs, setJobs] = useState<StaffJob[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

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

  // Door jobs, live; every finished job refreshes the lists.
  useEffect(
    () =>
      onEvent((event, data) => {
        if (event !== 'staff.job') return;
        const job = data as StaffJob;
        setJobs((list) => [job, ...list.filter((j) => j.jobId !== job.jobId)].slice(0, 12));
        if (job.stage !== 'opening' && job.stage !== 'open') setRefreshKey((k) => k + 1);
      }),
    [],
  );

  // Jobs already running when the console opens (the events only bring changes).
  useEffect(() => {
    if (session) api['staff.jobs']({ token: session.token }).then((list) => setJobs([...list].reverse().slice(0, 12)), () => undefined);
  }, [session]);

  // Idle: log out and go back to the residents' home.
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

  const tabs = useMemo(() => (Object.keys(tabNeeds) as Tab[]).filter((k) => [tabNeeds[k]].flat().some((p) => session?.permissions.includes(p))), [session]);
  useEffect(() => {
    if (session && !tabs.includes(tab) && tabs[0]) setTab(tabs[0]);
  }, [session, tabs, tab]);

  if (!session) {
    return (
      <div className="staff">
        {message && (
          <Alert>{message}</Alert>
        )}
        <StaffLogin
          onSession={(s) => {
            setMessage(null);
            setSession(s);
          }}
          onLeave={onLeave}
        />
      </div>
    );
  }

  return (
    <StaffCtx.Provider value={{ session, fail }}>
      <section className="staff" aria-labelledby="staff-title">
        <header className="staff-header">
          <h1 id="staff-title">
            {t('staff.title')} · {session.name} ({t(`staff.roles.${session.role}`)})
          </h1>
          <button type="button" className="big-button" onClick={leave}>
            {t('staff.logout')}
          </button>
        </header>
        <nav className="staff-tabs" aria-label={t('staff.title')}>
          {tabs.map((k) => (
            <button key={k} type="button" className="tab" aria-pressed={tab === k} onClick={() => setTab(k)}>
              {t(`staff.tabs.${k}`)}
            </button>
          ))}
        </nav>
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
        {tab === 'audit' && <Audit />}
        {tab === 'accounts' && <Accounts />}
      </section>
    </StaffCtx.Provider>
  );
}
