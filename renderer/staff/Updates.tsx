// Offline updates (ADR 0019), in the technician's Maintenance tab: the running version, the
// packages found on a plugged-in USB stick with their signature check, install one (verified again
// by the cabinet, then a restart offered), and a rollback to the previous version.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Download, RefreshCw, Undo2 } from 'lucide-react';
import { api, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';
import { RestartBox } from './BusSettings';

type State = Awaited<ReturnType<(typeof api)['updates.list']>>;

export function Updates({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [state, setState] = useState<State | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(() => void api['updates.list']({ token }).then(setState, fail), [token, fail]);
  useEffect(load, [load, refreshKey]);
  const after = (message: string) => {
    setDone(message);
    load();
  };

  if (!state) return null;
  return (
    <section aria-labelledby="updates-title">
      <h2 id="updates-title">{t('staff.updates.title')}</h2>
      {!state.configured ? (
        <EmptyState>{t('staff.updates.notConfigured')}</EmptyState>
      ) : (
        <>
          <dl className="report">
            <dt>{t('staff.updates.current')}</dt>
            <dd>{state.current}</dd>
            <dt>{t('staff.updates.previous')}</dt>
            <dd>{state.previous ?? t('staff.updates.installedPackage')}</dd>
            {state.rolledBack && (
              <>
                <dt>{t('staff.updates.autoRolledBack')}</dt>
                <dd className="outcome-not-sent">{t('staff.updates.autoRolledBackDetail', { version: state.rolledBack.version, at: state.rolledBack.at.replace('T', ' ').replace('Z', ' UTC') })}</dd>
              </>
            )}
            {state.pending && (
              <>
                <dt>{t('staff.updates.onTrial')}</dt>
                <dd>{state.pending}</dd>
              </>
            )}
          </dl>
          <p className="note">{t('staff.updates.hint')}</p>
          <div className="actions">
            <button type="button" className="big-button" onClick={load}>
              <RefreshCw size={24} aria-hidden="true" />
              {t('staff.updates.scan')}
            </button>
            <button type="button" className="big-button" onClick={() => api['updates.rollback']({ token }).then((r) => after(t('staff.updates.rolledBack', { version: r.version })), fail)}>
              <Undo2 size={24} aria-hidden="true" />
              {t('staff.updates.rollback')}
            </button>
          </div>
          {state.packages.length === 0 ? (
            <EmptyState>{t('staff.updates.none')}</EmptyState>
          ) : (
            <table className="staff-table" aria-label={t('staff.updates.packages')}>
              <caption>{t('staff.updates.packages')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.updates.file')}</th>
                  <th scope="col">{t('staff.updates.version')}</th>
                  <th scope="col">{t('staff.updates.check')}</th>
                  <th scope="col">{t('staff.updates.action')}</th>
                </tr>
              </thead>
              <tbody>
                {state.packages.map((p) => (
                  <tr key={p.file}>
                    <th scope="row">{p.name}</th>
                    <td>{p.version ?? '—'}</td>
                    <td className={p.ready ? 'outcome-ok' : 'outcome-not-sent'}>{p.ready ? `✔ ${t('staff.updates.valid')}` : `✖ ${t(`staff.updates.problem.${p.problem ?? 'bad-format'}`)}`}</td>
                    <td>
                      <button type="button" className="big-button primary" disabled={!p.ready} onClick={() => api['updates.apply']({ token, file: p.file }).then((r) => after(t('staff.updates.applied', { version: r.version })), fail)}>
                        <Download size={24} aria-hidden="true" />
                        {t('staff.updates.apply')} {p.version ?? ''}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {done && (
            <>
              <p role="status">{done}</p>
              <RestartBox hint={t('staff.updates.restartHint')} />
            </>
          )}
        </>
      )}
    </section>
  );
}
