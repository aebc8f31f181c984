// A technician's hands: open any compartment with a reason, take one out of service and back,
// the self-test of empty compartments with its report, and the offline software update (Updates.tsx).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';
import { Updates } from './Updates';

const reasons = ['stuck-item', 'resident-assistance', 'maintenance', 'inspection', 'cleaning', 'other'] as const;
type Door = Awaited<ReturnType<(typeof api)['diagnostics.doors']>>[number];
type SelfTest = Awaited<ReturnType<(typeof api)['maintenance.selfTestReport']>>;

export function Maintenance({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [doors, setDoors] = useState<Door[]>([]);
  const [label, setLabel] = useState('');
  const [reason, setReason] = useState<(typeof reasons)[number] | ''>('');
  const [report, setReport] = useState<SelfTest>(null);
  const load = useCallback(() => {
    api['diagnostics.doors']({ token }).then((d) => {
      setDoors(d);
      setLabel((l) => l || d[0]?.label || '');
    }, fail);
    api['maintenance.selfTestReport']({ token }).then(setReport, fail);
  }, [token, fail]);
  useEffect(load, [load, refreshKey]);
  const selected = doors.find((d) => d.label === label);

  return (
    <div className="staff-panel">
      <h2>{t('staff.override')}</h2>
      <div className="form-row">
        <label className="field">
          {t('staff.compartment')}
          <select value={label} onChange={(e) => setLabel(e.target.value)}>
            {doors.map((d) => (
              <option key={d.label} value={d.label}>
                {d.label} · {t(`staff.compartmentState.${d.state}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('staff.overrideReason')}
          <select value={reason} onChange={(e) => setReason(e.target.value as (typeof reasons)[number])}>
            <option value="">—</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {t(`staff.overrideReasons.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="big-button primary" disabled={!label || !reason} onClick={() => reason && api['maintenance.override']({ token, label, reason }).then(load, fail)}>
          {t('staff.openWithReason')}
        </button>
      </div>
      {selected && (
        <div className="actions">
          {selected.state === 'out-of-service' || selected.state === 'fault' ? (
            <button type="button" className="big-button" onClick={() => api['maintenance.setInService']({ token, label, inService: true }).then(load, fail)}>
              {t('staff.backInService')} {label}
            </button>
          ) : (
            <button type="button" className="big-button" disabled={selected.state !== 'free'} onClick={() => api['maintenance.setInService']({ token, label, inService: false }).then(load, fail)}>
              {t('staff.outOfService')} {label}
            </button>
          )}
        </div>
      )}

      <h2>{t('staff.selfTest')}</h2>
      <p className="note">{t('staff.selfTestHint')}</p>
      <button type="button" className="big-button primary" onClick={() => api['maintenance.selfTest']({ token }).then(load, fail)}>
        {t('staff.selfTest')}
      </button>
      {!report && <EmptyState>{t('staff.empty.selfTest')}</EmptyState>}
      {report && (
        <table className="staff-table" aria-label={t('staff.selfTestResult')}>
          <caption>{t('staff.selfTestResult')}</caption>
          <tbody>
            {report.results.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className={`outcome-${r.outcome}`}>{r.outcome === 'ok' ? '✔ ' : '✖ '}{t(`staff.outcome.${r.outcome}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {session.permissions.includes('diagnostics') && <Updates refreshKey={refreshKey} />}
    </div>
  );
}
