// What a technician watches: each bus with its error counters, the live door grid, the serial
// traffic (TrafficPanel); and the audit log with its hash chain verified on screen.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useStaff } from './staff-api';
import { PrinterTest } from './PrinterTest';
import { NotifyTest } from './NotifyTest';
import { BusSettings } from './BusSettings';
import { TrafficPanel } from './TrafficPanel';
import { EmptyState } from './EmptyState';
import { useFormat } from '../format';

type Bus = Awaited<ReturnType<(typeof api)['diagnostics.buses']>>[number];
type Door = Awaited<ReturnType<(typeof api)['diagnostics.doors']>>[number];

export function Diagnostics() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [buses, setBuses] = useState<Bus[]>([]);
  const [doors, setDoors] = useState<Door[]>([]);
  const load = useCallback(() => {
    api['diagnostics.buses']({ token }).then(setBuses, fail);
    api['diagnostics.doors']({ token }).then(setDoors, fail);
  }, [token, fail]);
  // Live: the grid follows the door sensors (polled by the core every 500 ms).
  useEffect(() => {
    load();
    const timer = setInterval(load, 700);
    return () => clearInterval(timer);
  }, [load]);
  const columns = Math.max(1, ...doors.map((d) => d.column));

  return (
    <div className="staff-panel">
      <h2>{t('staff.buses')}</h2>
      {buses.length === 0 && <EmptyState>{t('staff.empty.buses')}</EmptyState>}
      {buses.map((b) => (
        <div key={b.id} className="bus-card">
          <p>
            <strong>{b.id}</strong> · {t('staff.port')} {b.port} · {t('staff.protocol')} {b.protocol} · {b.baudRate} baud · {t('staff.link')}: {b.state}
          </p>
          <p>{t('staff.counters', { transactions: b.counters.transactions, timeouts: b.counters.timeouts, badFrames: b.counters.badFrames, junk: b.counters.junkBytesSkipped, reconnects: b.counters.reconnects })}</p>
          {b.lastError && <p className="error-inline">{b.lastError}</p>}
        </div>
      ))}
      <BusSettings buses={buses} />
      <h2 id="door-grid-title">{t('staff.doorGrid')}</h2>
      {doors.length === 0 && <EmptyState>{t('staff.empty.doors')}</EmptyState>}
      <div className="door-grid" role="list" aria-labelledby="door-grid-title" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
        {doors.map((d) => (
          <div
            key={d.label}
            role="listitem"
            aria-label={`${d.label} ${d.open === null ? t('staff.doorUnknown') : d.open ? t('staff.doorOpen') : t('staff.doorClosed')} ${t(`staff.compartmentState.${d.state}`)}`}
            className={`grid-door${d.open ? ' open' : ''} state-${d.state}`}
            style={{ gridRow: d.row, gridColumn: d.column }}
          >
            <strong>{d.label}</strong> {d.open === null ? '?' : d.open ? t('staff.doorOpen') : t('staff.doorClosed')}
            <br />
            <small>{t(`staff.compartmentState.${d.state}`)}</small>
          </div>
        ))}
      </div>
      <PrinterTest />
      <NotifyTest />
      <TrafficPanel buses={buses} />
    </div>
  );
}

type AuditRow = Awaited<ReturnType<(typeof api)['audit.recent']>>[number];

export function Audit() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { session, fail } = useStaff();
  const token = session.token;
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [verdict, setVerdict] = useState<{ ok: boolean; rows: number; problems: unknown[] } | null>(null);
  useEffect(() => {
    api['audit.recent']({ token, limit: 100 }).then(setRows, fail);
  }, [token, fail]);
  return (
    <div className="staff-panel">
      <h2>{t('staff.tabs.audit')}</h2>
      <button type="button" className="big-button primary" onClick={() => api['audit.verify']({ token }).then(setVerdict, fail)}>
        {t('staff.auditVerify')}
      </button>
      {verdict && (
        <p role="status" className={verdict.ok ? 'ok-text' : 'error'}>
          {verdict.ok ? `✔ ${t('staff.auditOk', { count: verdict.rows })}` : t('staff.auditBroken', { count: verdict.problems.length })}
        </p>
      )}
      {rows.length === 0 && <EmptyState>{t('staff.empty.audit')}</EmptyState>}
      {rows.length > 0 && (
      <table className="staff-table" aria-label={t('staff.tabs.audit')}>
        <thead>
          <tr>
            <th scope="col">{t('staff.time')}</th>
            <th scope="col">{t('staff.actor')}</th>
            <th scope="col">{t('staff.action')}</th>
            <th scope="col">{t('staff.compartment')}</th>
            <th scope="col">{t('staff.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{fmt.dateTime(r.at)}</td>
              <td>{r.actor}</td>
              <td>{r.action}</td>
              <td>{r.compartment ?? ''}</td>
              <td>{r.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </div>
  );
}
